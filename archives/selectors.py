"""Reads of the archives app, aggregated in the database (sums of Decimal metres are exact).

Windows are exact: a figure "for a period" counts rows whose date lies in [start, end]. A `root`
restricts to the units under it during that window; a `scope` to what a user may read
(`core.access`). Each function issues a fixed number of queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When

from core.access import READ, office_staff, responsible_offices
from core.models import OrgUnit, OrgUnitKind
from archives.models import (
    FINISHED,
    OPEN_EVENTS,
    AccessRequest,
    AccessService,
    Accession,
    Fonds,
    WorkItem,
    WorkStatus,
)

# The offices of the Sở that keep the archive registers (demo: the historical archive centre and the
# office of administrative reform and archives; `settings.RESPONSIBLE_OFFICES["archives"]`).
ARCHIVE_OFFICES = responsible_offices("archives")
CENTRE_SUFFIX = "-TTLT"  # the archive that serves access requests

# Unit levels, as the reports name them («02 đơn vị cấp huyện và 01 đơn vị cấp tỉnh»).
LEVEL_OF_KIND = {OrgUnitKind.DISTRICT: "huyen", OrgUnitKind.COMMUNE: "xa"}
LEVELS = ("huyen", "tinh", "xa")


def level_of(kind):
    return LEVEL_OF_KIND.get(kind, "tinh")


def window(period=None, start=None, end=None):
    if period is not None:
        return period.start, period.end
    if start is None or end is None:
        raise ValueError("Cần kỳ báo cáo hoặc khoảng thời gian (start, end).")
    return start, end


def _restrict(qs, *, root, scope, start, end, unit_field="unit"):
    if root is not None:
        qs = qs.filter(**{f"{unit_field}__in": OrgUnit.objects.descendants_of(root, during=(start, end)).values("pk")})
    if scope is not None:
        qs = scope.filter(qs, READ, unit_field=unit_field, during=(start, end))
    return qs


# ---------------------------------------------------------------------------------------------
# Who keeps the registers
# ---------------------------------------------------------------------------------------------


def can_edit(scope):
    """Archive registers are kept by the staff of the archive offices of the Sở (the historical
    archive centre, the office of administrative reform and archives) from an office still open,
    and by admins."""
    return office_staff(scope, ARCHIVE_OFFICES)


# ---------------------------------------------------------------------------------------------
# Work items
# ---------------------------------------------------------------------------------------------


def effective_status(start, end):
    """The status a work item had for the window: finished in it (its own status), planned or
    received in it, or started by its end and not finished by then (in progress); else None."""
    return Case(
        When(status__in=FINISHED, finished_on__gte=start, finished_on__lte=end, then=F("status")),
        When(Q(status__in=OPEN_EVENTS, started_on__gte=start, started_on__lte=end), then=F("status")),
        When(~Q(status__in=OPEN_EVENTS) & Q(started_on__lte=end) & (Q(finished_on__isnull=True) | Q(finished_on__gt=end)),
             then=Value(WorkStatus.IN_PROGRESS)),
        default=Value(None), output_field=CharField(),
    )


@dataclass
class WorkFigure:
    """One (kind, status) of a window: distinct units (by level) and the sums."""

    kind: str
    status: str
    units: int = 0
    by_level: dict = field(default_factory=dict)
    metres: Decimal | None = None
    fonds: int | None = None
    boxes: int | None = None
    pages: int | None = None


def _add(a, b):
    if b is None:
        return a
    return b if a is None else a + b


def work_figures(period=None, *, start=None, end=None, root=None, scope=None):
    """{(kind, status): WorkFigure} of the work items of the window (one query)."""
    start, end = window(period, start, end)
    qs = _restrict(WorkItem.objects.all(), root=root, scope=scope, start=start, end=end)
    rows = (qs.annotate(effective=effective_status(start, end)).filter(effective__isnull=False)
            .values("kind", "effective", "unit__kind")
            .annotate(units=Count("unit", distinct=True), metres=Sum("metres"), fonds=Sum("fonds_count"),
                      boxes=Sum("boxes"), pages=Sum("pages"))
            .order_by())
    out = {}
    for r in rows:
        # A unit has one kind, so the distinct units of each kind add up exactly.
        fig = out.setdefault((r["kind"], r["effective"]), WorkFigure(r["kind"], r["effective"]))
        fig.units += r["units"]
        level = level_of(r["unit__kind"])
        fig.by_level[level] = fig.by_level.get(level, 0) + r["units"]
        fig.metres = _add(fig.metres, r["metres"])
        fig.fonds = _add(fig.fonds, r["fonds"])
        fig.boxes = _add(fig.boxes, r["boxes"])
        fig.pages = _add(fig.pages, r["pages"])
    return out


# ---------------------------------------------------------------------------------------------
# Access requests (lượt khai thác)
# ---------------------------------------------------------------------------------------------


@dataclass
class AccessFigures:
    by_service: dict  # {service: lượt}, services in their declared order, zero ones left out

    @property
    def total(self):
        return sum(self.by_service.values())


def access_figures(period=None, *, start=None, end=None, root=None, scope=None):
    """Lượt khai thác of the window by service (one query); the total is their sum."""
    start, end = window(period, start, end)
    qs = _restrict(AccessRequest.objects.filter(requested_on__gte=start, requested_on__lte=end),
                   root=root, scope=scope, start=start, end=end)
    sums = dict(qs.values("service").annotate(n=Sum("quantity")).order_by().values_list("service", "n"))
    return AccessFigures({s: sums[s] for s in AccessService.values if sums.get(s)})


# ---------------------------------------------------------------------------------------------
# Fonds and accessions
# ---------------------------------------------------------------------------------------------


def fonds_totals(scope=None):
    """{'fonds': n, 'metres': Decimal, 'boxes': n} of the fonds kept (those of units out of reach left out)."""
    qs = Fonds.objects.all()
    if scope is not None and not scope.is_admin:
        qs = qs.filter(Q(unit__isnull=True) | Q(unit__in=scope.units(READ).values("pk")))
    totals = qs.aggregate(fonds=Count("pk"), metres=Sum("metres"), boxes=Sum("boxes"))
    return {"fonds": totals["fonds"], "metres": totals["metres"] or Decimal(0), "boxes": totals["boxes"] or 0}


def accession_figures(period=None, *, start=None, end=None, root=None, scope=None):
    """{'units': distinct units, 'metres': Decimal or None, 'boxes': n or None} handed over in the window."""
    start, end = window(period, start, end)
    qs = _restrict(Accession.objects.filter(received_on__gte=start, received_on__lte=end),
                   root=root, scope=scope, start=start, end=end)
    return qs.aggregate(units=Count("unit", distinct=True), metres=Sum("metres"), boxes=Sum("boxes"))
