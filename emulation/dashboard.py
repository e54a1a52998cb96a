"""Panel of the first page (core.dashboard): awards by type in the latest emulation year (1/12–30/11)
that has a decision, against the year before — `emulation.selectors.statistics`, the numbers of
/thi-dua/thong-ke/."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.urls import reverse

from core import dashboard
from core.access import scope_for
from core.dashboard import Figure, PanelData, Row
from emulation import selectors
from emulation.models import AwardDecision, AwardLevel

CHART_TYPES = 8


def emulation_year_of(day):
    return day.year + 1 if day.month == 12 else day.year


@dataclass
class YearFigures:
    """The part of `selectors.statistics` the card shows, for one emulation year."""

    rows: list  # [{"type": {"pk", "name"}, "level", "kind_cells", "total"}] in the award types' order
    total: int  # collective + individual + household (statistics' totals["total"])
    decisions: int


def two_years(year, scope):
    """`selectors.statistics` of emulation years `year - 1` and `year` as the card needs them, in
    two queries instead of six: the items of both windows grouped once by (year, type, kind), the
    decisions counted once with a filter per year. The reach is `selectors.items`' (each decision
    by its own date), so the figures equal the statistics page's (tests/core/test_dashboard_domains.py)."""
    windows = {y: selectors.emulation_year_window(y) for y in (year - 1, year)}
    start, end = min(w[0] for w in windows.values()), max(w[1] for w in windows.values())
    which = Case(*[When(decision__decided_on__range=w, then=Value(y)) for y, w in windows.items()],
                 output_field=IntegerField())
    cells = {y: defaultdict(lambda: defaultdict(int)) for y in windows}
    types = {}
    grouped = (selectors.items(start, end, scope=scope).annotate(emulation_year=which).order_by()
               .values_list("emulation_year", "award_type_id", "award_type__name", "award_type__level",
                            "award_type__sort_order", "recipient_kind")
               .annotate(n=Sum("quantity")))
    for y, type_id, name, level, sort_order, kind, n in grouped:
        if y is None:
            continue
        types[type_id] = (sort_order, name, type_id, level)
        cells[y][type_id][kind] += n
    counted = selectors.decisions(start, end, scope=scope).aggregate(
        **{f"y{y}": Count("pk", filter=Q(decided_on__range=w)) for y, w in windows.items()})
    levels = dict(AwardLevel.choices)
    result = {}
    for y in windows:
        rows, totals = [], defaultdict(int)
        for sort_order, name, type_id, level in sorted(types.values()):
            if type_id not in cells[y]:
                continue
            kinds = cells[y][type_id]
            for k, n in kinds.items():
                totals[k] += n
            rows.append({"type": {"pk": type_id, "name": name}, "level": levels.get(level, level),
                         "kind_cells": [kinds.get(k, 0) for k in selectors.STAT_KINDS], "total": sum(kinds.values())})
        result[y] = YearFigures(rows=rows, total=sum(totals[k] for k in selectors.STAT_KINDS),
                                decisions=counted[f"y{y}"])
    return result[year - 1], result[year]


@dashboard.panel("khen-thuong", "Khen thưởng theo hình thức", order=45, audience=dashboard.leaders, icon="bi-award",
                 reads=("emulation",))
def awards_panel(user, today):
    link = reverse("emulation:statistics")
    last = AwardDecision.objects.filter(decided_on__lte=today).order_by("-decided_on").values_list("decided_on", flat=True).first()
    if last is None:
        return PanelData(empty="Chưa có quyết định khen thưởng nào.", link=link, link_label="Xem thống kê")
    year = emulation_year_of(last)
    scope = scope_for(user)
    before, now = two_years(year, scope)
    before_by_type = {r["type"]["pk"]: r["total"] for r in before.rows}
    had_before = bool(before.rows)
    rows = sorted(now.rows, key=lambda r: -r["total"])
    table = [Row([r["type"]["name"], r["level"], *r["kind_cells"], r["total"],
                  before_by_type.get(r["type"]["pk"], 0) if had_before else None], link=link) for r in rows]
    top = rows[:CHART_TYPES]
    previous_label = f"năm thi đua {year - 1}"
    return PanelData(
        figures=[Figure(f"Quyết định khen thưởng năm thi đua {year}", now.decisions, "quyết định",
                        previous=before.decisions if had_before else None, previous_label=previous_label),
                 Figure("Tập thể, cá nhân, hộ gia đình được khen", now.total, "lượt",
                        previous=before.total if had_before else None, previous_label=previous_label)],
        chart=dashboard.chart("bar", [r["type"]["name"] for r in top], [("Số lượt khen", [r["total"] for r in top])],
                              links=[link] * len(top)) if top else None,
        columns=["Hình thức", "Cấp khen", "Tập thể", "Cá nhân", "Hộ gia đình", "Tổng số", f"Năm thi đua {year - 1}"],
        rows=table[:CHART_TYPES], more=max(0, len(table) - CHART_TYPES), export_rows=table,
        link=link, link_label="Xem thống kê khen thưởng",
        note=f"Năm thi đua {year} (01/12/{year - 1} – 30/11/{year}), so với năm thi đua {year - 1}.",
        empty="" if rows else f"Chưa có khen thưởng trong năm thi đua {year}.",
    )
