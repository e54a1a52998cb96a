"""The .xlsx row reader behind the imports: what Excel users really send (real date cells, numbers
for codes, a title above the header, a shifted table) reads as the template would."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from staffing import services, xlsx
from staffing.models import CivilServant
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


def test_zip_bomb_is_refused_before_reading():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (xlsx.MAX_UNCOMPRESSED + 1))
    with pytest.raises(xlsx.XlsxError):
        list(xlsx.iter_rows(out.getvalue()))


def test_a_zip_that_is_not_a_workbook_is_refused_in_vietnamese(province):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(services.InvalidFile) as exc:
        services.run_import("cong_chuc", out.getvalue())
    assert "Không đọc được tệp Excel" in exc.value.message


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
