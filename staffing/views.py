"""Staffing pages: the civil-servant register, personnel actions and quotas.

Access (decided by `core.access.scope_for`, narrowed in `staffing.selectors`):
- named people (register, person page, action rows, export): staff of the Sở (province) and
  officers (their unit's subtree), admins; anything else answers 404 like a missing person;
- leaders see aggregates only (counts by category and unit, by action type): the same URLs show
  them a summary without names;
- quotas (figures, not people): every role within its reach;
- imports: staff of the Sở (and admins) only, on the shared pages of `core.imports` (staffing.urls);
- the registers kept in web forms (`staffing.registers`, views of `core.registers`): every role reads the rows within its
  reach (officers their subtree's, named people only for those who see people); only staff of
  the Sở (and admins) create, edit and delete. A row outside the reader's reach answers 404, a
  write by anyone else 403.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from core.access import READ, scope_for
from core.imports.views import xlsx_response
from core.models import Period
from core.paging import GroupedRows
from staffing import selectors, services
from staffing.forms import ActionFilterForm, QuotaFilterForm, RegisterFilterForm
from staffing.models import Level, action_type_choices

PER_PAGE = 50
FAR_PAST = datetime.date(1900, 1, 1)
FAR_FUTURE = datetime.date(9999, 12, 31)
_xlsx = xlsx_response


def _query_string(request, drop="trang"):
    query = request.GET.copy()
    query.pop(drop, None)
    return query.urlencode()


def _people_units(scope):
    """Units that may be chosen in the register filter: those where the user may see people."""
    personal = selectors.personal_scope(scope)
    return personal.units(READ)  # a queryset: the filter's picker never lists them all


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
    unit = units.filter(code=values["unit"]).first() if values["unit"] else None
    people = selectors.civil_servants(scope, q=values["q"], unit=unit, category=values["category"], gender=values["gender"])
    page_obj = Paginator(GroupedRows(people, "unit", cached_on=("staffing",)), PER_PAGE).get_page(request.GET.get("trang"))
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
    unit = units.filter(code=values["unit"]).first() if values["unit"] else None
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
    counts = selectors.personnel_counts(start=start or FAR_PAST, end=end or FAR_FUTURE, scope=scope, groups=False)
    choices = action_type_choices()
    labels = dict(choices)
    rows = []
    for value, label in choices:
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
