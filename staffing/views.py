"""Staffing pages: the civil-servant register, personnel actions, quotas and Excel imports.

Access (decided by `core.access.scope_for`, narrowed in `staffing.selectors`):
- named people (register, person page, action rows, export): staff of the Sở (province) and
  officers (their unit's subtree), admins; anything else answers 404 like a missing person;
- leaders see aggregates only (counts by category and unit, by action type): the same URLs show
  them a summary without names;
- quotas (figures, not people): every role within its reach;
- imports: staff of the Sở (and admins) only, on the shared pages of `core.imports` (staffing.urls);
- the registers kept in web forms (`staffing.registers`): every role reads the rows within its
  reach (officers their subtree's, named people only for those who see people); only staff of
  the Sở (and admins) create, edit and delete. A row outside the reader's reach answers 404, a
  write by anyone else 403.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from core.access import READ, scope_for
from core.imports.views import xlsx_response
from core.models import Period
from staffing import selectors, services
from staffing.forms import ActionFilterForm, QuotaFilterForm, RegisterFilterForm, RegisterListFilterForm
from staffing.models import ActionType, Level

PER_PAGE = 50
FAR_PAST = datetime.date(1900, 1, 1)
FAR_FUTURE = datetime.date(9999, 12, 31)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


_xlsx = xlsx_response


def _query_string(request, drop="trang"):
    query = request.GET.copy()
    query.pop(drop, None)
    return query.urlencode()


def _people_units(scope):
    """Units that may be chosen in the register filter: those where the user may see people."""
    personal = selectors.personal_scope(scope)
    return list(personal.units(READ).order_by("sort_order", "name").only("pk", "code", "name"))


# ---------------------------------------------------------------------------------------------
# Register
# ---------------------------------------------------------------------------------------------


@login_required
def civil_servant_list(request):
    scope = scope_for(request.user)
    if not selectors.sees_people(scope):
        if not selectors.sees_aggregates(scope):
            raise PermissionDenied("Anh/chị chưa được phân quyền xem danh sách cán bộ, công chức, viên chức.")
        return render(request, "staffing/register_summary.html", {"summary": selectors.register_summary(scope)})
    units = _people_units(scope)
    form = RegisterFilterForm(request.GET, units=units)
    values = form.values()
    unit = next((u for u in units if u.code == values["unit"]), None)
    people = selectors.civil_servants(scope, q=values["q"], unit=unit, category=values["category"], gender=values["gender"])
    page_obj = Paginator(people, PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "staffing/civil_servant_list.html", {
        "form": form, "page_obj": page_obj, "query_string": _query_string(request),
        "export_query": _query_string(request), "can_import": selectors.can_import(scope),
    })


@login_required
def civil_servant_detail(request, ma_so):
    scope = scope_for(request.user)
    person = selectors.civil_servant_for(scope, ma_so)
    if person is None:
        raise Http404("Không tìm thấy cán bộ, công chức, viên chức.")
    actions = list(person.actions.select_related("unit").order_by("-effective_date"))
    return render(request, "staffing/civil_servant_detail.html", {"person": person, "actions": actions,
                                                                  "in_service": person.is_in_service()})


@login_required
def civil_servant_export(request):
    scope = scope_for(request.user)
    if not selectors.sees_people(scope):
        raise PermissionDenied("Lãnh đạo xem số liệu tổng hợp; danh sách chi tiết dành cho chuyên viên.")
    units = _people_units(scope)
    values = RegisterFilterForm(request.GET, units=units).values()
    unit = next((u for u in units if u.code == values["unit"]), None)
    people = selectors.civil_servants(scope, q=values["q"], unit=unit, category=values["category"], gender=values["gender"])
    return _xlsx(services.export_workbook("cong_chuc", people), "danh-sach-cbccvc.xlsx")


# ---------------------------------------------------------------------------------------------
# Personnel actions
# ---------------------------------------------------------------------------------------------


@login_required
def action_list(request):
    scope = scope_for(request.user)
    if not selectors.sees_aggregates(scope):
        raise PermissionDenied("Anh/chị chưa được phân quyền xem trang này.")
    form = ActionFilterForm(request.GET)
    values = form.values()
    period = Period.objects.filter(code=values["period"]).first() if values["period"] else None
    start, end = (period.start, period.end) if period else (None, None)
    context = {"form": form, "period": period, "can_edit": selectors.can_edit_registers(scope)}
    # Counts by type and level (no names): what leaders see, and a summary for everyone.
    counts = selectors.personnel_counts(start=start or FAR_PAST, end=end or FAR_FUTURE, scope=scope)
    labels = dict(ActionType.choices)
    rows = []
    for value, label in ActionType.choices:
        cells = [counts.total(value, levels=(level,)) for level, _ in Level.choices]
        if any(cells):
            rows.append({"type": value, "label": label, "cells": cells, "total": sum(cells)})
    context.update({"levels": Level.choices, "count_rows": rows, "labels": labels})
    if selectors.sees_people(scope):
        actions = selectors.personnel_actions(scope, start=start, end=end, action_type=values["action_type"],
                                              level=values["level"])
        context["page_obj"] = Paginator(actions, PER_PAGE).get_page(request.GET.get("trang"))
        context["query_string"] = _query_string(request)
    return render(request, "staffing/action_list.html", context)


# ---------------------------------------------------------------------------------------------
# Quotas
# ---------------------------------------------------------------------------------------------


@login_required
def quota_list(request):
    scope = scope_for(request.user)
    if not selectors.sees_aggregates(scope):
        raise PermissionDenied("Anh/chị chưa được phân quyền xem trang này.")
    years = selectors.quota_years()
    form = QuotaFilterForm(request.GET, years=years)
    values = form.values()
    year = values["year"] or (years[0] if years else None)
    table = selectors.quota_table(scope, year, kind=values["kind"]) if year else {"rows": [], "totals": {}}
    return render(request, "staffing/quota_list.html", {
        "form": form, "year": year, "table": table, "can_edit": selectors.can_edit_registers(scope),
    })


# ---------------------------------------------------------------------------------------------
# Registers kept in web forms: one list, one edit and one delete view for every register
# (`staffing.registers`); the URL converter turns the slug into its Register.
# ---------------------------------------------------------------------------------------------

EDIT_DENIED = "Chỉ chuyên viên Sở Nội vụ được thêm, sửa, xóa dữ liệu này; anh/chị chỉ được xem."


def _require_register_edit(scope):
    if not selectors.can_edit_registers(scope):
        raise PermissionDenied(EDIT_DENIED)


def _register_row_or_404(scope, register, pk):
    row = selectors.register_row(scope, register, pk)
    if row is None:
        raise Http404(f"Không tìm thấy {register.noun}.")
    return row


@login_required
def register_list(request, register):
    scope = scope_for(request.user)
    if not selectors.sees_aggregates(scope):
        raise PermissionDenied("Anh/chị chưa được phân quyền xem trang này.")
    if register.list_url_name:
        return redirect(register.list_url_name)
    units = list(selectors.register_unit_choices(scope).only("pk", "code", "name"))
    form = RegisterListFilterForm(request.GET, years=selectors.register_years(scope, register), units=units)
    values = form.values()
    unit = next((u for u in units if u.code == values["unit"]), None)
    rows = selectors.register_rows(scope, register, year=values["year"], unit=unit)
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    table = [(row, [(column.display(row), column.numeric) for column in register.columns]) for row in page_obj.object_list]
    return render(request, "staffing/register_list.html", {
        "register": register, "form": form, "page_obj": page_obj, "table": table,
        "query_string": _query_string(request), "can_edit": selectors.can_edit_registers(scope),
    })


@login_required
@require_http_methods(["GET", "POST"])
def register_edit(request, register, pk=None):
    """Create (no `pk`) or edit a register row."""
    scope = scope_for(request.user)
    row = _register_row_or_404(scope, register, pk) if pk is not None else None
    _require_register_edit(scope)
    form = register.form_class(request.POST if request.method == "POST" else None, instance=row, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_register_row(form, request.user)
        except services.PermissionDenied as exc:
            raise PermissionDenied(exc.message) from None
        except services.StaffingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã thêm {register.noun}." if row is None else f"Đã lưu thay đổi {register.noun}.")
            return redirect(register.list_url(register.year_of(saved)))
    return render(request, "staffing/register_form.html", {"register": register, "form": form, "row": row,
                                                           "tab": _register_tab(register),
                                                           "history": selectors.register_history(row)})


@login_required
@require_http_methods(["GET", "POST"])
def register_delete(request, register, pk):
    """GET asks for confirmation; POST deletes."""
    scope = scope_for(request.user)
    row = _register_row_or_404(scope, register, pk)
    _require_register_edit(scope)
    if request.method == "POST":
        year = register.year_of(row)
        try:
            services.delete_register_row(row, request.user)
        except services.PermissionDenied as exc:
            raise PermissionDenied(exc.message) from None
        except services.StaffingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã xóa {register.noun}.")
        return redirect(register.list_url(year))
    details = [(column.label, column.display(row)) for column in register.columns]
    return render(request, "staffing/register_confirm_delete.html", {
        "register": register, "row": row, "details": details, "tab": _register_tab(register)})


def _register_tab(register):
    """The staffing tab a register's pages belong to."""
    return {"staffing:quota_list": "quotas", "staffing:action_list": "actions"}.get(register.list_url_name, register.slug)
