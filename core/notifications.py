"""The one service that tells people it is their turn: an in-portal notification (core.models.
Notification) and, when the portal sends mail, an e-mail. Every app notifies through `deliver` or
`notify` (collection's reminders and workflow, plans' assignments, emulation's proposals, reports'
narratives); none writes Notification rows itself.

Idempotent by `key`: one user never gets two notifications with the same non-empty key, so a task
re-run or retried sends nothing twice. E-mails go out after the surrounding transaction commits
(a rolled-back action tells nobody) and a mail server that fails is logged, never raised: the
in-portal notification is the record and the user's action must not fail because of the mail.

The header's unread count (`unread_count`, on every page) is kept in the shared cache per user until
one of that user's notifications is created, read or deleted (`inbox_key`).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core import generations
from core.models import Membership, Notification, OrgUnitKind, Role

log = logging.getLogger(__name__)

# Mail is "configured" unless the backend drops every message.
_NO_MAIL_BACKENDS = {"django.core.mail.backends.dummy.EmailBackend"}


@dataclass
class Message:
    user: object
    title: str
    body: str
    link: str
    key: str


def absolute(link):
    base = getattr(settings, "PORTAL_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{link}" if base else link


def mail_enabled():
    return bool(getattr(settings, "EMAIL_BACKEND", "")) and settings.EMAIL_BACKEND not in _NO_MAIL_BACKENDS


def _mail_text(message):
    return (f"{message.body}\n\nXem và xử lý tại Cổng báo cáo Sở Nội vụ: {absolute(message.link)}\n\n"
            "(Thư gửi tự động, vui lòng không trả lời.)")


def _send(messages):
    for m in messages:
        try:
            send_mail(m.title, _mail_text(m), settings.DEFAULT_FROM_EMAIL, [m.user.email])
        except Exception:  # noqa: BLE001 - a mail server down must not break the action or the task
            log.exception("Không gửi được thư thông báo cho %s", m.user.email)


def deliver(messages, *, email=True):
    """Create the notifications not sent before (by user + key) and e-mail their users once the
    transaction commits. Returns (notifications created, e-mails queued)."""
    messages = [m for m in messages if m.user is not None]
    if not messages:
        return 0, 0
    keys = {m.key for m in messages if m.key}
    sent = set(
        Notification.objects.filter(user__in={m.user.pk for m in messages}, key__in=keys).values_list("user_id", "key")
    ) if keys else set()
    fresh, seen = [], set()
    for m in messages:
        ident = (m.user.pk, m.key)
        if m.key and (ident in sent or ident in seen):
            continue
        if not m.key and (m.user.pk, m.title, m.link) in seen:
            continue
        seen.add(ident if m.key else (m.user.pk, m.title, m.link))
        fresh.append(m)
    # ignore_conflicts: a concurrent run that got there first wins; nobody is notified twice.
    Notification.objects.bulk_create(
        [Notification(user=m.user, title=m.title[:200], body=m.body, link=m.link[:300], key=m.key[:200])
         for m in fresh],
        ignore_conflicts=True,
    )
    generations.bump_many(inbox_key(pk) for pk in {m.user.pk for m in fresh})  # bulk_create sends no post_save
    mails = [m for m in fresh if m.user.email] if email and mail_enabled() else []
    if mails:
        transaction.on_commit(lambda: _send(mails))
    return len(fresh), len(mails)


def notify(users, *, title, body, link, key, email=True):
    """The same message to several users (each once, whoever appears twice)."""
    return deliver([Message(u, title, body, link, key) for u in users], email=email)


def office_staff(unit_ids):
    """Active users holding the Sở staff role at exactly these units (an office of the Sở)."""
    return [m.user for m in Membership.objects.filter(role=Role.STAFF, unit_id__in=unit_ids, user__is_active=True)
            .select_related("user").order_by("user_id")]


def responsible_users(unit):
    """Who answers for work given to `unit`: its staff (an office of the Sở) or its officers."""
    role = Role.STAFF if unit.kind == OrgUnitKind.OFFICE else Role.OFFICER
    return [m.user for m in Membership.objects.filter(unit=unit, role=role, user__is_active=True)
            .select_related("user").order_by("user_id")]


def mark_read(user, pk=None):
    """Mark one notification (or all of the user's) read; returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    changed = qs.update(read_at=timezone.now())
    if changed:  # update() sends no post_save
        generations.bump_many([inbox_key(user.pk)])
    return changed


# The unread count is kept at most this long: it bounds a write that bypassed `deliver`, `mark_read`
# and the signals (a raw `update()` elsewhere).
UNREAD_KEPT_SECONDS = 300


def inbox_key(user_id):
    return f"gen:inbox:{user_id}"


def unread_count(user):
    """How many of the user's notifications are unread (the header's badge on every page). Kept in the
    cache when every process shares it (Redis); on a per-process cache a notification read in one
    process would still be counted in another, so it is counted each time."""
    def count():
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    if not getattr(settings, "CACHE_URL", None):
        return count()
    return generations.kept(f"unread:{user.pk}", (), count, UNREAD_KEPT_SECONDS, keys=(inbox_key(user.pk),))


def _saved(sender, instance, **kwargs):
    generations.bump_many([inbox_key(instance.user_id)])


def connect():
    """A notification saved or deleted one by one (the admin, a user's deletion): its user's count."""
    post_save.connect(_saved, sender=Notification, dispatch_uid="core.notifications.saved")
    post_delete.connect(_saved, sender=Notification, dispatch_uid="core.notifications.deleted")
