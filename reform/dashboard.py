"""Panel of the first page (core.dashboard): the province's CCHC index of its departments and
districts in the newest year scored, against the year before — the numbers of /cai-cach-hanh-chinh/
chi-so-don-vi/ (`reform.selectors.unit_index_comparison`, a fixed number of queries)."""

from decimal import Decimal

from django.urls import reverse

from core import dashboard
from core.dashboard import Figure, PanelData, Row
from reform import selectors

CHART_UNITS = 25


def _mean(values):
    values = [v for v in values if v is not None]
    return selectors.rounded(sum(values, Decimal(0)) / len(values)) if values else None


@dashboard.panel("chi-so-cchc", "Chỉ số cải cách hành chính theo đơn vị", order=50, audience=dashboard.leaders,
                 icon="bi-speedometer2")
def unit_index_panel(user, today):
    link = reverse("reform:unit_index")
    year = selectors.latest_index_year(until=today.year)
    if year is None:
        return PanelData(empty="Chưa có kết quả Chỉ số cải cách hành chính của các đơn vị.", link=link,
                         link_label="Xem chỉ số CCHC")
    groups = selectors.unit_index_comparison(year)
    sets = {s.audience: s.pk for s in selectors.index_sets(year)}
    lines, rows = [], []
    for audience, group in groups:
        detail = reverse("reform:index_set_detail", args=[sets[audience.value]]) if audience.value in sets else link
        for line in group:
            lines.append((line, detail))
            rows.append(Row([line.unit.name, audience.label, line.score, line.rank, line.previous_score,
                             line.previous_rank, line.change], link=detail,
                            tone="danger" if line.change is not None and line.change < 0 else ""))
    if not lines:
        return PanelData(empty=f"Chưa có đơn vị được chấm điểm Chỉ số cải cách hành chính năm {year}.", link=link,
                         link_label="Xem chỉ số CCHC")
    had_before = any(line.previous_score is not None for line, _d in lines)
    previous_label = f"năm {year - 1}"
    shown = lines[:CHART_UNITS]
    series = [(f"Điểm năm {year}", [line.score for line, _d in shown])]
    if had_before:
        series.append((f"Điểm năm {year - 1}", [line.previous_score for line, _d in shown]))
    changes = [line.change for line, _d in lines if line.change is not None]
    return PanelData(
        figures=[
            Figure(f"Đơn vị được đánh giá năm {year}", len(lines), "đơn vị"),
            Figure("Điểm bình quân", _mean(line.score for line, _d in lines), "điểm",
                   previous=_mean(line.previous_score for line, _d in lines) if had_before else None,
                   previous_label=previous_label),
            *([Figure("Đơn vị tăng bậc", sum(1 for c in changes if c > 0), "đơn vị"),
               Figure("Đơn vị giảm bậc", sum(1 for c in changes if c < 0), "đơn vị",
                      tone="warning" if any(c < 0 for c in changes) else "")] if changes else []),
        ],
        chart=dashboard.chart("bar", [line.unit.short_name or line.unit.name for line, _d in shown], series,
                              links=[d for _l, d in shown], unit="điểm"),
        columns=["Đơn vị", "Nhóm", f"Điểm năm {year}", f"Xếp hạng năm {year}", f"Điểm năm {year - 1}",
                 f"Xếp hạng năm {year - 1}", "Tăng (+), giảm (−) bậc"],
        rows=rows[:10], more=max(0, len(rows) - 10), export_rows=rows,
        link=link, link_label="Xem chỉ số CCHC theo đơn vị",
        note=f"Chỉ số cải cách hành chính năm {year} do tỉnh xác định, so với năm {year - 1}.",
    )
