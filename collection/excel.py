"""One form as a protected Excel workbook (.xlsx): download, fill offline, upload.

- `build_workbook(submission)` → bytes of a workbook laid out like the paper form, with only the
  input cells unlocked, a data validation on each, and a "very hidden" `_meta` sheet that says
  which form the file is (data set, unit, period, version) and where every input cell is, signed
  with an HMAC over `settings.SECRET_KEY` so a file for another form is never taken for this one.
- `read_upload(uploaded_file, submission, user)` → `ApplyResult`: checks the file (size, real
  .xlsx, no macro, signed `_meta`, same form as the page), reads every input cell and saves them
  all through `services.save_values` (permission, lock, all-or-nothing). Bad cells raise
  `InvalidUpload` with a feedback workbook (the uploaded file, bad cells red with a comment, and a
  "Lỗi" sheet) and nothing is saved.

An upload is one atomic write of the WHOLE form: every input cell of the file replaces the value
on the portal, an empty cell clears it. If the form was changed on the portal after the file was
downloaded, the file's values win; `ApplyResult.warnings` says so and `ApplyResult.changes` lists
every change.

Sheet protection is a guard against accidents (typing over a label), not security: the portal
re-checks everything on upload. Every user-originated string written to a cell goes through
`safe_text` so Excel never evaluates it as a formula.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.workbook.protection import WorkbookProtection

from collection import services
from collection.models import CategoryOption, DataSet, DataValueChange, SectionElement, Submission, ValueType
from collection.selectors import fill_layout, form_layout
from core import formatting
from core import text as text_rules
from core.imports import MB, Limits, Refused, open_package, read_limited, sheets
from core.models import OrgUnit, Period

# ---------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------

FORMAT = "snv-xlsx/1"  # bump when the layout of `_meta` changes
META_SHEET = "_meta"
FORM_SHEET = "Biểu mẫu"
ERROR_SHEET = "Lỗi"
SIGNATURE_SALT = "collection.excel.meta"
# Settings may override with EXCEL_SHEET_PASSWORD; it only stops accidental edits.
DEFAULT_SHEET_PASSWORD = "CongSoNoiVu"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A form's workbook is small (the largest standard form is a few hundred cells): each part is
# bounded accordingly, inflated for real by the guard (core.imports), not as the zip declares.
FORM_LIMITS = Limits(
    max_bytes=MAX_UPLOAD_BYTES, max_members=100, max_part=2 * MB, part_caps=(("xl/media/", 5 * MB),),
    max_total=12 * MB, max_rows=5_000, max_cols=64, max_cells=100_000, max_strings=50_000,
)
HUGE_NUMBER = Decimal("1e22")  # from here Decimal arithmetic (28 digits) cannot round to 6 places
TOO_BIG = "Số quá lớn"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xla", ".xlsb")
MAX_NUMBER = 10**15 - 1

VALUE = "value"
COMMENT = "comment"

# Leading characters that make Excel (or LibreOffice) treat text as a formula (CSV/formula injection);
# a leading quote is escaped too so that `unescape_text` is the exact inverse of `safe_text`.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "'")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
INPUT_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
HEADER_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")
SECTION_FILL = PatternFill("solid", start_color="EDEDED", end_color="EDEDED")
UNUSED_FILL = PatternFill("solid", start_color="BFBFBF", end_color="BFBFBF")
ERROR_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
ERROR_FONT = Font(color="9C0006", bold=True)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00##"
COMMENT_AUTHOR = "Cổng Sở Nội vụ"


# ---------------------------------------------------------------------------------------------
# Errors and results
# ---------------------------------------------------------------------------------------------


class UploadRejected(services.CollectionError):
    """The file itself is refused (not .xlsx, macro, too big, not from the portal, other form)."""


class InvalidUpload(services.CollectionError):
    """Some cells are wrong; nothing was saved.

    `errors` maps (element_id, option_id) to a Vietnamese reason (like `InvalidValues.errors`),
    `cells` lists them as `CellError` (with the sheet cell), `feedback` is the uploaded workbook with
    those cells red and commented and a "Lỗi" sheet (bytes of an .xlsx).
    """

    def __init__(self, errors, cells, feedback):
        super().__init__(
            f"Có {len(cells)} ô số liệu không hợp lệ trong tệp; chưa lưu số liệu nào. "
            "Tải tệp phản hồi, sửa các ô tô đỏ rồi tải lên lại."
        )
        self.errors = errors
        self.cells = cells
        self.feedback = feedback


@dataclass
class CellError:
    sheet: str
    cell: str
    element_code: str
    option_code: str | None
    label: str  # "Tên chỉ tiêu (phân tổ)"
    value: object  # what the cell held
    reason: str

    def __str__(self):
        return f"Ô {self.cell} ({self.label}): {self.reason}"


@dataclass
class Change:
    element_code: str
    option_code: str | None
    label: str
    old_value: str
    new_value: str
    old_comment: str
    new_comment: str

    def __str__(self):
        text = f"{self.label}: {self.old_value or '(trống)'} → {self.new_value or '(trống)'}"
        if self.old_comment != self.new_comment:
            text += f" (ghi chú: «{self.old_comment or ''}» → «{self.new_comment or ''}»)"
        return text


@dataclass
class ApplyResult:
    submission: Submission
    changed: int  # number of cells changed (0: the file held what the portal has)
    version: int  # the form's version after the upload
    changes: list = field(default_factory=list)  # [Change]
    warnings: list = field(default_factory=list)  # [str], min/max warnings and the "overwrote" notice


# ---------------------------------------------------------------------------------------------
# Text safety
# ---------------------------------------------------------------------------------------------


def safe_text(value) -> str:
    """A user-originated string as cell text Excel will never evaluate.

    Text starting with = + - @ (or tab, CR, LF, or a quote) gets a leading "'" and is stored as a
    string cell, so "=HYPERLINK(…)" shows literally as "'=HYPERLINK(…)"; characters XML cannot hold
    are dropped. `unescape_text` undoes it when the file comes back.
    """
    if value is None:
        return ""
    text = _ILLEGAL_XML.sub("", formatting.nfc(value))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def unescape_text(value) -> str:
    """The inverse of `safe_text` for text read back from an uploaded cell."""
    if value is None:
        return ""
    text = formatting.nfc(value)
    if len(text) > 1 and text[0] == "'" and text[1] in "".join(_FORMULA_START):
        return text[1:]
    return text


def _put_text(cell, value):
    """Write user-originated text: escaped and forced to a string cell."""
    cell.value = safe_text(value)
    cell.data_type = "s"


def _put_code(cell, value):
    """Write a code into `_meta` verbatim as a string cell (never a formula)."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"


def sheet_password():
    return getattr(settings, "EXCEL_SHEET_PASSWORD", None) or DEFAULT_SHEET_PASSWORD


# ---------------------------------------------------------------------------------------------
# The signature over the file's identity and cell map
# ---------------------------------------------------------------------------------------------


def _canonical(identity, slots):
    payload = {
        "format": identity["format"],
        "data_set": identity["data_set"],
        "unit": identity["unit"],
        "period": identity["period"],
        "version": int(identity["version"]),
        "cells": [[s.element_code, s.option_code or "", s.kind, s.sheet, s.cell] for s in slots],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sign(identity, slots) -> str:
    return salted_hmac(SIGNATURE_SALT, _canonical(identity, slots), secret=settings.SECRET_KEY, algorithm="sha256").hexdigest()


@dataclass
class Slot:
    """One input cell of the workbook: which (element, option) and which sheet cell."""

    element_code: str
    option_code: str | None
    kind: str  # VALUE or COMMENT
    sheet: str
    cell: str


# ---------------------------------------------------------------------------------------------
# Download
# ---------------------------------------------------------------------------------------------


def workbook_filename(submission) -> str:
    """A file name for the download, ASCII-safe: "CCHC-DV_VITHANH_2021-H1.xlsx"."""
    name = f"{submission.data_set.code}_{submission.unit.code}_{submission.period.code}.xlsx"
    return re.sub(r"[^A-Za-z0-9_.-]", "-", name)


def feedback_filename(submission) -> str:
    return workbook_filename(submission).replace(".xlsx", "_loi.xlsx")


def _excel_number(element, value):
    """A stored Decimal as a number Excel keeps exactly (int when whole)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return Decimal(format(value.normalize(), "f"))


def _validation(value_type):
    """The data validation for one value type (None for text)."""
    if value_type in (ValueType.INTEGER, ValueType.MONEY):
        what = "số tiền (đồng), số nguyên không âm" if value_type == ValueType.MONEY else "số nguyên không âm (0, 1, 2, …)"
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2=str(MAX_NUMBER), allow_blank=True)
        dv.error = f"Chỉ nhập {what}; để trống nếu không có số liệu."
        dv.prompt = f"Nhập {what}."
    elif value_type == ValueType.PERCENT:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        dv.error = "Tỷ lệ (%) phải là số từ 0 đến 100 (nhập 97,5 cho 97,5%)."
        dv.prompt = "Nhập tỷ lệ từ 0 đến 100, ví dụ 97,5."
    elif value_type == ValueType.BOOLEAN:
        dv = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
        dv.error = "Chọn «Có» hoặc «Không»; để trống nếu chưa trả lời."
        dv.prompt = "Chọn Có hoặc Không."
    elif value_type == ValueType.DECIMAL:
        dv = DataValidation(
            type="decimal", operator="between", formula1=str(-MAX_NUMBER), formula2=str(MAX_NUMBER), allow_blank=True
        )
        dv.error = "Chỉ nhập số (có thể có phần thập phân); để trống nếu không có số liệu."
        dv.prompt = "Nhập số, có thể có phần thập phân."
    else:
        return None
    dv.errorTitle = "Số liệu không hợp lệ"
    dv.promptTitle = "Nhập số liệu"
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorStyle = "stop"
    return dv


def _first_cell(row):
    return next((c for c in row.cells if c is not None), None)


def build_workbook(submission) -> bytes:
    """The form as a protected .xlsx, current values prefilled (see the module docstring)."""
    data_set, unit, period = submission.data_set, submission.unit, submission.period
    layout = fill_layout(form_layout(data_set), submission)
    lock = services.lock_reason(submission)
    width = 3 + max((len(s.columns) for s in layout), default=1) + 1  # STT, name, unit, values…, note

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 58
    ws.column_dimensions["C"].width = 13
    for col in range(4, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 16
    ws.column_dimensions[get_column_letter(width)].width = 34
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    # Title block
    now = timezone.localtime()
    title = ws.cell(row=1, column=1)
    _put_text(title, formatting.nfc(data_set.name).upper())
    title.font = Font(bold=True, size=14)
    title.alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 36
    lines = [
        ("Mã biểu mẫu", safe_text(data_set.code)),
        ("Đơn vị báo cáo", safe_text(unit.name)),
        ("Kỳ báo cáo", safe_text(f"{period.label} ({period.range_label})")),
        ("Hạn gửi", formatting.short_date(data_set.deadline_for(period))),
        ("Tình trạng", safe_text(
            f"{submission.get_status_display()}; số liệu phiên bản {submission.version}; "
            f"tệp tải lúc {now:%H:%M} ngày {formatting.short_date(now)}"
        )),
    ]
    row_no = 2
    for label, text in lines:
        head = ws.cell(row=row_no, column=1, value=f"{label}:")
        head.font = Font(bold=True)
        head.alignment = Alignment(horizontal="right")
        ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=2)
        cell = ws.cell(row=row_no, column=3)
        cell.value = text
        cell.data_type = "s"
        ws.merge_cells(start_row=row_no, start_column=3, end_row=row_no, end_column=width)
        row_no += 1
    note = ws.cell(row=row_no, column=1)
    note.value = (
        "Chỉ nhập vào các ô nền vàng; ô để trống là không có số liệu. Khi tải tệp lên trang nhập liệu của biểu mẫu này, "
        "toàn bộ số liệu trong tệp sẽ thay thế số liệu đang có trên Cổng."
    )
    note.font = Font(italic=True)
    note.alignment = WRAP
    ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=width)
    ws.row_dimensions[row_no].height = 32
    row_no += 1
    if lock:
        warn = ws.cell(row=row_no, column=1)
        _put_text(warn, f"Lưu ý: {lock} Tệp này chỉ để xem.")
        warn.font = ERROR_FONT
        warn.alignment = WRAP
        ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=width)
        ws.row_dimensions[row_no].height = 32
        row_no += 1
    row_no += 1

    slots = []
    validations = {}
    for section in layout:
        note_col = 4 + len(section.columns)  # "Ghi chú", merged to the right edge of the widest table
        head = ws.cell(row=row_no, column=1)
        _put_text(head, section.section.title)
        head.font = Font(bold=True)
        _box(ws, row_no, 1, width, fill=SECTION_FILL)
        ws.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=width)
        row_no += 1
        headers = ["STT", "Chỉ tiêu", "Đơn vị tính"] + [o.name if o else "Giá trị" for o in section.columns] + ["Ghi chú"]
        _box(ws, row_no, 1, width, fill=HEADER_FILL)
        for col, text in enumerate(headers, start=1):
            cell = ws.cell(row=row_no, column=col)
            _put_text(cell, text)
            cell.font = Font(bold=True)
            cell.alignment = CENTER
        if note_col < width:
            ws.merge_cells(start_row=row_no, start_column=note_col, end_row=row_no, end_column=width)
        row_no += 1
        for index, row in enumerate(section.rows, start=1):
            element = row.element
            _box(ws, row_no, 1, width)
            ws.cell(row=row_no, column=1, value=index).alignment = CENTER
            _put_text(ws.cell(row=row_no, column=2), element.name)
            ws.cell(row=row_no, column=2).alignment = WRAP
            _put_text(ws.cell(row=row_no, column=3), element.unit_label)
            ws.cell(row=row_no, column=3).alignment = CENTER
            for offset, form_cell in enumerate(row.cells):
                cell = ws.cell(row=row_no, column=4 + offset)
                if form_cell is None:
                    cell.fill = UNUSED_FILL
                    continue
                _write_input(cell, element, form_cell.value, lock)
                slots.append(Slot(element.code, form_cell.option.code if form_cell.option else None, VALUE, FORM_SHEET,
                                  cell.coordinate))
                if not lock:
                    dv_key = element.value_type
                    if dv_key not in validations:
                        validations[dv_key] = _validation(dv_key)
                    if validations[dv_key] is not None:
                        validations[dv_key].add(cell.coordinate)
            first = _first_cell(row)
            note_cell = ws.cell(row=row_no, column=note_col)
            note_cell.alignment = WRAP
            comment = first.comment if first is not None else ""
            if first is not None:
                if comment:
                    _put_text(note_cell, comment)
                if not lock:
                    note_cell.fill = INPUT_FILL
                    note_cell.protection = UNLOCKED
                slots.append(Slot(element.code, first.option.code if first.option else None, COMMENT, FORM_SHEET,
                                  note_cell.coordinate))
            if note_col < width:
                ws.merge_cells(start_row=row_no, start_column=note_col, end_row=row_no, end_column=width)
            note_width = 34 + 16 * (width - note_col)
            lines = max(1, -(-len(element.name) // 55), -(-len(comment or "") // int(note_width * 0.95)))
            ws.row_dimensions[row_no].height = 15 * lines + 3
            row_no += 1
        row_no += 1
    for dv in validations.values():
        if dv is not None and dv.sqref:
            ws.add_data_validation(dv)

    password = sheet_password()
    ws.protection.sheet = True
    ws.protection.password = password
    ws.protection.formatColumns = False  # widening a column is harmless
    ws.protection.formatRows = False

    # The identity sheet: very hidden (not even Format → Unhide shows it) and signed.
    meta = wb.create_sheet(META_SHEET)
    identity = {
        "format": FORMAT, "data_set": data_set.code, "unit": unit.code, "period": period.code,
        "version": int(submission.version),
    }
    meta["A1"] = "Thông tin nhận diện tệp của Cổng Sở Nội vụ. Không sửa trang này."
    rows = list(identity.items()) + [("generated_at", now.isoformat(timespec="seconds")), ("signature", sign(identity, slots))]
    for i, (key, value) in enumerate(rows, start=2):
        _put_code(meta.cell(row=i, column=1), key)
        if isinstance(value, int):
            meta.cell(row=i, column=2, value=value)
        else:
            _put_code(meta.cell(row=i, column=2), value)
    start = len(rows) + 3
    for col, text in enumerate(("element", "option", "kind", "sheet", "cell"), start=1):
        _put_code(meta.cell(row=start, column=col), text)
    for i, slot in enumerate(slots, start=start + 1):
        for col, text in enumerate((slot.element_code, slot.option_code, slot.kind, slot.sheet, slot.cell), start=1):
            _put_code(meta.cell(row=i, column=col), text)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    meta.protection.password = password
    wb.security = WorkbookProtection(workbookPassword=password, lockStructure=True)
    wb.active = 0

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _box(ws, row, first, last, fill=None):
    """Thin borders (and a fill) on a row of cells, merged or not."""
    for col in range(first, last + 1):
        cell = ws.cell(row=row, column=col)
        cell.border = BORDER
        if fill is not None:
            cell.fill = fill


def _write_input(cell, element, display, lock):
    """Prefill one input cell: a number for numeric elements, «Có»/«Không» for yes/no, escaped text otherwise."""
    if element.value_type == ValueType.BOOLEAN:
        if display:
            cell.value = display
        cell.alignment = Alignment(horizontal="center", vertical="top")
    elif element.is_numeric:
        if display not in (None, ""):
            cell.value = _excel_number(element, formatting.parse_number(display))
        cell.number_format = INTEGER_FORMAT if element.value_type in (ValueType.INTEGER, ValueType.MONEY) else DECIMAL_FORMAT
        cell.alignment = Alignment(horizontal="right", vertical="top")
    else:
        if display:
            _put_text(cell, display)
        cell.alignment = WRAP
    if not lock:
        cell.fill = INPUT_FILL
        cell.protection = UNLOCKED


# ---------------------------------------------------------------------------------------------
# Upload: read and check the file
# ---------------------------------------------------------------------------------------------

NOT_EXCEL = (
    "Tệp không phải Excel (.xlsx). Vui lòng tải biểu mẫu Excel từ Cổng, nhập số liệu vào đó rồi tải lên "
    "(không đổi đuôi tệp .xls, .csv, .pdf thành .xlsx; tệp .xls cũ hãy mở bằng Excel và lưu thành .xlsx)."
)
MACRO = (
    "Tệp có chứa macro (.xlsm) nên không được nhận vì lý do an toàn. Vui lòng tải lên tệp .xlsx tải từ Cổng "
    "(nếu cần, dùng Lưu thành → Sổ làm việc Excel .xlsx)."
)
NOT_OURS = (
    "Tệp không phải biểu mẫu tải từ Cổng{detail}. Vui lòng tải biểu mẫu Excel từ trang nhập liệu, "
    "nhập số liệu vào chính tệp đó rồi tải lên."
)


def _megabytes(n):
    return formatting.number(round(Decimal(n) / (1024 * 1024), 1))


def _too_big(max_bytes):
    return UploadRejected(f"Tệp lớn hơn giới hạn {_megabytes(max_bytes)} MB cho phép. Vui lòng kiểm tra lại tệp.")


def read_bytes(source, max_bytes=MAX_UPLOAD_BYTES):
    """(data, name) of an upload, a path or a file-like object, refusing more than `max_bytes`
    before reading it all (the guard's reader, with this module's message)."""
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "") or ""
    try:
        data = read_limited(source, max_bytes)
    except Refused:
        raise _too_big(max_bytes) from None
    return data, os.path.basename(str(name))


@dataclass
class LoadedWorkbook:
    """An uploaded workbook that passed the file checks and whose `_meta` signature is valid."""

    data: bytes
    name: str
    identity: dict  # format, data_set, unit, period (codes), version (int)
    slots: list  # [Slot]
    cells: dict  # sheet name → {"D12": core.imports.sheets.Cell} of the sheets the slots name

    @property
    def sheetnames(self):
        return list(self.cells)

    @property
    def version(self):
        return self.identity["version"]

    def describe(self):
        """"biểu mẫu «…» của …, kỳ …" for the file, with names when the codes are known."""
        return _describe(self.identity["data_set"], self.identity["unit"], self.identity["period"])

    def resolve(self):
        """(data_set, unit, period) the file is for; UploadRejected when one no longer exists."""
        try:
            return (
                DataSet.objects.get(code=self.identity["data_set"]),
                OrgUnit.objects.get(code=self.identity["unit"]),
                Period.objects.get(code=self.identity["period"]),
            )
        except (DataSet.DoesNotExist, OrgUnit.DoesNotExist, Period.DoesNotExist):
            raise UploadRejected(
                f"Tệp là {self.describe()}, nhưng biểu mẫu, đơn vị hoặc kỳ báo cáo này không còn trên Cổng."
            ) from None


def _describe(data_set_code, unit_code, period_code):
    ds = DataSet.objects.filter(code=data_set_code).first()
    unit = OrgUnit.objects.filter(code=unit_code).first()
    period = Period.objects.filter(code=period_code).first()
    ds_text = f"«{ds.name}» ({ds.code})" if ds else f"«{data_set_code}»"
    unit_text = unit.name if unit else f"đơn vị mã {unit_code}"
    period_text = period.label if period else f"kỳ mã {period_code}"
    return f"biểu mẫu {ds_text} của {unit_text}, kỳ {period_text}"


def _rejected(refusal: Refused):
    if refusal.code == "macro":
        return UploadRejected(MACRO)
    if refusal.code in ("not_zip", "corrupt"):
        return UploadRejected(NOT_EXCEL)
    return UploadRejected(refusal.message)


def load_workbook_file(source, *, max_bytes=MAX_UPLOAD_BYTES) -> LoadedWorkbook:
    """Run every file check and verify `_meta`; raise UploadRejected with the reason.

    The package passes the guard (size, zip sanity, macro, every part inflated under
    `FORM_LIMITS`, every sheet's range), then `_meta` (the signature) is read and verified BEFORE
    the form sheet is parsed; each sheet is parsed once."""
    data, name = read_bytes(source, max_bytes)
    if name.lower().endswith(MACRO_EXTENSIONS):
        raise UploadRejected(MACRO)
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRejected(NOT_EXCEL)
    limits = dataclasses.replace(FORM_LIMITS, max_bytes=max_bytes)
    try:
        package = open_package(data, limits)
        book = sheets.check_workbook(package, limits)
        if META_SHEET not in book.names:
            raise UploadRejected(NOT_OURS.format(detail=" (thiếu phần nhận diện)"))
        strings = sheets.shared_strings(package)
        dates = sheets.date_styles(package)
        read = {}

        def cells_of(sheet):
            if sheet not in read:
                read[sheet] = sheets.read_cells(package, book.path(sheet), sheet, strings=strings, dates=dates,
                                                date1904=book.date1904)
            return read[sheet]

        identity, slots = _read_meta(cells_of(META_SHEET))
        for sheet in dict.fromkeys(slot.sheet for slot in slots):
            if sheet in book.names:
                cells_of(sheet)
    except Refused as refusal:
        raise _rejected(refusal) from None
    cells = {sheet: read[sheet] for sheet in dict.fromkeys(slot.sheet for slot in slots) if sheet in read}
    return LoadedWorkbook(data=data, name=name, identity=identity, slots=slots, cells=cells)


def _grid(cells):
    """{row: {column: value}} of a sheet's cells."""
    grid = {}
    for ref, cell in cells.items():
        match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        grid.setdefault(int(match.group(2)), {})[sheets.column_number(match.group(1))] = cell.value
    return grid


def _meta_text(value):
    if value is None:
        return None
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def _read_meta(cells):
    grid = _grid(cells)
    fields, slots, in_table = {}, [], False
    for number in sorted(n for n in grid if n >= 2):
        row = [grid[number].get(col) for col in range(1, 6)]
        if not in_table:
            if row[0] == "element":
                in_table = True
            elif row[0] is not None:
                fields[str(row[0])] = row[1]
            continue
        if row[0] is None:
            continue
        element, option, kind, sheet, cell = (_meta_text(v) for v in row)
        if kind not in (VALUE, COMMENT) or not sheet or not cell:
            raise UploadRejected(NOT_OURS.format(detail=" (phần nhận diện không đọc được)"))
        slots.append(Slot(element, option or None, kind, sheet, cell))
    try:
        identity = {
            "format": str(fields["format"]),
            "data_set": str(fields["data_set"]),
            "unit": str(fields["unit"]),
            "period": str(fields["period"]),
            "version": int(fields["version"]),
        }
        signature = str(fields["signature"])
    except (KeyError, TypeError, ValueError, ArithmeticError):
        raise UploadRejected(NOT_OURS.format(detail=" (phần nhận diện không đầy đủ)")) from None
    if not constant_time_compare(signature, sign(identity, slots)):
        raise UploadRejected(NOT_OURS.format(detail=" hoặc phần nhận diện của tệp đã bị sửa"))
    if identity["format"] != FORMAT:
        raise UploadRejected(NOT_OURS.format(detail=f" theo mẫu hiện hành (tệp theo mẫu {identity['format']})"))
    return identity, slots


def check_same_form(loaded, submission):
    """Refuse a file made for another data set, unit or period than `submission`."""
    mismatched = [
        what
        for what, file_code, page_code in (
            ("biểu mẫu khác", loaded.identity["data_set"], submission.data_set.code),
            ("đơn vị khác", loaded.identity["unit"], submission.unit.code),
            ("kỳ báo cáo khác", loaded.identity["period"], submission.period.code),
        )
        if file_code != page_code
    ]
    if mismatched:
        page = _describe(submission.data_set.code, submission.unit.code, submission.period.code)
        raise UploadRejected(
            f"Tệp thuộc {formatting.join_list(mismatched)}: tệp là {loaded.describe()}; "
            f"trang này là {page}. Vui lòng tải lên đúng tệp của biểu mẫu này, hoặc mở đúng trang của tệp."
        )


# ---------------------------------------------------------------------------------------------
# Upload: read the cells and save
# ---------------------------------------------------------------------------------------------


def _cell_number(value):
    """A number from a cell (Decimal as stored, or int/float) as a Decimal without binary noise
    (0.1+0.2 → 0.3). ValueError «Số quá lớn» from 1e22 on, or for infinity/NaN: beyond that the
    6-place rounding needs more than Decimal's 28 digits."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(TOO_BIG)
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite() or value.copy_abs() >= HUGE_NUMBER:  # copy_abs: abs(1e999999999) overflows
            raise ValueError(TOO_BIG)
        rounded = round(value, 6)
        return rounded.normalize() if abs(value - rounded) < Decimal("1e-9") else value
    if isinstance(value, int) and abs(value) >= HUGE_NUMBER:
        raise ValueError(TOO_BIG)
    return value


def _finite(value):
    try:
        return Decimal(value).is_finite() if not isinstance(value, float) else value - value == 0
    except (ArithmeticError, ValueError):
        return False


@dataclass
class _Read:
    entries: dict  # (element, option) → {"value", "comment"}
    where: dict  # (element_id, option_id) → (Slot, raw value)
    errors: dict  # (element_id, option_id) → reason (found while reading)
    labels: dict  # (element_id, option_id) → label


def _label(element, option):
    return element.name + (f" ({option.name})" if option else "")


def read_cells(loaded, data_set):
    """Read every input cell listed in `_meta` into `save_values` entries."""
    elements = {
        p.element.code: p.element
        for p in SectionElement.objects.filter(section__data_set=data_set).select_related("element")
    }
    combo_ids = {e.combo_id for e in elements.values() if e.combo_id}
    options = {(o.combo_id, o.code): o for o in CategoryOption.objects.filter(combo_id__in=combo_ids)}
    outdated = UploadRejected(
        "Biểu mẫu trên Cổng đã thay đổi sau khi tệp này được tải (chỉ tiêu hoặc phân tổ khác). "
        "Vui lòng tải biểu mẫu Excel mới và nhập lại."
    )
    read = _Read(entries={}, where={}, errors={}, labels={})
    by_key, pairs = {}, {}
    for slot in loaded.slots:
        element = elements.get(slot.element_code)
        if element is None:
            raise outdated
        option = None
        if slot.option_code is not None:
            option = options.get((element.combo_id, slot.option_code))
            if option is None:
                raise outdated
        elif element.combo_id:
            raise outdated
        if slot.sheet not in loaded.cells:
            raise UploadRejected(f"Tệp thiếu trang «{slot.sheet}» của biểu mẫu; vui lòng tải biểu mẫu Excel mới.")
        key = (element.pk, option.pk if option else None)
        entry = by_key.get(key)
        if entry is None:
            entry = by_key[key] = read.entries[(element, option)] = {"value": None}
            pairs[key] = (element, option)
            read.labels[key] = _label(element, option)
        if not re.fullmatch(r"[A-Z]{1,3}[1-9][0-9]{0,6}", slot.cell):
            raise outdated
        found = loaded.cells[slot.sheet].get(slot.cell)
        raw = found.value if found is not None else None
        typed = found.formula if found is not None and found.formula else raw
        if slot.kind == COMMENT:
            read.where.setdefault(key, (slot, raw))
            try:
                entry["comment"] = text_rules.clean(unescape_text(raw), "Ghi chú").strip() if raw is not None else ""
            except ValidationError as exc:
                read.where[key] = (slot, raw)
                read.errors[key] = exc.messages[0]
            continue
        read.where[key] = (slot, raw if raw is not None else typed)
        if raw is None and isinstance(typed, str) and typed.startswith("="):
            read.errors[key] = (
                f"Ô có công thức «{typed}» nhưng chưa có kết quả tính. Mở tệp bằng Excel, lưu lại rồi tải lên, "
                "hoặc nhập số trực tiếp."
            )
            continue
        if isinstance(raw, str):
            raw = unescape_text(raw) if not element.is_numeric else raw
            try:
                raw = text_rules.clean(raw, read.labels[key])
            except ValidationError as exc:
                read.errors[key] = exc.messages[0]
                continue
        elif isinstance(raw, bool):
            raw = str(raw)
        elif isinstance(raw, (int, float, Decimal)):
            try:
                raw = _cell_number(raw)
            except ValueError as exc:
                read.errors[key] = f"{exc}: ô chứa {'vô cực' if not _finite(raw) else 'số từ 10²² trở lên'}; " \
                                   "hãy nhập đúng số liệu."
                continue
        elif raw is not None:
            raw = str(raw)  # a date or time typed in a number cell: parse_cell explains
        entry["value"] = raw
    for key in read.errors:
        # Cells already wrong are left out of the save; the upload fails anyway.
        read.entries.pop(pairs[key], None)
    return read


def apply_workbook(loaded, submission, user, *, expected_version, source="excel", check_permission=True) -> ApplyResult:
    """Save every input cell of `loaded` into `submission` in one atomic write.

    Raises services.PermissionDenied / Locked / Conflict unchanged, UploadRejected when the file no
    longer matches the form's layout, InvalidUpload (with feedback) when cells are wrong.
    """
    read = read_cells(loaded, submission.data_set)
    with transaction.atomic():
        try:
            result = services.save_values(
                submission, user, read.entries, expected_version=expected_version, source=source,
                check_permission=check_permission,
            )
        except services.InvalidValues as exc:
            raise _invalid(loaded, read, {**read.errors, **exc.errors}) from None
        if read.errors:
            raise _invalid(loaded, read, read.errors)  # rolls the save back
    changes = []
    if result.changed:
        rows = DataValueChange.objects.filter(submission=submission, version=result.version).select_related(
            "element", "option"
        ).order_by("id")
        changes = [
            Change(c.element.code, c.option.code if c.option else None, _label(c.element, c.option),
                   c.old_value, c.new_value, c.old_comment, c.new_comment)
            for c in rows
        ]
    notices = []
    if result.changed and expected_version is not None and loaded.version != expected_version:
        notices.append(
            f"Số liệu trên Cổng đã được sửa sau khi tệp này được tải (phiên bản {loaded.version} → {expected_version}); "
            "số liệu trong tệp đã thay thế số liệu trên Cổng. Xem danh sách thay đổi."
        )
    return ApplyResult(submission=submission, changed=result.changed, version=result.version, changes=changes,
                       warnings=notices + list(result.warnings))


def read_upload(uploaded_file, submission, user, *, max_bytes=MAX_UPLOAD_BYTES) -> ApplyResult:
    """Check an uploaded .xlsx and apply it to `submission` (the form whose page it was uploaded on).

    Raises services.PermissionDenied (before reading the file), UploadRejected (file refused),
    services.Locked / Conflict (from save_values), InvalidUpload (bad cells; `.feedback`).
    The whole form is written at once: the file's values replace the portal's.
    """
    if not services.can_enter(user, submission.unit, submission.period):
        raise services.PermissionDenied("Anh/chị không có quyền nhập số liệu cho đơn vị này.")
    loaded = load_workbook_file(uploaded_file, max_bytes=max_bytes)
    check_same_form(loaded, submission)
    # The upload is one atomic write: it overwrites whatever is on the portal now (the result
    # lists what changed); a save racing with it between here and save_values gets a Conflict.
    current = Submission.objects.values_list("version", flat=True).get(pk=submission.pk)
    return apply_workbook(loaded, submission, user, expected_version=current, source="excel")


# ---------------------------------------------------------------------------------------------
# Feedback workbook
# ---------------------------------------------------------------------------------------------


def _shown(value):
    return "" if value is None else str(value)


def _invalid(loaded, read, errors):
    cells = []
    for key, reason in errors.items():
        slot, raw = read.where[key]
        cells.append(CellError(slot.sheet, slot.cell, slot.element_code, slot.option_code, read.labels[key], raw, reason))
    order = {(s.sheet, s.cell): i for i, s in enumerate(loaded.slots)}
    cells.sort(key=lambda c: order.get((c.sheet, c.cell), 0))
    return InvalidUpload(errors, cells, build_feedback(loaded, cells))


def build_feedback(loaded, cells) -> bytes:
    """The uploaded workbook with each bad cell red and commented, and a "Lỗi" sheet listing them."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(loaded.data))  # bounded: the file passed the guard
    except Exception:  # noqa: BLE001 - a cell openpyxl cannot read (e.g. «inf»): the list alone
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
    # A feedback file uploaded again: clear the previous marks first.
    for slot in loaded.slots:
        if slot.kind == VALUE and slot.sheet in wb.sheetnames:
            cell = wb[slot.sheet][slot.cell]
            if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
                cell.comment = None
            if cell.fill == ERROR_FILL:
                cell.fill = INPUT_FILL
    if ERROR_SHEET in wb.sheetnames:
        del wb[ERROR_SHEET]
    for error in cells:
        if error.sheet not in wb.sheetnames:
            continue
        cell = wb[error.sheet][error.cell]
        cell.fill = ERROR_FILL
        comment = Comment(safe_text(f"Lỗi: {error.reason}"), COMMENT_AUTHOR)
        comment.width, comment.height = 300, 110
        cell.comment = comment
    sheet = wb.create_sheet(ERROR_SHEET, 0)
    header = ("Ô", "Chỉ tiêu", "Giá trị đã nhập", "Lý do")
    for col, text in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
    for row, error in enumerate(cells, start=2):
        link = sheet.cell(row=row, column=1, value=error.cell)
        link.hyperlink = f"#'{error.sheet}'!{error.cell}"
        link.font = Font(color="0563C1", underline="single")
        _put_text(sheet.cell(row=row, column=2), error.label)
        shown = sheet.cell(row=row, column=3)
        if isinstance(error.value, (int, float, Decimal)) and not isinstance(error.value, bool) \
                and _finite(error.value) and Decimal(error.value).copy_abs() < HUGE_NUMBER:
            shown.value = _cell_number(error.value)  # a number as typed (no formula risk)
        else:
            _put_text(shown, _shown(error.value))
        _put_text(sheet.cell(row=row, column=4), error.reason)
        for col in range(1, 5):
            sheet.cell(row=row, column=col).border = BORDER
            sheet.cell(row=row, column=col).alignment = WRAP
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 50
    sheet.column_dimensions["C"].width = 18
    sheet.column_dimensions["D"].width = 70
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == ERROR_SHEET
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
