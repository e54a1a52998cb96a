"""Reads of the plans app, restricted by the reader's scope (`core.access`) and aggregated in the
database: per-field counts, overdue and due-soon lists (from the derived due date and the status).

«Overdue» is one rule for tasks and items: a due date (or deadline) before today and a status
other than «Hoàn thành». «Due soon»: not done and due within the next `days` days, today included.
"""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core.access import scope_for
from core.models import OrgUnit
from plans import permissions
from plans.models import Directive, DirectiveItem, DirectiveReport, Plan, PlanField, Status, Task, TaskProgress

DUE_SOON_DAYS = 14


def _today(today=None):
    return today or timezone.localdate()


def overdue_q(today, date_field="due_date"):
    return Q(**{f"{date_field}__lt": today}) & ~Q(status=Status.DONE)


def due_soon_q(today, days=DUE_SOON_DAYS, date_field="due_date"):
    end = today + datetime.timedelta(days=days)
    return Q(**{f"{date_field}__gte": today, f"{date_field}__lte": end}) & ~Q(status=Status.DONE)


# ---------------------------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------------------------


def plans(scope):
    """Plans the reader may read, newest year first, with their task counts."""
    today = _today()
    return (
        scope.filter(Plan.objects.all(), unit_field="unit")
        .select_related("unit", "basis")
        .annotate(
            task_count=Count("tasks"),
            done_count=Count("tasks", filter=Q(tasks__status=Status.DONE)),
            overdue_count=Count("tasks", filter=Q(tasks__due_date__lt=today) & ~Q(tasks__status=Status.DONE)),
        )
        .order_by("-year", "unit__sort_order")
    )


def plan(scope, pk):
    """The plan `pk` if the reader may read it, else None."""
    found = Plan.objects.select_related("unit", "basis").filter(pk=pk).first()
    if found is None or not permissions.can_read_plan(scope, found):
        return None
    return found


def plan_of_year(unit, year):
    return Plan.objects.filter(unit=unit, year=year).select_related("unit", "basis").first()


def field_counts(plan, today=None):
    """The plan's fields in order, each with total, done, in progress, overdue (one query)."""
    today = _today(today)
    return list(
        PlanField.objects.filter(plan=plan)
        .annotate(
            total=Count("tasks"),
            done=Count("tasks", filter=Q(tasks__status=Status.DONE)),
            in_progress=Count("tasks", filter=Q(tasks__status=Status.IN_PROGRESS)),
            overdue=Count("tasks", filter=Q(tasks__due_date__lt=today) & ~Q(tasks__status=Status.DONE)),
        )
        .order_by("order")
    )


def tasks(plan, *, field=None, status=None, office=None, overdue=False, due_soon=False, today=None):
    """The plan's tasks, field by field in plan order, filtered (overdue / due soon by the one rule)."""
    today = _today(today)
    qs = Task.objects.filter(plan=plan).select_related("field", "lead_office")
    if field is not None:
        qs = qs.filter(field=field)
    if status:
        qs = qs.filter(status=status)
    if office is not None:
        qs = qs.filter(lead_office=office)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if due_soon:
        qs = qs.filter(due_soon_q(today))
    return qs.order_by("field__order", "order")


def is_overdue(obj, today=None, date_field="due_date"):
    day = getattr(obj, date_field)
    return day is not None and day < _today(today) and obj.status != Status.DONE


def _visible_tasks(scope):
    return Task.objects.filter(plan__in=scope.filter(Plan.objects.all(), unit_field="unit").values("pk"))


def overdue_tasks(user, today=None):
    """Tasks of the plans the user may read that are overdue, oldest due date first."""
    today = _today(today)
    return (_visible_tasks(scope_for(user)).filter(overdue_q(today))
            .select_related("plan", "field", "lead_office").order_by("due_date", "plan_id", "order"))


def due_soon_tasks(user, days=DUE_SOON_DAYS, today=None):
    today = _today(today)
    return (_visible_tasks(scope_for(user)).filter(due_soon_q(today, days))
            .select_related("plan", "field", "lead_office").order_by("due_date", "plan_id", "order"))


def task(scope, pk):
    found = Task.objects.select_related("plan__unit", "field", "lead_office").filter(pk=pk).first()
    if found is None or not permissions.can_read_plan(scope, found.plan):
        return None
    return found


def task_notes(task):
    return TaskProgress.objects.filter(task=task).select_related("author")


def task_stats(plan, today=None):
    """{"total", "done", "overdue", "done_percent"} of a plan (one query); None without a plan."""
    if plan is None:
        return None
    today = _today(today)
    row = Task.objects.filter(plan=plan).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=Status.DONE)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    row["done_percent"] = round(100 * row["done"] / row["total"], 2) if row["total"] else None
    return row


def lead_offices(plan):
    """The offices that may lead a task of `plan`: the units under the plan's unit (the Sở's offices)."""
    return list(OrgUnit.objects.filter(parent=plan.unit).order_by("sort_order", "name"))


# ---------------------------------------------------------------------------------------------
# Directives
# ---------------------------------------------------------------------------------------------


def _assigned_items(scope):
    """Items assigned to the reader: its own office (staff), or units it may write (officers)."""
    from core.models import Role

    staff_units = [m.unit_id for m in scope.open_memberships if m.role == Role.STAFF]
    officer = permissions.only_role(scope, Role.OFFICER)
    officer_items = officer.filter(DirectiveItem.objects.all(), unit_field="assignee").values("pk")
    return DirectiveItem.objects.filter(Q(assignee_id__in=staff_units) | Q(pk__in=officer_items))


def visible_items(scope):
    """Items the reader may read: all items of the notices of units it reads, and its own."""
    if scope.is_admin:
        return DirectiveItem.objects.all()
    readable = scope.filter(Directive.objects.all(), unit_field="unit").values("pk")
    return DirectiveItem.objects.filter(Q(directive__in=readable) | Q(pk__in=_assigned_items(scope).values("pk")))


def directives(scope):
    """Notices the reader may read, newest first, with item counts (all and overdue)."""
    today = _today()
    ids = visible_items(scope).values("directive_id")
    readable = scope.filter(Directive.objects.all(), unit_field="unit").values("pk")
    return (
        Directive.objects.filter(Q(pk__in=readable) | Q(pk__in=ids))
        .select_related("document", "unit")
        .annotate(
            item_count=Count("items"),
            done_count=Count("items", filter=Q(items__status=Status.DONE)),
            overdue_count=Count("items", filter=Q(items__deadline__lt=today) & ~Q(items__status=Status.DONE)),
        )
        .order_by("-document__issued_on", "-pk")
    )


def directive(scope, pk):
    """The notice `pk` with its items (each with its reports) if the reader may read it, else None."""
    found = (
        Directive.objects.select_related("document", "unit")
        .prefetch_related(Prefetch(
            "items", queryset=DirectiveItem.objects.select_related("assignee").prefetch_related(
                Prefetch("reports", queryset=DirectiveReport.objects.select_related("author"))
            )
        ))
        .filter(pk=pk).first()
    )
    if found is None or not permissions.can_read_directive(scope, found, items=list(found.items.all())):
        return None
    return found


def directive_item(scope, pk):
    found = DirectiveItem.objects.select_related("directive__document", "directive__unit", "assignee").filter(pk=pk).first()
    if found is None or not visible_items(scope).filter(pk=found.pk).exists():
        return None
    return found


def overdue_directive_items(user, today=None):
    """Unfinished items past their deadline that the user may read (the dashboard's list)."""
    today = _today(today)
    return (visible_items(scope_for(user)).filter(overdue_q(today, "deadline"))
            .select_related("directive__document", "assignee").order_by("deadline", "directive_id", "number"))


def due_soon_directive_items(user, days=DUE_SOON_DAYS, today=None):
    today = _today(today)
    return (visible_items(scope_for(user)).filter(due_soon_q(today, days, "deadline"))
            .select_related("directive__document", "assignee").order_by("deadline", "directive_id", "number"))


def office_lookup(plan):
    """{name, short name or code as typed (normalised): office} for reading an appendix table."""
    from plans.appendix import office_key

    lookup = {}
    for unit in lead_offices(plan):
        for label in (unit.name, unit.short_name, unit.code):
            if label:
                lookup.setdefault(office_key(label), unit)
    return lookup
