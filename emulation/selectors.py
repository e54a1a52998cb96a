"""Reads of the emulation app; aggregation happens in the database, a fixed number of queries per call.

Windows: a decision counts in [start, end] by its `decided_on` (đã khen) — or by `forwarded_on` for
what the province sent up (trình cấp trên). `root` narrows to decisions proposed by units under it
during the window; `scope` (core.access) to what the reader may see, each row by its own date.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from core.access import READ
from core.models import OrgUnit, Period, PeriodType
from core.services import period_window
from emulation.models import (
    AwardDecision,
    AwardItem,
    AwardKind,
    AwardLevel,
    AwardType,
    ClusterMembership,
    DecisionStatus,
    EmulationCluster,
    EmulationMovement,
    Occasion,
    Proposal,
    RecipientKind,
)


def emulation_year_window(year):
    """1/12 of the previous year – 30/11 (DESIGN §3, «năm thi đua»)."""
    return period_window(PeriodType.EMULATION_YEAR, year)


def _restrict(qs, *, start, end, root=None, scope=None, unit_field="proposing_unit", date_field="decided_on"):
    if root is not None:
        qs = qs.filter(**{f"{unit_field}__in": OrgUnit.objects.descendants_of(root, during=(start, end)).values("pk")})
    if scope is not None:
        qs = scope.filter(qs, READ, unit_field=unit_field, date_field=date_field)
    return qs


# What the province sent up in a window stays sent up once the higher level has decided.
FORWARDED_STATUSES = (DecisionStatus.SUBMITTED, DecisionStatus.AWARDED)


def _window_filter(prefix, start, end, forwarded):
    if forwarded:
        return Q(**{f"{prefix}status__in": FORWARDED_STATUSES, f"{prefix}forwarded_on__gte": start,
                    f"{prefix}forwarded_on__lte": end}), f"{prefix}forwarded_on"
    return Q(**{f"{prefix}status": DecisionStatus.AWARDED, f"{prefix}decided_on__gte": start,
                f"{prefix}decided_on__lte": end}), f"{prefix}decided_on"


def decisions(start, end, *, forwarded=False, root=None, scope=None):
    """Decisions đã khen dated in [start, end] (`forwarded`: dossiers sent up in the window)."""
    condition, date_field = _window_filter("", start, end, forwarded)
    qs = AwardDecision.objects.filter(condition)
    return _restrict(qs, start=start, end=end, root=root, scope=scope, date_field=date_field)


def items(start, end, *, forwarded=False, root=None, scope=None):
    """Items of those decisions: the reach is decided once per decision, not per item."""
    return AwardItem.objects.filter(decision__in=decisions(start, end, forwarded=forwarded, root=root, scope=scope)
                                    .values("pk"))


@dataclass
class AwardCounts:
    """Recipients by award type and kind of recipient, decisions by level and occasion, for one window."""

    types: dict = field(default_factory=dict)           # {award_type pk: AwardType}
    recipients: dict = field(default_factory=dict)      # {(award_type pk, recipient kind): n}
    decisions_by_level: dict = field(default_factory=dict)
    occasions: list = field(default_factory=list)       # occasions with an awarded decision, in Occasion order

    def total(self, award_type_id, kind=None):
        return sum(n for (t, k), n in self.recipients.items() if t == award_type_id and (kind is None or k == kind))

    def of_kind(self, award_kind, level, recipient_kind=None):
        return sum(n for (t, k), n in self.recipients.items()
                   if self.types[t].kind == award_kind and self.types[t].level == level
                   and (recipient_kind is None or k == recipient_kind))

    def by_type(self, levels=None, exclude_kinds=()):
        """[(AwardType, {recipient kind: n})] in the types' order."""
        grouped = defaultdict(dict)
        for (t, k), n in self.recipients.items():
            if n:
                grouped[t][k] = n
        chosen = [self.types[t] for t in grouped
                  if (levels is None or self.types[t].level in levels) and self.types[t].kind not in exclude_kinds]
        return [(t, grouped[t.pk]) for t in sorted(chosen, key=lambda t: (t.sort_order, t.name))]


def award_counts(start, end, *, forwarded=False, root=None, scope=None, exclude_occasions=()):
    """Three queries: recipients by (type, kind), decisions by level and occasion, the types."""
    item_qs = items(start, end, forwarded=forwarded, root=root, scope=scope).exclude(decision__occasion__in=exclude_occasions)
    rows = item_qs.values("award_type_id", "recipient_kind").annotate(n=Sum("quantity"))
    recipients = {(r["award_type_id"], r["recipient_kind"]): r["n"] for r in rows}
    decision_qs = decisions(start, end, forwarded=forwarded, root=root, scope=scope).exclude(occasion__in=exclude_occasions)
    by_level, occasions = defaultdict(int), set()
    for r in decision_qs.values("level", "occasion").annotate(n=Count("pk")):
        by_level[r["level"]] += r["n"]
        occasions.add(r["occasion"])
    types = {t.pk: t for t in AwardType.objects.filter(pk__in={t for t, _k in recipients})}
    return AwardCounts(types=types, recipients=recipients, decisions_by_level=dict(by_level),
                       occasions=[o for o in Occasion.values if o in occasions])


def resistance_confirmations(start, end, *, root=None, scope=None):
    """Resistance dossiers the province confirmed and sent up in the window."""
    return decisions(start, end, forwarded=True, root=root, scope=scope).filter(occasion=Occasion.RESISTANCE).count()


# ---------------------------------------------------------------------------------------------
# Statistics page: award type × level × collective/individual × occasion
# ---------------------------------------------------------------------------------------------

STAT_KINDS = (RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL, RecipientKind.HOUSEHOLD)


@dataclass
class Statistics:
    start: datetime.date
    end: datetime.date
    rows: list          # [{"type": AwardType, "level": label, "occasions": {occ: {kind: n}}, "kinds": {kind: n}, "total": n}]
    occasions: list     # [(value, label)] that have a figure
    totals: dict        # {kind: n, "total": n}
    decisions: int

    @property
    def chart(self):
        """Data for the chart (json_script): recipients by award type, collective/individual/household."""
        return {
            "labels": [r["type"].name for r in self.rows],
            "series": [{"label": RecipientKind(k).label, "data": [r["kinds"].get(k, 0) for r in self.rows]}
                       for k in STAT_KINDS if self.totals.get(k)],
        }


def statistics(start, end, *, scope, root=None, level=None, occasion=None):
    """Two queries (plus the types): what was awarded in [start, end] within the reader's reach."""
    qs = items(start, end, root=root, scope=scope)
    if level:
        qs = qs.filter(award_type__level=level)
    if occasion:
        qs = qs.filter(decision__occasion=occasion)
    cells = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for r in qs.values("award_type_id", "decision__occasion", "recipient_kind").annotate(n=Sum("quantity")):
        cells[r["award_type_id"]][r["decision__occasion"]][r["recipient_kind"]] += r["n"]
    types = AwardType.objects.filter(pk__in=cells.keys()).order_by("sort_order", "name")
    rows, totals, used = [], defaultdict(int), set()
    for t in types:
        kinds = defaultdict(int)
        for occ, by_kind in cells[t.pk].items():
            used.add(occ)
            for k, n in by_kind.items():
                kinds[k] += n
                totals[k] += n
        rows.append({"type": t, "level": t.get_level_display(), "occasions": {o: dict(v) for o, v in cells[t.pk].items()},
                     "kinds": dict(kinds), "total": sum(kinds.values())})
    totals["total"] = sum(totals[k] for k in STAT_KINDS)
    shown = [o for o in Occasion.values if o in used]
    for r in rows:  # the table's cells in column order: occasion × kind, then the kinds, for templates and exports
        r["cells"] = [r["occasions"].get(o, {}).get(k, 0) for o in shown for k in STAT_KINDS]
        r["kind_cells"] = [r["kinds"].get(k, 0) for k in STAT_KINDS]
    dqs = decisions(start, end, root=root, scope=scope)
    if level:
        dqs = dqs.filter(level=level)
    if occasion:
        dqs = dqs.filter(occasion=occasion)
    return Statistics(start=start, end=end, rows=rows, occasions=[(o, Occasion(o).label) for o in Occasion.values if o in used],
                      totals=dict(totals), decisions=dqs.count())


def statistics_periods():
    """The windows the statistics page offers: six-month and annual periods, and emulation years."""
    return Period.objects.filter(type__in=[PeriodType.SIX_MONTH, PeriodType.ANNUAL, PeriodType.EMULATION_YEAR]) \
        .order_by("-year", "type", "number")


# ---------------------------------------------------------------------------------------------
# Registers and proposals
# ---------------------------------------------------------------------------------------------


def decision_list(scope, *, year=None, status=None, search=""):
    qs = AwardDecision.objects.select_related("proposing_unit").annotate(
        recipients=Sum("items__quantity"), rows=Count("items"))
    qs = scope.filter(qs, READ, unit_field="proposing_unit")
    if year:
        qs = qs.filter(Q(decided_on__year=year) | Q(decided_on__isnull=True, received_on__year=year))
    if status:
        qs = qs.filter(status=status)
    if search:
        named = AwardItem.objects.filter(recipient_name__icontains=search).values("decision_id")
        qs = qs.filter(Q(number__icontains=search) | Q(subject__icontains=search) | Q(pk__in=named))
    return qs.order_by("-decided_on", "-received_on", "-id")


def decision_for(scope, pk):
    qs = scope.filter(AwardDecision.objects.select_related("proposing_unit", "movement"), READ, unit_field="proposing_unit")
    return qs.filter(pk=pk).first()


def proposals_for(scope, *, board=False, status=None):
    """Proposals the reader may see: Ban TĐKT (and the Sở's leaders) the province's, an officer its units'."""
    qs = Proposal.objects.select_related("unit", "decision", "submitted_by").annotate(n=Count("items"))
    qs = qs if board else scope.filter(qs, READ, unit_field="unit")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-id")


def proposal_for(scope, pk, *, board=False):
    return proposals_for(scope, board=board).filter(pk=pk).first()


def clusters(year):
    """[(cluster, [memberships of the year])], leaders first."""
    members = defaultdict(list)
    order = {"truong": 0, "pho": 1, "thanh_vien": 2}
    for m in ClusterMembership.objects.filter(year=year).select_related("unit"):
        members[m.cluster_id].append(m)
    return [(c, sorted(members[c.pk], key=lambda m: (order[m.role], m.unit.sort_order, m.unit.name)))
            for c in EmulationCluster.objects.all() if members[c.pk]]


def cluster_counts(year):
    rows = ClusterMembership.objects.filter(year=year).values("cluster__kind").annotate(
        clusters=Count("cluster", distinct=True), units=Count("unit", distinct=True))
    return {r["cluster__kind"]: r for r in rows}


def movements(start, end):
    """Movements carried out during [start, end]: launched by its end and not over before its start."""
    return EmulationMovement.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start), launched_on__lte=end) \
        .select_related("document")


def movement_counts(start, end):
    """{(launched_by, kind): n} of the movements launched in [start, end]."""
    return {(r["launched_by"], r["kind"]): r["n"]
            for r in movements(start, end).values("launched_by", "kind").annotate(n=Count("pk"))}




def cluster_years():
    return sorted(set(ClusterMembership.objects.values_list("year", flat=True)), reverse=True)
