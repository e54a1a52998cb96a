"""Emulation pages (/thi-dua/): proposals, decisions, clusters and movements, statistics.

Access (emulation.permissions, from core.access): anonymous users go to the login page; a user with
no role here gets 403; a proposal or decision outside the reader's reach answers 404 like a missing
one; a write by someone not allowed answers 403. Views parse, call one selector or service, render.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from core import comparison
from core.access import scope_for
from core.models import PeriodType
from emulation import permissions, selectors, services
from emulation.forms import (
    AcceptForm,
    DecisionFilterForm,
    ProposalForm,
    ProposalItemFormSet,
    ReturnForm,
    StatisticsForm,
    items_of,
)
from emulation.models import ProposalStatus, RecipientKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request):
    scope = scope_for(request.user)
    if not permissions.can_use(scope):
        raise PermissionDenied("Bạn không có quyền xem trang thi đua, khen thưởng.")
    return scope


def _context(scope, tab, **extra):
    return {"scope": scope, "tab": tab, "is_board": permissions.is_board(scope),
            "can_file": permissions.proposing_units(scope).exists(), **extra}


@login_required
def index(request):
    scope = _scope(request)
    board = permissions.is_board(scope)
    waiting = selectors.proposals_for(scope, board=board, status=ProposalStatus.SUBMITTED)[:20]
    returned = selectors.proposals_for(scope, board=board, status=ProposalStatus.RETURNED)[:20]
    return render(request, "emulation/index.html", _context(scope, "index", waiting=waiting, returned=returned))


# ---------------------------------------------------------------------------------------------
# Proposals
# ---------------------------------------------------------------------------------------------


@login_required
def proposal_list(request):
    scope = _scope(request)
    status = request.GET.get("trang_thai") or None
    if status not in (None, *ProposalStatus.values):
        status = None
    rows = selectors.proposals_for(scope, board=permissions.is_board(scope), status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("trang"))
    return render(request, "emulation/proposal_list.html",
                  _context(scope, "proposals", page=page, status=status, statuses=ProposalStatus.choices))


def _proposal_forms(request, scope, proposal=None):
    units = permissions.proposing_units(scope)
    if request.method == "POST":
        form = ProposalForm(request.POST, units=units)
        formset = ProposalItemFormSet(request.POST, prefix="doi_tuong")
    elif proposal is not None:
        form = ProposalForm(initial={"unit": proposal.unit, "title": proposal.title, "occasion": proposal.occasion,
                                     "achievement_period": proposal.achievement_period}, units=units)
        formset = ProposalItemFormSet(prefix="doi_tuong", initial=[
            {"award_type": i.award_type, "recipient_kind": i.recipient_kind, "recipient_name": i.recipient_name,
             "achievement": i.achievement} for i in proposal.items.select_related("award_type")])
    else:
        form = ProposalForm(initial={"unit": units.first(), "occasion": "tong_ket"}, units=units)
        formset = ProposalItemFormSet(prefix="doi_tuong")
    return form, formset


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    scope = _scope(request)
    if not permissions.proposing_units(scope).exists():
        raise PermissionDenied("Bạn không gửi được hồ sơ đề nghị khen thưởng.")
    form, formset = _proposal_forms(request, scope)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            proposal = services.file_proposal(request.user, form.cleaned_data["unit"], title=form.cleaned_data["title"],
                                              occasion=form.cleaned_data["occasion"],
                                              achievement_period=form.cleaned_data["achievement_period"],
                                              items=items_of(formset))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã gửi hồ sơ đề nghị khen thưởng tới Ban Thi đua - Khen thưởng.")
            return redirect("emulation:proposal", proposal.pk)
    return render(request, "emulation/proposal_form.html",
                  _context(scope, "proposals", form=form, formset=formset, proposal=None))


def _proposal(scope, pk):
    proposal = selectors.proposal_for(scope, pk, board=permissions.is_board(scope))
    if proposal is None:
        raise Http404("Không tìm thấy hồ sơ đề nghị.")
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
def proposal_resubmit(request, pk):
    scope = _scope(request)
    proposal = _proposal(scope, pk)
    if not permissions.can_resubmit_proposal(scope, proposal):
        raise PermissionDenied("Chỉ hồ sơ bị trả lại mới gửi lại được, do đơn vị đề nghị gửi.")
    form, formset = _proposal_forms(request, scope, proposal)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.resubmit_proposal(request.user, proposal, title=form.cleaned_data["title"],
                                       occasion=form.cleaned_data["occasion"],
                                       achievement_period=form.cleaned_data["achievement_period"],
                                       items=items_of(formset))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã gửi lại hồ sơ đề nghị khen thưởng.")
            return redirect("emulation:proposal", proposal.pk)
    return render(request, "emulation/proposal_form.html",
                  _context(scope, "proposals", form=form, formset=formset, proposal=proposal))


@login_required
def proposal_detail(request, pk, return_form=None, accept_form=None):
    scope = _scope(request)
    proposal = _proposal(scope, pk)
    can_review = permissions.can_review_proposal(scope, proposal)
    items = list(proposal.items.select_related("award_type"))
    warnings = services.double_awards([services.ItemData(award_type=i.award_type, recipient_kind=i.recipient_kind,
                                                         recipient_name=i.recipient_name,
                                                         achievement_period=proposal.achievement_period)
                                       for i in items]) if can_review else []
    return render(request, "emulation/proposal_detail.html", _context(
        scope, "proposals", proposal=proposal, items=items, can_review=can_review, warnings=warnings,
        can_resubmit=permissions.can_resubmit_proposal(scope, proposal),
        return_form=return_form or ReturnForm(), accept_form=accept_form or AcceptForm()))


@login_required
@require_POST
def proposal_return(request, pk):
    scope = _scope(request)
    proposal = _proposal(scope, pk)
    if not permissions.can_review_proposal(scope, proposal):
        raise PermissionDenied("Chỉ chuyên viên Ban Thi đua - Khen thưởng trả lại hồ sơ đang chờ thẩm định.")
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_proposal(request.user, proposal, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Đã trả lại hồ sơ; đơn vị đã được thông báo.")
            return redirect("emulation:proposal", proposal.pk)
    return proposal_detail(request, pk, return_form=form)


@login_required
@require_POST
def proposal_accept(request, pk):
    scope = _scope(request)
    proposal = _proposal(scope, pk)
    if not permissions.can_review_proposal(scope, proposal):
        raise PermissionDenied("Chỉ chuyên viên Ban Thi đua - Khen thưởng khen thưởng hồ sơ đang chờ thẩm định.")
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            decision = services.accept_proposal(request.user, proposal, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Đã ban hành {decision.reference}; đơn vị đã được thông báo.")
            return redirect("emulation:decision", decision.pk)
    return proposal_detail(request, pk, accept_form=form)


# ---------------------------------------------------------------------------------------------
# Decisions, clusters, movements
# ---------------------------------------------------------------------------------------------


@login_required
def decision_list(request):
    scope = _scope(request)
    form = DecisionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.decision_list(scope, year=data.get("year"), search=data.get("q") or "")
    page = Paginator(rows, 50).get_page(request.GET.get("trang"))
    return render(request, "emulation/decision_list.html", _context(scope, "decisions", form=form, page=page))


@login_required
def decision_detail(request, pk):
    scope = _scope(request)
    decision = selectors.decision_for(scope, pk)
    if decision is None:
        raise Http404("Không tìm thấy quyết định.")
    items = decision.items.select_related("award_type", "recipient_unit")
    return render(request, "emulation/decision_detail.html", _context(scope, "decisions", decision=decision, items=items))


@login_required
def clusters(request):
    scope = _scope(request)
    years = selectors.cluster_years()
    try:
        year = int(request.GET.get("nam") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    if year and not 1900 <= year <= 9000:  # ?nam=0 or 99999 used to answer 500 (date out of range)
        year = years[0] if years else 0
    return render(request, "emulation/clusters.html", _context(
        scope, "clusters", year=year, years=years, groups=selectors.clusters(year),
        movements=selectors.movements(*selectors.emulation_year_window(year)) if year else []))


# ---------------------------------------------------------------------------------------------
# Statistics (page with a chart, .xlsx export)
# ---------------------------------------------------------------------------------------------


def _statistics(request, scope):
    periods = list(selectors.statistics_periods())
    units = scope.units().order_by("sort_order", "name")
    form = StatisticsForm(request.GET or None, periods=periods, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    code = data.get("period")
    period = next((p for p in periods if p.code == code), None) or _default_period(periods)
    if period is None:
        raise Http404("Chưa có kỳ báo cáo nào.")
    stats = selectors.statistics(period.start, period.end, scope=scope, root=data.get("unit"),
                                 level=data.get("level") or None, occasion=data.get("occasion") or None)
    return form, period, stats


def _default_period(periods):
    """The latest emulation year that has begun (else the latest period)."""
    from django.utils import timezone

    today = timezone.localdate()
    started = [p for p in periods if p.type == PeriodType.EMULATION_YEAR and p.start <= today]
    return max(started, key=lambda p: p.start) if started else (periods[0] if periods else None)


KINDS = [(k, RecipientKind(k).label) for k in selectors.STAT_KINDS]


@login_required
def statistics(request):
    scope = _scope(request)
    form, period, stats = _statistics(request, scope)
    data = form.cleaned_data if form.is_valid() else {}

    def before(previous):
        old = selectors.statistics(previous.start, previous.end, scope=scope, root=data.get("unit"),
                                   level=data.get("level") or None, occasion=data.get("occasion") or None)
        by_type = {r["type"].pk: r["total"] for r in old.rows}
        return [old.decisions, old.totals.get("total", 0), *(by_type.get(r["type"].pk, 0) for r in stats.rows)]

    figures = [("Quyết định đã khen", stats.decisions, "quyết định"),
               ("Tập thể, cá nhân, hộ gia đình được khen", stats.totals.get("total", 0), "lượt"),
               *((r["type"].name, r["total"], "lượt") for r in stats.rows)]
    compared = comparison.for_request(request, period, figures, before)
    return render(request, "emulation/statistics.html", _context(
        scope, "statistics", form=form, period=period, stats=stats, kinds=KINDS, chart=stats.chart,
        query=request.GET.urlencode(), comparison=compared))


@login_required
def statistics_xlsx(request):
    import openpyxl
    from openpyxl.styles import Font

    from collection.excel import safe_text

    scope = _scope(request)
    _form, period, stats = _statistics(request, scope)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Thống kê khen thưởng"
    sheet.append([f"Thống kê khen thưởng {period.label} ({period.range_label})"])
    sheet["A1"].font = Font(bold=True)
    header = ["Danh hiệu, hình thức khen thưởng", "Cấp quyết định",
              *(f"{label_o} - {label_k}" for _o, label_o in stats.occasions for _k, label_k in KINDS),
              *(label for _k, label in KINDS), "Tổng số"]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in stats.rows:
        sheet.append([safe_text(r["type"].name), safe_text(r["level"]), *r["cells"], *r["kind_cells"], r["total"]])
    sheet.append(["Tổng cộng", "", *([""] * len(stats.occasions) * len(KINDS)),
                  *(stats.totals.get(k, 0) for k, _l in KINDS), stats.totals.get("total", 0)])
    sheet.append([f"Số quyết định đã khen: {stats.decisions}"])
    sheet.column_dimensions["A"].width = 50
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"thong-ke-khen-thuong-{period.code}.xlsx")
    return response


