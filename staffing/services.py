"""Writes of the staffing app: Excel imports of the registers (all-or-nothing), with templates,
a dry-run preview, a feedback workbook for bad rows, and import jobs (inline or Celery).

The flow the portal and `bench/import_civil_servants.py` share:

    table = read_workbook(data, kind)                  # InvalidFile when the file can't be used
    outcome = run_import(kind, data, dry_run=True)     # preview: counts, first rows, problems
    outcome = run_import(kind, data, dry_run=False)    # one transaction; nothing saved on any error

Import jobs wrap that for the pages: `start_import` saves the upload and checks it (inline for
small files, a Celery task from `ASYNC_THRESHOLD` rows), `confirm_import` applies it.
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from dataclasses import dataclass, field

import openpyxl
import tablib
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core import formatting, jobs
from core.access import READ, scope_for
from staffing import resources as res
from staffing import xlsx
from staffing.models import ImportJob, ImportKind, ImportStatus
from staffing.selectors import can_import

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
ASYNC_THRESHOLD = 2_000  # rows; from here a file is checked and imported by a Celery task
DATA_SHEET = "Dữ liệu"
GUIDE_SHEET = "Hướng dẫn"
ERROR_SHEET = "Lỗi"
BAD_ROWS_SHEET = "Dòng lỗi"

# ---------------------------------------------------------------------------------------------
# Errors (Vietnamese messages for the user)
# ---------------------------------------------------------------------------------------------


class StaffingError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PermissionDenied(StaffingError):
    pass


class InvalidFile(StaffingError):
    """The file cannot be read as the chosen kind (not .xlsx, missing columns, empty, too big)."""


class InvalidState(StaffingError):
    pass


# ---------------------------------------------------------------------------------------------
# Reading a workbook
# ---------------------------------------------------------------------------------------------


def _norm_header(value):
    return " ".join(formatting.nfc(str(value or "")).replace("*", " ").split()).casefold()


@dataclass
class Table:
    dataset: tablib.Dataset
    row_numbers: list  # file row number of each dataset row


def _check_package(data):
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidFile(f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InvalidFile("Tệp không phải bảng tính Excel .xlsx. Vui lòng dùng tệp mẫu tải từ cổng.")


def _sheet_rows(data):
    """[(row number, [values])] of the data sheet («Dữ liệu», else the first sheet), read by the
    guarded reader (`staffing.xlsx`); its refusal is final."""
    _check_package(data)
    try:
        return list(xlsx.iter_rows(data, prefer_sheet=DATA_SHEET))
    except xlsx.XlsxError as exc:
        raise InvalidFile(exc.message) from None


def read_workbook(data, kind):
    """The data sheet as a tablib Dataset with the kind's canonical headers (template order).

    The header row is the first row holding a required header (within the first 20 rows); blank
    rows are skipped; optional columns missing from the file are added empty; unknown columns are
    ignored. Raises InvalidFile with the reason in Vietnamese.
    """
    cols = res.columns(kind)
    by_norm = {_norm_header(header): header for header, _name in cols}
    required = res.required_headers(kind)
    rows = _sheet_rows(data)
    positions = None
    start = 0
    for index, (number, values) in enumerate(rows[:20]):
        found = {}
        for position, value in enumerate(values):
            header = by_norm.get(_norm_header(value))
            if header and header not in found:
                found[header] = position
        if any(h in found for h in required):
            positions, start = found, index + 1
            break
    if positions is None:
        raise InvalidFile("Không tìm thấy dòng tiêu đề cột. Vui lòng dùng tệp mẫu tải từ cổng.")
    missing = [h for h in required if h not in positions]
    if missing:
        raise InvalidFile("Tệp thiếu cột: " + "; ".join(f"«{h}»" for h in missing) + ".")
    order = [positions.get(header) for header, _name in cols]
    dataset = tablib.Dataset(headers=[header for header, _name in cols])
    row_numbers = []
    for number, values in rows[start:]:
        if not values or values.count(None) == len(values) or all(
                v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        width = len(values)
        dataset.append([values[i] if i is not None and i < width else None for i in order])
        row_numbers.append(number)
        if len(row_numbers) > MAX_ROWS:
            raise InvalidFile(f"Tệp có quá {formatting.number(MAX_ROWS)} dòng; vui lòng chia nhỏ tệp.")
    if not row_numbers:
        raise InvalidFile("Tệp không có dòng dữ liệu nào.")
    return Table(dataset, row_numbers)


# ---------------------------------------------------------------------------------------------
# Templates and feedback workbooks
# ---------------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="9C2A00")
ERROR_FILL = PatternFill("solid", fgColor="F8D7DA")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

GUIDE = {
    "cong_chuc": [
        "Mỗi dòng là một cán bộ, công chức, viên chức; «Mã số CBCCVC» là khóa nhận diện: nhập lại cùng mã số thì cập nhật, không tạo trùng.",
        "Khi cập nhật người đã có: ô để trống thì giữ nguyên giá trị đang lưu; muốn xóa giá trị đang lưu thì ghi «(xóa)» vào ô (không dùng cho cột bắt buộc).",
        "Người đang công tác phải thuộc đơn vị còn hoạt động vào ngày nhập tệp; đơn vị đã giải thể, sáp nhập thì ghi đơn vị hiện nay.",
        "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 05/01/1985.",
        "«Mã đơn vị» là mã trên trang Đơn vị của cổng (ví dụ SYT, VITHANH, VITHANH-HOALUU).",
        "«Đang công tác» để trống được hiểu là «Có».",
    ],
    "bien_dong": [
        "Mỗi dòng là một quyết định cho một người (ghi «Mã số CBCCVC», «Số trường hợp» = 1) hoặc một dòng tổng hợp nhiều trường hợp (để trống mã số, ghi «Số trường hợp»).",
        "Khóa nhận diện: loại quyết định, mã đơn vị, số quyết định, ngày hiệu lực và mã số CBCCVC; nhập lại cùng khóa thì cập nhật, không tạo trùng.",
        "Quyết định cho một người ghi đơn vị của người đó vào ngày hiệu lực (thuyên chuyển, điều động, biệt phái, tiếp nhận: đơn vị chuyển đi hoặc chuyển đến).",
        "Khi cập nhật dòng đã có: ô để trống thì giữ nguyên giá trị đang lưu; ghi «(xóa)» để xóa giá trị đang lưu.",
        "«Cấp» để trống thì lấy theo loại đơn vị (xã, huyện, tỉnh); «Hình thức giải quyết» để trống là «Thẩm định, thống nhất» (chọn «Ban hành quyết định» cho trường hợp đã có quyết định).",
        "Ngày ghi theo dạng ngày/tháng/năm; số ghi dấu chấm ngăn cách hàng nghìn, ví dụ 1.360.",
    ],
    "bien_che": [
        "Mỗi dòng là biên chế của một đơn vị trong một năm theo một loại; khóa nhận diện: mã đơn vị, năm, loại biên chế.",
        "«Lấy số đã sử dụng từ danh sách» = Có: số đã sử dụng được đếm từ danh sách cán bộ, công chức, viên chức của đơn vị; Không: dùng cột «Số đã sử dụng».",
        "Khi cập nhật dòng đã có: ô để trống thì giữ nguyên giá trị đang lưu; ghi «(xóa)» để xóa giá trị đang lưu.",
    ],
}


def safe_text(value):
    """A value for a cell that Excel never evaluates as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def build_template(kind):
    """An empty .xlsx for `kind`: the data sheet with Vietnamese headers (required ones marked),
    drop-downs for the choice columns, and a guide sheet with the allowed values."""
    cols = res.columns(kind)
    required = set(res.required_headers(kind))
    choices = res.choice_labels(kind)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
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
            validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)
        if "Ngày" in header or header in ("Mã số CBCCVC", "Số quyết định", "Mã đơn vị"):
            # Text cells: Excel must not turn 05/01/2021 into a US date or drop leading zeros.
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 120
    guide.cell(row=1, column=1, value=f"Hướng dẫn nhập: {ImportKind(kind).label}").font = Font(bold=True, size=13)
    line = 3
    for text in GUIDE[kind] + ["Cột tiêu đề màu đỏ là cột bắt buộc. Không đổi tên cột, không chèn dòng trên dòng tiêu đề.",
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


def build_feedback(kind, problems, table=None):
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
            reason = rows_sheet.cell(row=line, column=len(cols), value=safe_text("; ".join(bad[number])))
            reason.fill = ERROR_FILL
            line += 1
        rows_sheet.freeze_panes = "B2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Running an import
# ---------------------------------------------------------------------------------------------

TYPE_LABELS = {"new": "Thêm mới", "update": "Cập nhật", "skip": "Không thay đổi", "invalid": "Có lỗi", "error": "Có lỗi"}


@dataclass
class ImportOutcome:
    kind: str
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    problems: list = field(default_factory=list)  # [{"row", "column", "value", "message"}]
    preview: list = field(default_factory=list)  # [{"row", "status", "values": [...]}]
    headers: list = field(default_factory=list)
    saved: bool = False
    dry_run: bool = True
    table: Table | None = field(default=None, repr=False)

    @property
    def ok(self):
        return not self.problems

    @property
    def bad_rows(self):
        return sorted({p["row"] for p in self.problems if p["row"]})

    def counts(self):
        return {"total": self.total, "new": self.new, "update": self.updated, "skip": self.unchanged,
                "invalid": len(self.bad_rows)}


def allowed_unit_ids(user):
    """Units whose registers `user` may import (None = all); PermissionDenied for non-staff."""
    scope = scope_for(user)
    if not can_import(scope):
        raise PermissionDenied("Chỉ chuyên viên Sở Nội vụ được nhập dữ liệu từ Excel.")
    return None if scope.is_admin else set(scope.changing().unit_ids(READ))


def _display(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return formatting.short_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return formatting.nfc(str(value))


def run_import(kind, data, *, unit_ids=None, dry_run=True, progress=None, table=None):
    """Check (dry run) or apply a file of `kind`; all-or-nothing. Returns an ImportOutcome.

    `unit_ids`: the units rows may name (None = any); `progress(done, total)` is called now and then.
    Raises InvalidFile when the file itself can't be used.
    """
    if kind not in res.RESOURCES:
        raise InvalidFile("Loại dữ liệu không hợp lệ.")
    table = table or read_workbook(data, kind)
    resource = res.RESOURCES[kind](allowed_unit_ids=unit_ids, progress=progress)
    resource.row_numbers = table.row_numbers
    preview_types = {}
    original_after = resource.after_import_row

    def remember(row, row_result, **kwargs):
        number = kwargs.get("row_number") or 0
        if number <= res.PREVIEW_ROWS:
            preview_types[number] = row_result.import_type
        original_after(row, row_result, **kwargs)

    resource.after_import_row = remember
    result = resource.import_data(
        table.dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )
    columns = {name: header for header, name in res.columns(kind)}
    outcome = ImportOutcome(kind=kind, total=len(table.dataset), dry_run=dry_run, table=table,
                            headers=list(table.dataset.headers))
    outcome.new = result.totals.get("new", 0)
    outcome.updated = result.totals.get("update", 0)
    outcome.unchanged = result.totals.get("skip", 0)
    headers = table.dataset.headers
    for invalid in result.invalid_rows:
        number = resource.file_row(invalid.number)
        values = list(invalid.values or ())
        for attribute, messages in invalid.error_dict.items():
            column = columns.get(attribute, "")
            value = _display(values[headers.index(column)]) if column in headers and values else ""
            for message in messages:
                outcome.problems.append({"row": number, "column": column, "value": value, "message": message})
    for error_row in result.error_rows:
        number = resource.file_row(error_row.number)
        for error in error_row.errors:
            log.warning("Lỗi khi nhập dòng %s: %r", number, error.error)
            outcome.problems.append({"row": number, "column": "", "value": "",
                                     "message": "Lỗi hệ thống khi xử lý dòng này; vui lòng báo quản trị hệ thống."})
    for error in result.base_errors:
        log.error("Lỗi khi nhập tệp %s: %r", kind, error.error)
        outcome.problems.append({"row": 0, "column": "", "value": "", "message": _base_error_message(error.error)})
    outcome.problems.sort(key=lambda p: (p["row"], list(columns.values()).index(p["column"]) if p["column"] in columns.values() else -1))
    outcome.invalid = len(outcome.bad_rows)
    for number in range(1, min(res.PREVIEW_ROWS, len(table.dataset)) + 1):
        import_type = preview_types.get(number, "invalid")
        outcome.preview.append({
            "row": table.row_numbers[number - 1],
            "status": import_type,
            "status_label": TYPE_LABELS.get(import_type, import_type),
            "values": [_display(v) for v in table.dataset[number - 1]],
            # «Trường: cũ → mới» for every field an updated row changes.
            "changes": resource.changes.get(number, []) if import_type == "update" else [],
        })
    outcome.saved = not dry_run and outcome.ok
    return outcome


def _base_error_message(error):
    from django.db import IntegrityError

    if isinstance(error, IntegrityError):
        return "Dữ liệu vừa được thay đổi bởi một lượt nhập khác; chưa lưu dòng nào. Vui lòng kiểm tra và nhập lại."
    return "Lỗi hệ thống khi lưu dữ liệu; chưa lưu dòng nào. Vui lòng báo quản trị hệ thống."


# ---------------------------------------------------------------------------------------------
# Import jobs (the portal's flow)
# ---------------------------------------------------------------------------------------------


class ProgressWriter:
    """Writes a job's progress (%) while an import runs inside its transaction.

    The write goes through a separate connection so the progress page sees it before the import
    commits; on SQLite (one writer at a time, eager tasks) progress is only written between phases.
    """

    def __init__(self, job_id, low=0, high=100):
        self.job_id, self.low, self.high = job_id, low, high
        self.last = -1
        self.side = None
        if connection.vendor == "postgresql":
            try:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            except Exception:  # noqa: BLE001 - progress is best effort
                self.side = None

    def __call__(self, done, total):
        if self.side is None or not total:
            return
        percent = self.low + (self.high - self.low) * done // total
        if percent == self.last:
            return
        self.last = percent
        try:
            with self.side.cursor() as cursor:
                # The progress write is also the job's heartbeat (core.jobs: a silent job is stale).
                cursor.execute(f"UPDATE {ImportJob._meta.db_table} SET progress = %s, heartbeat_at = %s WHERE id = %s",
                               [percent, timezone.now(), self.job_id])
        except Exception:  # noqa: BLE001
            log.warning("Không ghi được tiến độ nhập %s", self.job_id, exc_info=True)
            self.close()

    def close(self):
        if self.side is not None:
            try:
                self.side.close()
            finally:
                self.side = None


def _job_data(job):
    job.file.open("rb")
    try:
        return job.file.read()
    finally:
        job.file.close()


def _table_json(table):
    """The parsed rows as JSON (dates written dd/mm/yyyy, which the date widget reads back)."""
    def cell(value):
        if hasattr(value, "strftime"):
            return formatting.short_date(value)
        return value

    return json.dumps({
        "headers": list(table.dataset.headers),
        "rows": [[cell(v) for v in row] for row in table.dataset],
        "row_numbers": table.row_numbers,
    }, ensure_ascii=False).encode()


def _cached_table(job):
    """The rows read when the job was checked, or None (then the Excel file is read again)."""
    if not job.parsed:
        return None
    try:
        job.parsed.open("rb")
        try:
            payload = json.loads(job.parsed.read())
        finally:
            job.parsed.close()
        dataset = tablib.Dataset(*[tuple(row) for row in payload["rows"]], headers=payload["headers"])
        if list(dataset.headers) != [h for h, _n in res.columns(job.kind)]:
            return None
        return Table(dataset, payload["row_numbers"])
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("Không đọc được dữ liệu đã lưu của lượt nhập %s; đọc lại tệp Excel.", job.pk)
        return None


def _store_outcome(job, outcome, *, status):
    job.counts = outcome.counts()
    job.total_rows = outcome.total
    job.preview = outcome.preview
    job.errors = outcome.problems[:500]
    job.status = status
    job.progress = 100
    if outcome.problems:
        name = f"phan-hoi-loi-{job.pk}.xlsx"
        job.feedback.save(name, ContentFile(build_feedback(job.kind, outcome.problems, outcome.table)), save=False)
        job.message = (f"Tệp có {formatting.count(outcome.invalid) if outcome.invalid else 'một số'} dòng lỗi; "
                       "chưa lưu dòng nào. Tải tệp phản hồi để xem lý do từng dòng, sửa rồi tải lên lại.")
    job.finished_at = timezone.now()
    job.save()


def start_import(user, kind, uploaded, *, skip_preview=False):
    """Save the upload as a job and check it: inline for small files, a Celery task for large ones.

    `skip_preview`: no stop at the preview; the file is checked and saved in one pass (still
    all-or-nothing: a file with a bad row saves nothing and gets its feedback workbook)."""
    unit_ids = allowed_unit_ids(user)  # permission first
    if kind not in res.RESOURCES:
        raise InvalidFile("Vui lòng chọn loại dữ liệu cần nhập.")
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise InvalidFile(f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).")
    data = uploaded.read()
    _check_package(data)
    last = xlsx.last_row(data, prefer_sheet=DATA_SHEET)
    table = None
    if last is None or last - 1 < ASYNC_THRESHOLD:
        table = read_workbook(data, kind)  # a file that can't be used is refused on the upload page
        rows = len(table.dataset)
    else:
        rows = last - 1  # a large file is read by the worker; its problems show on the job page
    name = formatting.nfc(getattr(uploaded, "name", "") or "tep.xlsx")[-200:]
    job = ImportJob(kind=kind, user=user, original_name=name, total_rows=rows, skip_preview=skip_preview)
    job.file.save(f"nhap-{kind}.xlsx", ContentFile(data), save=False)
    if table is not None and rows >= ASYNC_THRESHOLD:
        # Read here already (the file gave no size): the worker starts from these rows, not the file.
        job.parsed.save(f"du-lieu-{kind}.json", ContentFile(_table_json(table)), save=False)
    job.save()
    if rows >= ASYNC_THRESHOLD:
        from staffing import tasks

        transaction.on_commit(lambda: tasks.check_import.delay(job.pk))
        job.refresh_from_db()  # outside a transaction (a script), the eager task has already run
        return job
    return check_job(job.pk, unit_ids=unit_ids, data=data, table=table)


def check_job(job_id, *, unit_ids=None, data=None, table=None):
    """The dry run of a job: counts, preview, problems and feedback; READY or INVALID.
    A job uploaded with `skip_preview` is applied instead (DONE or INVALID)."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.skip_preview:
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.UPLOADED).update(
            status=ImportStatus.IMPORTING, progress=0, **jobs.beat())
        if not claimed and job.status != ImportStatus.IMPORTING:  # a re-delivered task after the job ended
            return job
        return apply_job(job.pk, unit_ids=unit_ids, data=data, table=table)
    if unit_ids is None and not scope_for(job.user).is_admin:
        unit_ids = allowed_unit_ids(job.user)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, progress=0, **jobs.beat())
    progress = ProgressWriter(job.pk)
    try:
        table = table if table is not None else _cached_table(job)
        outcome = run_import(job.kind, data if data is not None or table is not None else _job_data(job),
                             unit_ids=unit_ids, dry_run=True, progress=progress, table=table)
    except InvalidFile as exc:
        job.status, job.message, job.progress, job.finished_at = ImportStatus.INVALID, exc.message, 100, timezone.now()
        job.save()
        return job
    finally:
        progress.close()
    if outcome.ok:
        job.message = ""
        if not job.parsed:
            job.parsed.save(f"du-lieu-{job.pk}.json", ContentFile(_table_json(outcome.table)), save=False)
    _store_outcome(job, outcome, status=ImportStatus.READY if outcome.ok else ImportStatus.INVALID)
    return job


def confirm_import(user, job):
    """Apply a checked job (READY): inline, or a Celery task for large files. Only its owner may."""
    allowed_unit_ids(user)
    if job.user_id != user.pk and not scope_for(user).is_admin:
        raise PermissionDenied("Anh/chị chỉ xác nhận được lượt nhập do mình tải lên.")
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.IMPORTING, progress=0, **jobs.beat())
    if not claimed:
        raise InvalidState("Lượt nhập này không ở trạng thái chờ xác nhận (có thể đã được nhập).")
    if job.total_rows >= ASYNC_THRESHOLD:
        from staffing import tasks

        transaction.on_commit(lambda: tasks.apply_import.delay(job.pk))
        job.refresh_from_db()
        return job
    return apply_job(job.pk)


def rerun_import(user, job):
    """Re-run, once, a job whose worker died (stale, `core.jobs`), from its stored file or parsed
    rows: a job that was being checked is checked again, one that was being imported is imported
    again (its transaction died with the worker, so nothing was half-saved; the re-run is the same
    all-or-nothing import). Its owner, staff of the Sở or an admin may; PermissionDenied,
    InvalidState otherwise."""
    allowed_unit_ids(user)
    if not jobs.may_rerun(user, job.user_id, scope_for(user)):
        raise PermissionDenied("Anh/chị không được chạy lại lượt nhập này.")
    restart = ImportStatus.IMPORTING if job.status == ImportStatus.IMPORTING else ImportStatus.UPLOADED
    message = f"{jobs.INTERRUPTED_MESSAGE}; đang chạy lại."
    if not jobs.claim_rerun(job, status=restart, progress=0, message=message):
        if job.reruns >= jobs.MAX_RERUNS and job.status in ImportJob.RUNNING_STATUSES:
            raise InvalidState("Lượt nhập này đã được chạy lại một lần; vui lòng tải tệp lên lại.")
        raise InvalidState("Lượt nhập này không bị gián đoạn (đang chạy hoặc đã xong); không cần chạy lại.")
    log.warning("Chạy lại lượt nhập %s (%s) do %s", job.pk, restart, user)
    if job.total_rows >= ASYNC_THRESHOLD:
        from staffing import tasks

        task = tasks.apply_import if restart == ImportStatus.IMPORTING else tasks.check_import
        transaction.on_commit(lambda: task.delay(job.pk))
        job.refresh_from_db()
        return job
    if restart == ImportStatus.IMPORTING:
        return apply_job(job.pk)
    return check_job(job.pk)


def apply_job(job_id, *, unit_ids=None, data=None, table=None):
    """Import a job's file for real, all-or-nothing. Idempotent: a re-run changes nothing."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ImportStatus.DONE:
        return job
    if unit_ids is None and not scope_for(job.user).is_admin:
        unit_ids = allowed_unit_ids(job.user)
    progress = ProgressWriter(job.pk)
    try:
        table = table if table is not None else _cached_table(job)
        outcome = run_import(job.kind, data if data is not None or table is not None else _job_data(job),
                             unit_ids=unit_ids, dry_run=False, progress=progress, table=table)
    except InvalidFile as exc:
        job.status, job.message, job.finished_at = ImportStatus.INVALID, exc.message, timezone.now()
        job.save()
        return job
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message="Lỗi hệ thống khi nhập; chưa lưu dòng nào.", finished_at=timezone.now())
        raise
    finally:
        progress.close()
    if not outcome.ok and ImportJob.objects.filter(pk=job.pk, status=ImportStatus.DONE).exists():
        # A re-run raced a worker that was slow, not dead: that one saved the file (its rows made
        # this run's inserts clash); its result stands, this run saved nothing.
        job.refresh_from_db()
        return job
    if outcome.ok:
        job.message = (f"Đã nhập {formatting.number(outcome.total)} dòng: thêm mới {formatting.number(outcome.new)}, "
                       f"cập nhật {formatting.number(outcome.updated)}, không thay đổi {formatting.number(outcome.unchanged)}.")
    _store_outcome(job, outcome, status=ImportStatus.DONE if outcome.ok else ImportStatus.INVALID)
    return job


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


def export_workbook(kind, queryset):
    """The rows of `queryset` as an .xlsx in the import layout (re-importable as is)."""
    resource = res.RESOURCES[kind]()
    dataset = resource.export(queryset)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
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


# ---------------------------------------------------------------------------------------------
# Registers kept in web forms (`staffing.registers`): one save and one delete for every register
# ---------------------------------------------------------------------------------------------

import hashlib  # noqa: E402

from django.db import IntegrityError  # noqa: E402
from django.db.models import ProtectedError  # noqa: E402

from core.models import OrgUnit  # noqa: E402
from staffing.selectors import can_edit_registers  # noqa: E402

register_log = logging.getLogger("staffing.registers")


class RegisterConflict(StaffingError):
    """The row changed or vanished since the form was opened, or the save breaks a constraint."""


def register_fingerprint(instance):
    """A short hash of a row's stored values (with its many-to-many units): the version an edit
    form started from, so that a concurrent edit is refused rather than silently overwritten."""
    opts = instance._meta
    values = [(f.attname, f.value_from_object(instance)) for f in opts.concrete_fields if not f.primary_key]
    for f in opts.many_to_many:
        values.append((f.name, sorted(o.pk for o in getattr(instance, f.name).all()) if instance.pk else []))
    return hashlib.sha256(repr(values).encode()).hexdigest()[:24]


def _register_unit_ids(instance, form=None):
    """Ids of the org units a row points to (foreign keys, and many-to-many from the form or the row)."""
    opts = instance._meta
    ids = [getattr(instance, f.attname) for f in opts.concrete_fields if f.is_relation and f.related_model is OrgUnit]
    for f in opts.many_to_many:
        if f.related_model is not OrgUnit:
            continue
        if form is not None and f.name in getattr(form, "cleaned_data", {}):
            ids += [u.pk for u in form.cleaned_data[f.name]]
        elif instance.pk:
            ids += [u.pk for u in getattr(instance, f.name).all()]
    return {i for i in ids if i is not None}


def _require_register_write(user, unit_ids):
    scope = scope_for(user)
    if not can_edit_registers(scope):
        raise PermissionDenied("Chỉ chuyên viên Sở Nội vụ được thêm, sửa, xóa dữ liệu này.")
    if not scope.is_admin and not set(unit_ids) <= scope.changing().unit_ids(READ):
        raise PermissionDenied("Đơn vị đã chọn không thuộc phạm vi của anh/chị.")


def save_register_row(form, user):
    """Save a valid register form (a new row or an edit) for `user`; returns the row.

    Staff of the Sở (and admins) only, for units within their reach (PermissionDenied). An edit
    locks the stored row and compares it with the form's `version`: a row changed or deleted by
    someone else since the form was opened is not overwritten (RegisterConflict)."""
    instance = form.instance
    model = type(instance)
    _require_register_write(user, _register_unit_ids(instance, form))
    created = instance.pk is None
    try:
        with transaction.atomic():
            if not created:
                current = model.objects.select_for_update().filter(pk=instance.pk).first()
                if current is None:
                    raise RegisterConflict("Không lưu được: dòng này đã bị xóa sau khi anh/chị mở trang.")
                _require_register_write(user, _register_unit_ids(current))
                if form.cleaned_data.get("version") != register_fingerprint(current):
                    raise RegisterConflict(
                        "Không lưu được: dòng này đã được người khác sửa sau khi anh/chị mở trang. "
                        "Hãy mở lại trang để xem số liệu mới rồi sửa tiếp.")
            row = form.save()
    except IntegrityError:
        raise RegisterConflict("Không lưu được: dòng này trùng với một dòng đã có hoặc vi phạm ràng buộc dữ liệu. "
                               "Vui lòng kiểm tra lại.") from None
    register_log.info("%s %s #%s by %s", "created" if created else "updated", model._meta.label, row.pk, user)
    return row


def delete_register_row(instance, user):
    """Delete a register row for `user` (staff of the Sở or an admin, a unit within reach)."""
    _require_register_write(user, _register_unit_ids(instance))
    model, pk = type(instance), instance.pk
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError:
        raise RegisterConflict("Không xóa được: còn dữ liệu khác đang dùng dòng này.") from None
    register_log.info("deleted %s #%s by %s", model._meta.label, pk, user)
