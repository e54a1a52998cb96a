"""Reads of the religion app: register rows within a user's reach, the office's overdue list, and
the period figures the report provider states (aggregated in the database, a fixed number of queries)."""

import datetime

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from core.access import READ
from core.models import OrgUnit
from religion.models import (
    Dossier,
    DossierResult,
    DossierType,
    Facility,
    Followers,
    Incident,
    Organization,
    OrganizationKind,
    RegisteredGroup,
    Support,
    SupportKind,
)

# How each register is reached: its unit field and the date (or year) that places a row in time.
REACH = {
    Dossier: {"unit_field": "unit", "date_field": "received_on"},
    Support: {"unit_field": "unit", "date_field": "given_on"},
    Incident: {"unit_field": "unit", "date_field": "occurred_on"},
    Organization: {"unit_field": "unit"},
    Facility: {"unit_field": "unit"},
    RegisteredGroup: {"unit_field": "unit"},
    Followers: {"unit_field": "organization__unit", "year_field": "year"},
}

RELATED = {
    Dossier: ("religion", "organization", "unit"),
    Support: ("religion", "organization", "unit"),
    Incident: ("religion", "unit"),
    Organization: ("religion", "parent", "unit"),
    Facility: ("religion", "organization", "unit"),
    RegisteredGroup: ("religion", "organization", "unit"),
    Followers: ("organization", "organization__religion", "organization__unit"),
}


def rows(scope, model):
    """The rows of `model` that `scope` may read (each by its own date where it has one)."""
    qs = model.objects.select_related(*RELATED[model])
    return scope.filter(qs, READ, **REACH[model])


def dossiers(scope, *, day=None):
    """Dossiers within reach, each annotated `is_overdue` / `was_late` as of `day` (default today)."""
    return rows(scope, Dossier).with_overdue(day or timezone.localdate())


def overdue_dossiers(scope, day=None):
    """Dossiers within reach still pending on `day` (default today) past their legal deadline,
    the most overdue first: the list the office's page flags."""
    day = day or timezone.localdate()
    return rows(scope, Dossier).overdue_on(day).order_by("deadline", "pk")


# ---------------------------------------------------------------------------------------------
# Figures of a period (for `religion.report`)
# ---------------------------------------------------------------------------------------------


def _under(qs, root, start, end, unit_field="unit"):
    if root is None:
        return qs
    units = OrgUnit.objects.descendants_of(root, during=(start, end)).values("pk")
    return qs.filter(**{f"{unit_field}__in": units})


TYPE_ORDER = {t: i for i, t in enumerate(DossierType.values)}
STATED_RESULTS = (DossierResult.APPROVED, DossierResult.ACKNOWLEDGED)


def resolved_dossiers(start, end, root=None):
    """Dossiers resolved in [start, end] with a favourable result, as
    {"named": [(type, subject, quantity)], "counted": [{"type", "religion", "organization", "n"}]}, each in the
    order of the dossier types, then of receipt. Named rows have a subject; the others are counted
    by type, religion and organization."""
    qs = _under(Dossier.objects.filter(resolved_on__range=(start, end), result__in=STATED_RESULTS), root, start, end)
    named = list(qs.exclude(subject="").order_by("received_on", "pk").values_list("type", "subject", "quantity"))
    counted = list(
        qs.filter(subject="")
        .values("type", "religion__name", "religion__sort_order", "organization__name", "organization__short_name")
        .annotate(n=Sum("quantity"), first=Min("received_on"))
    )
    named.sort(key=lambda r: TYPE_ORDER.get(r[0], 99))
    counted.sort(key=lambda r: (TYPE_ORDER.get(r["type"], 99), r["religion__sort_order"], r["first"]))
    return {
        "named": named,
        "counted": [{"type": r["type"], "religion": r["religion__name"],
                     "organization": r["organization__short_name"] or r["organization__name"] or "", "n": r["n"]}
                    for r in counted],
    }


def dossier_totals(start, end, root=None):
    """{"refused": cases not approved in the window, "pending": dossiers pending at its end,
    "overdue": of those, past their legal deadline} — one query."""
    qs = _under(Dossier.objects.all(), root, start, end)
    pending = Q(received_on__lte=end) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end))
    return qs.aggregate(
        refused=Sum("quantity", filter=Q(resolved_on__range=(start, end), result=DossierResult.REFUSED)),
        pending=Count("pk", filter=pending),
        overdue=Count("pk", filter=pending & Q(deadline__lt=end)),
    )


def incident_counts(start, end, root=None):
    """{"complex": n, "other": n, "handled": n of the others resolved by `end`} in [start, end]."""
    qs = _under(Incident.objects.filter(occurred_on__range=(start, end)), root, start, end)
    return qs.aggregate(
        complex=Count("pk", filter=Q(is_complex=True)),
        other=Count("pk", filter=Q(is_complex=False)),
        handled=Count("pk", filter=Q(is_complex=False, resolved_on__lte=end)),
    )


def complex_incidents(start, end, root=None):
    qs = _under(Incident.objects.filter(occurred_on__range=(start, end), is_complex=True), root, start, end)
    return list(qs.select_related("unit", "religion").order_by("occurred_on", "pk"))


def support_totals(start, end, root=None):
    """{"visits": lượt thăm hỏi, "occasions": [dịp, in order], "money": total đồng of activity and
    construction support, "money_rows": how many supports}."""
    qs = _under(Support.objects.filter(given_on__range=(start, end)), root, start, end)
    totals = qs.aggregate(
        visits=Sum("quantity", filter=Q(kind=SupportKind.VISIT)),
        money=Sum("amount", filter=~Q(kind=SupportKind.VISIT)),
        money_rows=Sum("quantity", filter=~Q(kind=SupportKind.VISIT)),
    )
    occasions = (qs.filter(kind=SupportKind.VISIT).exclude(occasion="").values("occasion")
                 .annotate(first=Min("given_on")).order_by("first"))
    totals["occasions"] = [o["occasion"] for o in occasions]
    return totals


def overview(year, root=None):
    """The province's religious landscape at the end of `year`: organizations by kind, facilities,
    registered groups and the followers' figures of that year."""
    day = datetime.date(year, 12, 31)
    start = datetime.date(year, 1, 1)
    alive = Q(recognized_on__isnull=True) | Q(recognized_on__lte=day)
    alive &= Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day)
    orgs = _under(Organization.objects.filter(alive), root, start, day).aggregate(
        organizations=Count("pk", filter=Q(kind=OrganizationKind.ORGANIZATION)),
        affiliated=Count("pk", filter=Q(kind=OrganizationKind.AFFILIATED)),
        registered=Count("pk", filter=Q(kind=OrganizationKind.REGISTERED)),
        religions=Count("religion", distinct=True),
    )
    facilities = _under(Facility.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day)),
                        root, start, day).count()
    groups = _under(RegisteredGroup.objects.filter(registered_on__lte=day), root, start, day).count()
    people = _under(Followers.objects.filter(year=year), root, start, day, unit_field="organization__unit").aggregate(
        dignitaries=Sum("dignitaries"), officials=Sum("officials"), clergy=Sum("clergy"), believers=Sum("believers"))
    return {**orgs, "facilities": facilities, "groups": groups, **people}
