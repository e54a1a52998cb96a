"""Headless import and export of values (the `import_values` / `export_values` commands).

JSON format "snv-values/1" (export → import round-trips):

    {"format": "snv-values/1",
     "values": [{"data_set": "CCHC-DV", "unit": "VITHANH", "period": "2021-H1",
                 "element": "HS_TIEP_NHAN", "option": null, "value": "1.234", "comment": ""}]}

- `value`: a JSON number (1234, 97.5) or a string typed the Vietnamese way ("1.234", "97,5");
  null or "" clears the cell. Text elements take any string.
- `option`: the option code for a disaggregated element ("huyen"), null otherwise.
- `comment`: the cell's note; "" clears it; absent or null keeps the current note.
- Other top-level keys (the export adds "data_set", "period", "exported_at") are ignored; a row
  with an unknown key is an error.

An import is all-or-nothing across the WHOLE file: every row is checked (codes, element in that
data set, option, value, the unit must report that data set in that period, the form not locked),
every problem is collected with its row number (or cell, for .xlsx), and one `ImportFailed` lists
them all; nothing is saved if there is one. It is an admin tool: with `user=None` it runs as the
system (no permission check, changes recorded without a user); locks are still respected. The
file's values overwrite the portal's (no version check). Forms whose values are unchanged are
left alone (so re-importing an export never touches a locked form).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from collection import excel, services
from collection.models import (
    CategoryOption,
    DataElement,
    DataSet,
    DataValue,
    DataValueChange,
    SectionElement,
    Submission,
)
from core import formatting
from core import text as text_rules
from core.models import OrgUnit, Period

FORMAT = "snv-values/1"
ROW_KEYS = {"data_set", "unit", "period", "element", "option", "value", "comment"}
REQUIRED_KEYS = ("data_set", "unit", "period", "element")
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a whole province's export of one data set is a few MB
HUGE_NUMBER = Decimal("1e22")  # as excel.HUGE_NUMBER: beyond it Decimal arithmetic loses digits
FIELD_LABELS = {"data_set": "mã biểu mẫu", "unit": "mã đơn vị", "period": "mã kỳ", "element": "mã chỉ tiêu",
                "option": "mã phân tổ", "value": "giá trị", "comment": "ghi chú"}
SOURCE = "lệnh"


class ExchangeError(services.CollectionError):
    """A refusal of the export or of a whole import file (bad codes, bad arguments)."""


class ImportFailed(services.CollectionError):
    """The file was refused; nothing saved. `errors` lists every problem as an `Issue`."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(f"Không nhập được: có {len(self.errors)} lỗi; chưa lưu số liệu nào.")

    def __str__(self):
        return "\n".join([self.message] + [f"  - {issue}" for issue in self.errors])


@dataclass
class Issue:
    where: str  # "bản ghi số 3", "ô D12", "tệp", "biểu mẫu CCHC-DV / VITHANH / 2021-H1 (bản ghi số 1–15)"
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}"


@dataclass
class FormReport:
    data_set: str
    unit: str
    period: str
    changed: int
    version: int | None
    changes: list = field(default_factory=list)  # [excel.Change]
    warnings: list = field(default_factory=list)

    def __str__(self):
        what = f"{self.changed} ô thay đổi (phiên bản {self.version})" if self.changed else "không thay đổi"
        return f"{self.data_set} / {self.unit} / {self.period}: {what}"


@dataclass
class ImportReport:
    kind: str  # "json" or "xlsx"
    dry_run: bool
    rows: int  # rows (JSON) or input cells (xlsx) read
    forms: list = field(default_factory=list)  # [FormReport]

    @property
    def changed(self):
        return sum(f.changed for f in self.forms)


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def _read(path_or_file, max_bytes):
    try:
        return excel.read_bytes(path_or_file, max_bytes)
    except excel.UploadRejected as exc:
        raise ImportFailed([Issue("tệp", exc.message)]) from None
    except OSError as exc:
        raise ImportFailed([Issue("tệp", f"Không đọc được tệp: {exc.strerror or exc}")]) from None


def import_values(path_or_file, user=None, *, dry_run=False, source=SOURCE, max_bytes=MAX_IMPORT_BYTES) -> ImportReport:
    """Import a .json (many forms) or .xlsx (one form downloaded from the portal) file.

    `path_or_file`: a path, bytes or a binary file object. With `user=None` the import runs as
    the system (no permission check); with a user, `services.can_enter` is checked per form.
    `dry_run`: check and apply everything, report, then roll back. Raises ImportFailed.
    """
    data, name = _read(path_or_file, max_bytes)
    if data.startswith(b"PK\x03\x04") or name.lower().endswith((".xlsx",) + excel.MACRO_EXTENSIONS):
        return _import_xlsx(data, name, user, dry_run=dry_run, source=source, max_bytes=max_bytes)
    return _import_json(data, user, dry_run=dry_run, source=source)


def _changes_of(submission, version):
    rows = DataValueChange.objects.filter(submission=submission, version=version).select_related("element", "option")
    return [
        excel.Change(c.element.code, c.option.code if c.option else None, excel._label(c.element, c.option),
                     c.old_value, c.new_value, c.old_comment, c.new_comment)
        for c in rows.order_by("id")
    ]


def _import_xlsx(data, name, user, *, dry_run, source, max_bytes):
    try:
        loaded = excel.load_workbook_file(data if not name else _Named(data, name), max_bytes=max_bytes)
        data_set, unit, period = loaded.resolve()
    except excel.UploadRejected as exc:
        raise ImportFailed([Issue("tệp", exc.message)]) from None
    with transaction.atomic():
        submission = services.get_submission(data_set, unit, period)
        try:
            result = excel.apply_workbook(
                loaded, submission, user, expected_version=None, source=source, check_permission=user is not None
            )
        except excel.InvalidUpload as exc:
            raise ImportFailed([Issue(f"ô {c.cell}", f"{c.label}: {c.reason}") for c in exc.cells]) from None
        except services.CollectionError as exc:
            raise ImportFailed([Issue(f"biểu mẫu {data_set.code} / {unit.code} / {period.code}", exc.message)]) from None
        report = ImportReport(kind="xlsx", dry_run=dry_run, rows=len(loaded.slots), forms=[
            FormReport(data_set.code, unit.code, period.code, result.changed, result.version, result.changes, result.warnings)
        ])
        if dry_run:
            transaction.set_rollback(True)
    return report


class _Named:
    """Bytes with a file name, for the macro-extension check."""

    def __init__(self, data, name):
        self._data, self.name, self.size = data, name, len(data)

    def read(self, n=-1):
        return self._data if n < 0 else self._data[:n]


def _rows_label(numbers):
    """"bản ghi số 1–3, 7" for row numbers."""
    numbers = sorted(numbers)
    parts, start, prev = [], None, None
    for n in numbers + [None]:
        if start is None:
            start = prev = n
        elif n is not None and n == prev + 1:
            prev = n
        else:
            parts.append(str(start) if start == prev else f"{start}–{prev}")
            start = prev = n
    return "bản ghi số " + ", ".join(parts)


@dataclass
class _Row:
    number: int
    element: object
    option: object
    value: object
    comment: str | None


class _Codes:
    """Code → object look-ups with caches (a few queries for a whole file)."""

    def __init__(self):
        self.data_sets = {d.code: d for d in DataSet.objects.all()}
        self.periods = {p.code: p for p in Period.objects.all()}
        self._units = {}
        self._elements = {}
        self._options = {}
        self._expected = {}

    def unit(self, code):
        if code not in self._units:
            self._units[code] = OrgUnit.objects.filter(code=code).first()
        return self._units[code]

    def elements(self, data_set):
        if data_set.pk not in self._elements:
            self._elements[data_set.pk] = {
                p.element.code: p.element
                for p in SectionElement.objects.filter(section__data_set=data_set).select_related("element")
            }
        return self._elements[data_set.pk]

    def options(self, combo_id):
        if combo_id not in self._options:
            self._options[combo_id] = {o.code: o for o in CategoryOption.objects.filter(combo_id=combo_id)}
        return self._options[combo_id]

    def expected(self, data_set, period):
        key = (data_set.pk, period.pk)
        if key not in self._expected:
            self._expected[key] = set(data_set.expected_units(period).values_list("pk", flat=True))
        return self._expected[key]


def _parse_json(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([Issue("tệp", "Tệp không phải JSON (UTF-8) hay Excel (.xlsx).")]) from None
    try:
        # Numbers as Decimal, integers too: a 5,000-digit integer is a value to refuse, not a crash.
        document = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as exc:
        raise ImportFailed([Issue("tệp", f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}.")]) from None
    except RecursionError:
        raise ImportFailed([Issue("tệp", "JSON lồng nhau quá sâu; tệp không theo định dạng "
                                         f"{FORMAT} (danh sách bản ghi phẳng).")]) from None
    except (ValueError, ArithmeticError):
        raise ImportFailed([Issue("tệp", "JSON có số không đọc được (quá dài hoặc sai dạng).")]) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        shown = json.dumps(found if isinstance(found, (str, type(None))) else str(type(found).__name__))[:80]
        raise ImportFailed([Issue("tệp", f"Tệp phải có \"format\": \"{FORMAT}\" (tệp ghi: {shown}).")])
    values = document.get("values")
    if not isinstance(values, list):
        raise ImportFailed([Issue("tệp", "Tệp phải có \"values\" là một danh sách bản ghi.")])
    return values


def _text(value):
    return isinstance(value, str) and value.strip() != ""


def _refused_text(record):
    """The reason a record's text is refused (control characters, lone surrogates), or None.
    Text is refused, not scrubbed: an import is all-or-nothing and names what to fix."""
    for key in ROW_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            try:
                text_rules.clean(value, FIELD_LABELS[key])
            except ValidationError as exc:
                return exc.messages[0]
    return None


def _import_json(data, user, *, dry_run, source):
    records = _parse_json(data)
    codes = _Codes()
    issues = []
    groups = defaultdict(list)  # (data_set, unit, period) → [_Row]
    seen = {}

    def fail(number, message):
        issues.append(Issue(f"bản ghi số {number}", message))

    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            fail(number, "Bản ghi phải là một đối tượng JSON {…}.")
            continue
        unknown = sorted(set(record) - ROW_KEYS)
        if unknown:
            fail(number, f"Khóa không hợp lệ: {', '.join(text_rules.scrub(k)[:50] for k in unknown)}.")
            continue
        refused = _refused_text(record)
        if refused:
            fail(number, refused)
            continue
        missing = [k for k in REQUIRED_KEYS if not _text(record.get(k))]
        if missing:
            fail(number, f"Thiếu hoặc sai mã: {', '.join(missing)}.")
            continue
        ds_code, unit_code, period_code, el_code = (record[k].strip() for k in REQUIRED_KEYS)
        option_code = record.get("option")
        value, comment = record.get("value"), record.get("comment")
        problems = []
        data_set = codes.data_sets.get(ds_code)
        unit = codes.unit(unit_code)
        period = codes.periods.get(period_code)
        if data_set is None:
            problems.append(f"không có biểu mẫu mã «{ds_code}»")
        if unit is None:
            problems.append(f"không có đơn vị mã «{unit_code}»")
        if period is None:
            problems.append(f"không có kỳ báo cáo mã «{period_code}»")
        element = option = None
        if data_set is not None:
            element = codes.elements(data_set).get(el_code)
            if element is None:
                exists = DataElement.objects.filter(code=el_code).exists()
                problems.append(
                    f"chỉ tiêu «{el_code}» không thuộc biểu mẫu {ds_code}" if exists else f"không có chỉ tiêu mã «{el_code}»"
                )
        if element is not None:
            if element.combo_id:
                if not _text(option_code):
                    problems.append(f"chỉ tiêu {el_code} có phân tổ: cần ghi \"option\" (một trong: "
                                    f"{', '.join(codes.options(element.combo_id))})")
                else:
                    option = codes.options(element.combo_id).get(option_code.strip())
                    if option is None:
                        problems.append(f"phân tổ «{option_code}» không thuộc chỉ tiêu {el_code} (chọn một trong: "
                                        f"{', '.join(codes.options(element.combo_id))})")
            elif option_code not in (None, ""):
                problems.append(f"chỉ tiêu {el_code} không có phân tổ: \"option\" phải là null")
        if data_set is not None and period is not None:
            if period.type != data_set.period_type:
                problems.append(f"biểu mẫu {ds_code} báo cáo theo kỳ «{data_set.get_period_type_display()}», "
                                f"không theo kỳ {period_code}")
            elif unit is not None and unit.pk not in codes.expected(data_set, period):
                problems.append(f"đơn vị {unit_code} không phải báo cáo biểu mẫu {ds_code} kỳ {period_code}")
        if isinstance(value, bool) or not (value is None or isinstance(value, (str, int, Decimal))):
            problems.append("\"value\" phải là số hoặc chuỗi")
        elif isinstance(value, Decimal) and (not value.is_finite() or value.copy_abs() >= HUGE_NUMBER):  # abs() overflows
            problems.append("giá trị không hợp lệ: Số quá lớn")
        elif element is not None:
            try:
                services.parse_cell(element, value)
            except ValueError as exc:
                problems.append(f"giá trị không hợp lệ: {exc}")
        if comment is not None and not isinstance(comment, str):
            problems.append("\"comment\" phải là chuỗi")
        if problems:
            fail(number, "; ".join(p.rstrip(".") for p in problems) + ".")
            continue
        key = (data_set.pk, unit.pk, period.pk, element.pk, option.pk if option else None)
        if key in seen:
            fail(number, f"trùng ô với bản ghi số {seen[key]}.")
            continue
        seen[key] = number
        groups[(data_set, unit, period)].append(_Row(number, element, option, value, comment))

    # Which forms would change, and may they? (a locked form with no change is fine)
    plan = []
    for (data_set, unit, period), rows in groups.items():
        submission = Submission.objects.filter(data_set=data_set, unit=unit, period=period).first()
        existing = {(v.element_id, v.option_id): v for v in submission.values.all()} if submission else {}
        if not any(_differs(row, existing.get((row.element.pk, row.option.pk if row.option else None))) for row in rows):
            plan.append((data_set, unit, period, rows, None))
            continue
        probe = submission or Submission(data_set=data_set, unit=unit, period=period)
        reason = services.lock_reason(probe)
        if reason:
            issues.append(Issue(f"biểu mẫu {data_set.code} / {unit.code} / {period.code} ({_rows_label(r.number for r in rows)})",
                                reason))
            continue
        plan.append((data_set, unit, period, rows, True))
    if issues:
        raise ImportFailed(issues)

    report = ImportReport(kind="json", dry_run=dry_run, rows=len(records))
    with transaction.atomic():
        for data_set, unit, period, rows, changes in plan:
            if not changes:
                report.forms.append(FormReport(data_set.code, unit.code, period.code, 0, None))
                continue
            submission = services.get_submission(data_set, unit, period)
            entries = {(r.element, r.option): {"value": r.value, "comment": r.comment} for r in rows}
            try:
                result = services.save_values(submission, user, entries, expected_version=None, source=source,
                                              check_permission=user is not None)
            except services.InvalidValues as exc:
                by_key = {(r.element.pk, r.option.pk if r.option else None): r.number for r in rows}
                issues.extend(Issue(f"bản ghi số {by_key[k]}", m) for k, m in exc.errors.items())
                continue
            except services.CollectionError as exc:
                issues.append(Issue(f"biểu mẫu {data_set.code} / {unit.code} / {period.code} "
                                    f"({_rows_label(r.number for r in rows)})", exc.message))
                continue
            report.forms.append(FormReport(data_set.code, unit.code, period.code, result.changed, result.version,
                                           _changes_of(submission, result.version) if result.changed else [],
                                           list(result.warnings)))
        if issues:
            raise ImportFailed(issues)  # rolls back every form
        if dry_run:
            transaction.set_rollback(True)
    return report


def _differs(row, current):
    """Whether saving `row` would change the stored cell (the same test as save_values)."""
    old_value = services.display_value(row.element, current.value) if current else ""
    old_comment = current.comment if current else ""
    new_value = services.display_value(row.element, services.parse_cell(row.element, row.value))
    new_comment = old_comment if row.comment is None else formatting.nfc(row.comment).strip()
    return old_value != new_value or old_comment != new_comment


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


def export_values(data_set_code, period_code, unit_code=None, fmt="json") -> bytes:
    """All values of a data set for a period (optionally one unit) as JSON in the import format,
    or, with `fmt="xlsx"` and a unit, that unit's form as the protected workbook."""
    data_set = DataSet.objects.filter(code=data_set_code).first()
    if data_set is None:
        raise ExchangeError(f"Không có biểu mẫu mã «{data_set_code}».")
    period = Period.objects.filter(code=period_code).first()
    if period is None:
        raise ExchangeError(f"Không có kỳ báo cáo mã «{period_code}».")
    unit = None
    if unit_code is not None:
        unit = OrgUnit.objects.filter(code=unit_code).first()
        if unit is None:
            raise ExchangeError(f"Không có đơn vị mã «{unit_code}».")
    if fmt == "xlsx":
        if unit is None:
            raise ExchangeError("Xuất Excel là xuất một biểu mẫu của một đơn vị: cần chọn đơn vị (--unit).")
        submission = Submission.objects.filter(data_set=data_set, unit=unit, period=period).first()
        # Never create a row just to export: an unsaved, empty draft prints the blank form.
        return excel.build_workbook(submission or Submission(data_set=data_set, unit=unit, period=period))
    if fmt != "json":
        raise ExchangeError(f"Định dạng «{fmt}» không hỗ trợ; chọn json hoặc xlsx.")

    order = {}
    placements = SectionElement.objects.filter(section__data_set=data_set).order_by(
        "section__sort_order", "section__id", "sort_order", "id"
    )
    for i, p in enumerate(placements.values_list("element_id", flat=True)):
        order.setdefault(p, i)
    values = DataValue.objects.filter(submission__data_set=data_set, submission__period=period).select_related(
        "submission__unit", "element", "option"
    )
    if unit is not None:
        values = values.filter(submission__unit=unit)
    rows = sorted(
        values,
        key=lambda v: (v.submission.unit.sort_order, v.submission.unit.code, order.get(v.element_id, 10**6),
                       v.option.sort_order if v.option else -1, v.option_id or 0),
    )
    document = {
        "format": FORMAT,
        "data_set": data_set.code,
        "period": period.code,
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "values": [
            {
                "data_set": data_set.code,
                "unit": v.submission.unit.code,
                "period": period.code,
                "element": v.element.code,
                "option": v.option.code if v.option else None,
                "value": services.display_value(v.element, v.value) or None,
                "comment": v.comment,
            }
            for v in rows
        ],
    }
    if unit is not None:
        document["unit"] = unit.code
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def suggested_name(data_set_code, period_code, unit_code=None, fmt="json"):
    parts = [data_set_code, unit_code, period_code] if unit_code else [data_set_code, period_code]
    return "_".join(parts) + "." + fmt


__all__ = [
    "FORMAT", "ExchangeError", "FormReport", "ImportFailed", "ImportReport", "Issue", "export_values", "import_values",
    "suggested_name",
]
