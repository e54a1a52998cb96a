"""Writes for the core: the org tree with its history, and the periods of a year."""

import calendar
import datetime
from collections import defaultdict

from django.db import transaction

from core.models import (
    OrgUnit,
    OrgUnitAncestry,
    OrgUnitParentSpan,
    Period,
    PeriodType,
)

ONE_DAY = datetime.timedelta(days=1)

# ---------------------------------------------------------------------------------------------
# Org tree
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_unit(*, code, name, kind, parent=None, rebuild=True, **fields):
    """Create a unit under `parent` (if any) for its whole validity."""
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, **fields)
    unit.full_clean()
    unit.save()
    if parent is not None:
        OrgUnitParentSpan.objects.create(
            unit=unit,
            parent=parent,
            valid_from=max(unit.valid_from, parent.valid_from),
            valid_to=min(unit.valid_to, parent.valid_to),
        )
    if rebuild:
        rebuild_ancestry()
    return unit


@transaction.atomic
def move_unit(unit, new_parent, *, on, rebuild=True):
    """Re-parent `unit` from date `on`: the old parent keeps it for everything before that day."""
    if new_parent is not None and unit.pk in set(
        OrgUnitAncestry.objects.filter(descendant=new_parent).values_list("ancestor_id", flat=True)
    ):
        raise ValueError("Không thể chuyển đơn vị vào chính đơn vị cấp dưới của nó.")
    current = unit.parent_spans.filter(valid_from__lte=on, valid_to__gte=on).first()
    if current is not None:
        if current.valid_from == on:
            current.delete()
        else:
            current.valid_to = on - ONE_DAY
            current.save(update_fields=["valid_to"])
    unit.parent_spans.filter(valid_from__gt=on).delete()
    if new_parent is not None:
        OrgUnitParentSpan.objects.create(unit=unit, parent=new_parent, valid_from=on, valid_to=unit.valid_to)
    unit.parent = new_parent
    unit.save(update_fields=["parent"])
    if rebuild:
        rebuild_ancestry()
    return unit


@transaction.atomic
def close_unit(unit, *, last_day, rebuild=True):
    """End a unit's validity (and its parent spans) on `last_day`; its history stays."""
    unit.valid_to = last_day
    unit.full_clean()
    unit.save(update_fields=["valid_to"])
    unit.parent_spans.filter(valid_from__gt=last_day).delete()
    unit.parent_spans.filter(valid_to__gt=last_day).update(valid_to=last_day)
    if rebuild:
        rebuild_ancestry()
    return unit


@transaction.atomic
def merge_units(sources, *, on, code, name, kind, parent, rebuild=True, **fields):
    """Close `sources` the day before `on` and create their successor from `on` (sáp nhập/hợp nhất)."""
    sources = list(sources)
    for source in sources:
        close_unit(source, last_day=on - ONE_DAY, rebuild=False)
    unit = create_unit(code=code, name=name, kind=kind, parent=parent, valid_from=on, rebuild=False, **fields)
    unit.predecessors.set(sources)
    if rebuild:
        rebuild_ancestry()
    return unit


def sync_parent_span(unit, *, on=None, rebuild=True):
    """Bring the span history in line with `unit.parent` after an edit in the admin."""
    current = unit.parent_spans.order_by("-valid_from").first()
    if current is None:
        if unit.parent_id:
            OrgUnitParentSpan.objects.create(
                unit=unit, parent_id=unit.parent_id, valid_from=unit.valid_from, valid_to=unit.valid_to
            )
    elif current.parent_id != unit.parent_id:
        move_unit(unit, unit.parent, on=on or datetime.date.today(), rebuild=False)
    else:
        unit.parent_spans.filter(valid_to__gt=unit.valid_to).update(valid_to=unit.valid_to)
    if rebuild:
        rebuild_ancestry()


@transaction.atomic
def rebuild_ancestry():
    """Recompute the closure table from the parent spans.

    Every unit is its own ancestor (depth 0) for its validity; a unit inherits its parent's
    ancestors over the intersection of the span and their links. Whole-tree rebuild: a province
    has a few thousand units, and the tree changes a few times a year.
    """
    units = {u.pk: u for u in OrgUnit.objects.only("pk", "valid_from", "valid_to")}
    spans = defaultdict(list)
    for span in OrgUnitParentSpan.objects.all():
        spans[span.unit_id].append(span)

    memo = {}

    def links(unit_id, stack=()):
        if unit_id in memo:
            return memo[unit_id]
        if unit_id in stack:
            raise ValueError("Cây đơn vị có vòng lặp trực thuộc.")
        unit = units[unit_id]
        result = [(unit_id, 0, unit.valid_from, unit.valid_to)]
        for span in spans.get(unit_id, ()):
            for ancestor_id, depth, start, end in links(span.parent_id, stack + (unit_id,)):
                start = max(start, span.valid_from, unit.valid_from)
                end = min(end, span.valid_to, unit.valid_to)
                if start <= end:
                    result.append((ancestor_id, depth + 1, start, end))
        memo[unit_id] = result
        return result

    rows = [
        OrgUnitAncestry(ancestor_id=a, descendant_id=unit_id, depth=d, valid_from=s, valid_to=e)
        for unit_id in units
        for a, d, s, e in links(unit_id)
    ]
    OrgUnitAncestry.objects.all().delete()
    OrgUnitAncestry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# ---------------------------------------------------------------------------------------------
# Periods (DESIGN §3)
# ---------------------------------------------------------------------------------------------

# Days after a period's end by which units must submit; an admin may change a period's deadline.
DEFAULT_DEADLINE_DAYS = {
    PeriodType.SIX_MONTH: 5,
    PeriodType.ANNUAL: 5,
    PeriodType.CALENDAR_YEAR: 15,
    PeriodType.EMULATION_YEAR: 15,
    PeriodType.QUARTER: 10,
}

PERIOD_NUMBERS = {
    PeriodType.SIX_MONTH: (1, 2),
    PeriodType.ANNUAL: (1,),
    PeriodType.CALENDAR_YEAR: (1,),
    PeriodType.EMULATION_YEAR: (1,),
    PeriodType.QUARTER: (1, 2, 3, 4),
}


def period_window(period_type, year, number=1):
    """(start, end) of a period, exactly as DESIGN §3 fixes them."""
    d = datetime.date
    if period_type == PeriodType.SIX_MONTH:
        if number == 1:
            return d(year - 1, 12, 15), d(year, 6, 14)
        return d(year, 6, 15), d(year, 12, 14)
    if period_type == PeriodType.ANNUAL:
        return d(year - 1, 12, 15), d(year, 12, 14)
    if period_type == PeriodType.CALENDAR_YEAR:
        return d(year, 1, 1), d(year, 12, 31)
    if period_type == PeriodType.EMULATION_YEAR:
        return d(year - 1, 12, 1), d(year, 11, 30)
    if period_type == PeriodType.QUARTER:
        first_month = 3 * (number - 1) + 1
        last_month = first_month + 2
        return d(year, first_month, 1), d(year, last_month, calendar.monthrange(year, last_month)[1])
    raise ValueError(f"Loại kỳ không hợp lệ: {period_type}")


def period_code(period_type, year, number=1):
    suffix = {
        PeriodType.SIX_MONTH: f"H{number}",
        PeriodType.ANNUAL: "Y",
        PeriodType.CALENDAR_YEAR: "CY",
        PeriodType.EMULATION_YEAR: "TD",
        PeriodType.QUARTER: f"Q{number}",
    }[period_type]
    return f"{year}-{suffix}"


@transaction.atomic
def create_periods(year, types=None):
    """Create (or leave as they are) every period of `year`. Returns the periods created."""
    created = []
    for period_type in types or PeriodType.values:
        for number in PERIOD_NUMBERS[period_type]:
            start, end = period_window(period_type, year, number)
            period, was_created = Period.objects.get_or_create(
                type=period_type,
                year=year,
                number=number,
                defaults={
                    "code": period_code(period_type, year, number),
                    "start": start,
                    "end": end,
                    "deadline": end + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS[period_type]),
                },
            )
            if was_created:
                created.append(period)
    return created

