"""Archives pages (/luu-tru/): the registers kept in web forms (`archives.registers`).

Access (decided by `core.access.scope_for`, narrowed in `archives.selectors`): every role reads
the rows within its reach (leaders and staff: the province; officers: their units' rows); only
the archive offices' staff (and admins) create, edit and delete. A row outside the reader's
reach answers 404, a write by anyone else 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from archives import selectors, services
from archives.forms import fingerprint
from archives.registers import REGISTERS
from core.access import scope_for

PER_PAGE = 50


def _require_read(scope):
    if not selectors.can_read(scope):
        raise PermissionDenied("Anh/chị chưa được phân quyền xem trang này.")


def _row_or_404(scope, register, pk):
    row = register.rows(scope, {}).filter(pk=pk).first()
    if row is None:
        raise Http404("Không tìm thấy dòng này.")
    return row


def _list_url(register):
    return reverse("archives:register_list", args=[register.slug])


def home(request):
    """/luu-tru/: the first register (work items)."""
    return register_list(request, REGISTERS[0])


@login_required
def register_list(request, register):
    scope = scope_for(request.user)
    _require_read(scope)
    form = register.filter_class(request.GET)
    rows = register.rows(scope, form.values())
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("trang"))
    table = [(row, [(c.display(row), c.numeric) for c in register.columns]) for row in page_obj.object_list]
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "archives/register_list.html", {
        "register": register, "registers": REGISTERS, "form": form, "page_obj": page_obj, "table": table,
        "query_string": query.urlencode(), "can_edit": selectors.can_edit(scope),
    })


def _history(row):
    if row is None:
        return []
    what = {"+": "Thêm mới", "~": "Sửa", "-": "Xóa"}
    return [{"when": h.history_date, "what": what.get(h.history_type, h.history_type),
             "who": (h.history_user.get_full_name() or h.history_user.username) if h.history_user else "—"}
            for h in row.history.select_related("history_user").order_by("-history_date")[:20]]


def _require_edit(scope):
    if not selectors.can_edit(scope):
        raise PermissionDenied("Chỉ chuyên viên Trung tâm Lưu trữ lịch sử hoặc Phòng Cải cách hành chính - "
                               "Văn thư lưu trữ được thêm, sửa, xóa dữ liệu lưu trữ.")


@login_required
@require_http_methods(["GET", "POST"])
def register_edit(request, register, pk=None):
    """Create (no `pk`) or edit a register row."""
    scope = scope_for(request.user)
    _require_read(scope)
    row = _row_or_404(scope, register, pk) if pk is not None else None
    _require_edit(scope)
    form = register.form_class(request.POST if request.method == "POST" else None, instance=row, scope=scope)
    if request.method == "POST" and form.is_valid():
        if row is not None and form.cleaned_data.get("version") != fingerprint(type(row).objects.get(pk=row.pk)):
            form.add_error(None, "Không lưu được: dòng này đã được người khác sửa sau khi anh/chị mở trang. "
                                 "Hãy mở lại trang để xem số liệu mới rồi sửa tiếp.")
        else:
            try:
                services.save_row(form.instance, request.user)
            except services.PermissionDenied as exc:
                raise PermissionDenied(exc.message) from None
            except services.ArchivesError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Đã thêm {register.noun}." if row is None else f"Đã lưu thay đổi {register.noun}.")
                return redirect(_list_url(register))
    return render(request, "archives/register_form.html", {"register": register, "registers": REGISTERS, "form": form,
                                                           "row": row, "history": _history(row),
                                                           "list_url": _list_url(register)})


@login_required
@require_http_methods(["GET", "POST"])
def register_delete(request, register, pk):
    scope = scope_for(request.user)
    _require_read(scope)
    row = _row_or_404(scope, register, pk)
    _require_edit(scope)
    error = ""
    if request.method == "POST":
        try:
            services.delete_row(row, request.user)
        except services.PermissionDenied as exc:
            raise PermissionDenied(exc.message) from None
        except services.ArchivesError as exc:
            error = exc.message
        else:
            messages.success(request, f"Đã xóa {register.noun}.")
            return redirect(_list_url(register))
    return render(request, "archives/register_confirm_delete.html", {
        "register": register, "registers": REGISTERS, "row": row, "error": error, "list_url": _list_url(register)})
