"""The report page's assembled content, cached per report (Django cache; Redis in production).

Building a report's content runs every provider (38–42 queries, ~1 s at 5,000 units); the page
shows the same content until something it reads changes. The cache key carries three
generations, each a counter in the cache, bumped by model signals (`connect`, from apps.ready):

- the report's own (`report:<pk>`): the report row saved (number, date, signer, recipients…),
  one of its narratives saved or deleted;
- its period's and the comparison period's (`period:<pk>`, the same period a year before): a
  submission of that period sent, returned, approved or reopened, or saved while sent or approved
  (entering values ends with `submission.save()`, as do submit, return and approve), a value of a
  sent or approved form saved or deleted one by one;
- the issuing unit's own forms in those periods (`period:<pk>:unit:<pk>`): a form still being
  entered or returned is read only by its own unit's report (the CCHC report states its own form in
  any status); every other figure counts sent or approved forms, so an officer typing a draft does
  not throw away the province's reports;
- the global one (`data`): any other model of the apps the report reads (core, collection,
  staffing, reform, emulation, religion, archives, plans) or of reports itself (kinds, outline
  sections, phrases…) saved or deleted. Report jobs, templates, notifications, the workflow trail
  and value histories are left out: they change no content.

The counters are `core.generations`' (bumped at once and again when the transaction commits). Writes that
bypass signals (`QuerySet.update`, bulk inserts) must call `bump_*` themselves (a committed
import sends `core.imports.signals.rows_written`, which bumps the global one); the expiry
(CONTENT_SECONDS) bounds any miss. `CONTENT_FORMAT` changes when the content classes do.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from core import generations

CONTENT_FORMAT = 1
CONTENT_SECONDS = 24 * 3600

DATA_APPS = {"core", "collection", "staffing", "reform", "emulation", "religion", "archives", "plans", "reports"}
# Models whose rows never change what a report says (or that have their own generation below).
IGNORED = {
    "reports.reportjob", "reports.reporttemplate", "reports.report", "reports.sectionnarrative",
    "core.notification", "collection.datavaluechange", "collection.submission", "collection.datavalue",
    # Every workflow event comes with its submission's save, which bumps as below.
    "collection.submissionevent",
    # An import job's own row (status, progress, heartbeat) says nothing a report states; its
    # confirm step writes the register rows, which bump as usual.
    "core.importjob",
}

GLOBAL_KEY = "reports:gen:data"
UNKNOWN = object()  # a submission's state not known here


def report_key(report_id):
    return f"reports:gen:report:{report_id}"


def period_key(period_id):
    return f"reports:gen:period:{period_id}"


def unit_period_key(period_id, unit_id):
    return f"reports:gen:period:{period_id}:unit:{unit_id}"


def bump_report(report_id):
    generations.bump(report_key(report_id))


def bump_period(period_id):
    generations.bump(period_key(period_id))


def bump_unit_period(period_id, unit_id):
    generations.bump(unit_period_key(period_id, unit_id))


def bump_data():
    generations.bump(GLOBAL_KEY)


def content_key(report):
    from reports.selectors import previous_period

    periods = [report.period_id]
    previous = previous_period(report.period)
    if previous is not None:
        periods.append(previous.pk)
    keys = [GLOBAL_KEY, report_key(report.pk)]
    for period_id in periods:
        keys += [period_key(period_id), unit_period_key(period_id, report.unit_id)]
    stamp = ":".join(str(g) for g in generations.current(keys))
    return f"reports:content:{CONTENT_FORMAT}:{report.pk}:{':'.join(map(str, periods))}:{stamp}"


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
        before = None if kwargs.get("created") else getattr(instance, "loaded_status", UNKNOWN)
        now = None if kwargs.get("signal") is post_delete else instance.__dict__.get("status", UNKNOWN)
        _submission_changed(instance, before, now)
        instance.loaded_status = now  # the next save starts from what this one wrote
    elif label == "collection.datavalue":
        submission = getattr(instance, "submission", None)
        if submission is not None:
            _submission_changed(submission, getattr(submission, "loaded_status", UNKNOWN),
                                submission.__dict__.get("status", UNKNOWN))
        else:
            bump_data()
    elif label not in IGNORED and meta.app_label in DATA_APPS:
        bump_data()



def _submission_changed(submission, before, now):
    """Bump the period when the form counts, or counted, as sent; else only its unit's own forms.
    An unknown state (a deferred field, a row not read through the ORM) counts as sent: invalidating
    too much is safe, too little is not."""
    from collection.selectors import ALL_SUBMITTED

    if {before, now} & {UNKNOWN, *ALL_SUBMITTED}:
        bump_period(submission.period_id)
    else:
        bump_unit_period(submission.period_id, submission.unit_id)


def _imported(sender, **kwargs):
    bump_data()  # an import writes its rows in bulk (COPY), past the model signals


def connect():
    from core.imports.signals import rows_written

    post_save.connect(_changed, dispatch_uid="reports.cache.saved")
    post_delete.connect(_changed, dispatch_uid="reports.cache.deleted")
    rows_written.connect(_imported, dispatch_uid="reports.cache.imported")
