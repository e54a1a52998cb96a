"""One list, one edit and one delete view for every register of every app (`core.registers`);
the URL converter of the app's RegisterSet turns the slug into its Register, and the set arrives
as the `registers` keyword (see `RegisterSet.urls`).

Access: the set's readers (`may_read`, default: anyone with a role) read the rows within their
reach (a row outside it answers 404); only the set's writers (`can_edit`) create, edit and delete
(403 for anyone else).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import scope_for
from core.errors import PermissionDenied as ServicePermissionDenied
from core.errors import UserError
from core.registers import selectors, services
from core.registers.forms import RegisterListFilterForm

PER_PAGE = 50


def _query_string(request, drop="trang"):
    query = request.GET.copy()
    query.pop(drop, None)
    return query.urlencode()


def _require_register_edit(scope, registers):
    if not registers.can_edit(scope):
        raise PermissionDenied(registers.edit_denied)


def _register_row_or_404(scope, register, pk):
    row = selectors.register_row(scope, register, pk)
    if row is None:
        raise Http404(f"Không tìm thấy {register.noun}.")
    return row


@login_required
def register_list(request, register, *, registers):
    scope = scope_for(request.user)
    if not registers.may_read(scope):
        raise PermissionDenied("Anh/chị chưa được phân quyền xem trang này.")
    if register.list_url_name:
        return redirect(register.list_url_name)
    units = selectors.register_unit_choices(scope)  # a queryset: the filter's picker never lists them all
    form = RegisterListFilterForm(request.GET, years=selectors.register_years(scope, register), units=units)
    values = form.values()
    unit = units.filter(code=values["unit"]).first() if values["unit"] else None
    rows = selectors.register_rows(scope, register, year=values["year"], unit=unit, q=values["q"])
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    table = [(row, [(column.display(row), column.numeric) for column in register.columns]) for row in page_obj.object_list]
    return render(request, "registers/list.html", _page(registers, register, {
        "form": form, "page_obj": page_obj, "table": table, "search_enabled": bool(selectors.search_fields(register)),
        "query_string": _query_string(request), "can_edit": registers.can_edit(scope),
    }))


@login_required
@require_http_methods(["GET", "POST"])
def register_edit(request, register, pk=None, *, registers):
    """Create (no `pk`) or edit a register row."""
    scope = scope_for(request.user)
    row = _register_row_or_404(scope, register, pk) if pk is not None else None
    _require_register_edit(scope, registers)
    form = register.form_class(request.POST if request.method == "POST" else None, instance=row, scope=scope)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_register_row(form, request.user, registers)
        except ServicePermissionDenied as exc:
            raise PermissionDenied(exc.message) from None
        except UserError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã thêm {register.noun}." if row is None else f"Đã lưu thay đổi {register.noun}.")
            return redirect(register.list_url(register.year_of(saved)))
    return render(request, "registers/form.html", _page(registers, register, {
        "form": form, "row": row, "history": selectors.register_history(row)}))


@login_required
@require_http_methods(["GET", "POST"])
def register_delete(request, register, pk, *, registers):
    """GET asks for confirmation; POST deletes."""
    scope = scope_for(request.user)
    row = _register_row_or_404(scope, register, pk)
    _require_register_edit(scope, registers)
    if request.method == "POST":
        year = register.year_of(row)
        try:
            services.delete_register_row(row, request.user, registers)
        except ServicePermissionDenied as exc:
            raise PermissionDenied(exc.message) from None
        except UserError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã xóa {register.noun}.")
        return redirect(register.list_url(year))
    details = [(column.label, column.display(row)) for column in register.columns]
    return render(request, "registers/confirm_delete.html", _page(registers, register, {
        "row": row, "details": details}))


def _page(registers, register, context):
    return {"register": register, "registers": registers, "ns": registers.app, "app_title": registers.title,
            "tabs_template": registers.tabs_template, "tab": registers.tab(register), **context}
