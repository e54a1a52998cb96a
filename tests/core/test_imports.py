"""The shared upload guard (core/imports): zip sanity that does not trust the zip headers, the
sheet range scan that never under-estimates what calamine allocates, and the report template's
zip guard before docxtpl opens the file."""

import io
import random
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from core.imports import MB, Limits, Refused, open_package, sheets
from tests.core import hostile


def _random_sheet(rnd):
    """Rows and cells with and without `r`, empty self-closing cells, rows without cells."""
    parts, row = [], 0
    for _ in range(rnd.randint(1, 8)):
        if rnd.random() < 0.5:
            row = rnd.randint(1, 40)
            parts.append(b'<row r="%d">' % row)
        else:
            row += 1
            parts.append(b"<row>")
        for _ in range(rnd.randint(0, 6)):
            empty = rnd.random() < 0.2
            if rnd.random() < 0.5:
                ref = b'r="%s%d" ' % (sheets.column_letters(rnd.randint(1, 30)).encode(), rnd.randint(1, 40))
            else:
                ref = b""
            parts.append(b"<c %s/>" % ref if empty else b"<c %s><v>1</v></c>" % ref)
        parts.append(b"</row>")
    return b"".join(parts)


def test_the_scan_never_under_estimates_the_grid_calamine_allocates():
    """One row (or column) less than calamine's grid needs is always refused."""
    rnd = random.Random(10)
    checked = 0
    for _ in range(300):
        data = hostile.package([_random_sheet(rnd)])
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Dữ liệu")
        if not sheet.height:
            continue
        rows, cols = sheet.end[0] + 1, sheet.end[1] + 1  # the grid from A1 that to_python builds
        for limits in (Limits(max_rows=rows - 1, max_cols=100), Limits(max_rows=100, max_cols=cols - 1)):
            if min(limits.max_rows, limits.max_cols) < 1:
                continue
            with pytest.raises(Refused):
                sheets.check_workbook(open_package(data, limits), limits)
            checked += 1
    assert checked > 300


def test_a_member_whose_header_lies_about_its_size_is_refused():
    data = bytearray(hostile.package([b'<row r="1"><c r="A1"><v>1</v></c></row>']))
    name = b"xl/workbook.xml"
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name.decode())
    central = data.rfind(name) - 46  # the central directory record's fixed part precedes the name
    assert data[central: central + 4] == b"PK\x01\x02"
    for start in (info.header_offset + 22, central + 24):  # uncompressed size: local header, central record
        data[start: start + 4] = (10).to_bytes(4, "little")
    with pytest.raises(Refused) as err:
        open_package(bytes(data), Limits())
    assert err.value.code == "corrupt" and "xl/workbook.xml" in err.value.message


def test_too_many_members_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(20):
            archive.writestr(f"x{i}.xml", "<a/>")
    with pytest.raises(Refused, match="quá nhiều phần"):
        open_package(out.getvalue(), Limits(max_members=10))


# --------------------------------------------------------------------------- report template (.docx)


def _docx(extra=()):
    document = docx.Document()
    document.add_paragraph("Mẫu báo cáo")
    buffer = io.BytesIO()
    document.save(buffer)
    if not extra:
        return buffer.getvalue()
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in src.infolist():
            archive.writestr(info, src.read(info))
        for name, body in extra:
            archive.writestr(name, body)
    return out.getvalue()


@pytest.fixture
def never_rendered(monkeypatch):
    from reports import rendering

    def render(*args, **kwargs):
        raise AssertionError("docxtpl opened a file the guard refused")

    monkeypatch.setattr(rendering, "render", render)


@pytest.mark.parametrize("data, reason", [
    (_docx([("word/media/pad.bin", b"\0" * (12 * MB))]), "giải nén quá lớn"),
    (_docx([("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]), "macro"),
    (b"PK\x03\x04" + b"\0" * (6 * MB), "giới hạn 5 MB"),
    (hostile.corrupt_zip(), "hỏng"),
])
def test_report_template_is_guarded_before_docxtpl_opens_it(never_rendered, data, reason):
    from reports import services

    upload = SimpleUploadedFile("mau.docx", data)
    with pytest.raises(ValidationError) as err:
        services.validate_template(upload)
    assert reason in err.value.messages[0]


def test_a_plain_template_still_passes_the_guard():
    from core.imports import check_docx

    assert check_docx(_docx()).has("word/document.xml")


def test_a_template_too_big_for_the_sample_render_is_refused(never_rendered):
    # Before: a 57 KB .docx with 7 MB of paragraphs kept the validation render busy for 71 s.
    from reports import services

    with pytest.raises(ValidationError) as err:
        services.validate_template(SimpleUploadedFile("mau.docx", hostile.docx_paragraphs(2 * MB)))
    assert "giải nén quá lớn" in err.value.messages[0] or "Mẫu Word quá lớn" in err.value.messages[0]
