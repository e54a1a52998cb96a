"""Workbooks of the import engine: reading an upload into rows, the downloadable Vietnamese
template, the feedback file of a refused upload, and exports in the import layout.

Every function takes the `ImportKind` of `core.imports.registry` (its resource gives the
columns; its `guide`, `data_sheet` and `text_columns` shape the template). Cells written from
stored or uploaded text go through `safe_text`: Excel never evaluates them as formulas.
"""

from __future__ import annotations

import io
import operator
import zipfile
from dataclasses import dataclass

import openpyxl
import tablib
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import formatting
from core.imports import reader
from core.imports import resources as res
from core.imports.registry import InvalidFile, resolve

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = reader.DEFAULT_MAX_ROWS  # the default; the bound in force is `reader.max_rows()` (settings.IMPORT_MAX_ROWS)
# Cells of a column that repeats (unit, category, yes/no …) share one string object; a column
# with more distinct values than this (codes, names) is not worth the dictionary.
SHARE_DISTINCT = 4_096
DATA_SHEET = "Dữ liệu"
GUIDE_SHEET = "Hướng dẫn"
ERROR_SHEET = "Lỗi"
BAD_ROWS_SHEET = "Dòng lỗi"


def _norm_header(value):
    return " ".join(formatting.nfc(str(value or "")).replace("*", " ").split()).casefold()


class Rows(tablib.Dataset):
    """The rows of an upload: a tablib Dataset holding plain tuples (~170 bytes a row of 13 cells;
    tablib's Row objects with their two lists cost ~300), appended without tablib's per-row width
    check (every row is built at the headers' width). Reads as a Dataset: headers, len, iteration
    and indexing give tuples, get_col."""

    def __init__(self, rows=(), headers=None):
        super().__init__(headers=headers)
        self._data = [tuple(row) for row in rows]

    def append(self, row, tags=()):
        self._data.append(tuple(row))

    def __iter__(self):
        return iter(self._data)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._data[key]
        if isinstance(key, slice):
            return self._data[key]
        return [row[self.headers.index(key)] for row in self._data] if key in (self.headers or ()) else super().__getitem__(key)


@dataclass
class Table:
    dataset: tablib.Dataset
    row_numbers: list  # file row number of each dataset row


def _check_package(data):
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidFile(f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InvalidFile("Tệp không phải bảng tính Excel .xlsx. Vui lòng dùng tệp mẫu tải từ cổng.")


def _sheet_rows(data, sheet=DATA_SHEET, report=None):
    """(row number, [values]) of the data sheet («Dữ liệu», else the first sheet), streamed by the
    guarded reader (`core.imports.reader`); its refusal is final."""
    _check_package(data)
    rows = reader.iter_rows(data, prefer_sheet=sheet, report=report)
    try:
        yield from rows
    except reader.XlsxError as exc:
        raise InvalidFile(exc.message) from None


def read_workbook(data, kind):
    """The data sheet of `kind` (an ImportKind or its key) as a tablib Dataset with the kind's
    canonical headers (template order).

    The header row is the first row holding a required header (within the first 20 rows); blank
    rows are skipped; optional columns missing from the file are added empty; unknown columns are
    ignored; more than `reader.max_rows()` data rows are refused. Raises InvalidFile with the
    reason in Vietnamese. The rows are streamed from the reader and only the kept cells are held
    (repeated values shared), so memory grows by a few hundred bytes a row, not the sheet's grid.
    """
    kind = resolve(kind)
    limit = reader.max_rows()
    cols = res.columns(kind.resource)
    by_norm = {_norm_header(header): header for header, _name in cols}
    required = res.required_headers(kind.resource)
    report = {}
    rows = _sheet_rows(data, kind.data_sheet, report)
    positions = None
    for index, (number, values) in enumerate(rows):
        found = {}
        for position, value in enumerate(values):
            header = by_norm.get(_norm_header(value))
            if header and header not in found:
                found[header] = position
        if any(h in found for h in required):
            positions = found
            break
        if index >= 19:
            break
    if positions is None:
        rows.close()
        raise InvalidFile("Không tìm thấy dòng tiêu đề cột. Vui lòng dùng tệp mẫu tải từ cổng.")
    missing = [h for h in required if h not in positions]
    if missing:
        rows.close()
        raise InvalidFile("Tệp thiếu cột: " + "; ".join(f"«{h}»" for h in missing) + ".")
    order = [positions.get(header) for header, _name in cols]
    # The streamed reader already gives one object per repeated text: a row is then copied by
    # one C-level itemgetter (a missing column reads the None appended to the row).
    streamed = report.get("streamed", False)
    need = max(i for i in order if i is not None) + 1
    picked = [-1 if i is None else i for i in order]
    pick = operator.itemgetter(*picked) if len(picked) > 1 else (lambda row: (row[picked[0]],))
    shared = [{} for _ in order]
    dataset = Rows(headers=[header for header, _name in cols])
    append = dataset._data.append
    row_numbers = []
    for number, values in rows:
        if not values or values.count(None) == len(values) or all(
                v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(row_numbers) >= limit:
            rows.close()
            raise InvalidFile(f"Tệp có quá {formatting.number(limit)} dòng; vui lòng chia nhỏ tệp.")
        width = len(values)
        if streamed:
            if width < need:
                values.extend([None] * (need - width))
            values.append(None)
            append(pick(values))
            row_numbers.append(number)
            continue
        kept = []
        for column, i in enumerate(order):
            value = values[i] if i is not None and i < width else None
            if type(value) is str and (seen := shared[column]) is not None:  # not numbers: 1 == 1.0 == True
                value = seen.setdefault(value, value)
                if len(seen) > SHARE_DISTINCT:
                    shared[column] = None
            kept.append(value)
        append(tuple(kept))
        row_numbers.append(number)
    if not row_numbers:
        raise InvalidFile("Tệp không có dòng dữ liệu nào.")
    return Table(dataset, row_numbers)


HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="9C2A00")
ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

def safe_text(value):
    """A value for a cell that Excel never evaluates as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def build_template(kind):
    """An empty .xlsx for `kind` (an ImportKind or its key): the data sheet with Vietnamese
    headers (required ones marked),
    drop-downs for the choice columns, and a guide sheet with the allowed values."""
    kind = resolve(kind)
    cols = res.columns(kind.resource)
    required = set(res.required_headers(kind.resource))
    choices = res.choice_labels(kind.resource)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = kind.data_sheet
    lists = workbook.create_sheet("Danh mục")
    for index, (header, _name) in enumerate(cols, 1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = REQUIRED_FILL if header in required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(40, len(header) + 6))
        if header in choices:
            list_index = list(choices).index(header) + 1
            list_col = get_column_letter(list_index)
            lists.cell(row=1, column=list_index, value=header).font = Font(bold=True)
            for r, label in enumerate(choices[header], 2):
                lists.cell(row=r, column=list_index, value=label)
            validation = DataValidation(
                type="list", formula1=f"='Danh mục'!${list_col}$2:${list_col}${len(choices[header]) + 1}",
                allow_blank=True, showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                error=f"Chọn một giá trị trong danh mục «{header}».",
            )
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{reader.max_rows() + 1}")
            sheet.add_data_validation(validation)
        if "Ngày" in header or header in ("Mã đơn vị", *kind.text_columns):
            # Text cells: Excel must not turn 05/01/2021 into a US date or drop leading zeros.
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 120
    guide.cell(row=1, column=1, value=f"Hướng dẫn nhập: {kind.label}").font = Font(bold=True, size=13)
    line = 3
    for text in list(kind.guide) + ["Cột tiêu đề màu đỏ là cột bắt buộc. Không đổi tên cột, không chèn dòng trên dòng tiêu đề.",
                               "Tải tệp lên trang «Nhập dữ liệu từ Excel»: cổng kiểm tra toàn bộ tệp, hiển thị kết quả để xác nhận; "
                               "nếu có dòng lỗi thì không dòng nào được lưu và cổng trả về tệp ghi rõ lỗi từng dòng."]:
        guide.cell(row=line, column=1, value=f"- {text}").alignment = Alignment(wrap_text=True)
        line += 1
    line += 1
    for header, labels in choices.items():
        guide.cell(row=line, column=1, value=f"{header}: " + "; ".join(labels)).alignment = Alignment(wrap_text=True)
        line += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def build_feedback(problems, table=None):
    """The feedback workbook: one line per problem (row, column, value, reason), then the bad rows
    as uploaded with their reasons."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = ERROR_SHEET
    headers = ["Dòng", "Cột", "Giá trị", "Lý do"]
    for index, header in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
    for width, letter in zip((8, 28, 28, 90), "ABCD"):
        sheet.column_dimensions[letter].width = width
    for line, problem in enumerate(problems, 2):
        sheet.cell(row=line, column=1, value=problem["row"])
        sheet.cell(row=line, column=2, value=safe_text(problem["column"]))
        sheet.cell(row=line, column=3, value=safe_text(problem["value"]))
        sheet.cell(row=line, column=4, value=safe_text(problem["message"])).alignment = Alignment(wrap_text=True)
    sheet.freeze_panes = "A2"
    if table is not None:
        bad = {}
        for problem in problems:
            bad.setdefault(problem["row"], []).append(
                (f"{problem['column']}: " if problem["column"] else "") + problem["message"])
        rows_sheet = workbook.create_sheet(BAD_ROWS_SHEET)
        cols = ["Dòng"] + list(table.dataset.headers) + ["Lý do"]
        for index, header in enumerate(cols, 1):
            cell = rows_sheet.cell(row=1, column=index, value=header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
        line = 2
        wanted = set(bad)
        for values, number in zip(table.dataset, table.row_numbers):
            if number not in wanted:
                continue
            rows_sheet.cell(row=line, column=1, value=number)
            for index, value in enumerate(values, 2):
                if hasattr(value, "strftime"):
                    value = formatting.short_date(value)
                rows_sheet.cell(row=line, column=index, value=safe_text(value))
            reason = rows_sheet.cell(row=line, column=len(cols), value=safe_text(formatting.join_messages(bad[number])))
            reason.fill = ERROR_FILL
            line += 1
        rows_sheet.freeze_panes = "B2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_workbook(kind, queryset):
    """The rows of `queryset` as an .xlsx in the import layout (re-importable as is)."""
    kind = resolve(kind)
    resource = kind.resource()
    dataset = resource.export(queryset)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = kind.data_sheet
    for index, header in enumerate(dataset.headers, 1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(40, len(header) + 6))
    for line, values in enumerate(dataset, 2):
        for index, value in enumerate(values, 1):
            sheet.cell(row=line, column=index, value=safe_text(value))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
