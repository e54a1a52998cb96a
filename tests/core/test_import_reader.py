"""The streamed sheet reader of the imports (issue 17 item 2): it reads the cells calamine read —
shared and inline strings, rich text, entities and _xHHHH_ escapes, numbers typed for codes,
date-formatted numbers, booleans, empty cells, cells and rows without `r` — without calamine's
whole-sheet grid. calamine stays as the oracle here (and as the reader of sheets the stream
does not take)."""

import datetime
import io
import random

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from core.imports import reader
from tests.core import hostile

STYLES = (b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
          b'2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
          b'<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="49"/></cellXfs></styleSheet>')
SHARED = ["Nguyễn Văn An", "SYT", " lề ", "a & b", "x_x000D_y", "001360"]


def _shared_xml(strings):
    return [b"".join(b"<si><t xml:space=\"preserve\">" + s.replace("&", "&amp;").encode() + b"</t></si>" for s in strings)
            + '<si><r><t>Giàu</t></r><r><rPr><b/></rPr><t xml:space="preserve"> nghèo</t></r><rPh sb="0" eb="1"><t>PH</t></rPh></si>'.encode()]


def _calamine(data):
    """What the reader gave before (calamine's grid, typed the same way), trailing empties dropped."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Dữ liệu")
    start = (sheet.start or (0, 0))[1]
    out = []
    for number, values in enumerate(sheet.iter_rows(), 1):
        out.append((number, _trim(reader._typed([""] * start + values, number, "Dữ liệu"))))
    return _drop_empty_tail(out)


def _streamed(data):
    return _drop_empty_tail([(n, _trim(v)) for n, v in reader.iter_rows(data, prefer_sheet="Dữ liệu")])


def _trim(values):
    values = [v.date() if isinstance(v, datetime.datetime) and v == datetime.datetime(v.year, v.month, v.day) else v
              for v in values]
    while values and values[-1] is None:
        values.pop()
    return values


def _drop_empty_tail(rows):
    while rows and not rows[-1][1]:
        rows.pop()
    return rows


@pytest.fixture
def no_calamine(monkeypatch):
    """The template's shape is streamed: calamine is never opened for it."""
    def refuse(*args, **kwargs):
        raise AssertionError("calamine opened the sheet")
    monkeypatch.setattr(CalamineWorkbook, "from_filelike", refuse)


CELLS = [
    b'<c r="{ref}" t="s"><v>{s}</v></c>',
    b'<c r="{ref}" t="inlineStr"><is><t>M&#227; s&#7889; &lt;{n}&gt;</t></is></c>',
    b'<c r="{ref}" t="inlineStr"><is><r><t xml:space="preserve">Tr&#7847;n </t></r><r><rPr><i/></rPr><t xml:space="preserve">Th\xe1\xbb\x8b</t></r></is></c>',
    b'<c r="{ref}"><v>{n}</v></c>',
    b'<c r="{ref}" s="2"><v>1360</v></c>',
    b'<c r="{ref}"><v>{n}.5</v></c>',
    b'<c r="{ref}" s="1"><v>{date}</v></c>',
    b'<c r="{ref}" t="b"><v>{b}</v></c>',
    b'<c r="{ref}" s="1"/>',
    b'<c r="{ref}" t="str"><f>A1</f><v>k&#7871;t qu&#7843;</v></c>',
    b'<c r="{ref}" t="e"><v>#N/A</v></c>',
    b'<c r="{ref}" t="inlineStr"><is><t>_x0041_b_x005F_x0042_</t></is></c>',
    b'<c r="{ref}" t="s" cm="1"><v>{s}</v></c>',
    b'<c t="s" r="{ref}"><v>{s}</v></c>',  # another attribute order: the careful path
    b'<c r="{ref}" s="1" t="n"><v>{date}</v></c>',
]


def _random_sheet(rnd, with_r=True):
    parts, row = [], 0
    for _ in range(rnd.randint(1, 12)):
        explicit = with_r or rnd.random() < 0.5
        row += rnd.randint(1, 3) if explicit else 1  # a row without `r` is the one after the previous row
        parts.append(b'<row r="%d">' % row if explicit else b"<row>")
        cols = sorted(rnd.sample(range(1, 20), rnd.randint(0, 6)))
        for col in cols:
            template = rnd.choice(CELLS)
            ref = (reader._letters(col) + str(row)).encode()
            cell = template.replace(b"{ref}", ref).replace(b"{s}", str(rnd.randrange(len(SHARED) + 1)).encode())
            cell = cell.replace(b"{n}", str(rnd.randint(0, 99999)).encode()).replace(b"{b}", rnd.choice([b"0", b"1"]))
            cell = cell.replace(b"{date}", str(rnd.randint(20000, 50000)).encode())
            if not with_r and rnd.random() < 0.5:
                cell = cell.replace(b' r="' + ref + b'"', b"")
            parts.append(cell)
        parts.append(b"</row>")
    return b"".join(parts)


@pytest.mark.parametrize("with_r", [True, False])
def test_the_stream_reads_the_cells_calamine_read(with_r):
    rnd = random.Random(17 + with_r)
    compared = 0
    for _ in range(150):
        data = hostile.package([_random_sheet(rnd, with_r)], shared=_shared_xml(SHARED),
                               extra=[("xl/styles.xml", STYLES)])
        expected = _calamine(data)
        assert _streamed(data) == expected
        compared += sum(len(v) for _n, v in expected)
    assert compared > 1000


def test_each_kind_of_cell_is_read_like_the_template_says(no_calamine):
    sheet = (b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c><c r="C1" t="s"><v>6</v></c>'
             b'<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
             b'<row r="3"><c r="B3" t="inlineStr"><is><t>Ng&#224;y &amp; gi&#7901;</t></is></c><c r="C3"><v>1360</v></c>'
             b'<c r="D3"><v>0.25</v></c><c r="E3" s="1"><v>44201</v></c><c r="F3" t="b"><v>1</v></c>'
             b'<c r="G3" s="1"/><c r="H3" t="inlineStr"><is><t>_x001B_</t></is></c></row>')
    data = hostile.package([sheet.replace(b"_x001B_", b"_x0041_")], shared=_shared_xml(SHARED),
                           extra=[("xl/styles.xml", STYLES)])
    rows = list(reader.iter_rows(data))
    assert rows[0] == (1, ["Nguyễn Văn An", "001360", "Giàu nghèo", "a & b", "x\ry"])
    assert rows[1] == (2, [None] * 5)  # an empty row inside the table, as wide as the rows before
    number, values = rows[2]
    assert number == 3 and values[0] is None and values[1] == "Ngày & giờ"
    assert values[2] == 1360 and type(values[2]) is int  # a code typed as a number: never "1360.0"
    assert values[3] == 0.25 and values[4] == datetime.datetime(2021, 1, 5) and values[5] is True
    assert values[6] is None and values[7] == "A"
    assert len(rows) == 3


def test_a_workbook_saved_by_openpyxl_is_streamed(no_calamine):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(["Mã số", "Họ và tên", "Ngày sinh"])
    sheet.append(["HGB000001", "Lê Thị Hồng", datetime.date(1980, 2, 29)])
    sheet.append([880001, None, "05/01/1985"])
    out = io.BytesIO()
    book.save(out)
    rows = list(reader.iter_rows(out.getvalue()))
    assert rows == [(1, ["Mã số", "Họ và tên", "Ngày sinh"]), (2, ["HGB000001", "Lê Thị Hồng", datetime.datetime(1980, 2, 29)]),
                    (3, [880001, None, "05/01/1985"])]


def test_a_sheet_the_stream_does_not_take_is_still_read_by_calamine():
    import zipfile

    prefixed = hostile.package([])  # its sheet is replaced by one whose tags carry a prefix
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>ok</x:t>'
             b'</x:is></x:c></x:row></x:sheetData></x:worksheet>')
    source = zipfile.ZipFile(io.BytesIO(prefixed))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))
    assert list(reader.iter_rows(out.getvalue())) == [(1, ["ok"])]


def test_broken_xml_inside_the_rows_is_refused_in_vietnamese():
    data = hostile.package([b'<row r="1"><c t="inlineStr"><is><t>a</is></c></row>'])
    with pytest.raises(reader.Refused) as exc:
        list(reader.iter_rows(data))
    assert exc.value.message.startswith("Không đọc được tệp Excel")


def test_rows_out_of_order_are_refused_not_misplaced():
    data = hostile.package([b'<row r="5"><c r="A5"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'])
    with pytest.raises(reader.Refused) as exc:
        list(reader.iter_rows(data))
    assert "không theo thứ tự" in exc.value.message
