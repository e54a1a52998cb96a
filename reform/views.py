"""CCHC pages: the leaders' dashboard and its export, the national index results, the province's
index of its units (grouped tables, criteria, one unit's score sheet), inspections, initiatives.

Access (rules in `reform.selectors`): anyone with a role opens the pages and sees the rows of the
units it reads (an officer: its own unit's; the province's national results need the province);
anonymous users go to the sign-in page; only the CCHC office's staff (and admins) write, anyone
else posting gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header

from core import comparison
from core.access import scope_for
from reform import selectors, services
from reform.forms import DashboardForm, IndexResultFilterForm, ScoreSheetForm, YearFilterForm
from reform.models import InspectionPlan, UnitIndexSet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request):
    scope = scope_for(request.user)
    if not selectors.can_use(scope):
        raise PermissionDenied("Anh/chị chưa được phân quyền xem trang cải cách hành chính.")
    return scope


def _board(request, scope):
    """The dashboard the page and the export both show, from the same GET values."""
    periods = selectors.dashboard_periods()
    years = selectors.index_years()
    on_time_min, index_min = selectors.default_thresholds()
    form = DashboardForm(request.GET, periods=periods, years=years,
                         defaults={"on_time_min": on_time_min, "index_min": index_min})
    values = form.values()
    period = next((p for p in periods if p.code == values.get("period")), periods[0] if periods else None)
    year = values.get("index_year") or selectors.default_index_year(period)
    board = selectors.dashboard(scope, period, index_year=year, on_time_min=values.get("on_time_min"),
                                index_min=values.get("index_min"), group=values.get("group", ""))
    return form, board


def _board_figures(board):
    """The page's totals over its rows: dossiers received, online, resolved, resolved in time, rate."""
    def total(name):
        values = [getattr(r, name) for r in board.rows if getattr(r, name) is not None]
        return sum(values) if values else None

    resolved, on_time = total("resolved"), total("on_time")
    return [total("received"), total("online"), resolved, on_time, selectors.share(on_time, resolved)]


FIGURE_LABELS = [("Hồ sơ tiếp nhận", "hồ sơ"), ("Hồ sơ tiếp nhận trực tuyến", "hồ sơ"),
                 ("Hồ sơ đã giải quyết", "hồ sơ"), ("Hồ sơ giải quyết trước hạn và đúng hạn", "hồ sơ"),
                 ("Tỷ lệ trước hạn và đúng hạn", "%")]


@login_required
def dashboard(request):
    scope = _scope(request)
    form, board = _board(request, scope)

    def before(previous):
        old = selectors.dashboard(scope, previous, index_year=None, group=board.group)
        return _board_figures(old)

    figures = [(label, value, unit) for (label, unit), value in zip(FIGURE_LABELS, _board_figures(board))]
    return render(request, "reform/dashboard.html", {
        "form": form, "board": board, "chart": board.chart_data(), "export_query": request.GET.urlencode(),
        "tab": "dashboard", "can_manage": selectors.can_manage(scope),
        "comparison": comparison.for_request(request, board.period, figures, before),
    })


@login_required
def dashboard_export(request):
    scope = _scope(request)
    _form, board = _board(request, scope)
    name = f"cai-cach-hanh-chinh-{board.period.code if board.period else 'khong-ky'}.xlsx"
    response = HttpResponse(services.dashboard_workbook(board), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def index_results(request):
    scope = _scope(request)
    form = IndexResultFilterForm(request.GET)
    rows = selectors.index_results(scope, index=form.values()["index"])
    return render(request, "reform/index_results.html", {
        "form": form, "rows": rows, "tab": "national", "can_manage": selectors.can_manage(scope),
        "reads_province": selectors.reads_province(scope),
    })


@login_required
def unit_index(request):
    scope = _scope(request)
    years = selectors.index_years()
    form = YearFilterForm(request.GET, years=years)
    year = form.values()["year"] or (years[0] if years else None)
    tables = [selectors.index_table(scope, s) for s in selectors.index_sets(year)] if year else []
    return render(request, "reform/unit_index.html", {
        "form": form, "year": year, "tables": tables, "tab": "units", "can_manage": selectors.can_manage(scope),
    })


@login_required
def index_set_detail(request, pk):
    scope = _scope(request)
    index_set = get_object_or_404(UnitIndexSet, pk=pk)
    criteria = selectors.criteria_tree(index_set)
    table = selectors.index_table(scope, index_set)
    can_manage = selectors.can_manage(scope)
    scored = {row.unit.pk for row in table.rows}
    unscored = [u for u in selectors.scorable_units(scope, index_set) if u.pk not in scored] if can_manage else []
    return render(request, "reform/index_set_detail.html", {
        "index_set": index_set, "criteria": criteria, "problems": services.tree_problems(index_set),
        "table": table, "unscored": unscored, "tab": "units", "can_manage": can_manage,
    })


@login_required
def score_sheet(request, pk, unit_code):
    """One unit's points on a set: read by whoever reads the unit, written by the CCHC office."""
    scope = _scope(request)
    index_set = get_object_or_404(UnitIndexSet, pk=pk)
    unit = selectors.scorable_unit(scope, index_set, unit_code)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị thuộc nhóm được chấm điểm của bộ tiêu chí này.")
    can_manage = selectors.can_manage(scope)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied("Chỉ chuyên viên Phòng Cải cách hành chính của Sở Nội vụ được chấm điểm.")
    criteria = selectors.criteria_tree(index_set)
    scores = selectors.unit_scores(index_set, unit)
    form = ScoreSheetForm(request.POST or None, criteria=criteria, scores=scores)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.save_unit_scores(request.user, index_set, unit, form.scores())
        except services.ReformError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã lưu điểm của {unit.name} ({changed} tiêu chí thay đổi).")
            return redirect("reform:index_set_detail", pk=index_set.pk)
    return render(request, "reform/score_sheet.html", {
        "index_set": index_set, "unit": unit, "form": form, "criteria": criteria, "can_manage": can_manage,
        "standing": selectors.unit_standing(index_set, unit), "tab": "units",
    })


@login_required
def inspections(request):
    scope = _scope(request)
    years = sorted(set(InspectionPlan.objects.values_list("year", flat=True)), reverse=True)
    form = YearFilterForm(request.GET, years=years)
    plans = selectors.inspection_plans(scope, year=form.values()["year"])
    return render(request, "reform/inspections.html", {
        "form": form, "plans": plans, "tab": "inspections", "can_manage": selectors.can_manage(scope),
    })


@login_required
def initiatives(request):
    scope = _scope(request)
    rows = selectors.initiatives(scope)
    years = sorted({r.year for r in rows}, reverse=True)
    form = YearFilterForm(request.GET, years=years)
    year = form.values()["year"]
    if year:
        rows = [r for r in rows if r.year == year]
    return render(request, "reform/initiatives.html", {
        "form": form, "rows": rows, "tab": "initiatives", "can_manage": selectors.can_manage(scope),
    })

