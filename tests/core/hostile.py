"""Hostile upload files, built in memory (the tests use small sizes, `bench/hostile_uploads.py`
the full ones). Each function returns the bytes of one file."""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _types(main=CT_SHEET):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/></Types>'
    )


def _workbook(sheet="Dữ liệu"):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _sheet_head():
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()


_SHEET_TAIL = b"</sheetData></worksheet>"


def package(sheet_chunks, *, sheet="Dữ liệu", extra=(), main=CT_SHEET, shared=None):
    """An .xlsx whose sheet XML is streamed from `sheet_chunks` (bytes pieces), so a bomb never
    sits in memory whole. `extra`: (name, bytes) members; `shared`: pieces of sharedStrings.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _types(main))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _workbook(sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(_sheet_head())
            for piece in sheet_chunks:
                part.write(piece)
            part.write(_SHEET_TAIL)
        if shared is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
                for piece in shared:
                    part.write(piece)
                part.write(b"</sst>")
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def far_cell():
    """One cell at A1 and one at XFD1048576: a dense reader asks for 17 billion cells."""
    return package([b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'])


def rows_without_r(rows=1_048_000, cells=2_000):
    """Rows and cells without `r`: only counting places the last cell, far down and right."""
    def pieces():
        block = b"<row/>" * 10_000
        for _ in range(rows // 10_000):
            yield block
        yield b"<row>" + b"<c><v>1</v></c>" * cells + b"</row>"
    return package(pieces())


def dense_cells(rows=100_000, cols=15):
    """A sheet full of small numbers: well-formed, compresses to a few MB, millions of cells."""
    def pieces():
        letters = [chr(65 + i) if i < 26 else "A" + chr(65 + i - 26) for i in range(cols)]
        for start in range(1, rows + 1, 1000):
            yield b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>%d</v></c>' % (l.encode(), r, r % 97)
                                                           for l in letters) + b"</row>"
                           for r in range(start, min(start + 1000, rows + 1)))
    return package(pieces())


def deflate_bomb(inflated=200 * 1024 * 1024):
    """A sheet of whitespace that inflates to `inflated` bytes (about 1000:1)."""
    def pieces():
        block = b" " * (1024 * 1024)
        for _ in range(inflated // len(block)):
            yield block
    return package(pieces())


def huge_shared_strings(count=3_000_000):
    """Millions of tiny shared strings: each one a heap object in the reader."""
    def pieces():
        block = b"<si><t>a</t></si>" * 10_000
        for _ in range(count // 10_000):
            yield block
    return package([b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], shared=pieces())


def macro():
    """A macro-enabled workbook renamed .xlsx: vbaProject.bin and the macroEnabled content type."""
    return package([b'<row r="1"><c r="A1"><v>1</v></c></row>'], main=CT_MACRO,
                   extra=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 512)])


def corrupt_zip():
    """A real workbook whose central directory claims "version needed to extract: 8.4" for a
    member (zipfile raises NotImplementedError, not BadZipFile) and whose sheet data has a flipped
    byte."""
    data = bytearray(package([b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 200)]))
    central = data.find(b"PK\x01\x02")
    data[central + 6: central + 8] = (84).to_bytes(2, "little")
    sheet = data.find(b"xl/worksheets/sheet1.xml")
    data[sheet + 200] ^= 0xFF
    return bytes(data)


def duplicated_r():
    """A cell with two `r` attributes: calamine takes the last one."""
    return package([b'<row r="1"><c r="A1"><v>1</v></c><c r="B1" r="XFD1048576"><v>2</v></c></row>'])


def nested_json(depth=100_000):
    return b'{"format": "snv-values/1", "values": ' + b"[" * depth + b"]" * depth + b"}"


def long_number_json(digits=5_000, as_float=False):
    number = b"1" * digits + (b".5" if as_float else b"")
    return (b'{"format": "snv-values/1", "values": [{"data_set": "CCHC-DV", "unit": "VITHANH", "period": "2021-H1", '
            b'"element": "HS_TIEP_NHAN", "value": ' + number + b"}]}")


def surrogate_json(where="comment"):
    """A lone surrogate (\\ud800) in a record's comment, value or option code."""
    record = {"comment": b'"value": "5", "comment": "ghi ch\\ud800"', "value": b'"value": "\\udfff"',
              "option": b'"value": "5", "option": "\\ud83d"'}[where]
    return (b'{"format": "snv-values/1", "values": [{"data_set": "CCHC-DV", "unit": "VITHANH", "period": "2021-H1", '
            b'"element": "HS_TIEP_NHAN", ' + record + b"}]}")


def docx_paragraphs(inflated=7 * 1024 * 1024):
    """A real .docx (python-docx) whose document.xml holds `inflated` bytes of paragraphs with the
    template's tag: just under the part cap, it reaches the sample render."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    src = zipfile.ZipFile(buffer)
    paragraph = "<w:p><w:r><w:t>Nội dung báo cáo</w:t></w:r></w:p>".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                head, tail = body.split(b"<w:body>", 1)
                body = (head + b"<w:body><w:p><w:r><w:t>{{ noi_dung }}</w:t></w:r></w:p>"
                        + paragraph * (inflated // len(paragraph)) + tail)
            archive.writestr(info, body)
    return out.getvalue()


def docx_bomb(inflated=200 * 1024 * 1024):
    """A report template whose document.xml inflates to `inflated` bytes of whitespace."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body>')
            block = b" " * (1024 * 1024)
            for _ in range(inflated // len(block)):
                part.write(block)
            part.write(b"</w:body></w:document>")
    return out.getvalue()


def shared_string_copies(cells=1_000_000, length=2_000):
    """One long shared string referenced by a million cells: a million copies in the reader."""
    def rows():
        for start in range(1, cells + 1, 10_000):
            yield b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r)
                           for r in range(start, min(start + 10_000, cells + 1)))
    return package(rows(), shared=[b"<si><t>" + b"x" * length + b"</t></si>"])
