"""Core pages: dashboard, org tree, periods, legal documents, and the Vietnamese sign-in pages.

Views are thin: access is decided by `core.access.scope_for`, reads live in `core.selectors`.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from core import dashboard, formatting, generations, selectors, text
from core.access import scope_for
from core.forms import (
    DOCUMENT_OPTIONS_SHOWN,
    DocumentSearchForm,
    PeriodFilterForm,
    PortalAuthenticationForm,
    PortalPasswordChangeForm,
    UnitFilterForm,
    document_label,
)
from core.models import Role

DOCUMENTS_PER_PAGE = 25


@login_required
def home(request):
    scope = scope_for(request.user)
    day = selectors.today()
    roles = []
    for m in scope.memberships:
        label = m.get_role_display()
        if label not in roles:
            roles.append(label)
    if scope.is_admin and Role.ADMIN.label not in roles:
        roles.append(Role.ADMIN.label)
    return render(
        request,
        "core/home.html",
        {
            "today": day,
            "full_name": selectors.full_name(request.user),
            "memberships": selectors.memberships_display(scope),
            "role_labels": roles,
            # Units in reach change with memberships and the tree (core): kept until then, per user and day.
            "reach": generations.kept(f"reach:{request.user.pk}:{int(request.user.is_superuser)}:{day}", ("core",),
                                      lambda: selectors.reach_by_kind(scope, day)),
            "current_periods": selectors.current_periods(day),
            "deadlines": selectors.upcoming_deadlines(day),
            "panels": dashboard.build_all(request.user, day),
        },
    )


@login_required
@require_GET
def panel_export(request, key):
    """One panel of the first page as .xlsx: the same numbers as the card; a panel the user does
    not see answers like a missing one."""
    panel = dashboard.panel_for(request.user, key)
    if panel is None:
        raise Http404("Không tìm thấy khối thông tin này.")
    day = selectors.today()
    data = panel.build(request.user, day)
    content = dashboard.export_workbook(panel.title, data, subtitle=f"Số liệu đến ngày {formatting.short_date(day)}")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="tong-quan-{panel.key}.xlsx"'
    return response


@login_required
def unit_list(request):
    scope = scope_for(request.user)
    form = UnitFilterForm(request.GET)
    values = form.values()
    rows, total = selectors.unit_tree(scope, status=values["status"], kind=values["kind"], q=values["q"])
    return render(request, "core/unit_list.html", {"form": form, "rows": rows, "total": total, "filters": values})


@login_required
def unit_detail(request, code):
    scope = scope_for(request.user)
    unit = selectors.unit_by_code_for(scope, code)
    if unit is None:
        # Out of scope answers like a missing unit, so the page reveals nothing.
        raise Http404("Không tìm thấy đơn vị.")
    return render(request, "core/unit_detail.html", selectors.unit_detail(scope, unit))


@login_required
def period_list(request):
    form = PeriodFilterForm(request.GET, years=selectors.period_years())
    values = form.values()
    groups = selectors.periods_by_year(year=values["year"], period_type=values["type"])
    return render(request, "core/period_list.html", {"form": form, "groups": groups, "today": selectors.today()})


@login_required
def document_list(request):
    scope = scope_for(request.user)
    if not scope.has_role(*selectors.DOCUMENT_ROLES):
        raise PermissionDenied("Trang văn bản dành cho chuyên viên và lãnh đạo Sở.")
    form = DocumentSearchForm(request.GET, years=selectors.document_years())
    values = form.values()
    documents = selectors.search_documents(q=values["q"], doc_type=values["doc_type"], year=values["year"])
    page_obj = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "core/document_list.html",
        {"form": form, "page_obj": page_obj, "filters": values, "query_string": query.urlencode()},
    )


@login_required
@require_GET
def document_options(request):
    """The <option>s of a document picker (htmx): the chosen one kept, then what matches the search."""
    scope = scope_for(request.user)
    if not scope.has_role(*selectors.DOCUMENT_ROLES):
        raise PermissionDenied("Danh mục văn bản dành cho chuyên viên và lãnh đạo Sở.")
    # scrubbed: a NUL in the query string used to reach PostgreSQL and answer 500
    field = text.scrub(request.GET.get("truong", ""))
    chosen = text.scrub(request.GET.get(field, "")) if field else ""
    q = text.scrub(formatting.nfc(request.GET.get("q", "")))[:200]
    documents, more = selectors.document_options(q=q, chosen=chosen, limit=DOCUMENT_OPTIONS_SHOWN)
    return render(request, "includes/document_options.html", {
        "options": [(doc.pk, document_label(doc), str(doc.pk) == chosen) for doc in documents],
        "blank": request.GET.get("trong") == "1", "more": more, "q": q,
    })


@login_required
@require_GET
def picker_options(request, source):
    """The <option>s of a picker (htmx, core/pickers.py): the chosen kept, then what matches the
    search, within what the user may pick (the source's queryset of their scope)."""
    from core import pickers

    found = pickers.get_source(source)
    if found is None:
        raise Http404("Không có danh mục này.")
    scope = scope_for(request.user)
    if found.allowed is not None and not found.allowed(scope):
        raise PermissionDenied("Anh/chị không được tra cứu danh mục này.")
    field = request.GET.get("truong", "")
    value_field = request.GET.get("khoa") or "pk"
    if value_field not in found.value_fields:
        value_field = "pk"
    q = formatting.nfc(request.GET.get("q", ""))[:100]
    chosen, groups, more = pickers.options(found, scope, q=q, chosen=request.GET.getlist(field) if field else [],
                                           value_field=value_field)

    def value(obj):
        return obj.pk if value_field == "pk" else getattr(obj, value_field)

    return render(request, "includes/picker_options.html", {
        "chosen": [(value(o), found.label(o)) for o in chosen],
        "groups": [(group, [(value(o), found.label(o)) for o in members]) for group, members in groups],
        "blank": formatting.nfc(request.GET.get("trong", ""))[:100], "more": more, "q": q, "noun": found.noun,
    })


# ---------------------------------------------------------------------------------------------
# Sign-in, sign-out, password (Django's views, Vietnamese forms and templates)
# ---------------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = PortalAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); says goodbye on the sign-in page."""

    def post(self, request, *args, **kwargs):
        was_authenticated = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_authenticated:
            messages.info(request, "Bạn đã đăng xuất khỏi hệ thống.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PortalPasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def get_form_kwargs(self):
        # The form counts wrong current passwords against the user's login (django-axes).
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"
