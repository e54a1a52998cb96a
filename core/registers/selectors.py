"""Reads of the register pattern (`core.registers`): the rows a user may read, their filters,
their years and their history."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Q, TextField

from core import search

from core.access import READ
from core.models import OrgUnit
from core.registers import set_of


def reads_whole_tree(scope):
    """True when `scope` reads from a top unit (the province): rows without a unit are province-wide
    and only such readers see them."""
    if scope.is_admin:
        return True
    roots = scope.roots(READ)
    return bool(roots) and OrgUnit.objects.filter(pk__in=roots, parent__isnull=True).exists()


def register_unit_choices(scope):
    """Units offered in the register forms and filters: what `scope` reads (admins: every unit)."""
    return scope.units(READ).order_by("sort_order", "name")


def register_time(register):
    """How a register's rows meet the tree: by their date, else by their year (DESIGN §1)."""
    if register.year_field and register.year_is_date:
        return {"date_field": register.year_field}
    if register.year_field:
        return {"year_field": register.year_field}
    return {}


def register_queryset(scope, register):
    """Rows of `register` that `scope` may read: officers their subtree's rows, staff and leaders
    the province's; rows naming people (`register.personal`) only for those who see people."""
    registers = register.owner or set_of(register.model)
    model, field = register.model, register.unit_field
    reader = registers.personal_scope(scope) if register.personal else scope
    qs = model.objects.all()
    if reader.is_admin:
        return qs
    allowed = Q(pk__in=reader.filter(model.objects.all(), READ, unit_field=field, **register_time(register)).values("pk"))
    if register.unit_optional and reads_whole_tree(reader):
        if register.unit_many:
            allowed |= ~Q(pk__in=model.objects.filter(**{f"{field}__isnull": False}).values("pk"))
        else:
            allowed |= Q(**{f"{field}__isnull": True})
    return qs.filter(allowed)


def _text_field(model, path):
    """True when `path` (Django lookup) ends in a plain text field through foreign keys only."""
    *through, last = path.split("__")
    try:
        for part in through:
            relation = model._meta.get_field(part)
            if not relation.is_relation or relation.many_to_many or relation.one_to_many:
                return False  # a to-many join would repeat rows
            model = relation.related_model
        field = model._meta.get_field(last)
    except FieldDoesNotExist:
        return False
    return isinstance(field, (CharField, TextField)) and not field.choices


def search_fields(register):
    """The fields the register list's search box reads: the register's own, else its text columns."""
    if register.search_fields is not None:
        return tuple(register.search_fields)
    paths = (column.key.replace(".", "__") for column in register.columns if column.key)
    return tuple(path for path in paths if _text_field(register.model, path))


def register_rows(scope, register, *, year=None, unit=None, q=""):
    """The list of a register within `scope`, optionally for a year, under a unit and matching `q`
    (every word, in any case and with or without accents, inside one of `search_fields`)."""
    qs = register_queryset(scope, register)
    if q and (fields := search_fields(register)):
        qs = search.folded_match(qs, list(fields), q)
    if year and register.year_field:
        lookup = f"{register.year_field}__year" if register.year_is_date else register.year_field
        qs = qs.filter(**{lookup: year})
    if unit is not None:
        under = OrgUnit.objects.descendants_of(unit).values("pk")
        qs = qs.filter(pk__in=register.model.objects.filter(**{f"{register.unit_field}__in": under}).values("pk"))
    return (qs.select_related(*register.select_related).prefetch_related(*register.prefetch_related)
            .order_by(*register.ordering, "pk"))


def register_row(scope, register, pk):
    """One row of a register if `scope` may read it, else None."""
    return (register_queryset(scope, register).filter(pk=pk).select_related(*register.select_related)
            .prefetch_related(*register.prefetch_related).first())


def register_years(scope, register):
    """Years that have rows of `register` within `scope`, newest first."""
    if not register.year_field:
        return []
    qs = register_queryset(scope, register).order_by()
    if register.year_is_date:
        return [d.year for d in qs.dates(register.year_field, "year", order="DESC")]
    return list(qs.order_by(f"-{register.year_field}").values_list(register.year_field, flat=True).distinct())


HISTORY_KINDS = {"+": "Thêm mới", "~": "Sửa", "-": "Xóa"}


def register_history(row, limit=10):
    """The latest changes of a register row, newest first: [{"when", "who", "what"}] (one query)."""
    from core.selectors import full_name

    if row is None or not hasattr(row, "history"):
        return []
    records = row.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    return [{"when": r.history_date, "who": full_name(r.history_user) or "Hệ thống",
             "what": HISTORY_KINDS.get(r.history_type, r.history_type)} for r in records]
