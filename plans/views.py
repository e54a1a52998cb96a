"""Plans pages: key-task plans (list, detail with per-field counts and filters, task edit, progress
notes, .xlsx import), notices of conclusions (list, detail, items, progress reports) and the
overdue list. Access: `plans.permissions` over `core.access` scopes; a plan or notice the reader
may not read answers 404, a write the reader may not make 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core import comparison, formatting
from core.access import scope_for
from core.models import OrgUnit, OrgUnitKind, Role
from plans import permissions, selectors, services
from plans.forms import DirectiveForm, DirectiveItemForm, FollowForm, PlanForm, TaskFilterForm, TaskForm
from plans.pickers import assignable_units
from plans.models import Status

READER_ROLES = (Role.STAFF, Role.LEADER, Role.OFFICER)


def _scope(request):
    scope = scope_for(request.user)
    if not scope.has_role(*READER_ROLES):
        raise PermissionDenied("Anh/chị chưa được phân quyền xem kế hoạch và chỉ đạo.")
    return scope


def _home(scope):
    """The Sở whose plans and notices the user manages (staff of an office: its Sở)."""
    for m in scope.open_memberships:
        home = m.unit.home_affairs_unit()
        if home is not None:
            return home
    return OrgUnit.objects.filter(kind=OrgUnitKind.HOME_AFFAIRS).order_by("sort_order", "pk").first()


def _refuse(error):
    if isinstance(error, services.NotAllowed):
        raise PermissionDenied(error.message)


# ---------------------------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request):
    scope = _scope(request)
    home = _home(scope)
    can_create = home is not None and permissions.can_manage(scope, home)
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied("Chỉ công chức của Sở tạo kế hoạch.")
        if form.is_valid():
            try:
                plan = services.create_plan(request.user, unit=home, **form.cleaned_data)
            except services.PlansError as error:
                _refuse(error)
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Đã tạo «{plan.title}».")
                return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_list.html", {
        "plans": selectors.plans(scope), "form": form, "can_create": can_create,
    })


def _plan_or_404(scope, pk):
    plan = selectors.plan(scope, pk)
    if plan is None:
        raise Http404("Không có kế hoạch này.")
    return plan


@login_required
def plan_detail(request, pk):
    scope = _scope(request)
    plan = _plan_or_404(scope, pk)
    fields = selectors.field_counts(plan)
    offices = selectors.lead_offices(plan)
    form = TaskFilterForm(request.GET, fields=fields, offices=offices)
    values = form.values()
    field = next((f for f in fields if str(f.pk) == values["field"]), None)
    office = next((u for u in offices if u.code == values["office"]), None)
    tasks = list(selectors.tasks(plan, field=field, status=values["status"], office=office,
                                 overdue=values["overdue"]))
    today = timezone.localdate()
    for task in tasks:
        task.is_overdue = selectors.is_overdue(task, today)
        task.can_follow = permissions.can_follow_task(scope, task)
    can_manage = permissions.can_manage(scope, plan.unit)
    # An empty plan is filled from its appendix file (the import pages of the core engine).
    import_url = reverse("plans:import_start") if can_manage and not any(f.total for f in fields) else None
    counts = [("Nhiệm vụ trọng tâm", sum(f.total for f in fields), "nhiệm vụ"),
              ("Đã hoàn thành", sum(f.done for f in fields), "nhiệm vụ"),
              ("Quá hạn chưa hoàn thành", sum(f.overdue for f in fields), "nhiệm vụ"),
              *((f.name, f.total, "nhiệm vụ") for f in fields)]

    def before(last):
        old = {f.name: f for f in selectors.field_counts(last)}
        return [sum(f.total for f in old.values()), sum(f.done for f in old.values()),
                sum(f.overdue for f in old.values()), *(old[f.name].total if f.name in old else None for f in fields)]

    compared = comparison.for_request(
        request, None, counts, before, previous=lambda: selectors.plan_of_year(plan.unit, plan.year - 1),
        label=f"Năm {plan.year}", previous_label=f"năm {plan.year - 1}")
    return render(request, "plans/plan_detail.html", {
        "comparison": compared,
        "plan": plan, "fields": fields, "form": form, "tasks": tasks, "import_url": import_url,
        "total": sum(f.total for f in fields), "done": sum(f.done for f in fields),
        "overdue": sum(f.overdue for f in fields),
        "can_manage": can_manage, "statuses": Status.choices,
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk, task_pk=None):
    scope = _scope(request)
    plan = _plan_or_404(scope, pk)
    if not permissions.can_manage(scope, plan.unit):
        raise PermissionDenied("Chỉ công chức của Sở sửa nhiệm vụ của kế hoạch.")
    task = None
    if task_pk is not None:
        task = selectors.task(scope, task_pk)
        if task is None or task.plan_id != plan.pk:
            raise Http404("Không có nhiệm vụ này.")
    fields = list(plan.fields.order_by("order"))
    offices = selectors.lead_offices(plan)
    initial = {}
    if task is not None:
        initial = {"field": str(task.field_id), "number": task.number, "group": task.group, "content": task.content,
                   "deadline_text": task.deadline_text, "products": task.products,
                   "lead_office": task.lead_office.code if task.lead_office else "", "partners": task.partners}
    form = TaskForm(request.POST or None, initial=initial, fields=fields, offices=offices)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        field_pk, new_field = data.pop("field"), data.pop("new_field")
        code = data.pop("lead_office")
        data["lead_office"] = next((u for u in offices if u.code == code), None)
        try:
            field = (services.add_field(request.user, plan, name=new_field) if new_field
                     else next(f for f in fields if str(f.pk) == field_pk))
            task = services.save_task(request.user, plan, field=field, task=task, **data)
        except StopIteration:
            form.add_error("field", "Lĩnh vực không thuộc kế hoạch này.")
        except services.PlansError as error:
            _refuse(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã lưu nhiệm vụ {task.number} («{task.field.name}»).")
            return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/task_form.html", {"plan": plan, "task": task, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request, pk):
    scope = _scope(request)
    task = selectors.task(scope, pk)
    if task is None:
        raise Http404("Không có nhiệm vụ này.")
    can_follow = permissions.can_follow_task(scope, task)
    form = FollowForm(request.POST or None, initial={"status": task.status, "on": timezone.localdate()})
    if request.method == "POST":
        if not can_follow:
            raise PermissionDenied("Chỉ công chức của đơn vị chủ trì cập nhật tình trạng nhiệm vụ này.")
        if form.is_valid():
            try:
                services.follow_task(request.user, task, **form.cleaned_data)
            except services.PlansError as error:
                _refuse(error)
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Đã cập nhật tình trạng nhiệm vụ {task.number}.")
                return redirect("plans:task_detail", pk=task.pk)
    return render(request, "plans/task_detail.html", {
        "task": task, "notes": selectors.task_notes(task), "form": form, "can_follow": can_follow,
        "is_overdue": selectors.is_overdue(task), "can_edit": permissions.can_edit_task(scope, task),
    })


@login_required
def overdue(request):
    _scope(request)
    return render(request, "plans/overdue.html", {
        "tasks": selectors.overdue_tasks(request.user), "items": selectors.overdue_directive_items(request.user),
        "soon_tasks": selectors.due_soon_tasks(request.user),
        "soon_items": selectors.due_soon_directive_items(request.user),
    })


# ---------------------------------------------------------------------------------------------
# Directives
# ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def directive_list(request):
    scope = _scope(request)
    home = _home(scope)
    can_create = home is not None and permissions.can_manage(scope, home)
    form = DirectiveForm(request.POST or None)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied("Chỉ công chức của Sở nhập thông báo kết luận.")
        if form.is_valid():
            try:
                directive = services.create_directive(request.user, unit=home, **form.cleaned_data)
            except services.PlansError as error:
                _refuse(error)
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã nhập thông báo; thêm các nội dung kết luận bên dưới.")
                return redirect("plans:directive_detail", pk=directive.pk)
    return render(request, "plans/directive_list.html", {
        "directives": selectors.directives(scope), "form": form, "can_create": can_create,
    })


def _assignable_units():
    return assignable_units()  # a queryset: the form's picker never lists them all


@login_required
@require_http_methods(["GET", "POST"])
def directive_detail(request, pk):
    scope = _scope(request)
    directive = selectors.directive(scope, pk)
    if directive is None:
        raise Http404("Không có thông báo này.")
    can_manage = permissions.can_manage_directive(scope, directive)
    units = _assignable_units() if can_manage else OrgUnit.objects.none()
    form = DirectiveItemForm(request.POST or None, units=units)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Chỉ công chức của Sở thêm nội dung kết luận.")
        if form.is_valid():
            data = dict(form.cleaned_data)
            code = data.pop("assignee")
            assignee = units.filter(code=code).first()
            try:
                item = services.save_directive_item(request.user, directive, assignee=assignee, **data)
            except services.PlansError as error:
                _refuse(error)
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Đã thêm nội dung {item.number}; đã thông báo cho {item.assignee.name}.")
                return redirect("plans:directive_detail", pk=directive.pk)
    today = timezone.localdate()
    items = list(directive.items.all())
    for item in items:
        item.is_overdue = selectors.is_overdue(item, today, "deadline")
        item.can_report = permissions.can_report(scope, item)
        item.report_form = FollowForm(initial={"status": item.status, "on": today}, prefix=f"bc{item.pk}") if item.can_report else None
    return render(request, "plans/directive_detail.html", {
        "directive": directive, "items": items, "form": form, "can_manage": can_manage,
    })


@login_required
@require_POST
def item_report(request, pk):
    scope = _scope(request)
    item = selectors.directive_item(scope, pk)
    if item is None:
        raise Http404("Không có nội dung này.")
    if not permissions.can_report(scope, item):
        raise PermissionDenied("Chỉ phòng hoặc đơn vị được giao báo cáo tiến độ nội dung này.")
    form = FollowForm(request.POST, prefix=f"bc{item.pk}")
    if form.is_valid():
        try:
            services.report_directive(request.user, item, **form.cleaned_data)
        except services.PlansError as error:
            _refuse(error)
            messages.error(request, error.message)
        else:
            messages.success(request, f"Đã ghi báo cáo tiến độ nội dung {item.number}.")
    else:
        errors = formatting.join_messages(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, f"Chưa ghi được báo cáo: {errors}")
    return redirect(reverse("plans:directive_detail", args=[item.directive_id]) + f"#noi-dung-{item.number}")
