"""The report page's assembled content, cached per report (Django cache; Redis in production).

Building a report's content runs every provider (38–42 queries, ~1 s at 5,000 units); the page
shows the same content until something it reads changes. The cache key carries three
generations, each a counter in the cache, bumped by model signals (`connect`, from apps.ready):

- the report's own (`report:<pk>`): the report row saved (number, date, signer, recipients…),
  one of its narratives saved or deleted;
- its period's (`period:<pk>`): a submission of that period saved or deleted (entering values
  ends with `submission.save()`, as do submit, return and approve), a value saved or deleted one by one;
- the global one (`data`): any other model of the apps the report reads (core, collection,
  staffing, reform, emulation, religion, archives, plans) or of reports itself (kinds, outline
  sections, phrases…) saved or deleted. Report jobs, templates, notifications and value
  histories are left out: they change no content.

A generation is bumped at once and again when the transaction commits (a page built between
the two from not-yet-committed-visible data is not kept under the new generation). Writes that
bypass signals (`QuerySet.update`, bulk inserts) must call `bump_*` themselves; the expiry
(CONTENT_SECONDS) bounds any miss. `CONTENT_FORMAT` changes when the content classes do.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

CONTENT_FORMAT = 1
CONTENT_SECONDS = 24 * 3600

DATA_APPS = {"core", "collection", "staffing", "reform", "emulation", "religion", "archives", "plans", "reports"}
# Models whose rows never change what a report says (or that have their own generation below).
IGNORED = {
    "reports.reportjob", "reports.reporttemplate", "reports.report", "reports.sectionnarrative",
    "collection.notification", "collection.datavaluechange", "collection.submission", "collection.datavalue",
    # An import job's own row (status, progress, heartbeat) says nothing a report states; its
    # confirm step writes the register rows, which bump as usual.
    "core.importjob",
}

GLOBAL_KEY = "reports:gen:data"


def report_key(report_id):
    return f"reports:gen:report:{report_id}"


def period_key(period_id):
    return f"reports:gen:period:{period_id}"


def _generations(keys):
    """Current value of each generation; a missing one (evicted, fresh cache) starts at the clock,
    so it never reuses a value an older cached content was stored under."""
    found = cache.get_many(keys)
    out = []
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
        out.append(found[key])
    return out


def _bump_now(key):
    try:
        cache.incr(key)
    except ValueError:  # missing: a fresh start value, never a reused one
        cache.set(key, time.time_ns(), None)


def _bump(key):
    _bump_now(key)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # Once per key and transaction: a seed saving 100,000 rows queues one callback, not 100,000.
    if any(getattr(func, "generation_key", None) == key for _sids, func, *_ in connection.run_on_commit):
        return

    def again():
        _bump_now(key)

    again.generation_key = key
    transaction.on_commit(again)


def bump_report(report_id):
    _bump(report_key(report_id))


def bump_period(period_id):
    _bump(period_key(period_id))


def bump_data():
    _bump(GLOBAL_KEY)


def content_key(report):
    data, period, own = _generations([GLOBAL_KEY, period_key(report.period_id), report_key(report.pk)])
    return f"reports:content:{CONTENT_FORMAT}:{report.pk}:{data}:{period}:{own}"


def content(report, build):
    """The report's content from the cache, or `build(report)` stored for the next view.
    Returns (content, hit)."""
    key = content_key(report)
    found = cache.get(key)
    if found is not None:
        return found, True
    built = build(report)
    cache.set(key, built, CONTENT_SECONDS)
    return built, False


# ---------------------------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------------------------


def _changed(sender, instance, **kwargs):
    meta = sender._meta
    label = meta.label_lower
    if kwargs.get("raw"):  # fixtures loading: nothing cached can be trusted, start over
        bump_data()
        return
    if label == "reports.report":
        bump_report(instance.pk)
    elif label == "reports.sectionnarrative":
        bump_report(instance.report_id)
    elif label == "collection.submission":
        bump_period(instance.period_id)
    elif label == "collection.datavalue":
        period_id = getattr(getattr(instance, "submission", None), "period_id", None)
        if period_id is not None:
            bump_period(period_id)
        else:
            bump_data()
    elif label not in IGNORED and meta.app_label in DATA_APPS:
        bump_data()


def connect():
    post_save.connect(_changed, dispatch_uid="reports.cache.saved")
    post_delete.connect(_changed, dispatch_uid="reports.cache.deleted")
