"""Writes of the plans app: plans and their tasks, progress notes, notices of conclusions, their
items and the assignees' progress reports, and the reminders. Each write is one transaction and
checks the writer's right (`plans.permissions`); stored text passes `core.text.clean`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core.notifications import Message, deliver, responsible_users
from core import formatting, generations
from core.access import scope_for
from core.models import DocumentType, LegalDocument
from core.text import clean
from plans import permissions
from plans.deadlines import due_date
from plans.models import Directive, DirectiveItem, DirectiveReport, Plan, PlanField, Status, Task, TaskProgress

# An item is reminded as «sắp đến hạn» this many days before its deadline.
DUE_SOON_DAYS = 7


class PlansError(Exception):
    """A refusal with a Vietnamese message for the person who asked."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(PlansError):
    pass


def _text(value, label, required=False, max_length=None):
    try:
        value = clean(value or "", label).strip()
    except ValidationError as error:
        raise PlansError(" ".join(error.messages)) from None
    if required and not value:
        raise PlansError(f"Thiếu {label}.")
    if max_length and len(value) > max_length:
        raise PlansError(f"{label[:1].upper()}{label[1:]} dài quá {max_length} ký tự.")
    return value


def _check(allowed, message="Anh/chị không có quyền thực hiện thao tác này."):
    if not allowed:
        raise NotAllowed(message)


# ---------------------------------------------------------------------------------------------
# Plans and tasks
# ---------------------------------------------------------------------------------------------


def create_plan(user, *, unit, year, title, basis=None):
    _check(permissions.can_manage(scope_for(user), unit))
    title = _text(title, "tên kế hoạch", required=True, max_length=300)
    if Plan.objects.filter(unit=unit, year=year).exists():
        raise PlansError(f"{unit.name} đã có kế hoạch nhiệm vụ trọng tâm năm {year}.")
    return Plan.objects.create(unit=unit, year=year, title=title, basis=basis)


def _field(plan, name, number=""):
    name = _text(name, "tên lĩnh vực", required=True, max_length=300)
    existing = plan.fields.filter(name=name).first()
    if existing:
        return existing
    order = (plan.fields.aggregate(m=Max("order"))["m"] or 0) + 1
    return PlanField.objects.create(plan=plan, order=order, number=_text(number, "số thứ tự lĩnh vực", max_length=10),
                                    name=name)


def add_field(user, plan, *, name, number=""):
    _check(permissions.can_manage(scope_for(user), plan.unit))
    return _field(plan, name, number)


def _task_values(plan, values):
    content = _text(values.get("content"), "nội dung nhiệm vụ", required=True)
    deadline_text = _text(values.get("deadline_text"), "thời gian hoàn thành", max_length=200)
    return {
        "content": content,
        "number": _text(values.get("number"), "STT", max_length=10),
        "group": _text(values.get("group"), "nhóm", max_length=300),
        "deadline_text": deadline_text,
        "due_date": due_date(deadline_text, plan.year),
        "products": _text(values.get("products"), "sản phẩm", max_length=300),
        "lead_office": values.get("lead_office"),
        "lead_text": _text(values.get("lead_text"), "đơn vị chủ trì", max_length=300),
        "partners": _text(values.get("partners"), "đơn vị phối hợp", max_length=500),
    }


def save_task(user, plan, *, field, task=None, **values):
    """Create (task=None) or edit a task's content; the due date follows the deadline as written."""
    _check(permissions.can_manage(scope_for(user), plan.unit))
    if field.plan_id != plan.pk or (task is not None and task.plan_id != plan.pk):
        raise PlansError("Lĩnh vực hoặc nhiệm vụ không thuộc kế hoạch này.")
    cleaned = _task_values(plan, values)
    with transaction.atomic():
        if task is None:
            order = (plan.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
            if not cleaned["number"]:
                cleaned["number"] = str(field.tasks.count() + 1)
            task = Task.objects.create(plan=plan, field=field, order=order, **cleaned)
        else:
            for name, value in cleaned.items():
                setattr(task, name, value)
            task.field = field
            task.save()
        _notify_task_assigned([task])  # idempotent by key: an edit keeping the lead office tells nobody again
        return task


def follow_task(user, task, *, status, text, on=None):
    """A dated progress note by the lead office's staff; the task takes the note's status."""
    _check(permissions.can_follow_task(scope_for(user), task),
           "Chỉ công chức của đơn vị chủ trì cập nhật tình trạng nhiệm vụ này.")
    if status not in Status.values:
        raise PlansError("Tình trạng không hợp lệ.")
    text = _text(text, "nội dung ghi nhận", required=True)
    on = on or timezone.localdate()
    with transaction.atomic():
        note = TaskProgress.objects.create(task=task, author=user, on=on, text=text, status=status)
        task.status = status
        task.completed_on = on if status == Status.DONE else None
        task.save(update_fields=["status", "completed_on", "updated_at"])
    return note


def import_tasks(user, plan, sections):
    """Fill an empty plan from a parsed appendix table: `sections` = [(number, field name, [task
    values])]. All-or-nothing; a plan that already has tasks is refused (nothing is replaced
    behind the progress already noted)."""
    _check(permissions.can_manage(scope_for(user), plan.unit))
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.tasks.exists():
            raise PlansError("Kế hoạch đã có nhiệm vụ; chỉ nhập tệp vào một kế hoạch chưa có nhiệm vụ nào.")
        rows, order = [], 0
        for number, name, tasks in sections:
            field = _field(plan, name, number)
            for values in tasks:
                order += 1
                rows.append(Task(plan=plan, field=field, order=order, **_task_values(plan, values)))
        Task.objects.bulk_create(rows)
        generations.bump_app("plans")  # bulk_create sends no post_save: the first page's cached panels
        _notify_task_assigned(Task.objects.filter(plan=plan, lead_office__isnull=False).select_related("plan"))
    return len(rows)


# ---------------------------------------------------------------------------------------------
# Directives
# ---------------------------------------------------------------------------------------------


def create_directive(user, *, unit, number, symbol, issued_on, issuer, signer, subject):
    """A notice of conclusions, entered as a LegalDocument (type «Thông báo») with its signer."""
    _check(permissions.can_manage(scope_for(user), unit))
    number = _text(number, "số văn bản", required=True, max_length=20)
    symbol = _text(symbol, "ký hiệu", required=True, max_length=60)
    if issued_on is None:
        raise PlansError("Thiếu ngày ban hành.")
    with transaction.atomic():
        document, _ = LegalDocument.objects.get_or_create(
            doc_type=DocumentType.NOTICE, number=number, year=None, symbol=symbol, issued_on=issued_on,
            issuer=_text(issuer, "cơ quan ban hành", max_length=255),
            defaults={"subject": _text(subject, "trích yếu", required=True)},
        )
        if Directive.objects.filter(document=document).exists():
            raise PlansError(f"Thông báo số {document.reference} ngày {formatting.short_date(issued_on)} đã được nhập.")
        return Directive.objects.create(document=document, unit=unit,
                                        signer=_text(signer, "người ký", max_length=200))


assignee_users = responsible_users  # who answers for an item or task given to a unit


def _item_link(item):
    return reverse("plans:directive_detail", args=[item.directive_id]) + f"#noi-dung-{item.number}"


def _item_label(item):
    return f"nội dung {item.number} của {item.directive.document.short_citation()}"


def _notify_assigned(item):
    deadline = f" Hạn: {formatting.short_date(item.deadline)}." if item.deadline else ""
    deliver([
        Message(user=u, title=f"Được giao thực hiện {_item_label(item)}",
                body=f"{item.content[:300]}{deadline}", link=_item_link(item),
                key=f"chi-dao:giao:{item.pk}:{item.assignee_id}")
        for u in assignee_users(item.assignee)
    ])


def _task_link(task):
    return reverse("plans:task_detail", args=[task.pk])


def _task_label(task):
    return f"nhiệm vụ {task.number} của kế hoạch {task.plan.title}"


def _notify_task_assigned(tasks):
    """Tell the lead office's staff of each task that it is theirs (once per task and office)."""
    messages = []
    for task in tasks:
        if task.lead_office is None:
            continue
        deadline = f" Thời gian hoàn thành: {task.deadline_text}." if task.deadline_text else ""
        messages.extend(
            Message(user=u, title=f"Được giao chủ trì {_task_label(task)}"[:200],
                    body=f"{task.content[:300]}{deadline}", link=_task_link(task),
                    key=f"nhiem-vu:giao:{task.pk}:{task.lead_office_id}")
            for u in assignee_users(task.lead_office)
        )
    deliver(messages)


def save_directive_item(user, directive, *, content, assignee, deadline=None, item=None):
    """Create or edit a numbered item; its assignee is told (once per assignee) when assigned."""
    _check(permissions.can_manage(scope_for(user), directive.unit))
    content = _text(content, "nội dung kết luận", required=True)
    if assignee is None:
        raise PlansError("Chọn phòng hoặc đơn vị được giao.")
    with transaction.atomic():
        if item is None:
            number = (directive.items.aggregate(m=Max("number"))["m"] or 0) + 1
            item = DirectiveItem.objects.create(directive=directive, number=number, content=content,
                                                assignee=assignee, deadline=deadline)
        else:
            item.content, item.assignee, item.deadline = content, assignee, deadline
            item.save()
    _notify_assigned(item)  # idempotent by key: an edit that keeps the assignee tells nobody again
    return item


def report_directive(user, item, *, status, text, on=None):
    """A dated progress report by the assignee; the item takes the report's status."""
    _check(permissions.can_report(scope_for(user), item),
           "Chỉ phòng hoặc đơn vị được giao báo cáo tiến độ nội dung này.")
    if status not in Status.values:
        raise PlansError("Tình trạng không hợp lệ.")
    text = _text(text, "nội dung báo cáo", required=True)
    on = on or timezone.localdate()
    with transaction.atomic():
        report = DirectiveReport.objects.create(item=item, author=user, on=on, text=text, status=status)
        item.status = status
        item.completed_on = on if status == Status.DONE else None
        item.save(update_fields=["status", "completed_on"])
    return report


def remind_directives(today=None, days_before=DUE_SOON_DAYS):
    """Tell the assignees of every unfinished directive item, and the lead office of every unfinished
    key task, due within `days_before` days or overdue. One
    notification per user, item, kind and deadline, ever (a re-run or a retried task sends nothing
    twice; a new deadline is reminded anew). Returns {"items", "tasks", "notifications", "emails"}."""
    today = today or timezone.localdate()
    items = list(
        DirectiveItem.objects.exclude(status=Status.DONE)
        .filter(deadline__isnull=False, deadline__lte=today + datetime.timedelta(days=days_before))
        .select_related("directive__document", "assignee")
    )
    messages = []
    for item in items:
        overdue = item.deadline < today
        kind = "qua-han" if overdue else "sap-den-han"
        when = formatting.short_date(item.deadline)
        title = (f"Quá hạn: {_item_label(item)}" if overdue else f"Sắp đến hạn: {_item_label(item)}")
        body = (f"{item.content[:300]} Hạn thực hiện ngày {when}"
                + (f", đã quá {(today - item.deadline).days} ngày." if overdue else ".")
                + " Đề nghị báo cáo tiến độ trên Cổng.")
        for u in assignee_users(item.assignee):
            messages.append(Message(user=u, title=title[:200], body=body, link=_item_link(item),
                                    key=f"chi-dao:{kind}:{item.pk}:{item.deadline.isoformat()}"))
    tasks = list(
        Task.objects.exclude(status=Status.DONE)
        .filter(lead_office__isnull=False, due_date__isnull=False,
                due_date__lte=today + datetime.timedelta(days=days_before))
        .select_related("plan", "lead_office")
    )
    for task in tasks:
        overdue = task.due_date < today
        kind = "qua-han" if overdue else "sap-den-han"
        when = formatting.short_date(task.due_date)
        title = f"Quá hạn: {_task_label(task)}" if overdue else f"Sắp đến hạn: {_task_label(task)}"
        body = (f"{task.content[:300]} Hạn hoàn thành ngày {when}"
                + (f", đã quá {(today - task.due_date).days} ngày." if overdue else ".")
                + " Đề nghị cập nhật tình trạng thực hiện trên Cổng.")
        for u in assignee_users(task.lead_office):
            messages.append(Message(user=u, title=title[:200], body=body, link=_task_link(task),
                                    key=f"nhiem-vu:{kind}:{task.pk}:{task.due_date.isoformat()}"))
    created, emails = deliver(messages)
    return {"items": len(items), "tasks": len(tasks), "notifications": created, "emails": emails}
