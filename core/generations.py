"""Generation counters in the cache (Django cache; Redis in production): a cached thing carries the
generations of what it read in its key, and a write bumps them, so a changed source is never
served from the cache and nothing has to be deleted. Used by the report page's content
(`reports.cache`), the first page's panels and units in reach (`core.dashboard`, `core.views`), the
register's counts (`core.paging`) and a form's structure (`collection.selectors.form_structure`).

Per app (`app_key`): every model save or delete of the app (post_save / post_delete), every change
of a many-to-many link (m2m_changed) and every committed import of its rows
(`core.imports.signals.rows_written`) bumps it, except the models in
`QUIET`, whose rows say nothing a cached figure shows (notifications, job rows, the workflow
trail). Writes that bypass both (`QuerySet.update`, `bulk_create`) must call `bump_app`
themselves; every cached entry also expires, which bounds a miss.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

QUIET = {
    "core.notification", "core.importjob", "reports.reportjob", "reports.reporttemplate",
    "collection.submissionevent", "collection.datavaluechange",
}


EPOCH_KEY = "gen:epoch"  # part of every generation: `bump_everything` drops all that is cached


def current(keys):
    """The current value of each generation (with the epoch); a missing one (evicted, fresh cache)
    starts at the clock, so it never reuses a value an older cached entry was stored under."""
    wanted = [*keys, EPOCH_KEY]
    found = cache.get_many(wanted)
    for key in wanted:
        if key not in found:
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
    # Added, not joined: both only grow (a bump adds one, a restart takes the clock), so the sum
    # never comes back to an earlier value, and a key stays short.
    return [found[key] + found[EPOCH_KEY] for key in keys]


def _bump_now(key):
    try:
        cache.incr(key)
    except ValueError:  # missing: a fresh start value, never a reused one
        cache.set(key, time.time_ns(), None)


def bump(key):
    """Bump at once and again when the transaction commits: an entry built between the two from
    not-yet-visible data is not kept under the new generation."""
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


def bump_many(keys):
    """`bump` for many keys in one cache round trip (a notification to a whole office bumps each
    user's inbox): each gets a fresh clock value, now and again when the transaction commits. A value
    from the clock only grows too, so an entry stored under an earlier value is never served again."""
    keys = list(keys)
    if not keys:
        return

    def now():
        stamp = time.time_ns()
        cache.set_many({key: stamp for key in keys}, None)

    now()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(now)


def app_stamps(apps):
    """{app label: its current generation} in one cache round trip."""
    apps = list(apps)
    return dict(zip(apps, current([app_key(a) for a in apps]), strict=True))


def kept(key, apps, build, seconds=300, keys=()):
    """`build()`'s result from the cache, stored under `key` and the generations of `apps` (and of the
    generation `keys`, e.g. a form structure's): built again once a row of one of them is saved,
    deleted or imported, or after `seconds` (which bounds a write that bypassed the signals). `key`
    names everything else the result depends on (user, day, SQL)."""
    stamps = current([*(app_key(a) for a in apps), *keys])
    full = f"kept:{key}:" + ":".join(str(g) for g in stamps)
    found = cache.get(full)
    if found is None:
        found = build()
        cache.set(full, found, seconds)
    return found


def app_key(app_label):
    return f"gen:app:{app_label}"


def bump_app(app_label):
    bump(app_key(app_label))


def bump_everything():
    """After writes that passed no signal at all (a demo seed's bulk rows, a restored backup): no
    cached page, panel or count is used again."""
    bump(EPOCH_KEY)


def _saved(sender, **kwargs):
    meta = sender._meta
    if meta.label_lower not in QUIET:
        bump_app(meta.app_label)


# The `m2m_changed` actions after which a link table's rows are what they will be.
LINK_CHANGES = ("post_add", "post_remove", "post_clear")


def _linked(sender, action, **kwargs):
    # `add()`, `remove()`, `clear()` of a many-to-many field send no post_save: the app of its table.
    if action in LINK_CHANGES:
        bump_app(sender._meta.app_label)


def _imported(sender, model=None, **kwargs):
    bump_app((model or sender)._meta.app_label)


def connect():
    from core.imports.signals import rows_written

    post_save.connect(_saved, dispatch_uid="core.generations.saved")
    post_delete.connect(_saved, dispatch_uid="core.generations.deleted")
    m2m_changed.connect(_linked, dispatch_uid="core.generations.linked")
    rows_written.connect(_imported, dispatch_uid="core.generations.imported")
