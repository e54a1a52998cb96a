"""Panel of the first page (core.dashboard): awards by type in the latest emulation year (1/12–30/11)
that has a decision, against the year before — `emulation.selectors.statistics`, the numbers of
/thi-dua/thong-ke/."""

from django.urls import reverse

from core import dashboard
from core.access import scope_for
from core.dashboard import Figure, PanelData, Row
from emulation import selectors
from emulation.models import AwardDecision

CHART_TYPES = 8


def emulation_year_of(day):
    return day.year + 1 if day.month == 12 else day.year


@dashboard.panel("khen-thuong", "Khen thưởng theo hình thức", order=45, audience=dashboard.leaders, icon="bi-award")
def awards_panel(user, today):
    link = reverse("emulation:statistics")
    last = AwardDecision.objects.filter(decided_on__lte=today).order_by("-decided_on").values_list("decided_on", flat=True).first()
    if last is None:
        return PanelData(empty="Chưa có quyết định khen thưởng nào.", link=link, link_label="Xem thống kê")
    year = emulation_year_of(last)
    scope = scope_for(user)
    now = selectors.statistics(*selectors.emulation_year_window(year), scope=scope)
    before = selectors.statistics(*selectors.emulation_year_window(year - 1), scope=scope)
    before_by_type = {r["type"].pk: r["total"] for r in before.rows}
    had_before = bool(before.rows)
    rows = sorted(now.rows, key=lambda r: -r["total"])
    table = [Row([r["type"].name, r["level"], *r["kind_cells"], r["total"],
                  before_by_type.get(r["type"].pk, 0) if had_before else None], link=link) for r in rows]
    top = rows[:CHART_TYPES]
    previous_label = f"năm thi đua {year - 1}"
    return PanelData(
        figures=[Figure(f"Quyết định khen thưởng năm thi đua {year}", now.decisions, "quyết định",
                        previous=before.decisions if had_before else None, previous_label=previous_label),
                 Figure("Tập thể, cá nhân, hộ gia đình được khen", now.totals.get("total", 0), "lượt",
                        previous=before.totals.get("total", 0) if had_before else None, previous_label=previous_label)],
        chart=dashboard.chart("bar", [r["type"].name for r in top], [("Số lượt khen", [r["total"] for r in top])],
                              links=[link] * len(top)) if top else None,
        columns=["Hình thức", "Cấp khen", "Tập thể", "Cá nhân", "Hộ gia đình", "Tổng số", f"Năm thi đua {year - 1}"],
        rows=table[:CHART_TYPES], more=max(0, len(table) - CHART_TYPES), export_rows=table,
        link=link, link_label="Xem thống kê khen thưởng",
        note=f"Năm thi đua {year} (01/12/{year - 1} – 30/11/{year}), so với năm thi đua {year - 1}.",
        empty="" if rows else f"Chưa có khen thưởng trong năm thi đua {year}.",
    )
