"""Reads for the core pages: navigation, dashboard figures, the org tree, periods, documents.

Every function here issues a fixed number of queries, whatever the number of units: counts are
aggregated in the database and the tree is ordered in Python after one query.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core import formatting, search
from core.access import ALWAYS, APPROVE, READ, WRITE
from core.models import (
    FOREVER,
    LegalDocument,
    OrgUnit,
    OrgUnitAncestry,
    OrgUnitKind,
    OrgUnitParentSpan,
    Period,
    PeriodType,
    Role,
)

ONE_DAY = datetime.timedelta(days=1)

# Roles (besides admins) that may open the legal-document register.
DOCUMENT_ROLES = (Role.STAFF, Role.LEADER)

# ---------------------------------------------------------------------------------------------
# Navigation: THE one list. A new page adds one line here; `roles=None` means every logged-in
# user, otherwise `scope.has_role(*roles)` decides (admins see everything).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    key: str  # rendered as data-nav="<key>"
    label: str
    url_name: str
    icon: str = ""  # Bootstrap Icons class
    roles: tuple | None = None


NAV_ITEMS = [
    NavItem("home", "Tổng quan", "home", "bi-speedometer2"),
    NavItem("units", "Đơn vị", "unit_list", "bi-diagram-3"),
    NavItem("periods", "Kỳ báo cáo", "period_list", "bi-calendar3"),
    NavItem("documents", "Văn bản", "document_list", "bi-journal-text", roles=DOCUMENT_ROLES),
    NavItem("data", "Số liệu", "collection:my_forms", "bi-table", roles=(Role.OFFICER, Role.STAFF)),
    NavItem("review", "Xét duyệt", "collection:review_queue", "bi-check2-square", roles=(Role.STAFF,)),
    NavItem("progress", "Tiến độ", "collection:completeness", "bi-bar-chart-line", roles=(Role.STAFF, Role.LEADER, Role.OFFICER)),
    NavItem("reports", "Báo cáo", "reports:list", "bi-file-earmark-text", roles=(Role.STAFF, Role.LEADER, Role.OFFICER)),
    NavItem("staffing", "Tổ chức cán bộ", "staffing:civil_servant_list", "bi-people", roles=(Role.STAFF, Role.LEADER, Role.OFFICER)),
    NavItem("reform", "Cải cách hành chính", "reform:dashboard", "bi-graph-up", roles=(Role.STAFF, Role.LEADER, Role.OFFICER)),
    NavItem("emulation", "Thi đua, khen thưởng", "emulation:index", "bi-award", roles=(Role.STAFF, Role.LEADER, Role.OFFICER)),
    NavItem("religion", "Tôn giáo", "religion:home", "bi-flower1", roles=(Role.STAFF, Role.LEADER, Role.OFFICER)),
    NavItem("archives", "Lưu trữ", "archives:home", "bi-archive", roles=(Role.STAFF, Role.LEADER)),
    NavItem("plans", "Kế hoạch, chỉ đạo", "plans:plan_list", "bi-list-check", roles=(Role.STAFF, Role.LEADER, Role.OFFICER)),
    NavItem("admin", "Quản trị", "admin:index", "bi-gear", roles=(Role.ADMIN,)),
]


@dataclass(frozen=True)
class NavLink:
    key: str
    label: str
    url: str
    icon: str
    active: bool


def navigation(scope, path=""):
    """The navigation items `scope` may see, with the one matching `path` marked active."""
    if scope is None or scope.user is None:
        return []
    links = []
    for item in NAV_ITEMS:
        if item.roles is not None and not scope.has_role(*item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # a page not mounted (yet): never link to what doesn't exist
            continue
        active = path == url if url == "/" else bool(path) and path.startswith(url)
        links.append(NavLink(item.key, item.label, url, item.icon, active))
    # Nested URLs (/so-lieu/ and /so-lieu/xet-duyet/): only the longest match is the current page.
    current = max((link for link in links if link.active), key=lambda link: len(link.url), default=None)
    return [link if link is current or not link.active else NavLink(link.key, link.label, link.url, link.icon, False)
            for link in links]


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def full_name(user):
    """Vietnamese order: family and middle names (last_name) then the given name (first_name)."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()


def today():
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------

KIND_ORDER = {value: i for i, value in enumerate(OrgUnitKind.values)}
KIND_LABELS = dict(OrgUnitKind.choices)

ACTIONS = [
    (READ, "Xem", "bi-eye"),
    (WRITE, "Nhập liệu", "bi-pencil-square"),
    (APPROVE, "Phê duyệt", "bi-check2-square"),
]


def reach_by_kind(scope, day=None):
    """How many units the user may read / write / approve, by kind (one query per action).

    Returns {"actions": [(action, label, icon)], "rows": [{"kind", "label", "cells": [{"total",
    "active", "closed"}, …]}], "totals": [{"total", "active", "closed"}, …]}; "closed" counts units
    dissolved or merged before `day`, which stay in reach for earlier periods.
    """
    day = day or today()
    counts = {}
    for action, _label, _icon in ACTIONS:
        rows = (
            scope.as_of(day).units(action, during=ALWAYS)
            .order_by()
            .values("kind")
            .annotate(
                total=Count("pk"),
                active=Count("pk", filter=Q(valid_from__lte=day, valid_to__gte=day)),
                closed=Count("pk", filter=Q(valid_to__lt=day)),
            )
        )
        counts[action] = {row["kind"]: row for row in rows}
    kinds = sorted({kind for by_kind in counts.values() for kind in by_kind}, key=lambda k: KIND_ORDER.get(k, 99))
    empty = {"total": 0, "active": 0, "closed": 0}
    table = []
    for kind in kinds:
        cells = [
            {key: counts[action].get(kind, empty)[key] for key in ("total", "active", "closed")}
            for action, _label, _icon in ACTIONS
        ]
        table.append({"kind": kind, "label": KIND_LABELS.get(kind, kind), "cells": cells})
    totals = [
        {key: sum(row[key] for row in counts[action].values()) for key in ("total", "active", "closed")}
        for action, _label, _icon in ACTIONS
    ]
    return {"actions": ACTIONS, "rows": table, "totals": totals}


def current_periods(day=None):
    """The six-month and annual periods whose window contains `day`."""
    day = day or today()
    return list(
        Period.objects.filter(type__in=[PeriodType.SIX_MONTH, PeriodType.ANNUAL], start__lte=day, end__gte=day).order_by(
            "type", "number"
        )
    )


def upcoming_deadlines(day=None, limit=5):
    """The next submission deadlines (today included), soonest first, with days left."""
    day = day or today()
    periods = list(Period.objects.filter(deadline__gte=day).order_by("deadline", "type", "number")[:limit])
    for period in periods:
        period.days_left = (period.deadline - day).days
    return periods


def memberships_display(scope):
    """The user's memberships (already loaded by the scope) as rows for the dashboard."""
    return [
        {
            "unit": m.unit,
            "kind": m.unit.get_kind_display(),
            "role": m.get_role_display(),
            "position": m.position,
        }
        for m in scope.memberships
    ]


# ---------------------------------------------------------------------------------------------
# Org tree
# ---------------------------------------------------------------------------------------------

STATUS_ACTIVE = "active"
STATUS_ALL = "all"


def unit_state(unit, day):
    """("active" | "closed" | "future", badge text or "")."""
    if unit.valid_to < day:
        return "closed", f"Đã giải thể từ {formatting.short_date(unit.valid_to + ONE_DAY)}"
    if unit.valid_from > day:
        return "future", f"Hiệu lực từ {formatting.short_date(unit.valid_from)}"
    return "active", ""


@dataclass
class TreeRow:
    unit: OrgUnit
    depth: int
    state: str
    badge: str
    has_children: bool


def unit_tree(scope, *, status=STATUS_ACTIVE, kind="", q="", day=None):
    """The units `scope` may read, in tree order (parent before children, siblings by
    sort order and name), indented by depth. One query, whatever the size of the tree.

    Depth is computed on the whole readable tree, then the filters drop rows, so a filtered
    list keeps the indentation it has in the full tree.
    """
    day = day or today()
    units = list(
        scope.units(READ, during=ALWAYS)  # the tree with its history: what was ever under the user's units
        .order_by("sort_order", "name", "pk")
        .only("pk", "code", "name", "short_name", "kind", "parent_id", "valid_from", "valid_to", "sort_order")
    )
    ids = {u.pk for u in units}
    children = defaultdict(list)
    roots = []
    for unit in units:
        if unit.parent_id in ids and unit.parent_id != unit.pk:
            children[unit.parent_id].append(unit)
        else:
            roots.append(unit)

    ordered = []
    seen = set()
    stack = [(unit, 0) for unit in reversed(roots)]
    while stack:
        unit, depth = stack.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        ordered.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, ())))

    q = search.fold(q or "").strip()
    rows = []
    for unit, depth in ordered:
        state, badge = unit_state(unit, day)
        if status == STATUS_ACTIVE and state != "active":
            continue
        if kind and unit.kind != kind:
            continue
        if q and not any(q in search.fold(text) for text in (unit.code, unit.name, unit.short_name)):
            continue
        rows.append(TreeRow(unit, depth, state, badge, bool(children.get(unit.pk))))
    return rows, len(units)


def unit_by_code_for(scope, code):
    """The unit with `code` if `scope` may read it, else None (the view answers 404 either way)."""
    unit = OrgUnit.objects.filter(code=code).select_related("parent").first()
    if unit is None or not scope.can_read(unit, during=ALWAYS):
        return None
    return unit


def unit_detail(scope, unit, day=None):
    """Everything the unit page shows, in a fixed number of queries."""
    day = day or today()
    readable = scope.unit_ids(READ, during=ALWAYS)
    as_of = min(max(day, unit.valid_from), unit.valid_to)
    ancestors = [
        link.ancestor
        for link in OrgUnitAncestry.objects.filter(
            descendant=unit, depth__gt=0, valid_from__lte=as_of, valid_to__gte=as_of
        )
        .select_related("ancestor")
        .order_by("-depth")
    ]
    parent_spans = list(unit.parent_spans.select_related("parent").order_by("valid_from"))
    child_spans = list(
        OrgUnitParentSpan.objects.filter(parent=unit)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name", "valid_from")
    )
    predecessors = list(unit.predecessors.order_by("sort_order", "name"))
    successors = list(unit.successors.order_by("sort_order", "name"))
    state, badge = unit_state(unit, day)
    for span in parent_spans:
        span.is_current = span.valid_from <= day <= span.valid_to
        span.display_valid_to = None if span.valid_to == FOREVER else span.valid_to
    for span in child_spans:
        span.is_current = span.valid_from <= day <= span.valid_to
        span.display_valid_to = None if span.valid_to == FOREVER else span.valid_to
        span.child_state, span.child_badge = unit_state(span.unit, day)
    return {
        "unit": unit,
        "state": state,
        "badge": badge,
        "readable_ids": readable,
        "ancestors": ancestors,
        "parent_spans": parent_spans,
        "child_spans": child_spans,
        "predecessors": predecessors,
        "successors": successors,
    }


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------


def period_years():
    return list(Period.objects.order_by("-year").values_list("year", flat=True).distinct())


def periods_by_year(*, year=None, period_type="", day=None):
    """[(year, [period, …]), …], newest year first; each period gets a `state` for its badge."""
    day = day or today()
    qs = Period.objects.all()
    if year:
        qs = qs.filter(year=year)
    if period_type:
        qs = qs.filter(type=period_type)
    type_order = {value: i for i, value in enumerate(PeriodType.values)}
    groups = defaultdict(list)
    for period in qs:
        if period.contains(day):
            period.state, period.state_label = "current", "Đang diễn ra"
        elif period.start > day:
            period.state, period.state_label = "future", "Chưa đến kỳ"
        elif period.deadline >= day:
            period.state, period.state_label = "due", "Đang nhận báo cáo"
        else:
            period.state, period.state_label = "past", "Đã kết thúc"
        groups[period.year].append(period)
    return [
        (y, sorted(groups[y], key=lambda p: (type_order.get(p.type, 99), p.number)))
        for y in sorted(groups, reverse=True)
    ]


# ---------------------------------------------------------------------------------------------
# Legal documents
# ---------------------------------------------------------------------------------------------


def search_documents(*, q="", doc_type="", year=None):
    """Documents matching `q` in number, symbol, the printed reference (05/2021/QĐ-UBND,
    97/KH-UBND, 19-NQ/TW) or the subject; filtered by type and year of issue."""
    qs = LegalDocument.objects.all()
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if year:
        qs = qs.filter(Q(issued_on__year=year) | Q(issued_on__isnull=True, year=year))
    q = formatting.nfc(q or "").strip()
    if q:
        year_text = Cast("year", CharField())
        qs = qs.annotate(
            ref_admin=Concat("number", Value("/"), "symbol", output_field=CharField()),
            ref_normative=Concat("number", Value("/"), year_text, Value("/"), "symbol", output_field=CharField()),
            ref_party=Concat("number", Value("-"), "symbol", output_field=CharField()),
        )
        qs = search.folded_match(qs, ["symbol", "subject", "issuer", "ref_admin", "ref_normative", "ref_party"], q,
                                 exact=["number"])
    return qs.order_by("-issued_on", "doc_type", "number", "pk")


def document_options(*, q="", chosen=None, limit=30):
    """For a document picker: the chosen document (if any) first, then up to `limit` matches of `q`
    (the newest documents when `q` is empty). Returns (documents, more): `more` = matches left out."""
    matches = search_documents(q=q)
    chosen_doc = None
    if chosen and str(chosen).isdigit():
        chosen_doc = LegalDocument.objects.filter(pk=int(chosen)).first()
    if chosen_doc is not None:
        matches = matches.exclude(pk=chosen_doc.pk)
    found = list(matches[: limit + 1])
    more = 0
    if len(found) > limit:
        found = found[:limit]
        more = matches.count() - limit
    return ([chosen_doc] if chosen_doc else []) + found, more


def document_years():
    return [d.year for d in LegalDocument.objects.dates("issued_on", "year", order="DESC")]
