"""Shared lifecycle of background jobs (Excel imports, report builds): a heartbeat, "stale after
a timeout", and a once-only re-run claimed atomically.

A worker killed with `kill -9` leaves its job in a running status for ever; nothing tells the
page it died. Each job carries `heartbeat_at`, touched whenever the worker reports progress; a job
still running whose heartbeat is older than `JOB_STALE_AFTER_SECONDS` (default 15 minutes) is
stale. Its owner (or staff/admin) may re-run it once: `claim_rerun` is one conditional UPDATE
(still running, still stale, `reruns` below the limit), so two clicks or two browsers start it once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

DEFAULT_STALE_AFTER_SECONDS = 15 * 60
MAX_RERUNS = 1

INTERRUPTED_MESSAGE = "Lượt này bị gián đoạn"


def stale_after():
    """The timeout after which a running job without a heartbeat is taken for dead."""
    seconds = getattr(settings, "JOB_STALE_AFTER_SECONDS", DEFAULT_STALE_AFTER_SECONDS)
    return datetime.timedelta(seconds=max(int(seconds), 1))


class HeartbeatJob(models.Model):
    """Abstract base of a job model. Subclasses set `RUNNING_STATUSES` (the statuses a live worker
    holds the job in) and keep their own `status` field."""

    RUNNING_STATUSES: tuple = ()

    heartbeat_at = models.DateTimeField("lần báo tiến độ cuối", default=timezone.now)
    reruns = models.PositiveSmallIntegerField("số lần chạy lại", default=0)

    class Meta:
        abstract = True

    @property
    def is_stale(self):
        return is_stale(self)

    @property
    def can_rerun(self):
        return is_stale(self) and self.reruns < MAX_RERUNS


def is_stale(job, now=None):
    """True when `job` is in a running status and its worker has not reported for the timeout."""
    if job.status not in type(job).RUNNING_STATUSES:
        return False
    beat = job.heartbeat_at or getattr(job, "created_at", None)
    if beat is None:
        return False
    return beat < (now or timezone.now()) - stale_after()


def beat():
    """The field values that record a sign of life (merge them into an UPDATE)."""
    return {"heartbeat_at": timezone.now()}


def touch(model, pk):
    model.objects.filter(pk=pk).update(**beat())


def claim_rerun(job, **changes):
    """Claim the once-only re-run of a stale `job`; True when this caller won it.

    One conditional UPDATE: the row must still be running, still stale and below the re-run limit;
    it then gets `reruns + 1`, a fresh heartbeat and `changes` (e.g. the status to restart from).
    The in-memory `job` is refreshed from the row either way."""
    model = type(job)
    cutoff = timezone.now() - stale_after()
    claimed = model.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True),
        pk=job.pk, status__in=model.RUNNING_STATUSES, reruns__lt=MAX_RERUNS,
    ).update(reruns=models.F("reruns") + 1, **beat(), **changes)
    job.refresh_from_db()
    return bool(claimed)


def may_rerun(user, owner_id, scope):
    """Who may re-run a job: the user who started it, staff of the Sở, admins."""
    from core.models import Role

    if user is None or not user.is_authenticated:
        return False
    return user.pk == owner_id or scope.is_admin or scope.has_role(Role.STAFF)
