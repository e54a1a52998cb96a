"""Panel of the first page (core.dashboard): civil-servant quota use by unit for the current year
(the latest year up to today that has quotas), against the same figures of the year before.

Numbers are `selectors.quota_use`'s, read as values with `quota_table`'s rule (the quota page's),
so the card, its export and /to-chuc-can-bo/bien-che/ agree (tested). A fixed number of queries whatever the number of units.
"""

from django.urls import reverse

from core import dashboard
from core.access import scope_for
from core.dashboard import Figure, PanelData, Row
from staffing import selectors
from staffing.models import Quota, QuotaKind

CHART_UNITS = 10  # the units with the largest use


def quota_year(today):
    return Quota.objects.filter(year__lte=today.year).order_by("-year").values_list("year", flat=True).first()


@dashboard.panel("bien-che", "Sử dụng biên chế công chức theo đơn vị", order=40, audience=dashboard.leaders,
                 icon="bi-people", reads=("staffing",))
def quota_panel(user, today):
    link = reverse("staffing:quota_list")
    year = quota_year(today)
    if year is None:
        return PanelData(empty="Chưa có số biên chế được giao.", link=link, link_label="Xem biên chế")
    scope = scope_for(user)
    kind = QuotaKind.CIVIL_SERVANT
    current = selectors.quota_use(scope, year, kind)
    previous = selectors.quota_use(scope, year - 1, kind)
    had_previous = bool(previous)
    rows = []
    for unit_id, (unit, assigned, used) in current.items():
        before = previous.get(unit_id)
        prev_assigned = before[1] if before else None
        rows.append({
            "name": unit["unit__short_name"] or unit["unit__name"], "sort": (unit["unit__sort_order"], unit["unit__name"]),
            "assigned": assigned, "used": used, "free": None if used is None else assigned - used,
            "prev_assigned": prev_assigned, "change": None if prev_assigned is None else assigned - prev_assigned,
        })
    rows.sort(key=lambda r: (-(r["used"] or 0), r["sort"]))
    top = rows[:CHART_UNITS]
    assigned = sum(r["assigned"] for r in rows)
    used = sum(r["used"] or 0 for r in rows)
    prev_assigned = sum(v[1] for v in previous.values()) if had_previous else None
    prev_used = sum(v[2] or 0 for v in previous.values()) if had_previous else None
    year_link = f"{link}?year={year}&kind={kind}"
    table_rows = [
        Row([r["name"], r["assigned"], r["used"], r["free"], r["prev_assigned"], r["change"]],
            link=year_link, tone="danger" if r["free"] is not None and r["free"] < 0 else "")
        for r in rows
    ]
    last = f"năm {year - 1}"
    return PanelData(
        figures=[
            Figure(f"Biên chế được giao năm {year}", assigned, "biên chế", previous=prev_assigned, previous_label=last),
            Figure("Đã sử dụng", used, "người", previous=prev_used, previous_label=last),
            Figure("Còn chưa sử dụng", assigned - used, "biên chế",
                   previous=None if prev_assigned is None else prev_assigned - prev_used, previous_label=last),
        ],
        chart=dashboard.chart(
            "bar", [r["name"] for r in top],
            [("Được giao", [r["assigned"] for r in top]), ("Đã sử dụng", [r["used"] or 0 for r in top])],
            links=[year_link] * len(top),
        ) if top else None,
        columns=["Đơn vị", "Được giao", "Đã sử dụng", "Còn lại", f"Được giao năm {year - 1}", "Tăng (+), giảm (−)"],
        rows=table_rows[:CHART_UNITS], more=max(0, len(table_rows) - CHART_UNITS), export_rows=table_rows,
        link=year_link, link_label=f"Xem biên chế năm {year}",
        note=f"Số liệu năm {year}, so với năm {year - 1}.",
        empty="" if rows else f"Chưa có số biên chế công chức được giao năm {year}.",
    )
