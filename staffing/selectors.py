"""Reads of the staffing app: counts for reports and pages, aggregated in the database.

Windows are exact: a figure "for a period" counts the rows whose date lies in
[period.start, period.end] (six-month H1 = 15/12 of the previous year – 14/6). A `root` unit
restricts to the units under it during that window (so 2021 keeps its districts); a `scope`
restricts to what a user may read. Every function issues a fixed number of queries.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from core import formatting, search
from core.access import READ, Scope
from core.models import OrgUnit, OrgUnitAncestry, OrgUnitKind, Role
from staffing.models import (
    CivilServant,
    Gender,
    JobPositionApproval,
    Level,
    PersonnelAction,
    PostgraduateSupport,
    Quota,
    QuotaKind,
    RecruitmentExam,
    RestructuringEvent,
    StaffCategory,
    StreamliningCase,
    TrainingCourse,
    TrainingPlan,
)

# Which register categories a quota kind counts as "used" (contracts are never in the register).
QUOTA_CATEGORIES = {
    QuotaKind.CIVIL_SERVANT: (StaffCategory.CADRE, StaffCategory.CIVIL_SERVANT),
    QuotaKind.PUBLIC_EMPLOYEE: (StaffCategory.PUBLIC_EMPLOYEE,),
    QuotaKind.CONTRACT: (),
}

PROVINCE_LEVELS = (Level.PROVINCE, Level.DISTRICT)


def window(period=None, start=None, end=None):
    if period is not None:
        return period.start, period.end
    if start is None or end is None:
        raise ValueError("Cần kỳ báo cáo hoặc khoảng thời gian (start, end).")
    return start, end


def in_window(date_field, start, end):
    """Q of the rows of a window: by their day, or — rows dated only by a period («trong 6 tháng
    đầu năm 2023») — when that whole period lies in the window (so H1 counts in H1 and in the year,
    never in a quarter it only overlaps)."""
    return (Q(dated_period__isnull=True, **{f"{date_field}__gte": start, f"{date_field}__lte": end})
            | Q(dated_period__start__gte=start, dated_period__end__lte=end))


def units_under(root, start, end):
    """Units under `root` (itself included) at some time in [start, end]."""
    return OrgUnit.objects.descendants_of(root, during=(start, end))


def _restrict(qs, *, root=None, scope=None, start=None, end=None, unit_field="unit", date_field=None, year_field=None):
    """`scope` reaches each row by its own date (`date_field`) or year (`year_field`)."""
    if root is not None:
        qs = qs.filter(**{f"{unit_field}__in": units_under(root, start, end).values("pk")})
    if scope is not None:
        qs = scope.filter(qs, READ, unit_field=unit_field, date_field=date_field, year_field=year_field)
    return qs


# ---------------------------------------------------------------------------------------------
# Who sees personal data
# ---------------------------------------------------------------------------------------------

PERSONAL_DATA_ROLES = (Role.STAFF, Role.OFFICER)


def personal_scope(scope):
    """The part of `scope` that may see named people: staff of the Sở (the province) and officers
    (their unit's subtree); admins everything. A leader's reach gives aggregates only."""
    if scope.is_admin:
        return scope
    return Scope(user=scope.user, memberships=[m for m in scope.memberships if m.role in PERSONAL_DATA_ROLES],
                 as_of_day=scope.as_of_day)


def sees_people(scope):
    return scope.is_admin or any(m.role in PERSONAL_DATA_ROLES for m in scope.memberships)


def sees_aggregates(scope):
    return scope.is_admin or bool(scope.memberships)


def can_import(scope):
    """Excel imports of the registers: staff of the Sở (and admins) only, from an office still open."""
    return scope.changing().has_role(Role.STAFF)


def civil_servants(scope, *, q="", unit=None, category="", gender="", active=True):
    """The people `scope` may see by name, filtered; ordered for the register list."""
    qs = personal_scope(scope).filter(CivilServant.objects.all(), READ, unit_field="unit", listed=True)
    if active is True:
        qs = qs.in_service()  # status follows the effective actions (nghỉ hưu, thôi việc…)
    elif active is False:
        qs = qs.exclude(pk__in=CivilServant.objects.in_service().values("pk"))
    qs = search.folded_match(qs, ["full_name"], q, exact=["ma_so"])  # «nguyen», «ĐẶNG» find «Nguyễn Văn Đặng»
    if unit is not None:
        qs = qs.filter(unit__in=OrgUnit.objects.descendants_of(unit).values("pk"))
    if category:
        qs = qs.filter(category=category)
    if gender:
        qs = qs.filter(gender=gender)
    # unit by unit in the tree's order (the unit's pk makes it total: `core.paging.GroupedRows` pages it so)
    return qs.select_related("unit").order_by("unit__sort_order", "unit__name", "unit_id", "full_name", "ma_so")


def civil_servant_for(scope, ma_so):
    """The person with `ma_so` if `scope` may see them by name, else None."""
    qs = personal_scope(scope).filter(CivilServant.objects.filter(ma_so=ma_so), READ, unit_field="unit")
    return qs.select_related("unit", "unit__parent").first()


def register_summary(scope):
    """Aggregates of the register within `scope`'s reach (no names): by category, gender and unit.

    People «đang công tác» today, counted in their current unit; units closed before today are
    left out (their people belong to a successor unit)."""
    today = datetime.date.today()
    qs = scope.filter(CivilServant.objects.in_service(today).filter(unit__valid_to__gte=today), READ, unit_field="unit",
                      listed=True)
    by_category = dict(qs.order_by().values_list("category").annotate(n=Count("pk")))
    by_gender = dict(qs.order_by().values_list("gender").annotate(n=Count("pk")))
    per_unit = defaultdict(dict)
    for unit_id, category, n in qs.order_by().values_list("unit", "category").annotate(n=Count("pk")):
        per_unit[unit_id][category] = n
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=list(per_unit)).only("pk", "code", "name", "sort_order")}
    categories = list(StaffCategory.choices)
    rows = []
    for unit in sorted(units.values(), key=lambda u: (u.sort_order, u.name)):
        cells = [per_unit[unit.pk].get(value, 0) for value, _label in categories]
        rows.append({"unit": unit, "cells": cells, "total": sum(cells)})
    return {
        "categories": [
            {"value": value, "label": label, "count": by_category.get(value, 0)} for value, label in categories
        ],
        "genders": [{"label": label, "count": by_gender.get(value, 0)} for value, label in Gender.choices],
        "total": sum(by_category.values()),
        "rows": rows,
        "column_totals": [by_category.get(value, 0) for value, _label in categories],
    }


# ---------------------------------------------------------------------------------------------
# Personnel and salary actions
# ---------------------------------------------------------------------------------------------


@dataclass
class ActionCounts:
    """Sums of `quantity` by (type, level, rank title, handling), from one GROUP BY query.

    `handling=None` counts every case; pass a Handling value to count only that form. Beside the
    sums it keeps the separately decided groups (`groups`): one per decision number and day within a
    (type, level, rank, handling, authority), with their cases and decisions, so a phrase may say two
    «điều động» decisions of 05 and 04 cases apart, or group the figures by who decided.
    """

    rows: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)

    def _matching(self, action_type=None, levels=None, rank_title=None, handling=None):
        for (t, level, rank, how), n in self.rows.items():
            if action_type is not None and t != action_type:
                continue
            if levels is not None and level not in levels:
                continue
            if rank_title is not None and rank.casefold() != rank_title.casefold():
                continue
            if handling is not None and how != handling:
                continue
            yield t, rank, n

    def total(self, action_type, levels=None, rank_title=None, handling=None):
        return sum(n for _t, _rank, n in self._matching(action_type, levels, rank_title, handling))

    def by_rank(self, action_type, levels=None, handling=None):
        """[(rank title, total)] of one type, biggest first (rank "" when not given)."""
        totals = defaultdict(int)
        for _t, rank, n in self._matching(action_type, levels, handling=handling):
            totals[rank] += n
        return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))

    def by_type(self, levels=None, handling=None):
        totals = defaultdict(int)
        for t, _rank, n in self._matching(levels=levels, handling=handling):
            totals[t] += n
        return dict(totals)

    def groups_of(self, action_type=None, levels=None, rank_title=None, handling=None, authority=None):
        """The separately decided groups matching, in date order."""
        wanted = authority_key(authority) if authority is not None else None
        out = []
        for g in self.groups:
            if action_type is not None and g["type"] != action_type:
                continue
            if levels is not None and g["level"] not in levels:
                continue
            if rank_title is not None and g["rank"].casefold() != rank_title.casefold():
                continue
            if handling is not None and g["handling"] != handling:
                continue
            if wanted is not None and g["authority_key"] != wanted:
                continue
            out.append(g)
        return out

    def decisions(self, action_type=None, levels=None, rank_title=None, handling=None, authority=None):
        """Decisions of the matching groups; None when no group states (or implies) its decisions."""
        known = [g["decisions"] for g in self.groups_of(action_type, levels, rank_title, handling, authority)
                 if g["decisions"] is not None]
        return sum(known) if known else None

    def by_authority(self, levels=None, group=None):
        """[{authority, cases, decisions, types: {type: cases}}] by who decided (as typed, the first
        spelling kept; spaces and case do not split an authority), most cases first; rows with no
        authority last under ""."""
        found = {}
        for g in self.groups:
            if levels is not None and g["level"] not in levels:
                continue
            if group is not None and g["group"] != group:
                continue
            entry = found.setdefault(g["authority_key"], {
                "authority": " ".join(g["authority"].split()), "cases": 0, "decisions": None, "types": {}})
            entry["cases"] += g["cases"]
            if g["decisions"] is not None:
                entry["decisions"] = (entry["decisions"] or 0) + g["decisions"]
            entry["types"][g["type"]] = entry["types"].get(g["type"], 0) + g["cases"]
        return sorted(found.values(), key=lambda e: (not e["authority"], -e["cases"], e["authority"]))

    def by_level(self, group=None):
        """{level: {type: cases}}."""
        out = defaultdict(lambda: defaultdict(int))
        for g in self.groups:
            if group is None or g["group"] == group:
                out[g["level"]][g["type"]] += g["cases"]
        return {level: dict(types) for level, types in out.items()}


def authority_key(text):
    return search.fold(" ".join((text or "").split()))


def personnel_counts(period=None, *, start=None, end=None, root=None, scope=None, group=None, groups=True):
    """ActionCounts of the actions effective in the window, under `root`, within `scope`.

    `groups=False`: the sums only (one row per type, level, rank and handling), for pages that
    never say decisions or who decided."""
    start, end = window(period, start, end)
    qs = PersonnelAction.objects.filter(in_window("effective_date", start, end))
    if group:
        qs = qs.filter(group=group)
    qs = _restrict(qs, root=root, scope=scope, start=start, end=end, date_field="effective_date")
    if not groups:
        rows = qs.order_by().values_list("action_type", "level", "rank_title", "handling").annotate(total=Sum("quantity"))
        return ActionCounts({(t, level, rank, how): total for t, level, rank, how, total in rows})
    fields_ = ("action_type", "group", "level", "rank_title", "handling", "authority", "decision_number", "effective_date")
    rows = qs.order_by().values_list(*fields_).annotate(total=Sum("quantity"), stated=Sum("decisions"))
    sums, groups, keys = defaultdict(int), [], {}
    for t, grp, level, rank, how, authority, number, day, total, stated in rows:
        if authority not in keys:  # folded once per spelling, not once per group
            keys[authority] = authority_key(authority)
        sums[(t, level, rank, how)] += total
        # A group with a decision number and no stated count is one decision; without a number, unknown.
        decisions = stated if stated is not None else (1 if number else None)
        groups.append({"type": t, "group": grp, "level": level, "rank": rank, "handling": how, "authority": authority,
                       "authority_key": keys[authority], "number": number, "date": day, "cases": total,
                       "decisions": decisions})
    groups.sort(key=lambda g: (g["date"], g["number"]))
    return ActionCounts(dict(sums), groups)


def personnel_actions(scope, *, start=None, end=None, action_type="", level="", unit=None):
    """Action rows `scope` may see by name (people's names are personal data)."""
    qs = personal_scope(scope).filter(PersonnelAction.objects.all(), READ, unit_field="unit", date_field="effective_date")
    if start:
        qs = qs.filter(effective_date__gte=start)
    if end:
        qs = qs.filter(effective_date__lte=end)
    if action_type:
        qs = qs.filter(action_type=action_type)
    if level:
        qs = qs.filter(level=level)
    if unit is not None:
        qs = qs.filter(unit__in=OrgUnit.objects.descendants_of(unit).values("pk"))
    return qs.select_related("unit", "person").order_by("-effective_date", "action_type", "pk")


# ---------------------------------------------------------------------------------------------
# Streamlining, restructuring, exams, training
# ---------------------------------------------------------------------------------------------


def streamlining_counts(period=None, *, start=None, end=None, root=None, scope=None):
    """[{year, round, stage, total, amount}] of the cases decided in the window, by round and stage."""
    start, end = window(period, start, end)
    qs = StreamliningCase.objects.filter(in_window("decided_on", start, end))
    qs = _restrict(qs, root=root, scope=scope, start=start, end=end, date_field="decided_on")
    rows = (
        qs.order_by()
        .values("year", "round_number", "stage")
        .annotate(total=Sum("quantity"), amount=Sum("amount"))
        .order_by("year", "round_number", "stage")
    )
    out = [dict(r) for r in rows]
    if any(r["round_number"] is None for r in out):
        # Cases in no round are said with the decrees they were decided under (one query more).
        decrees = defaultdict(set)
        for year, stage, decree in qs.filter(round_number__isnull=True).exclude(decree="").values_list(
                "year", "stage", "decree").distinct():
            decrees[(year, stage)].add(decree)
        for r in out:
            if r["round_number"] is None:
                r["decrees"] = sorted(decrees.get((r["year"], r["stage"]), ()))
    return out


def restructuring_counts(period=None, *, start=None, end=None, root=None, scope=None):
    """[{target, unit, kind, total}] of the events decided in the window."""
    start, end = window(period, start, end)
    qs = RestructuringEvent.objects.filter(in_window("decided_on", start, end))
    qs = _restrict(qs, root=root, scope=scope, start=start, end=end, date_field="decided_on")
    rows = qs.order_by().values("target", "unit", "unit__name", "unit__kind").annotate(total=Sum("quantity"))
    return [dict(r) for r in rows]


def restructuring_by_kind(period=None, *, start=None, end=None, root=None, scope=None):
    """[{kind, unit, unit__name, total}] of the events decided in the window, by kind and unit."""
    start, end = window(period, start, end)
    qs = RestructuringEvent.objects.filter(in_window("decided_on", start, end))
    qs = _restrict(qs, root=root, scope=scope, start=start, end=end, date_field="decided_on")
    rows = qs.order_by().values("kind", "unit", "unit__name", "unit__sort_order").annotate(total=Sum("quantity"))
    return sorted((dict(r) for r in rows), key=lambda r: (r["unit__sort_order"], r["unit__name"]))


def job_position_approvals(period=None, *, start=None, end=None, root=None, scope=None):
    """[{unit, unit__name, approvals, adjustments, positions}] per unit of the approvals in the window."""
    start, end = window(period, start, end)
    qs = JobPositionApproval.objects.filter(in_window("approved_on", start, end))
    qs = _restrict(qs, root=root, scope=scope, start=start, end=end, date_field="approved_on")
    rows = (qs.order_by().values("unit", "unit__name", "unit__sort_order")
            .annotate(approvals=Count("pk"), adjustments=Count("pk", filter=Q(is_adjustment=True)),
                      positions=Sum("positions")))
    return sorted((dict(r) for r in rows), key=lambda r: (r["unit__sort_order"], r["unit__name"]))


def training_courses(period=None, *, start=None, end=None, root=None, scope=None):
    """[{unit, unit__name, courses, participants, budget}] per organising unit of the classes that
    start in the window."""
    start, end = window(period, start, end)
    qs = TrainingCourse.objects.filter(start__gte=start, start__lte=end)
    qs = _restrict(qs, root=root, scope=scope, start=start, end=end, date_field="start")
    rows = (qs.order_by().values("unit", "unit__name", "unit__sort_order")
            .annotate(courses=Count("pk"), participants=Sum("participants"), budget=Sum("budget")))
    return sorted((dict(r) for r in rows), key=lambda r: (r["unit__sort_order"], r["unit__name"]))


def exams_in(period=None, *, start=None, end=None, root=None):
    """Exams held (or whose results were recognised) in the window, with their units' levels counted.

    Each exam gets `district_units` and `province_units`: how many of its units are district-level
    and province-level (departments, the Sở, public-service units); and `unit_names`.
    """
    start, end = window(period, start, end)
    exams = list(
        RecruitmentExam.objects.filter(held_on__gte=start, held_on__lte=end)
        .select_related("document")
        .prefetch_related("units")
        .order_by("held_on", "pk")
    )
    allowed = set(units_under(root, start, end).values_list("pk", flat=True)) if root is not None else None
    for exam in exams:
        units = [u for u in exam.units.all() if allowed is None or u.pk in allowed]
        exam.district_units = sum(1 for u in units if u.kind == OrgUnitKind.DISTRICT)
        exam.commune_units = sum(1 for u in units if u.kind == OrgUnitKind.COMMUNE)
        exam.province_units = len(units) - exam.district_units - exam.commune_units
        exam.unit_names = [u.name for u in sorted(units, key=lambda u: (u.sort_order, u.name))]
    return exams


def training_plans_in(period=None, *, start=None, end=None):
    start, end = window(period, start, end)
    return list(
        TrainingPlan.objects.filter(issued_on__gte=start, issued_on__lte=end).select_related("decision").order_by("issued_on")
    )


def postgraduate_total(period=None, *, start=None, end=None, root=None, scope=None):
    start, end = window(period, start, end)
    qs = PostgraduateSupport.objects.filter(in_window("decided_on", start, end))
    if root is not None:
        qs = qs.filter(Q(unit__isnull=True) | Q(unit__in=units_under(root, start, end).values("pk")))
    if scope is not None:
        qs = scope.filter(qs, READ, unit_field="unit", date_field="decided_on")
    agg = qs.aggregate(total=Sum("quantity"), amount=Sum("amount"))
    return {"total": agg["total"] or 0, "amount": agg["amount"] or Decimal(0)}


# ---------------------------------------------------------------------------------------------
# Quotas: assigned vs used, change against the previous year, cumulative change
# ---------------------------------------------------------------------------------------------


def register_used(unit_ids, kind, on=None):
    """{unit_id: people «đang công tác» on `on` (default today) of the quota kind's categories in
    the unit's subtree as it stood that day} (one query).

    Each person counts in their current unit, under the units above it on `on` only; a unit closed
    before `on` counts nobody. The subtree counts the unit's offices and public-service units;
    commune staff (category "cấp xã") never count against a district's civil-servant quota because
    of the category filter.
    """
    categories = QUOTA_CATEGORIES.get(kind, ())
    if not categories or not unit_ids:
        return {}
    on = on or datetime.date.today()
    rows = (
        CivilServant.objects.in_service(on)
        .filter(
            category__in=categories,
            unit__valid_from__lte=on, unit__valid_to__gte=on,
            unit__ancestor_links__ancestor__in=list(unit_ids),
            unit__ancestor_links__valid_from__lte=on, unit__ancestor_links__valid_to__gte=on,
        )
        .order_by()
        .values_list("unit__ancestor_links__ancestor")
        .annotate(n=Count("pk", distinct=True))
    )
    return dict(rows)


def quota_table(scope, year, kind=None, root=None):
    """Rows {unit, kind, assigned, used, source, difference} of the quotas `scope` may read for a
    year (scope None: every quota; `root`: the units under it during that year).

    `used` comes from the register where the quota says so, else the value entered (None when
    nothing was entered); `difference` = assigned − used (positive: places still free).
    """
    import datetime

    qs = _restrict(Quota.objects.filter(year=year), root=root, scope=scope, year_field="year",
                   start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)).select_related("unit", "decision")
    if kind:
        qs = qs.filter(kind=kind)
    quotas = list(qs.order_by("unit__sort_order", "unit__name", "kind"))
    from_register = defaultdict(set)
    for q in quotas:
        if q.used_from_register:
            from_register[q.kind].add(q.unit_id)
    # Counted on the year's last day (today for the current year): the tree and the people of then.
    on = min(datetime.date.today(), datetime.date(year, 12, 31))
    counted = {k: register_used(ids, k, on) for k, ids in from_register.items()}
    rows = []
    totals = {"assigned": 0, "used": 0, "difference": 0}
    for q in quotas:
        if q.used_from_register and QUOTA_CATEGORIES.get(q.kind):
            used, source = counted[q.kind].get(q.unit_id, 0), "register"
        else:
            used, source = q.used_entered, "entered"
        difference = None if used is None else q.assigned - used
        rows.append({"quota": q, "unit": q.unit, "kind": q.kind, "kind_label": q.get_kind_display(),
                     "assigned": q.assigned, "used": used, "source": source, "difference": difference})
        totals["assigned"] += q.assigned
        totals["used"] += used or 0
        totals["difference"] += difference or 0
    return {"rows": rows, "totals": totals}


def quota_use(scope, year, kind):
    """{unit_id: (unit values, assigned, used)} of one year and kind: `quota_table`'s numbers (the
    same «used» rule) read as plain values, for the first page's panel over a province's units."""
    # Every row is of `year`: the reach during that year is quota_table's per-row `year_field`
    # test, asked once (an IN list instead of a correlated EXISTS per quota).
    qs = scope.filter(Quota.objects.filter(year=year, kind=kind), READ,
                      during=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    rows = list(qs.order_by().values("unit_id", "unit__name", "unit__short_name", "unit__sort_order", "assigned",
                                     "used_entered", "used_from_register"))
    on = min(datetime.date.today(), datetime.date(year, 12, 31))
    counted = register_used({r["unit_id"] for r in rows if r["used_from_register"]}, kind, on) \
        if QUOTA_CATEGORIES.get(kind) else {}
    out = {}
    for r in rows:
        used = counted.get(r["unit_id"], 0) if r["used_from_register"] and QUOTA_CATEGORIES.get(kind) else r["used_entered"]
        out[r["unit_id"]] = (r, r["assigned"], used)
    return out


def quota_years():
    return list(Quota.objects.order_by("-year").values_list("year", flat=True).distinct())


def first_quota_year(kind, root=None):
    """The earliest year with a quota of `kind` under `root` (as the tree stood that year), or None."""
    for year in Quota.objects.filter(kind=kind).order_by("year").values_list("year", flat=True).distinct():
        if assigned_total(year, kind, root) is not None:
            return year  # usually the first year asked: one query more
    return None


def assigned_total(year, kind, root=None, scope=None):
    """Total assigned for a year and kind, over the units under `root` during that year."""
    import datetime

    qs = Quota.objects.filter(year=year, kind=kind)
    qs = _restrict(qs, root=root, scope=scope, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31),
                   year_field="year")
    return qs.aggregate(total=Sum("assigned"))["total"]


def quota_change(year, kind, root=None, scope=None):
    """{"year", "assigned", "previous", "change"}: change = assigned(year) − assigned(year − 1)
    (None when either year has no quota)."""
    current = assigned_total(year, kind, root, scope)
    previous = assigned_total(year - 1, kind, root, scope)
    change = None if current is None or previous is None else current - previous
    return {"year": year, "assigned": current, "previous": previous, "change": change}


def term_quota(year, kind, root=None, scope=None):
    """The term figures of a year's quotas of `kind` under `root`: {"term": «2022-2026» (the
    term most quotas name), "first": its first year, "assigned": the term totals summed (None when no
    quota gives one), "roadmap": the roadmap cut % when the quotas agree on one (else None)}."""
    qs = _restrict(Quota.objects.filter(year=year, kind=kind).exclude(term=""), root=root, scope=scope,
                   start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), year_field="year")
    quotas = list(qs.only("term", "term_assigned", "roadmap_cut"))
    if not quotas:
        return {"term": "", "first": None, "assigned": None, "roadmap": None}
    terms = defaultdict(int)
    for q in quotas:
        if q.term_years():
            terms[q.term_years()] += 1
    if not terms:
        return {"term": "", "first": None, "assigned": None, "roadmap": None}
    first, last = max(terms, key=lambda t: (terms[t], t))
    mine = [q for q in quotas if q.term_years() == (first, last)]
    given = [q.term_assigned for q in mine if q.term_assigned is not None]
    roadmaps = {q.roadmap_cut for q in mine if q.roadmap_cut is not None}
    return {"term": f"{first} - {last}", "first": first, "assigned": sum(given) if given else None,
            "roadmap": roadmaps.pop() if len(roadmaps) == 1 else None}


def quota_cumulative(start_year, end_year, kind, root=None, scope=None):
    """Cut over a span: {"base", "assigned", "cut", "percent"} where cut = base − assigned(end_year)
    and percent is the cut as a share of the base year's quota (a Decimal, 2 places)."""
    base = assigned_total(start_year, kind, root, scope)
    current = assigned_total(end_year, kind, root, scope)
    if base is None or current is None:
        return {"base": base, "assigned": current, "cut": None, "percent": None}
    cut = base - current
    percent = (Decimal(cut) * 100 / Decimal(base)).quantize(Decimal("0.01")) if base else None
    return {"base": base, "assigned": current, "cut": cut, "percent": percent}


# ---------------------------------------------------------------------------------------------
# Registers kept in web forms (`staffing.registers`): the rows a user may read, their filters
# ---------------------------------------------------------------------------------------------


def can_edit_registers(scope):
    """Create, edit and delete register rows: staff of the Sở (and admins) only, from an office still open."""
    return scope.changing().has_role(Role.STAFF)
