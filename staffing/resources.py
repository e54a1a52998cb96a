"""django-import-export resources of the staffing registers, with Vietnamese columns.

Three resources: `CivilServantResource` (natural key: mã số CBCCVC), `PersonnelActionResource`
(natural key: type, unit, decision number, effective date, person) and `QuotaResource` (unit
code, year, kind). Cells are read the Vietnamese way: dates dd/mm/yyyy (or real Excel dates),
numbers "1.360", choices by their Vietnamese label ("Nữ", "Viên chức", "Nghỉ hưu").

Built for 20,000-row files:
- no query per row: units (by code), the people a file names and the existing rows it may update
  are loaded once in `before_import` into dicts; `get_instance` is a dict lookup;
- bulk mode (`use_bulk`), no diff (`skip_diff`), unchanged rows skipped by comparing against a
  snapshot taken when the existing rows were loaded (the library's own `skip_unchanged` needs
  the diff), import fields computed once;
- rows are only written at the end, in batches of `BATCH_SIZE`, and only when no row is invalid
  and it is not a dry run: an import is all-or-nothing (the caller runs it in one transaction).

Each error is reported against the file's row number and column header, in Vietnamese
(`ImportErrors` collected in `self.problems`).
"""

from __future__ import annotations

import datetime
import io
import operator
import re
import unicodedata

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, models
from django.db.models.base import ModelState
from import_export import fields, resources, widgets
from import_export.results import Result

from core import formatting
from core.models import OrgUnit
from staffing.models import (
    TRANSFER_TYPES,
    ActionType,
    CivilServant,
    Education,
    Gender,
    Handling,
    Level,
    PersonnelAction,
    PoliticalTheory,
    Quota,
    QuotaKind,
    StaffCategory,
    action_unit_error,
    group_of,
    level_of_unit,
)

BATCH_SIZE = 2000
UPDATE_BATCH_SIZE = 200
PREVIEW_ROWS = 10
SQL_CHUNK = 5000  # values per IN (…) when loading what a file refers to

# On an update a blank cell keeps the stored value; this marker in a cell clears it (documented in
# the template's guide and on the upload page).
CLEAR_MARKER = "(xóa)"
_CLEAR_MARKERS = {"(xóa)", "(xoá)", "(xoa)"}
EMPTY_SHOWN = "(trống)"

YES = {"có", "co", "x", "1", "true", "đúng", "yes"}
NO = {"không", "khong", "0", "false", "sai", "no"}


def _text(value):
    """A cell as clean NFC text ("" for empty); whole floats lose their ".0" (Excel numbers)."""
    if value is None:
        return ""
    if type(value) is str:  # the common case, called ~16 times a row: ASCII needs no normalising
        text = value.strip()
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return formatting.nfc(str(value)).strip()


def is_clear_marker(value):
    # Called for every cell: most cells are not strings starting with "(" and cost one test.
    return type(value) is str and "(" in value[:4] and formatting.nfc(value).strip().casefold() in _CLEAR_MARKERS


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _key_text(value):
    return _text(value).upper()


def _chunks(items, size=SQL_CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


# ---------------------------------------------------------------------------------------------
# Widgets: Vietnamese cells
# ---------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")


class VNDateWidget(widgets.Widget):
    """dd/mm/yyyy (also d/m/yyyy, with "." or "-"), or a real Excel date cell."""

    def __init__(self):
        super().__init__()
        self._parsed = {}  # a register repeats dates a lot: parse each text once

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if type(value) is str:
            day = self._parsed.get(value)
            if day is None:
                if len(self._parsed) > 50_000:  # the widget lives as long as the process
                    self._parsed.clear()
                day = self._parsed[value] = self._parse(value)
            return day
        return self._parse(value)

    def _parse(self, value):
        text = _text(value)
        if not text:
            return None
        match = _DATE_RE.fullmatch(text)
        if not match:
            raise ValueError(f"Ngày «{text}» không đúng định dạng ngày/tháng/năm (ví dụ 05/01/2021).")
        day, month, year = (int(g) for g in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValueError(f"Ngày «{text}» không có thật.") from None

    def render(self, value, obj=None, **kwargs):
        return formatting.short_date(value) if value else ""


class VNIntegerWidget(widgets.Widget):
    """Whole numbers typed the Vietnamese way ("1.360"), or Excel numbers."""

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if not value.is_integer():
                raise ValueError(f"«{formatting.number(value)}» không phải số nguyên.")
            return int(value)
        text = _text(value)
        if not text:
            return None
        try:
            number = formatting.parse_number(text)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        if number != number.to_integral_value():
            raise ValueError(f"«{text}» không phải số nguyên.")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class ChoiceWidget(widgets.Widget):
    """A choice by its Vietnamese label (any case) or its code; renders the label."""

    def __init__(self, choices, what, aliases=None):
        super().__init__()
        self.what = what
        self.labels = dict(choices)
        self.lookup = {}
        for value, label in choices:
            self.lookup[formatting.nfc(label).casefold()] = value
            self.lookup[value.casefold()] = value
        for alias, value in (aliases or {}).items():
            self.lookup[formatting.nfc(alias).casefold()] = value

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return ""
        try:
            return self.lookup[text.casefold()]
        except KeyError:
            allowed = "; ".join(self.labels.values())
            raise ValueError(f"{self.what} «{text}» không hợp lệ; chọn một trong: {allowed}.") from None

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class YesNoWidget(widgets.Widget):
    def __init__(self, default=None):
        super().__init__()
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if not text:
            return self.default
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"«{_text(value)}» không hợp lệ; ghi «Có» hoặc «Không».")

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else "Không"


class TextWidget(widgets.Widget):
    def __init__(self, max_length=None):
        super().__init__()
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"Dài quá {self.max_length} ký tự.")
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class UnitCodeWidget(widgets.Widget):
    """An org unit by its code, from the resource's cache (no query per row)."""

    def __init__(self, resource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        code = _key_text(value)
        if not code:
            return None
        unit = self.resource.units_by_code.get(code)
        if unit is None:
            raise ValueError(f"Không có đơn vị mã «{_text(value)}».")
        allowed = self.resource.allowed_unit_ids
        if allowed is not None and unit.pk not in allowed:
            raise ValueError(f"Đơn vị «{unit.code}» không thuộc phạm vi quản lý của anh/chị.")
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class PersonWidget(widgets.Widget):
    """A civil servant by mã số, from the resource's cache (no query per row)."""

    def __init__(self, resource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        code = _key_text(value)
        if not code:
            return None
        person = self.resource.people_by_code.get(code)
        if person is None:
            raise ValueError(f"Không có cán bộ, công chức, viên chức mã số «{_text(value)}» trong danh sách.")
        return person

    def render(self, value, obj=None, **kwargs):
        return value.ma_so if value is not None else ""


def pg_bulk_update(model, instances, field_names, page_size=1000):
    """UPDATE … FROM (VALUES …) on PostgreSQL: one statement per `page_size` rows, whatever the
    number of fields (Django's bulk_update builds a CASE per field that grows with the batch)."""
    from psycopg2.extras import execute_values

    opts = model._meta
    fields = [opts.get_field(name) for name in field_names]
    qn = connection.ops.quote_name
    pk = opts.pk
    columns = [pk.column] + [f.column for f in fields]
    casts = [pk.rel_db_type(connection)] + [f.db_type(connection) for f in fields]
    template = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    sets = ", ".join(f"{qn(c)} = v.{qn(c)}" for c in columns[1:])
    sql = (f"UPDATE {qn(opts.db_table)} AS t SET {sets} FROM (VALUES %s) AS v({', '.join(qn(c) for c in columns)}) "
           f"WHERE t.{qn(pk.column)} = v.{qn(pk.column)}")
    values = [
        (obj.pk, *[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]) for obj in instances
    ]
    with connection.cursor() as cursor:
        execute_values(cursor.cursor, sql, values, template=template, page_size=page_size)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value):
    """A value in COPY's text format: \\N for NULL, backslash escapes in text."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)  # whole numbers, foreign-key ids, dates (ISO), Decimals


def pg_copy_insert(model, instances):
    """INSERT the new rows with one COPY on PostgreSQL. Django's bulk_create prepares every value
    through the SQL compiler (~60 µs a row for 13 columns); the importer's values are already clean
    Python values (text, whole numbers, dates, booleans, foreign-key ids)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in fields]
    buffer = io.StringIO()
    for obj in instances:
        values = obj.__dict__
        buffer.write("\t".join([_copy_value(values[name]) for name in attnames]))
        buffer.write("\n")
    buffer.seek(0)
    qn = connection.ops.quote_name
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, buffer)


# ---------------------------------------------------------------------------------------------
# The lean result: counts for every row, row results only for the first rows (the preview)
# ---------------------------------------------------------------------------------------------


class LeanResult(Result):
    def append_row_result(self, row_result):
        if len(self.rows) < PREVIEW_ROWS:
            self.rows.append(row_result)


# ---------------------------------------------------------------------------------------------
# Base resource
# ---------------------------------------------------------------------------------------------


class StaffingResource(resources.ModelResource):
    """Shared machinery: caches, natural keys, duplicates in the file, snapshots, lean saves."""

    #: the model fields written by bulk_update (natural-key fields never change on a match)
    update_fields: tuple = ()
    #: columns a row must fill (by field name)
    required: tuple = ()
    #: where a duplicate natural key is reported (a field name, or the whole row)
    duplicate_field = NON_FIELD_ERRORS

    def __init__(self, allowed_unit_ids=None, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.allowed_unit_ids = allowed_unit_ids
        self.progress = progress  # callable(done_rows, total_rows) or None
        self.units_by_code = {}
        self.people_by_code = {}
        self.existing = {}
        self.snapshots = {}
        self.first_row_of_key = {}
        self.duplicate_of = {}
        self.row_numbers = None  # dataset row index (1-based) → row number in the file
        self.invalid_rows = 0
        self.changes = {}  # row number → [{"field", "old", "new"}] of an updated row (preview rows only)
        self.units_by_id = {}
        self._import_fields = None
        self._fast_plan = None
        self._snapshot_getter = None
        self._row_number = None
        self._row_keys = []
        self._prototype = None
        self._total = 0
        self.today = datetime.date.today()
        for field in self.fields.values():
            if isinstance(field.widget, (UnitCodeWidget, PersonWidget)):
                field.widget.resource = self

    # --- options ------------------------------------------------------------------------------
    def get_result_class(self):
        return LeanResult

    def get_import_fields(self):
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_bulk_update_fields(self):
        return list(self.update_fields)

    def column(self, attribute):
        field = self.fields.get(attribute)
        return field.column_name if field is not None else ""

    def file_row(self, number):
        if self.row_numbers and 0 < number <= len(self.row_numbers):
            return self.row_numbers[number - 1]
        return number + 1  # header on row 1

    # --- natural keys ---------------------------------------------------------------------------
    def raw_key(self, row):
        """The natural key from a row's raw cells (normalised text), for duplicates and lookups."""
        raise NotImplementedError

    def instance_key(self, instance):
        raise NotImplementedError

    def load_existing(self, dataset):
        """{natural key: instance} of the rows this file may update (a fixed number of queries)."""
        raise NotImplementedError

    def snapshot(self, instance):
        if self._snapshot_getter is None:
            opts = self._meta.model._meta
            self._snapshot_getter = operator.attrgetter(*[opts.get_field(n).attname for n in self.update_fields])
        return self._snapshot_getter(instance)

    # --- hooks ------------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        self._total = len(dataset)
        self.units_by_code = {u.code.upper(): u for u in OrgUnit.objects.only("pk", "code", "name", "kind", "valid_to")}
        self.units_by_id = {u.pk: u for u in self.units_by_code.values()}
        self.existing = self.load_existing(dataset)
        self.snapshots = {inst.pk: self.snapshot(inst) for inst in self.existing.values()}
        headers = dataset.headers
        self.first_row_of_key = {}
        self.duplicate_of = {}
        self._row_keys = []
        for i, values in enumerate(dataset, 1):
            key = self.raw_key(dict(zip(headers, values)))
            self._row_keys.append(key)  # the per-row loop looks it up instead of computing it again
            if key is None:
                continue
            first = self.first_row_of_key.setdefault(key, i)
            if first != i:
                self.duplicate_of[i] = first

    def get_instance(self, instance_loader, row):
        return None  # replaced by get_or_init_instance below (needs the row number)

    def import_row(self, row, instance_loader, **kwargs):
        self._row_number = kwargs.get("row_number")
        return super().import_row(row, instance_loader, **kwargs)

    def init_instance(self, row=None):
        """A new unsaved instance. Model.__init__ costs ~50 µs a row (it walks every field for its
        default); this copies the defaults of one instance made the normal way, the way unpickling
        builds an instance, with a fresh state."""
        if self._prototype is None:
            made = self._meta.model()
            self._prototype = {k: v for k, v in made.__dict__.items() if k != "_state"}
        instance = self._meta.model.__new__(self._meta.model)
        instance.__dict__.update(self._prototype)
        instance._state = ModelState()
        return instance

    def get_or_init_instance(self, instance_loader, row):
        if self._row_number in self.duplicate_of:
            return self.init_instance(row), True  # never the shared instance of the first occurrence
        number = self._row_number
        if number and number <= len(self._row_keys):
            key = self._row_keys[number - 1]
        else:
            key = self.raw_key(row)
        instance = self.existing.get(key) if key is not None else None
        if instance is not None:
            return instance, False
        return self.init_instance(row), True

    def _plan(self):
        """(attribute, column, clean) of every import field, and the attnames of the required ones:
        computed once, so the per-row loop does no lookups."""
        if self._fast_plan is None:
            opts = self._meta.model._meta
            steps = [(f.attribute, f.column_name, f.widget.clean) for f in self.get_import_fields() if not f.readonly]
            required = [(name, opts.get_field(name).attname) for name in self.required]
            self._fast_plan = (steps, required)
        return self._fast_plan

    def import_instance(self, instance, row, **kwargs):
        """Set every field from its cell through the field's widget (what the library's
        import_instance → import_field → Field.save → Field.clean does, without the per-cell
        overhead), then apply the resource's own checks; all errors of the row are raised together."""
        steps, required = self._plan()
        errors = {}
        updating = instance.pk is not None
        required_names = {name for name, _attname in required}
        for attribute, column, clean in steps:
            if column not in row:
                continue
            value = row[column]
            if is_clear_marker(value):
                empty = self.cleared_value(attribute)
                if attribute in required_names or empty is _NOT_CLEARABLE:
                    errors[attribute] = [ValidationError(
                        f"Cột «{column}» không xóa được bằng «{CLEAR_MARKER}»; ghi giá trị mới.", code="invalid")]
                else:
                    setattr(instance, attribute, empty)
                continue
            if updating and _is_blank(value):
                continue  # blank keeps what is stored; «(xóa)» clears
            try:
                setattr(instance, attribute, clean(value, row=row))
            except ValueError as exc:
                errors[attribute] = [ValidationError(str(exc), code="invalid")]
        for name, attname in required:
            if name not in errors and getattr(instance, attname, None) in (None, ""):
                errors[name] = [ValidationError(f"Thiếu {self.column(name).lower()}.")]
        self.check(instance, row, errors)
        number = kwargs.get("row_number")
        if number in self.duplicate_of:
            first = self.file_row(self.duplicate_of[number])
            errors.setdefault(self.duplicate_field, []).append(
                ValidationError(f"Trùng với dòng {first} trong tệp ({self.duplicate_label()}).")
            )
        if errors:
            raise ValidationError(errors)
        if updating and number and number <= PREVIEW_ROWS:
            self.changes[number] = self.describe_changes(instance)

    def cleared_value(self, attribute):
        """What «(xóa)» stores in a field: NULL, or "" for text; _NOT_CLEARABLE otherwise."""
        field = self._meta.model._meta.get_field(attribute)
        if field.null:
            return None
        if isinstance(field, (models.CharField, models.TextField)):
            return ""
        return _NOT_CLEARABLE

    def describe_changes(self, instance):
        """[{"field", "old", "new"}] for every import field an update changes (shown in the preview)."""
        before = self.snapshots.get(instance.pk)
        if before is None:
            return []
        opts = self._meta.model._meta
        out = []
        for name, old in zip(self.update_fields, before):
            field = self.fields.get(name)
            if field is None:
                continue
            new = getattr(instance, opts.get_field(name).attname)
            if old != new:
                out.append({"field": field.column_name, "old": self.show(name, old), "new": self.show(name, new)})
        return out

    def show(self, name, value):
        if value is None or value == "":
            return EMPTY_SHOWN
        widget = self.fields[name].widget
        if isinstance(widget, UnitCodeWidget):
            unit = self.units_by_id.get(value)
            return unit.code if unit is not None else str(value)
        if isinstance(widget, VNIntegerWidget):
            return formatting.number(value)
        return str(widget.render(value))

    def old_value(self, instance, name):
        """The stored value (attname) of `name` before this file, or None for a new row."""
        before = self.snapshots.get(instance.pk) if instance.pk is not None else None
        if before is None:
            return None
        return before[self.update_fields.index(name)]

    def check(self, instance, row, errors):
        """Model rules, in Vietnamese (the model's full_clean is not run: it queries per row)."""

    def duplicate_label(self):
        return "cùng khóa nhận diện"

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return self.snapshots.get(instance.pk) == self.snapshot(instance)

    def after_import_row(self, row, row_result, **kwargs):
        if row_result.import_type in (row_result.IMPORT_TYPE_INVALID, row_result.IMPORT_TYPE_ERROR):
            self.invalid_rows += 1
        number = kwargs.get("row_number") or 0
        if self.progress is not None and number % 500 == 0:
            self.progress(number, self._total)

    # --- writes: at the end, only when everything is valid and it is not a dry run ------------
    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run or self.invalid_rows:
            self.create_instances.clear()
            return
        if self.create_instances and connection.vendor == "postgresql":
            try:
                pg_copy_insert(self._meta.model, self.create_instances)
            except Exception as exc:  # noqa: BLE001 - reported like the library reports bulk errors
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.create_instances.clear()
            return
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=BATCH_SIZE, result=result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run or self.invalid_rows:
            self.update_instances.clear()
            return
        if self.update_instances and connection.vendor == "postgresql":
            try:
                pg_bulk_update(self._meta.model, self.update_instances, self.get_bulk_update_fields())
            except Exception as exc:  # noqa: BLE001 - reported like the library reports bulk errors
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.update_instances.clear()
            return
        # Django's bulk_update writes one CASE per field and row: small batches stay fast.
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size=UPDATE_BATCH_SIZE, result=result)

    def after_import(self, dataset, result, **kwargs):
        # No sequence reset (the base class's): rows never carry explicit primary keys.
        if self.progress is not None:
            self.progress(self._total, self._total)


_NOT_CLEARABLE = object()


def _meta(model, import_id_fields, fields_):
    """Meta options shared by the three resources."""
    return type("Meta", (), {
        "model": model,
        "fields": fields_,
        "import_order": fields_,
        "export_order": fields_,
        "import_id_fields": import_id_fields,
        "use_bulk": True,
        # Flushed at the end only (see StaffingResource.bulk_create), in batches of BATCH_SIZE.
        "batch_size": None,
        "skip_diff": True,
        "skip_html_diff": True,
        "skip_unchanged": True,
        "report_skipped": False,
        "clean_model_instances": False,
        "use_transactions": True,
        "store_instance": False,
    })


def _label_text(choices, value):
    return dict(choices).get(value, value)


# ---------------------------------------------------------------------------------------------
# Civil servants
# ---------------------------------------------------------------------------------------------


class CivilServantResource(StaffingResource):
    ma_so = fields.Field("ma_so", "Mã số CBCCVC", widget=TextWidget(30))
    full_name = fields.Field("full_name", "Họ và tên", widget=TextWidget(120))
    birth_date = fields.Field("birth_date", "Ngày sinh", widget=VNDateWidget())
    gender = fields.Field("gender", "Giới tính", widget=ChoiceWidget(Gender.choices, "Giới tính", {"nu": "nu", "nữ": "nu"}))
    ethnicity = fields.Field("ethnicity", "Dân tộc", widget=TextWidget(40))
    unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
    category = fields.Field("category", "Đối tượng", widget=ChoiceWidget(
        StaffCategory.choices, "Đối tượng", {"cấp xã": StaffCategory.COMMUNE, "cán bộ cấp xã": StaffCategory.COMMUNE,
                                              "công chức cấp xã": StaffCategory.COMMUNE}))
    rank_title = fields.Field("rank_title", "Ngạch, chức danh nghề nghiệp", widget=TextWidget(120))
    position = fields.Field("position", "Chức vụ", widget=TextWidget(120))
    education = fields.Field("education", "Trình độ chuyên môn", widget=ChoiceWidget(Education.choices, "Trình độ chuyên môn"))
    political_theory = fields.Field("political_theory", "Lý luận chính trị",
                                    widget=ChoiceWidget(PoliticalTheory.choices, "Lý luận chính trị"))
    entry_date = fields.Field("entry_date", "Ngày tuyển dụng", widget=VNDateWidget())
    active = fields.Field("active", "Đang công tác", widget=YesNoWidget(default=True))

    Meta = _meta(CivilServant, ["ma_so"], (
        "ma_so", "full_name", "birth_date", "gender", "ethnicity", "unit", "category", "rank_title", "position",
        "education", "political_theory", "entry_date", "active",
    ))
    update_fields = ("full_name", "birth_date", "gender", "ethnicity", "unit", "category", "rank_title", "position",
                     "education", "political_theory", "entry_date", "active")
    required = ("ma_so", "full_name", "birth_date", "gender", "unit", "category")
    duplicate_field = "ma_so"

    def raw_key(self, row):
        return _key_text(row.get("Mã số CBCCVC")) or None

    def load_existing(self, dataset):
        codes = {c for c in (_key_text(v) for v in dataset.get_col(dataset.headers.index("Mã số CBCCVC"))) if c}
        found = {}
        for chunk in _chunks(codes):
            for person in CivilServant.objects.filter(ma_so__in=chunk):
                found[person.ma_so.upper()] = person
        return found

    def check(self, instance, row, errors):
        if instance.ma_so:
            instance.ma_so = instance.ma_so.upper()
        if instance.birth_date and "birth_date" not in errors:
            if instance.birth_date > self.today or instance.birth_date.year < 1900:
                errors["birth_date"] = [ValidationError(f"Ngày sinh {formatting.short_date(instance.birth_date)} không hợp lý.")]
        if instance.entry_date and instance.birth_date and "entry_date" not in errors and "birth_date" not in errors:
            if instance.entry_date <= instance.birth_date:
                errors["entry_date"] = [ValidationError("Ngày tuyển dụng phải sau ngày sinh.")]
        if instance.ethnicity == "":
            instance.ethnicity = "Kinh"
        unit = instance.unit if instance.unit_id and "unit" not in errors else None
        if unit is not None and instance.active and unit.valid_to < self.today:
            placed = (instance.pk is None or self.old_value(instance, "unit") != instance.unit_id
                      or not self.old_value(instance, "active"))
            if placed:  # a row that keeps a stored person where they are is not refused for it
                errors["unit"] = [ValidationError(
                    f"Đơn vị «{unit.code}» chỉ hoạt động đến hết ngày {formatting.short_date(unit.valid_to)}, trước ngày "
                    f"nhập tệp ({formatting.short_date(self.today)}); không ghi được người đang công tác vào đơn vị này. "
                    "Ghi đơn vị hiện nay của người này, hoặc ghi «Đang công tác» là «Không».")]

    def duplicate_label(self):
        return "cùng mã số CBCCVC"

    def dehydrate_unit(self, obj):
        return obj.unit.code


# ---------------------------------------------------------------------------------------------
# Personnel and salary actions
# ---------------------------------------------------------------------------------------------

ACTION_ALIASES = {
    "bổ nhiệm": ActionType.APPOINTMENT,
    "bổ nhiệm lại": ActionType.APPOINTMENT,
    "chuyển viên chức thành công chức": ActionType.TO_CIVIL_SERVANT,
    "xét chuyển viên chức sang công chức": ActionType.TO_CIVIL_SERVANT,
    "nâng lương trước hạn": ActionType.EARLY_RAISE,
    "nâng bậc lương trước thời hạn": ActionType.EARLY_RAISE,
    "nâng bậc lương thường xuyên": ActionType.REGULAR_RAISE,
    "nâng bậc lương trước thời hạn nghỉ hưu": ActionType.RETIREMENT_RAISE,
    "bổ nhiệm chỉ huy trưởng quân sự": ActionType.MILITARY_COMMANDER,
}


class PersonnelActionResource(StaffingResource):
    action_type = fields.Field("action_type", "Loại quyết định",
                               widget=ChoiceWidget(ActionType.choices, "Loại quyết định", ACTION_ALIASES))
    level = fields.Field("level", "Cấp", widget=ChoiceWidget(Level.choices, "Cấp", {"tỉnh": "tinh", "huyện": "huyen", "xã": "xa"}))
    unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
    person = fields.Field("person", "Mã số CBCCVC", widget=PersonWidget(None))
    quantity = fields.Field("quantity", "Số trường hợp", widget=VNIntegerWidget())
    rank_title = fields.Field("rank_title", "Ngạch, chức danh", widget=TextWidget(120))
    decision_number = fields.Field("decision_number", "Số quyết định", widget=TextWidget(60))
    authority = fields.Field("authority", "Cơ quan quyết định", widget=TextWidget(255))
    handling = fields.Field("handling", "Hình thức giải quyết", widget=ChoiceWidget(Handling.choices, "Hình thức giải quyết", {
        "thẩm định": Handling.APPRAISAL, "thống nhất": Handling.APPRAISAL, "quyết định": Handling.DECISION,
        "qđ": Handling.DECISION}))
    effective_date = fields.Field("effective_date", "Ngày hiệu lực", widget=VNDateWidget())
    note = fields.Field("note", "Ghi chú", widget=TextWidget(255))

    Meta = _meta(PersonnelAction, ["action_type", "unit", "decision_number", "effective_date", "person"], (
        "action_type", "level", "unit", "person", "quantity", "rank_title", "decision_number", "authority",
        "handling", "effective_date", "note",
    ))
    update_fields = ("level", "group", "quantity", "rank_title", "authority", "handling", "note")
    required = ("action_type", "unit", "effective_date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._type_widget = self.fields["action_type"].widget
        self._date_widget = self.fields["effective_date"].widget

    def raw_key(self, row):
        try:
            action_type = self._type_widget.clean(row.get("Loại quyết định"))
        except ValueError:
            action_type = _key_text(row.get("Loại quyết định"))
        try:
            day = self._date_widget.clean(row.get("Ngày hiệu lực"))
        except ValueError:
            day = _key_text(row.get("Ngày hiệu lực"))
        unit = _key_text(row.get("Mã đơn vị"))
        if not (action_type and unit and day):
            return None
        return (action_type, unit, _text(row.get("Số quyết định")), day, _key_text(row.get("Mã số CBCCVC")))

    def instance_key(self, action):
        return (action.action_type, action.unit.code.upper(), action.decision_number, action.effective_date, action.row_key)

    def before_import(self, dataset, **kwargs):
        codes = {c for c in (_key_text(v) for v in dataset.get_col(dataset.headers.index("Mã số CBCCVC"))) if c}
        self.people_by_code = {}
        for chunk in _chunks(codes):
            for person in CivilServant.objects.filter(ma_so__in=chunk).only("pk", "ma_so", "full_name", "unit_id"):
                self.people_by_code[person.ma_so.upper()] = person
        # The people's transfer actions (stored, and those in this file), for their unit at a date.
        self.transfers = {}
        ids = [p.pk for p in self.people_by_code.values()]
        self.stored_transfers = {}
        for chunk in _chunks(ids):
            for pk, person_id, day, unit_id in PersonnelAction.objects.filter(
                    person_id__in=chunk, action_type__in=TRANSFER_TYPES).values_list("pk", "person_id", "effective_date",
                                                                                     "unit_id"):
                self.stored_transfers.setdefault(person_id, []).append((pk, day, unit_id))
        headers = dataset.headers
        for values in dataset:
            row = dict(zip(headers, values))
            try:
                action_type = self._type_widget.clean(row.get("Loại quyết định"))
                day = self._date_widget.clean(row.get("Ngày hiệu lực"))
            except ValueError:
                continue
            person = self.people_by_code.get(_key_text(row.get("Mã số CBCCVC")))
            unit_code = _key_text(row.get("Mã đơn vị"))
            if action_type in TRANSFER_TYPES and person is not None and day and unit_code:
                self.transfers.setdefault(person.pk, []).append((day, unit_code))
        super().before_import(dataset, **kwargs)

    def load_existing(self, dataset):
        days = []
        for value in dataset.get_col(dataset.headers.index("Ngày hiệu lực")):
            try:
                day = self._date_widget.clean(value)
            except ValueError:
                continue
            if day:
                days.append(day)
        if not days:
            return {}
        qs = PersonnelAction.objects.filter(effective_date__gte=min(days), effective_date__lte=max(days)).select_related("unit")
        return {self.instance_key(a): a for a in qs}

    def check(self, instance, row, errors):
        if instance.quantity is None and "quantity" not in errors:
            instance.quantity = 1
        if instance.quantity is not None and "quantity" not in errors:
            if instance.quantity < 1:
                errors["quantity"] = [ValidationError(
                    f"Số trường hợp phải từ 1 trở lên (đang ghi {formatting.number(instance.quantity)}).")]
            elif instance.person_id and instance.quantity != 1:
                errors["quantity"] = [ValidationError("Dòng có mã số CBCCVC thì số trường hợp phải là 1.")]
        if not instance.level and instance.unit_id:
            instance.level = level_of_unit(instance.unit)
        if not instance.handling:
            instance.handling = Handling.APPRAISAL
        if instance.action_type:
            instance.group = group_of(instance.action_type)
        instance.row_key = instance.person.ma_so if instance.person_id else ""
        # A stored row matched by its natural key (type, unit, number, date, person) keeps its unit.
        if instance.pk is None and instance.person_id and instance.unit_id and instance.effective_date and not (
                {"unit", "person", "effective_date"} & set(errors)):
            problem = action_unit_error(instance.action_type, instance.unit_id, instance.person,
                                        instance.effective_date, self.person_transfers(instance))
            if problem:
                errors["unit"] = [ValidationError(problem)]

    def person_transfers(self, instance):
        """[(effective date, unit id)] of the person's other transfer actions, stored or in the file."""
        out = [(day, unit_id) for pk, day, unit_id in self.stored_transfers.get(instance.person_id, ())
               if pk != instance.pk]
        this = (instance.effective_date, instance.unit.code.upper()) if instance.action_type in TRANSFER_TYPES else None
        skipped_self = False
        for day, code in self.transfers.get(instance.person_id, ()):
            if (day, code) == this and not skipped_self:
                skipped_self = True  # the row being checked is not evidence for itself
                continue
            unit = self.units_by_code.get(code)
            if unit is not None:
                out.append((day, unit.pk))
        return out

    def duplicate_label(self):
        return "cùng loại, đơn vị, số quyết định, ngày hiệu lực và người"

    def dehydrate_unit(self, obj):
        return obj.unit.code

    def dehydrate_person(self, obj):
        return obj.person.ma_so if obj.person_id else ""


# ---------------------------------------------------------------------------------------------
# Quotas
# ---------------------------------------------------------------------------------------------


class QuotaResource(StaffingResource):
    unit = fields.Field("unit", "Mã đơn vị", widget=UnitCodeWidget(None))
    year = fields.Field("year", "Năm", widget=VNIntegerWidget())
    kind = fields.Field("kind", "Loại biên chế", widget=ChoiceWidget(
        QuotaKind.choices, "Loại biên chế", {"công chức": QuotaKind.CIVIL_SERVANT, "viên chức": QuotaKind.PUBLIC_EMPLOYEE,
                                             "số lượng người làm việc": QuotaKind.PUBLIC_EMPLOYEE,
                                             "hợp đồng": QuotaKind.CONTRACT}))
    assigned = fields.Field("assigned", "Số được giao", widget=VNIntegerWidget())
    used_entered = fields.Field("used_entered", "Số đã sử dụng", widget=VNIntegerWidget())
    used_from_register = fields.Field("used_from_register", "Lấy số đã sử dụng từ danh sách", widget=YesNoWidget(default=False))
    term = fields.Field("term", "Giai đoạn", widget=TextWidget(20))
    note = fields.Field("note", "Ghi chú", widget=TextWidget(255))

    Meta = _meta(Quota, ["unit", "year", "kind"], (
        "unit", "year", "kind", "assigned", "used_entered", "used_from_register", "term", "note",
    ))
    update_fields = ("assigned", "used_entered", "used_from_register", "term", "note")
    required = ("unit", "year", "kind", "assigned")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kind_widget = self.fields["kind"].widget
        self._year_widget = self.fields["year"].widget

    def raw_key(self, row):
        try:
            kind = self._kind_widget.clean(row.get("Loại biên chế"))
            year = self._year_widget.clean(row.get("Năm"))
        except ValueError:
            return None
        unit = _key_text(row.get("Mã đơn vị"))
        if not (unit and year and kind):
            return None
        return (unit, year, kind)

    def load_existing(self, dataset):
        years = set()
        for value in dataset.get_col(dataset.headers.index("Năm")):
            try:
                year = self._year_widget.clean(value)
            except ValueError:
                continue
            if year:
                years.add(year)
        qs = Quota.objects.filter(year__in=years).select_related("unit")
        return {(q.unit.code.upper(), q.year, q.kind): q for q in qs}

    def check(self, instance, row, errors):
        if instance.year is not None and "year" not in errors and not 2000 <= instance.year <= 2100:
            errors["year"] = [ValidationError(f"Năm {instance.year} không hợp lệ.")]
        for name in ("assigned", "used_entered"):
            value = getattr(instance, name)
            if value is not None and name not in errors and value < 0:
                errors[name] = [ValidationError(f"{self.column(name)} không được âm.")]

    def duplicate_label(self):
        return "cùng đơn vị, năm và loại biên chế"

    def dehydrate_unit(self, obj):
        return obj.unit.code


RESOURCES = {
    "cong_chuc": CivilServantResource,
    "bien_dong": PersonnelActionResource,
    "bien_che": QuotaResource,
}


def columns(kind):
    """[(header, field name)] of a kind's file, in template order."""
    resource = RESOURCES[kind]()
    return [(resource.fields[name].column_name, name) for name in resource._meta.fields]


def required_headers(kind):
    resource = RESOURCES[kind]()
    return [resource.fields[name].column_name for name in resource.required]


def choice_labels(kind):
    """{header: [allowed labels]} for the template's drop-downs and guide."""
    resource = RESOURCES[kind]()
    out = {}
    for name in resource._meta.fields:
        field = resource.fields[name]
        if isinstance(field.widget, ChoiceWidget):
            out[field.column_name] = list(field.widget.labels.values())
        elif isinstance(field.widget, YesNoWidget):
            out[field.column_name] = ["Có", "Không"]
    return out


__all__ = [
    "BATCH_SIZE", "CivilServantResource", "PersonnelActionResource", "QuotaResource", "RESOURCES", "columns",
    "choice_labels", "required_headers",
]
