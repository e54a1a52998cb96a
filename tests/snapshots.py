"""Seeds of transactional tests put back from a copy instead of run again (PostgreSQL only).

A transactional test (the browser tests, tests with a real worker) flushes every table when it ends,
so the next one seeds the province again: the demo province costs 4–7 s each time, ~140 times a run.
`seed_or_restore(seed)` runs `seed()` the first time it meets a given database state (the row count of
every table: after a flush it is always the same) and copies every table it left into a schema of its
own; the next time the same seed meets the same state, the tables are emptied and filled from that
copy (one INSERT … SELECT each, foreign keys checked at the commit) and the sequences moved past the
copied ids — the rows the seed would write, with the ids of the first run. Content-type ids change
with it, so Django's content-type cache is cleared.

Used only where the seed's return value is not needed. On SQLite, inside a transaction (an ordinary
test) or for a seed's first time, the seed simply runs.
"""

import itertools

from django.utils import timezone

_copies = {}  # (seed, day, table counts before) → (schema, tables copied)
_numbers = itertools.count()


def _tables(connection):
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _counts(cursor, tables):
    cursor.execute("SELECT " + ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables))
    return tuple(zip(tables, cursor.fetchone()))


def seed_or_restore(seed):
    from django.db import connection

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return seed()
    tables = _tables(connection)
    with connection.cursor() as cursor:
        key = (seed, timezone.localdate(), _counts(cursor, tables))
    copy = _copies.get(key)
    if copy is None:
        seed()
        _copies[key] = _copy(connection, tables)
        return None
    _restore(connection, tables, *copy)
    return None


def _copy(connection, tables):
    schema = f"seed_copy_{next(_numbers)}"
    with connection.cursor() as cursor:
        filled = [t for t, n in _counts(cursor, tables) if n]
        cursor.execute(f'CREATE SCHEMA "{schema}"')
        for table in filled:
            cursor.execute(f'CREATE TABLE "{schema}"."{table}" AS TABLE "{table}"')
    return schema, filled


def _restore(connection, tables, schema, filled):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables))
        for table in filled:
            cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{schema}"."{table}"')
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)
    ContentType.objects.clear_cache()
