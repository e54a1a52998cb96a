"""Long lists in one SQL statement (PostgreSQL; the callers keep Django's way elsewhere).

`field__in=[…]` makes Django prepare every value and write one placeholder per value: a province's
1,000 unit ids cost ~4 ms of Python on each register page, 200,000 codes of an import ~5 s.
`one_of` passes the list as ONE array parameter on PostgreSQL (`= ANY(%s)`), and is `__in`
elsewhere (SQLite has no arrays). `pg_bulk_update` writes many rows' changes as one
UPDATE … FROM (VALUES …), where Django's `bulk_update` builds a CASE per field and row.
"""

import re

from django.db import connection
from django.db.models import F, Lookup, Q

_TYPMOD = re.compile(r"\(\s*\d+\s*(?:,\s*\d+\s*)?\)")


class AnyOf(Lookup):
    """`column = ANY(%s)` with the values as one array parameter (PostgreSQL)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def __init__(self, lhs, rhs, db_type=None):
        super().__init__(lhs, rhs)
        self.db_type = db_type  # the column's type when `lhs` is an expression Django types otherwise

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::{self._array_type(connection)})", [*params, self.rhs]

    def _array_type(self, connection):
        """The column's own type: psycopg2 sends a list of ints as integer[], and `bigint = ANY(integer[])`
        is checked element by element (PostgreSQL hashes the list only when the types match: 3 ms →
        30 ms over 20,000 people and 1,000 units). Without its length or scale: a `varchar(30)[]` cast
        would cut a longer code to one that matches, a `numeric(12,2)[]` one would round a value."""
        db_type = self.db_type or self.lhs.output_field.db_type(connection)
        return f"{_TYPMOD.sub('', db_type)}[]"


def one_of(field, values):
    """A filter: `field` (a name or an expression) is one of `values`."""
    values = list(values)
    if connection.vendor == "postgresql":
        return AnyOf(F(field) if isinstance(field, str) else field, values)
    if isinstance(field, str):
        return Q(**{f"{field}__in": values})
    raise ValueError("one_of: an expression needs PostgreSQL; pass a field name")


def pg_bulk_update(model, instances, field_names, page_size=1000):
    """UPDATE … FROM (VALUES …) on PostgreSQL: one statement per `page_size` rows, whatever the
    number of fields (Django's bulk_update builds a CASE per field that grows with the batch).
    Sent through Django's cursor, so query logging and `execute_wrapper` see it."""
    from psycopg2.extras import execute_values

    opts = model._meta
    fields = [opts.get_field(name) for name in field_names]
    qn = connection.ops.quote_name
    pk = opts.pk
    columns = [pk.column] + [f.column for f in fields]
    casts = [pk.rel_db_type(connection)] + [f.db_type(connection) for f in fields]
    template = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
    sets = ", ".join(f"{qn(c)} = v.{qn(c)}" for c in columns[1:])
    sql = (f"UPDATE {qn(opts.db_table)} AS t SET {sets} FROM (VALUES %s) AS v({', '.join(qn(c) for c in columns)}) "
           f"WHERE t.{qn(pk.column)} = v.{qn(pk.column)}")
    values = [
        (obj.pk, *[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]) for obj in instances
    ]
    with connection.cursor() as cursor:
        execute_values(cursor, sql, values, template=template, page_size=page_size)
