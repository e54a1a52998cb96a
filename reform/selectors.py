"""Reads of the administrative reform (CCHC) app: index results, the province's index of its units,
inspections, initiatives and the leaders' CCHC dashboard.

Access (through `core.access` only):
- the province's national index results are province-wide figures: whoever reads the province
  (leaders, staff of the Sở, admins) sees them; an officer (whose reach is its own unit) sees none;
- a unit's scores, inspections, initiatives and dashboard row: whoever reads that unit; ranks are
  always computed over the whole group, so an officer sees its unit's true rank, not a rank among
  the rows it may see;
- writes: staff of the office that reviews the units' CCHC figures (the reviewing office of the
  CCHC-DV data set, Phòng CCHC-VTLT in the demo), from a role still open, and admins.

Every function issues a fixed number of queries, whatever the number of units.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import F, Sum, Window
from django.db.models.functions import Rank

from collection import selectors as collection_selectors
from collection.models import DataSet, Status
from core import formatting
from core.access import READ
from core.models import OrgUnit, OrgUnitKind, Period, PeriodType, Role
from reform.models import (
    Audience,
    Criterion,
    IndexCode,
    IndexResult,
    Initiative,
    InspectionPlan,
    InspectionVisit,
    UnitIndexSet,
    UnitScore,
)

CCHC_DATA_SET = "CCHC-DV"
TWO_PLACES = Decimal("0.01")

# The CCHC-DV elements the dashboard reads. Early resolutions count as on time where the form has
# them (an element missing from the data set simply contributes nothing).
RECEIVED = "HS_TIEP_NHAN"
ONLINE = "HS_TRUC_TUYEN"
RESOLVED = "HS_DA_GIAI_QUYET"
ON_TIME = ("HS_SOM_HAN", "HS_DUNG_HAN")
DASHBOARD_ELEMENTS = (RECEIVED, ONLINE, RESOLVED) + ON_TIME



def default_thresholds():
    """(on-time rate %, index score) under which a unit is highlighted: the settings
    `REFORM_ON_TIME_MIN` (95) and `REFORM_INDEX_SCORE_MIN` (80); the page's form may change them."""
    return (Decimal(str(getattr(settings, "REFORM_ON_TIME_MIN", 95))),
            Decimal(str(getattr(settings, "REFORM_INDEX_SCORE_MIN", 80))))


def rounded(value):
    """Two decimals, half up: the page, the chart and the export show this same number."""
    return None if value is None else Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def share(part, whole):
    if part is None or not whole:
        return None
    return rounded(Decimal(part) * 100 / Decimal(whole))


# ---------------------------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------------------------


def province():
    """The province the portal serves (the top unit)."""
    return OrgUnit.objects.filter(parent__isnull=True, kind=OrgUnitKind.PROVINCE).order_by("pk").first()


def responsible_office_ids():
    """The offices that keep the CCHC registers: the reviewing office of the CCHC-DV data set."""
    return set(DataSet.objects.filter(code=CCHC_DATA_SET, reviewing_office__isnull=False)
               .values_list("reviewing_office_id", flat=True))


def can_manage(scope):
    """Create, edit and delete index results, criteria, scores, inspections and initiatives."""
    if scope.is_admin:
        return True
    offices = responsible_office_ids()
    return any(m.role == Role.STAFF and m.unit_id in offices for m in scope.open_memberships)


def can_use(scope):
    """Open the CCHC pages at all (each page then shows only what the scope reads)."""
    return scope.is_admin or bool(scope.memberships)


def reads_province(scope, top=None):
    top = top or province()
    return top is not None and scope.can_read(top)


# ---------------------------------------------------------------------------------------------
# National index results (PAR INDEX, SIPAS, PAPI, PCI)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexStanding:
    index: str
    label: str
    year: int
    score: Decimal
    rank: int
    of_n: int
    previous_rank: int | None
    previous_of_n: int | None
    pk: int | None = None
    source: str = ""

    @property
    def change(self):
        """Places gained against the previous year (positive: up, i.e. a smaller rank number)."""
        if self.previous_rank is None:
            return None
        return self.previous_rank - self.rank

    @property
    def change_text(self):
        """«tăng 02 bậc», «giảm 01 bậc», «giữ nguyên»; None without a previous year."""
        if self.change is None:
            return None
        return formatting.delta(self.change, "bậc", same="giữ nguyên")


def _standings(rows):
    by_key = {(r.unit_id, r.index, r.year): r for r in rows}
    out = []
    for r in rows:
        prev = by_key.get((r.unit_id, r.index, r.year - 1))
        out.append(IndexStanding(
            index=r.index, label=IndexCode(r.index).label, year=r.year, score=r.score, rank=r.rank, of_n=r.of_n,
            previous_rank=prev.rank if prev else None, previous_of_n=prev.of_n if prev else None, pk=r.pk,
            source=r.source,
        ))
    return out


def index_result(province, index_code, year):
    """The province's result of `index_code` for `year` with its change against `year - 1`, or None.

    For the report provider: `.score`, `.rank`, `.of_n`, `.previous_rank`, `.change` (places gained),
    `.change_text` («tăng 02 bậc»). One query."""
    rows = list(IndexResult.objects.filter(unit=province, index=index_code, year__in=(year, year - 1)))
    found = [s for s in _standings(rows) if s.year == year]
    return found[0] if found else None


def index_results(scope, *, index=""):
    """Every result the scope reads, newest year first, each with its change in rank."""
    qs = scope.filter(IndexResult.objects.all(), READ, unit_field="unit")
    if index:
        qs = qs.filter(index=index)
    rows = list(qs.order_by("index", "year"))
    return sorted(_standings(rows), key=lambda s: (-s.year, list(IndexCode.values).index(s.index)))


# ---------------------------------------------------------------------------------------------
# The province's CCHC index of its units
# ---------------------------------------------------------------------------------------------


@dataclass
class ScoreRow:
    unit: OrgUnit
    self_total: Decimal | None
    appraised_total: Decimal | None
    rank: int | None
    tied: bool = False
    by_criterion: dict = field(default_factory=dict)  # top criterion id → appraised points


@dataclass
class IndexTable:
    index_set: UnitIndexSet
    top_criteria: list
    max_total: Decimal
    rows: list

    def __post_init__(self):
        for row in self.rows:  # the template reads cells in the order of the columns
            row.cells = [row.by_criterion.get(c.pk) for c in self.top_criteria]


def index_sets(year=None):
    qs = UnitIndexSet.objects.all()
    if year:
        qs = qs.filter(year=year)
    return list(qs.order_by("-year", "audience"))


def index_years():
    return sorted(set(UnitIndexSet.objects.values_list("year", flat=True)), reverse=True)


def criteria_tree(index_set):
    """The set's criteria in reading order, each with `.depth` and `.is_leaf` (one query)."""
    criteria = list(Criterion.objects.filter(index_set=index_set).order_by("sort_order", "id"))
    children = defaultdict(list)
    for c in criteria:
        children[c.parent_id].append(c)
    out = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            c.depth = depth
            c.is_leaf = not children.get(c.pk)
            out.append(c)
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def _top_of(criteria):
    parent = {c.pk: c.parent_id for c in criteria}
    top = {}
    for c in criteria:
        node = c.pk
        while parent.get(node):
            node = parent[node]
        top[c.pk] = node
    return top


def ranking(index_set):
    """[(unit_id, self_total, appraised_total, rank)] for every scored unit of the set: totals
    summed and ranked in the database (RANK(): ties share a place and the next place is skipped,
    1, 2, 2, 4). Units without an appraised score rank last, unranked."""
    rows = (
        UnitScore.objects.filter(criterion__index_set=index_set)
        .values("unit_id")
        .annotate(self_total=Sum("self_score"), appraised_total=Sum("appraised_score"))
        .annotate(rank=Window(Rank(), order_by=F("appraised_total").desc(nulls_last=True)))
        .order_by("rank", "unit_id")
    )
    return [(r["unit_id"], r["self_total"], r["appraised_total"], r["rank"] if r["appraised_total"] is not None else None)
            for r in rows]


def index_table(scope, index_set):
    """The grouped table of one set: the units the scope reads, with the rank among ALL units."""
    criteria = criteria_tree(index_set)
    tops = [c for c in criteria if c.parent_id is None]
    top_of = _top_of(criteria)
    full = ranking(index_set)
    all_ranks = [r[3] for r in full]
    ranked = full
    if not scope.is_admin:
        visible = scope.unit_ids(READ, during=year_window(index_set.year))
        ranked = [r for r in full if r[0] in visible]
    units = OrgUnit.objects.in_bulk([r[0] for r in ranked])
    parts = defaultdict(lambda: defaultdict(Decimal))
    for s in (UnitScore.objects.filter(criterion__index_set=index_set, unit_id__in=[r[0] for r in ranked],
                                       appraised_score__isnull=False)
              .values("unit_id", "criterion_id").annotate(points=Sum("appraised_score"))):
        parts[s["unit_id"]][top_of[s["criterion_id"]]] += s["points"]
    rows = []
    for unit_id, self_total, appraised_total, rank in ranked:
        rows.append(ScoreRow(unit=units[unit_id], self_total=self_total, appraised_total=appraised_total, rank=rank,
                             tied=rank is not None and all_ranks.count(rank) > 1, by_criterion=dict(parts[unit_id])))
    max_total = sum((c.max_points for c in tops), Decimal(0))
    return IndexTable(index_set=index_set, top_criteria=tops, max_total=max_total, rows=rows)


def unit_standing(index_set, unit):
    """(self total, appraised total, rank, ranked units) of one unit in its set (ranked in the DB)."""
    ranked = ranking(index_set)
    mine = next((r for r in ranked if r[0] == unit.pk), None)
    count = sum(1 for r in ranked if r[3] is not None)
    return (mine[1], mine[2], mine[3], count) if mine else (None, None, None, count)


def unit_scores(index_set, unit):
    """{criterion_id: UnitScore} of one unit in one set."""
    return {s.criterion_id: s for s in UnitScore.objects.filter(criterion__index_set=index_set, unit=unit)}


AUDIENCE_KINDS = {Audience.DEPARTMENT: OrgUnitKind.DEPARTMENT, Audience.DISTRICT: OrgUnitKind.DISTRICT,
                  Audience.COMMUNE: OrgUnitKind.COMMUNE}


def year_window(year):
    return (datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def scorable_units(scope, index_set):
    """Units the set scores (its group's kind, existing in its year) that the scope reads."""
    window = year_window(index_set.year)
    qs = OrgUnit.objects.filter(kind=AUDIENCE_KINDS[index_set.audience]).active_during(*window)
    return list(scope.filter(qs, READ, unit_field="pk", during=window).order_by("sort_order", "name"))


def scorable_unit(scope, index_set, code):
    """One unit of the set's group the scope reads, by code, or None."""
    window = year_window(index_set.year)
    unit = (OrgUnit.objects.filter(code=code, kind=AUDIENCE_KINDS[index_set.audience]).active_during(*window).first())
    return unit if unit is not None and scope.can_read(unit, during=window) else None


def unit_index_scores(year):
    """{unit_id: (appraised_total, rank, index_set)} over every set of `year` (for the dashboard)."""
    out = {}
    for index_set in UnitIndexSet.objects.filter(year=year):
        for unit_id, _self, total, rank in ranking(index_set):
            out[unit_id] = (total, rank, index_set)
    return out


@dataclass
class UnitIndexLine:
    """One unit's place in the province's CCHC index of a year and of the year before."""

    unit: OrgUnit
    score: Decimal | None
    rank: int | None
    previous_score: Decimal | None = None
    previous_rank: int | None = None

    @property
    def change(self):
        """Places gained (+) or lost (−); None without both ranks."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def latest_index_year(until=None):
    """The newest year of the province's CCHC index, not after `until` (None: any), or None."""
    qs = UnitIndexSet.objects.all()
    if until is not None:
        qs = qs.filter(year__lte=until)
    return qs.order_by("-year").values_list("year", flat=True).first()


def unit_index_comparison(year):
    """[(Audience, [UnitIndexLine] by rank)] of `year`'s sets, each unit with its score and rank of
    `year - 1` (same group): 1 + 2 queries per set and one for the units, whatever their number."""
    sets = list(UnitIndexSet.objects.filter(year__in=(year, year - 1)))
    before = {s.audience: s for s in sets if s.year == year - 1}
    groups = []
    for index_set in sorted((s for s in sets if s.year == year), key=lambda s: list(Audience.values).index(s.audience)):
        now = ranking(index_set)
        then = {r[0]: r for r in ranking(before[index_set.audience])} if index_set.audience in before else {}
        groups.append((index_set, now, then))
    units = OrgUnit.objects.in_bulk({r[0] for _s, now, _t in groups for r in now})
    out = []
    for index_set, now, then in groups:
        lines = [UnitIndexLine(unit=units[unit_id], score=total, rank=rank,
                               previous_score=then[unit_id][2] if unit_id in then else None,
                               previous_rank=then[unit_id][3] if unit_id in then else None)
                 for unit_id, _self, total, rank in now]
        out.append((Audience(index_set.audience), lines))
    return out


# ---------------------------------------------------------------------------------------------
# Inspections and initiatives
# ---------------------------------------------------------------------------------------------


def inspection_plans(scope, *, year=None):
    """Plans of the year with the visits the scope reads (plans themselves are province-wide)."""
    plans = InspectionPlan.objects.all()
    if year:
        plans = plans.filter(year=year)
    plans = list(plans.order_by("-year", "-issued_on", "id"))
    visits = scope.filter(InspectionVisit.objects.filter(plan__in=plans).select_related("unit"), READ,
                          unit_field="unit", date_field="visited_on").order_by("visited_on", "id")
    by_plan = defaultdict(list)
    for v in visits:
        by_plan[v.plan_id].append(v)
    if not reads_province(scope):  # an officer: only the plans that visited its units
        plans = [p for p in plans if by_plan.get(p.pk)]
    for p in plans:
        p.visible_visits = by_plan.get(p.pk, [])
    return plans


def inspection_counts(start, end, root=None):
    """For reports: plans issued, visits made and units inspected in [start, end] (under `root`)."""
    visits = InspectionVisit.objects.filter(visited_on__range=(start, end))
    if root is not None:
        visits = visits.filter(unit__in=OrgUnit.objects.descendants_of(root, during=(start, end)).values("pk"))
    return {
        "plans": InspectionPlan.objects.filter(issued_on__range=(start, end)).count(),
        "visits": visits.count(),
        "units": visits.values("unit").distinct().count(),
    }


def initiatives(scope, *, year=None):
    qs = scope.filter(Initiative.objects.select_related("unit"), READ, unit_field="unit", date_field="recognised_on")
    if year:
        qs = qs.filter(year=year)
    return list(qs.order_by("-year", "recognised_on", "id"))


def initiatives_recognised(start, end, root=None):
    """For reports: {year: count} of the initiatives recognised in [start, end] (under `root`):
    «công nhận 04 sáng kiến … năm 2020» in the H1/2021 report."""
    qs = Initiative.objects.filter(recognised_on__range=(start, end))
    if root is not None:
        qs = qs.filter(unit__in=OrgUnit.objects.descendants_of(root, during=(start, end)).values("pk"))
    counts = defaultdict(int)
    for year in qs.values_list("year", flat=True):
        counts[year] += 1
    return dict(sorted(counts.items()))


# ---------------------------------------------------------------------------------------------
# The leaders' CCHC dashboard
# ---------------------------------------------------------------------------------------------


@dataclass
class DashboardRow:
    unit: OrgUnit
    received: Decimal | None
    online: Decimal | None
    resolved: Decimal | None
    on_time: Decimal | None
    on_time_rate: Decimal | None
    online_share: Decimal | None
    index_score: Decimal | None
    index_rank: int | None
    low_on_time: bool
    low_index: bool

    @property
    def highlighted(self):
        return self.low_on_time or self.low_index


@dataclass
class Dashboard:
    period: Period | None
    index_year: int | None
    on_time_min: Decimal
    index_min: Decimal
    rows: list
    group: str = ""

    @property
    def highlighted(self):
        return [r for r in self.rows if r.highlighted]

    def chart_data(self):
        """What the chart draws: the same rounded numbers as the table (floats for JSON)."""
        def f(v):
            return None if v is None else float(v)
        return {
            "labels": [r.unit.short_name or r.unit.name for r in self.rows],
            "onTime": [f(r.on_time_rate) for r in self.rows],
            "online": [f(r.online_share) for r in self.rows],
            "index": [f(r.index_score) for r in self.rows],
            "highlighted": [r.highlighted for r in self.rows],
            "onTimeMin": float(self.on_time_min),
        }


def dashboard_periods():
    """Six-month and annual periods with approved CCHC-DV forms (what the dashboard counts), newest first."""
    return list(Period.objects.filter(type__in=(PeriodType.SIX_MONTH, PeriodType.ANNUAL),
                                      submissions__data_set__code=CCHC_DATA_SET,
                                      submissions__status=Status.APPROVED).distinct().order_by("-start", "type"))


def default_index_year(period):
    """The latest year with the province's index of its units not after the period's year."""
    years = [y for y in index_years() if period is None or y <= period.year]
    return years[0] if years else None


def dashboard(scope, period, *, index_year=None, on_time_min=None, index_min=None, group=""):
    """Per unit the scope reads: dossiers (approved CCHC-DV of `period`), on-time rate, online
    share and the unit's index score of `index_year`; units under a threshold are highlighted.
    `group` (an `Audience`) keeps the departments, the districts or the communes only."""
    default_on_time, default_index = default_thresholds()
    on_time_min = default_on_time if on_time_min is None else Decimal(on_time_min)
    index_min = default_index if index_min is None else Decimal(index_min)
    top = province()
    values = defaultdict(dict)
    if period is not None and top is not None:
        data_set = DataSet.objects.filter(code=CCHC_DATA_SET).first()
        if data_set is not None:
            per_element = collection_selectors.unit_figures(data_set, period, top, element_codes=DASHBOARD_ELEMENTS)
            for code, entries in per_element.items():
                for unit_id, option, value in entries:
                    if option is None:
                        values[unit_id][code] = value
                    else:  # a split element (by level): its parts add up to the unit's figure
                        values[unit_id][code] = values[unit_id].get(code, Decimal(0)) + value
    scores = unit_index_scores(index_year) if index_year else {}
    window = (period.start, period.end) if period else (datetime.date(index_year or 2000, 1, 1),
                                                         datetime.date(index_year or 2000, 12, 31))
    visible = None if scope.is_admin else scope.unit_ids(READ, during=window)
    ids = set(values) | set(scores)
    if visible is not None:
        ids &= visible
    unit_objects = OrgUnit.objects.in_bulk(ids) if ids else {}
    if group:
        ids = {i for i in ids if unit_objects[i].kind == AUDIENCE_KINDS[group]}
    rows = []
    for unit_id in ids:
        v = values.get(unit_id, {})
        on_time = sum((v[c] for c in ON_TIME if c in v), Decimal(0)) if any(c in v for c in ON_TIME) else None
        rate = share(on_time, v.get(RESOLVED))
        online = share(v.get(ONLINE), v.get(RECEIVED))
        score, rank, _set = scores.get(unit_id, (None, None, None))
        score = rounded(score)
        rows.append(DashboardRow(
            unit=unit_objects[unit_id], received=v.get(RECEIVED), online=v.get(ONLINE), resolved=v.get(RESOLVED),
            on_time=on_time, on_time_rate=rate, online_share=online, index_score=score, index_rank=rank,
            low_on_time=rate is not None and rate < on_time_min,
            low_index=score is not None and score < index_min,
        ))
    rows.sort(key=lambda r: (r.unit.sort_order, r.unit.name))
    return Dashboard(period=period, index_year=index_year, on_time_min=on_time_min, index_min=index_min, rows=rows,
                     group=group)
