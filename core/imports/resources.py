"""The base resource of every .xlsx import (django-import-export), its COPY writers and its lean
result. An app subclasses `ImportResource` for each import kind (see `core.imports.registry`).

Built for 20,000-row files:
- no query per row: units (by code), whatever a file names and the existing rows it may update
  are loaded once in `before_import` into dicts; `get_instance` is a dict lookup;
- bulk mode (`use_bulk`), no diff (`skip_diff`), unchanged rows skipped by comparing against a
  snapshot taken when the existing rows were loaded (the library's own `skip_unchanged` needs
  the diff), import fields computed once;
- rows are written in batches of `FLUSH_ROWS` as the file is read (PostgreSQL: COPY for the new
  rows, UPDATE … FROM VALUES for the changed ones), inside the import's one transaction, and only
  while no row is invalid and it is not a dry run: an invalid row later in the file rolls the
  whole transaction back (all-or-nothing), and memory does not grow with the file's instances.

On an update a blank cell keeps the stored value; «(xóa)» clears it. Each error is reported
against the file's row number and column header, in Vietnamese.
"""

from __future__ import annotations

import datetime
import inspect
import io
import operator

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from import_export import exceptions, resources
from import_export.results import Result, RowResult
from import_export.utils import atomic_if_using_transaction

from core import formatting
from core.lookups import one_of, pg_bulk_update
from core.search import folded_fields, refresh_folded
from core.imports.widgets import (
    CLEAR_MARKER,
    EMPTY_SHOWN,
    ChoiceWidget,
    LookupWidget,
    UnitCodeWidget,
    VNIntegerWidget,
    YesNoWidget,
    is_blank,
    is_clear_marker,
)
from core.models import OrgUnit

BATCH_SIZE = 2000
FLUSH_ROWS = 5000  # instances held before they are written (or dropped, in a dry run)
UPDATE_BATCH_SIZE = 200
PREVIEW_ROWS = 10
SQL_CHUNK = 5000  # values per IN (…) when loading what a file refers to
MEMO_TEXTS = 4096  # distinct texts of a column whose cleaned value is kept (units, choices, dates, names)
_MISSING = object()
_EMPTY = object()  # the memo's key for an empty cell of a new row


def chunks(items, size=SQL_CHUNK):
    """`items` in lists of `size` (for IN (…) queries of what a file names)."""
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def matching(queryset, field_name, values):
    """The rows of `queryset` whose `field_name` is one of `values` (what a file names): one
    query with one array parameter on PostgreSQL, IN (…) in chunks of SQL_CHUNK elsewhere."""
    values = list(values)
    if not values:
        return
    if connection.vendor == "postgresql":
        yield from queryset.filter(one_of(field_name, values))
        return
    for chunk in chunks(values):
        yield from queryset.filter(**{f"{field_name}__in": chunk})


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


def copy_text(rows, width):
    """Rows of Python values (text, None, whole numbers, ids, dates, booleans) as COPY's text
    format, built in one pass: each line joined unescaped (str() of a number, a date or a boolean
    holds nothing COPY escapes, and reads back as itself), then the whole text checked once for
    the characters COPY escapes: a tab, newline or backslash of a text shows as a count above
    the separators' and the NULLs' (\\N). Only a text holding one is built again value by value
    with the escapes (imported cells rarely hold one: core.text refuses control characters)."""
    lines = ["\t".join([v if type(v) is str else "\\N" if v is None else str(v) for v in row]) for row in rows]
    if not lines:
        return ""
    text = "\n".join(lines)
    nulls = sum([row.count(None) for row in rows])
    if (text.count("\t") != len(lines) * (width - 1) or text.count("\n") != len(lines) - 1
            or text.count("\\") != nulls or text.count("\\N") != nulls or "\r" in text):
        text = "\n".join(["\t".join([_copy_value(v) for v in row]) for row in rows])
    return text + "\n"


def pg_copy_insert(model, instances):
    """INSERT the new rows with one COPY on PostgreSQL. Django's bulk_create prepares every value
    through the SQL compiler (~60 µs a row for 13 columns); the importer's values are already clean
    Python values (text, whole numbers, dates, booleans, foreign-key ids)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    values_of = operator.itemgetter(*[f.attname for f in fields])
    refresh_folded(instances, model)
    rows = [values_of(obj.__dict__) for obj in instances]
    if len(fields) == 1:
        rows = [(row,) for row in rows]
    buffer = io.StringIO(copy_text(rows, len(fields)))
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

    def has_errors(self):
        # The library looks for row errors in the kept row results only (here the first rows): a
        # row that failed further down must roll the import back too.
        return bool(self.base_errors or self.error_rows)


class _Passing(RowResult):
    """The row result of a valid row past the preview (nothing keeps it): one object for all of them."""

    def __init__(self):  # noqa: super-init-not-called - only what the loop and after_import_row read
        self.import_type, self.errors, self.validation_error = None, (), None


# ---------------------------------------------------------------------------------------------
# Base resource
# ---------------------------------------------------------------------------------------------


class ImportResource(resources.ModelResource):
    """Shared machinery: caches, natural keys, duplicates in the file, snapshots, lean saves.

    A subclass declares its fields (with the widgets of `core.imports.widgets`), `Meta =
    resource_meta(...)`, `update_fields`, `required`, and implements `raw_key` (the natural key from
    the raw cells), `load_existing` ({natural key: instance}) and optionally `check` (its own rules,
    errors in Vietnamese) and `duplicate_label`."""

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
        self.preview_types = {}  # row number → import type, of the preview rows that passed
        self.units_by_id = {}
        self._import_fields = None
        self._fast_plan = None
        self._snapshot_getter = None
        self._row_number = None
        self._row_keys = []
        self._prototype = None
        self._total = 0
        self._write_failed = False
        self.today = datetime.date.today()
        for field in self.fields.values():
            if isinstance(field.widget, (UnitCodeWidget, LookupWidget)):
                field.widget.resource = self

    # --- options ------------------------------------------------------------------------------
    def get_result_class(self):
        return LeanResult

    def get_import_fields(self):
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_bulk_update_fields(self):
        # a folded search column follows its source (core.search.FoldedField)
        folded = [f.name for source, f in folded_fields(self._meta.model).items() if source in self.update_fields]
        return list(self.update_fields) + folded

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

    def raw_keys(self, dataset):
        """[raw_key of each row], in order. A subclass whose key is one column overrides this to
        read that column (no dict per row: ~1 s of a 200,000-row file)."""
        headers = dataset.headers
        return [self.raw_key(dict(zip(headers, values))) for values in dataset]

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
        # The keys first: the per-row loop looks them up, and load_existing may use them (`row_keys`).
        self._row_keys = self.raw_keys(dataset)
        self.existing = self.load_existing(dataset)
        self.snapshots = {inst.pk: self.snapshot(inst) for inst in self.existing.values()}
        self.first_row_of_key = {}
        self.duplicate_of = {}
        first_row = self.first_row_of_key.setdefault
        for i, key in enumerate(self._row_keys, 1):
            if key is not None and first_row(key, i) != i:
                self.duplicate_of[i] = self.first_row_of_key[key]

    @property
    def row_keys(self):
        """The rows' natural keys (`raw_keys`), once `before_import` has read them."""
        return self._row_keys

    def get_instance(self, instance_loader, row):
        return None  # replaced by get_or_init_instance below (needs the row number)

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        """The library's loop (before_import, per row get_or_init_instance → import_instance →
        skip_row → validate_instance → save_instance → after_import_row, batches written every
        `batch_size` rows, after_import), with the same results and all-or-nothing transaction
        (`import_data` around it), without its per-row machinery: no OrderedDict, no RowResult
        for rows nothing keeps, no diff, no per-row kwargs copies (~15 µs a row of 200,000).
        After an invalid row nothing more is written (the transaction is rolled back anyway)."""
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        using = self.get_db_connection_name()
        try:
            with atomic_if_using_transaction(using_transactions, using=using):
                self.before_import(dataset, **kwargs)
            self._check_import_id_fields(dataset.headers)
        except Exception as exc:  # noqa: BLE001 - reported as the library reports it
            self.handle_import_error(result, exc, raise_errors)
        result.total_rows = len(dataset)
        headers = list(dataset.headers)
        batch = self._meta.batch_size
        totals = result.totals
        passing = _Passing()
        row_kwargs = dict(kwargs, dry_run=dry_run, using_transactions=using_transactions, row_number=0)
        skip_type, new_type, update_type = RowResult.IMPORT_TYPE_SKIP, RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE
        for number, values in enumerate(dataset, 1):
            row = dict(zip(headers, values))
            row_kwargs["row_number"] = self._row_number = number
            row_result = self.get_row_result_class()() if number <= PREVIEW_ROWS else passing
            try:
                instance, new = self.get_or_init_instance(None, row)
                row_result.import_type = new_type if new else update_type
                errors = {}
                try:
                    self.import_instance(instance, row, **row_kwargs)
                except ValidationError as exc:
                    errors = exc.update_error_dict(errors)
                if self.skip_row(instance, None, row, errors):
                    row_result.import_type = skip_type
                else:
                    self.validate_instance(instance, errors)
                    self.save_instance(instance, new, row, **row_kwargs)
                self.after_import_row(row, row_result, **row_kwargs)
            except ValidationError as exc:
                row_result = self._kept(row_result, passing)
                row_result.import_type = RowResult.IMPORT_TYPE_INVALID
                row_result.validation_error = exc
            except Exception as exc:  # noqa: BLE001 - a row's own failure, reported against the row
                row_result = self._kept(row_result, passing)
                row_result.import_type = RowResult.IMPORT_TYPE_ERROR
                row_result.errors.append(self.get_error_result_class()(exc, row=row, number=number))
            totals[row_result.import_type] += 1
            if row_result is not passing:
                if row_result.errors:
                    self.invalid_rows += 1
                    result.append_error_row(number, row, row_result.errors)
                    if raise_errors:
                        raise exceptions.ImportError(row_result.errors[-1].error, number=number, row=row)
                elif row_result.validation_error:
                    self.invalid_rows += 1
                    result.append_invalid_row(number, row, row_result.validation_error)
                    if raise_errors:
                        raise exceptions.ImportError(row_result.validation_error, number=number, row=row)
                if row_result.import_type != skip_type or self._meta.report_skipped:
                    result.append_row_result(row_result)
            if len(self.create_instances) >= batch:
                with atomic_if_using_transaction(using_transactions, using=using):
                    self.bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch, result=result)
            if len(self.update_instances) >= batch:
                with atomic_if_using_transaction(using_transactions, using=using):
                    self.bulk_update(using_transactions, dry_run, raise_errors, batch_size=batch, result=result)
        with atomic_if_using_transaction(using_transactions, using=using):
            self.bulk_create(using_transactions, dry_run, raise_errors, result=result)
            self.bulk_update(using_transactions, dry_run, raise_errors, result=result)
        try:
            with atomic_if_using_transaction(using_transactions, using=using):
                self.after_import(dataset, result, **kwargs)
        except Exception as exc:  # noqa: BLE001
            self.handle_import_error(result, exc, raise_errors)
        return result

    def _kept(self, row_result, passing):
        """A row result of its own for a row that failed (its errors are kept)."""
        return self.get_row_result_class()() if row_result is passing else row_result

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
        """(attribute, column, clean, memo, setter) of every import field, and the attnames of the
        required ones: computed once, so the per-row loop does no lookups. `memo` ({text: cleaned},
        this import's only) is given to widgets whose result depends on the text alone (`memo =
        True`): a register repeats its units, choices, dates and names, each cleaned once. `setter`
        puts a cleaned value on an instance: a foreign key's id and cached object directly (what
        its descriptor does, without the descriptor's checks: the widget gave a row of the model)."""
        if self._fast_plan is None:
            opts = self._meta.model._meta
            steps = []
            for f in self.get_import_fields():
                if f.readonly:
                    continue
                memo = {} if getattr(f.widget, "memo", False) else None
                steps.append((f.attribute, f.column_name, f.widget.clean, memo, self._setter(opts, f.attribute)))
            required = [(name, opts.get_field(name).attname) for name in self.required]
            self._fast_plan = (steps, required, frozenset(self.required))
        return self._fast_plan

    @staticmethod
    def _setter(opts, attribute):
        """None when a value goes straight into the instance's __dict__ (a plain column: what
        setattr does through its non-data descriptor), else a callable(instance, value)."""
        try:
            field = opts.get_field(attribute)
        except FieldDoesNotExist:
            field = None
        descriptor = inspect.getattr_static(opts.model, attribute, None)
        if field is not None and field.concrete and not field.is_relation and field.attname == attribute \
                and not hasattr(type(descriptor), "__set__"):
            return None
        if (field is None or not field.many_to_one or not field.concrete or len(field.foreign_related_fields) != 1
                or type(descriptor).__set__ is not ForwardManyToOneDescriptor.__set__):
            return lambda instance, value: setattr(instance, attribute, value)
        attname, cache, target = field.attname, field.cache_name, field.target_field.attname

        def set_related(instance, value):
            # ForwardManyToOneDescriptor.__set__ for a row the widget took from the database
            if value is None:
                instance.__dict__[attname] = None
            else:
                instance.__dict__[attname] = getattr(value, target)
                if instance._state.db is None:
                    instance._state.db = value._state.db
            instance._state.fields_cache[cache] = value

        return set_related

    def import_instance(self, instance, row, **kwargs):
        """Set every field from its cell through the field's widget (what the library's
        import_instance → import_field → Field.save → Field.clean does, without the per-cell
        overhead), then apply the resource's own checks; all errors of the row are raised together.

        The hot path (~2.6 million cells in 200,000 rows) is a memo hit: a text cleaned before.
        The memo only ever holds texts that are not blank and not «(xóa)», whose cleaning does not
        depend on the row being new or an update; everything else takes the full path below."""
        steps, required, required_names = self._plan()
        errors = {}
        updating = instance.pk is not None
        values = instance.__dict__
        for attribute, column, clean, memo, setter in steps:
            value = row.get(column, _MISSING)
            if memo is not None:
                cleaned = memo.get(value, _MISSING) if type(value) is str else _MISSING
                if cleaned is not _MISSING:
                    if setter is None:
                        values[attribute] = cleaned
                    else:
                        setter(instance, cleaned)
                    continue
            if value is _MISSING:
                continue
            if type(value) is str and "(" in value[:4] and is_clear_marker(value):
                empty = self.cleared_value(attribute)
                if attribute in required_names or empty is _NOT_CLEARABLE:
                    errors[attribute] = [ValidationError(
                        f"Cột «{column}» không xóa được bằng «{CLEAR_MARKER}»; ghi giá trị mới.", code="invalid")]
                else:
                    setattr(instance, attribute, empty)
                continue
            if is_blank(value):
                if updating:
                    continue  # blank keeps what is stored; «(xóa)» clears
                if memo is not None and value is None:  # an empty cell of a new row: cleaned once per column
                    cleaned = memo.get(_EMPTY, _MISSING)
                    if cleaned is not _MISSING:
                        setattr(instance, attribute, cleaned)
                        continue
            try:
                cleaned = clean(value, row=row)
            except ValueError as exc:
                errors[attribute] = [ValidationError(str(exc), code="invalid")]
                continue  # a refused text is cleaned (and refused) again: its message names the row's cell
            if memo is not None and len(memo) < MEMO_TEXTS:
                if type(value) is str and not is_blank(value):
                    memo[value] = cleaned
                elif value is None and not updating:
                    memo[_EMPTY] = cleaned
            setattr(instance, attribute, cleaned)
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
        if number <= PREVIEW_ROWS:
            self.preview_types[number] = row_result.import_type  # a row that failed has none: "invalid"
        if self.progress is not None and number % 500 == 0:
            self.progress(number, self._total)

    # --- writes: at the end, only when everything is valid and it is not a dry run ------------
    def _writes_stopped(self, dry_run):
        # After an invalid row or a failed write the transaction is rolled back: write no more.
        return dry_run or self.invalid_rows or self._write_failed

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self._writes_stopped(dry_run):
            self.create_instances.clear()
            return
        if self.create_instances and connection.vendor == "postgresql":
            try:
                pg_copy_insert(self._meta.model, self.create_instances)
            except Exception as exc:  # noqa: BLE001 - reported like the library reports bulk errors
                self._write_failed = True
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.create_instances.clear()
            return
        try:
            super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=BATCH_SIZE, result=result)
        finally:
            self._write_failed = self._write_failed or bool(result is not None and result.base_errors)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self._writes_stopped(dry_run):
            self.update_instances.clear()
            return
        refresh_folded(self.update_instances, self._meta.model, sources=self.update_fields)
        if self.update_instances and connection.vendor == "postgresql":
            try:
                pg_bulk_update(self._meta.model, self.update_instances, self.get_bulk_update_fields())
            except Exception as exc:  # noqa: BLE001 - reported like the library reports bulk errors
                self._write_failed = True
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


def resource_meta(model, import_id_fields, fields_):
    """The Meta options of an import resource (bulk, no diff, all-or-nothing, lean results)."""
    return type("Meta", (), {
        "model": model,
        "fields": fields_,
        "import_order": fields_,
        "export_order": fields_,
        "import_id_fields": import_id_fields,
        "use_bulk": True,
        # Flushed every FLUSH_ROWS rows (written, or dropped in a dry run; see ImportResource.bulk_create).
        "batch_size": FLUSH_ROWS,
        "skip_diff": True,
        "skip_html_diff": True,
        "skip_unchanged": True,
        "report_skipped": False,
        "clean_model_instances": False,
        "use_transactions": True,
        "store_instance": False,
    })


# ---------------------------------------------------------------------------------------------
# What the template, the reader and the preview need to know of a resource class
# ---------------------------------------------------------------------------------------------


def columns(resource_class):
    """[(header, field name)] of a resource's file, in template order."""
    resource = resource_class()
    return [(resource.fields[name].column_name, name) for name in resource._meta.fields]


def required_headers(resource_class):
    resource = resource_class()
    return [resource.fields[name].column_name for name in resource.required]


def choice_labels(resource_class):
    """{header: [allowed labels]} for the template's drop-downs and guide."""
    resource = resource_class()
    out = {}
    for name in resource._meta.fields:
        field = resource.fields[name]
        if isinstance(field.widget, ChoiceWidget):
            out[field.column_name] = list(field.widget.labels.values())
        elif isinstance(field.widget, YesNoWidget):
            out[field.column_name] = ["Có", "Không"]
    return out
