"""In-portal notifications and e-mails for the collection workflow: deadline reminders (run daily by
celery beat, see `collection.tasks`), the notices the submitter and the unit's officers get when a
form is returned or approved, and the reviewers' notice when a form arrives. All go through the
one notification service, core.notifications.

Every notification carries a key (`core.models.Notification.key`), unique per user, so a reminder
run twice in a day, or a task retried by a worker, never notifies anyone twice.
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from collection.models import DataSet, Status, Submission
from collection.selectors import ALL_SUBMITTED
from core import formatting
from core.models import Membership, Period, Role
from core.notifications import Message, deliver, office_staff

DUE_SOON = "sap-het-han"
OVERDUE = "qua-han"
# Overdue forms are reminded once, if their deadline passed at most this many days ago (older
# forms are the completeness page's business, not a daily e-mail's).
OVERDUE_GRACE_DAYS = 30


def form_url(data_set, unit, period):
    return reverse("collection:entry", args=[data_set.code, unit.code, period.code])


def unit_officers(unit_ids):
    """{unit_id: [user, …]}: active users holding the officer role at exactly that unit."""
    result = {}
    for m in Membership.objects.filter(role=Role.OFFICER, unit_id__in=unit_ids, user__is_active=True).select_related("user"):
        result.setdefault(m.unit_id, []).append(m.user)
    return result


# ---------------------------------------------------------------------------------------------
# Deadline reminders
# ---------------------------------------------------------------------------------------------


def _days(n):
    return f"{n} ngày"


def reminder_text(kind, data_set, unit, period, deadline, today, submission=None):
    """(title, body) of a reminder, in Vietnamese."""
    days_left = (deadline - today).days
    form = f"biểu mẫu {data_set.code} «{data_set.name}» của {unit.name}, kỳ báo cáo {period}"
    if kind == OVERDUE:
        title = f"Quá hạn gửi báo cáo: {data_set.name}"
        body = (
            f"Đã quá hạn gửi {form} {_days(-days_left)} (hạn gửi ngày {formatting.short_date(deadline)}). "
            "Đề nghị đơn vị khẩn trương hoàn thành và gửi báo cáo."
        )
    else:
        title = f"Sắp đến hạn gửi báo cáo: {data_set.name}"
        when = "hôm nay là hạn cuối" if days_left == 0 else f"còn {_days(days_left)}"
        body = f"Hạn gửi {form} là ngày {formatting.short_date(deadline)} ({when}). Đơn vị chưa gửi báo cáo này."
    if submission is not None and submission.status == Status.RETURNED and submission.return_reason:
        body += f" Báo cáo đang bị trả lại, lý do: {submission.return_reason}"
    expiry = data_set.expiry_for(period)
    if expiry is not None:
        body += f" Sau ngày {formatting.short_date(expiry)} biểu mẫu sẽ bị khóa nhập liệu."
    return title, body


def remind_deadlines(today=None, days_before=3):
    """Remind the officers of every unit that still has to send a form whose deadline is within
    `days_before` days (today included) or has passed (up to OVERDUE_GRACE_DAYS ago, and not yet
    locked by expiry). One notification per officer, form and kind ("sắp hết hạn" / "quá hạn"),
    ever; an e-mail with it when the officer has an address.

    Returns {"forms": pending forms reminded about, "notifications": created, "emails": sent}.
    A fixed number of queries per (data set, period) pair, whatever the number of units. The
    notifications are inserted in one statement before any e-mail goes out (no transaction held
    open while the mail server answers).
    """
    today = today or timezone.localdate()
    data_sets = list(DataSet.objects.filter(is_active=True))
    if not data_sets:
        return {"forms": 0, "notifications": 0, "emails": 0}
    periods = list(
        Period.objects.filter(
            type__in={d.period_type for d in data_sets},
            start__lte=today,
            end__gte=today - datetime.timedelta(days=OVERDUE_GRACE_DAYS + 400),
        )
    )
    messages, forms = [], 0
    for data_set in data_sets:
        for period in periods:
            if period.type != data_set.period_type:
                continue
            deadline = data_set.deadline_for(period)
            days_left = (deadline - today).days
            if 0 <= days_left <= days_before:
                kind = DUE_SOON
            elif days_left < 0 and -days_left <= OVERDUE_GRACE_DAYS:
                kind = OVERDUE
            else:
                continue
            expiry = data_set.expiry_for(period)
            if expiry is not None and today > expiry:
                continue  # locked: nothing the officer can do but ask for an exception
            units = list(data_set.expected_units(period).active_on(today))
            subs = {s.unit_id: s for s in Submission.objects.filter(data_set=data_set, period=period, unit__in=units)}
            pending = [u for u in units if subs.get(u.pk) is None or subs[u.pk].status not in ALL_SUBMITTED]
            if not pending:
                continue
            officers = unit_officers([u.pk for u in pending])
            for unit in pending:
                forms += 1
                title, body = reminder_text(kind, data_set, unit, period, deadline, today, subs.get(unit.pk))
                key = f"han:{kind}:{data_set.code}:{unit.code}:{period.code}"
                link = form_url(data_set, unit, period)
                messages.extend(Message(user, title, body, link, key) for user in officers.get(unit.pk, ()))
    created, emails = deliver(messages)
    return {"forms": forms, "notifications": created, "emails": emails}


# ---------------------------------------------------------------------------------------------
# Workflow notices
# ---------------------------------------------------------------------------------------------


def _form_phrase(submission):
    data_set, unit, period = submission.data_set, submission.unit, submission.period
    return f"biểu mẫu {data_set.code} «{data_set.name}» của {unit.name}, kỳ báo cáo {period}"


def _stamp(moment):
    return timezone.localtime(moment or timezone.now()).strftime("%Y%m%d%H%M%S%f")


def notify_review(submission, *, returned):
    """Tell whoever submitted the form and the unit's officers that it was returned (with the
    reason) or approved. Called by the workflow services inside their transaction."""
    data_set, unit, period = submission.data_set, submission.unit, submission.period
    form = _form_phrase(submission)
    if returned:
        title = f"Báo cáo bị trả lại: {data_set.name}"
        body = f"Sở Nội vụ đã trả lại {form}. Lý do: {submission.return_reason} Vui lòng sửa và gửi lại."
    else:
        title = f"Báo cáo đã được phê duyệt: {data_set.name}"
        body = f"Sở Nội vụ đã phê duyệt {form}; số liệu đã khóa."
    key = f"xet-duyet:{'tra-lai' if returned else 'phe-duyet'}:{submission.pk}:{_stamp(submission.reviewed_at)}"
    users = ([submission.submitted_by] if submission.submitted_by_id else []) + unit_officers([unit.pk]).get(unit.pk, [])
    users = [u for u in users if u.is_active]
    return deliver([Message(u, title, body, form_url(data_set, unit, period), key) for u in users])


def notify_arrival(submission):
    """Tell the staff of the data set's reviewing office that a form arrived for review (the
    submitter excepted: four eyes, they cannot review it)."""
    data_set = submission.data_set
    if not data_set.reviewing_office_id:
        return 0, 0
    resent = submission.first_submitted_at and submission.submitted_at != submission.first_submitted_at
    title = f"{'Báo cáo gửi lại' if resent else 'Báo cáo mới'} chờ xét duyệt: {data_set.name}"
    body = (f"{submission.unit.name} đã {'gửi lại' if resent else 'gửi'} {_form_phrase(submission)}. "
            "Đề nghị phòng, ban xem xét, phê duyệt hoặc trả lại.")
    key = f"xet-duyet:den:{submission.pk}:{_stamp(submission.submitted_at)}"
    link = form_url(data_set, submission.unit, submission.period)
    users = [u for u in office_staff([data_set.reviewing_office_id]) if u.pk != submission.submitted_by_id]
    return deliver([Message(u, title, body, link, key) for u in users])
