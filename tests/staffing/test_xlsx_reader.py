"""The .xlsx row reader behind the imports: what Excel users really send (real date cells, numbers
for codes, a title above the header, a shifted table) reads as the template would."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from core.imports import reader as xlsx
from staffing import services
from staffing.models import CivilServant
from tests.core import hostile
from tests.staffing.files import CS_HEADERS

pytestmark = pytest.mark.django_db


def _save(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_rows_keep_excel_row_numbers_and_column_positions():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Khác"
    data = book.create_sheet("Dữ liệu")
    data["C3"] = "Mã"
    data["D3"] = "Ngày"
    data["C4"] = 1360
    data["D4"] = datetime.date(2021, 1, 5)
    data["E6"] = 1.5
    data["C7"] = True
    rows = list(xlsx.iter_rows(_save(book), prefer_sheet="Dữ liệu"))
    assert [n for n, _ in rows] == [1, 2, 3, 4, 5, 6, 7]
    by_number = dict(rows)
    assert all(v is None for v in by_number[1] + by_number[2])
    assert by_number[3][2:4] == ["Mã", "Ngày"] and by_number[3][:2] == [None, None]
    assert by_number[4][2] == 1360 and isinstance(by_number[4][2], int)  # not 1360.0
    assert by_number[4][3] in (datetime.date(2021, 1, 5), datetime.datetime(2021, 1, 5))
    assert by_number[6][4] == 1.5
    assert by_number[7][2] is True
    assert all(v is None for v in by_number[5])  # an empty row inside the table


def test_first_sheet_when_the_data_sheet_is_missing():
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    assert list(xlsx.iter_rows(_save(book), prefer_sheet="Dữ liệu")) == [(1, ["x"])]


def test_a_zip_that_is_not_a_workbook_is_refused_in_vietnamese(province):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(services.InvalidFile) as exc:
        services.run_import("cong_chuc", out.getvalue())
    assert "không phải Excel (.xlsx)" in exc.value.message


# --------------------------------------------------------------------------- hostile files (issue 10, item 1)


def refusal(data):
    """The Vietnamese reason the register import gives for `data` (and openpyxl never opens it)."""
    with pytest.raises(services.InvalidFile) as exc:
        services.read_workbook(data, "cong_chuc")
    return exc.value.message


@pytest.fixture
def no_openpyxl(monkeypatch):
    """A guard refusal is final: the slow reader must never be tried after one."""
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file the guard refused")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_far_cell_is_refused_before_a_grid_is_allocated(no_openpyxl):
    # Before: calamine allocated A1:XFD1048576 densely and the process aborted.
    message = refusal(hostile.far_cell())
    assert "dòng 1.048.576, cột XFD" in message and "vượt giới hạn" in message


def test_rows_and_cells_without_r_are_placed_by_counting_and_refused_when_far(no_openpyxl, settings):
    settings.IMPORT_MAX_ROWS = 100_000  # the row bound is configurable (default 200,000)
    assert "vượt giới hạn" in refusal(hostile.rows_without_r(rows=200_000, cells=10))
    assert "dòng 10.001, cột AG" in refusal(hostile.rows_without_r(rows=10_000, cells=44))
    # Within the limits the same shape is read, each cell where counting puts it.
    small = hostile.package([b"<row><c><v>1</v></c><c><v>2</v></c></row><row/><row><c/><c><v>3</v></c></row>"])
    assert list(xlsx.iter_rows(small)) == [(1, [1, 2]), (2, [None, None]), (3, [None, 3])]


def test_a_cell_with_two_r_attributes_is_refused(no_openpyxl):
    # calamine takes the last `r` (XFD1048576): the scan must not believe the first.
    assert "địa chỉ ô không hợp lệ" in refusal(hostile.duplicated_r())


def test_deflate_bomb_is_refused_and_never_retried_with_openpyxl(no_openpyxl):
    # Before: 70 MB of sheet passed the 400 MB declared-size guard and was parsed.
    # (The sheet cap grows with the row bound: 128 MB for 200,000 rows; the bomb inflates beyond it.)
    message = refusal(hostile.deflate_bomb(xlsx.import_limits().part_cap("xl/worksheets/sheet1.xml") + 6 * 1024 * 1024))
    assert "Tệp giải nén quá lớn" in message and "xl/worksheets/sheet1.xml" in message


def test_huge_shared_strings_are_refused(no_openpyxl):
    assert "quá nhiều chuỗi" in refusal(hostile.huge_shared_strings(1_010_000))


def test_one_shared_string_copied_into_every_cell_is_bounded(no_openpyxl):
    # Before: 100,000 references to one 2,000-character string became 400 MB of Python strings.
    assert "quá nhiều chữ" in refusal(hostile.shared_string_copies(100_000, 2_000))


def test_macro_workbooks_are_refused_like_the_form_upload(no_openpyxl):
    assert "macro" in refusal(hostile.macro())


def test_corrupt_zip_is_refused_not_a_crash(no_openpyxl):
    # Before: zipfile's NotImplementedError ("zip file version 8.4") escaped as an HTTP 500.
    assert "không phải Excel (.xlsx) hoặc đã bị hỏng" in refusal(hostile.corrupt_zip())


@pytest.mark.parametrize("cell, shown", [("<v>1e22</v>", "B1"), ("<v>-inf</v>", "B1"), ("<v>1e300</v>", "B1")])
def test_huge_or_infinite_numbers_answer_so_qua_lon(cell, shown):
    data = hostile.package([b'<row r="1"><c r="A1" t="inlineStr"><is><t>M\xc3\xa3 s\xe1\xbb\x91 CBCCVC</t></is></c>'
                            b'<c r="B1">' + cell.encode() + b"</c></row>"])
    message = refusal(data)
    assert "Số quá lớn" in message and shown in message


def test_a_control_character_in_a_cell_is_refused_naming_the_cell():
    data = hostile.package([b'<row r="3"><c r="C3" t="inlineStr"><is><t>Nguy_x001B_\xe1\xbb\x85n</t></is></c></row>'])
    message = refusal(data)
    assert "ô C3" in message and "U+001B" in message


def test_excel_dates_numbers_and_a_title_row_import_like_the_template(province):
    """A register typed in Excel: a title above the header, real date cells, a numeric mã số."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet["A1"] = "DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"
    sheet.append([])
    sheet.append(CS_HEADERS)
    row = {h: None for h in CS_HEADERS}
    row.update({"Mã số CBCCVC": 880001, "Họ và tên": "Lê Thị Ngày Thật", "Ngày sinh": datetime.date(1980, 2, 29),
                "Giới tính": "Nữ", "Mã đơn vị": "SYT", "Đối tượng": "Viên chức",
                "Ngày tuyển dụng": datetime.datetime(2005, 9, 1)})
    sheet.append([row[h] for h in CS_HEADERS])
    outcome = services.run_import("cong_chuc", _save(book), dry_run=False)
    assert outcome.ok and outcome.new == 1, outcome.problems
    person = CivilServant.objects.get(ma_so="880001")
    assert person.birth_date == datetime.date(1980, 2, 29) and person.entry_date == datetime.date(2005, 9, 1)
    assert outcome.table.row_numbers == [4]
