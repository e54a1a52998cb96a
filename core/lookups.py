"""Long lists of values as one SQL parameter.

`field__in=[…]` makes Django prepare every value and write one placeholder per value: a province's
1,000 unit ids cost ~4 ms of Python on each register page, 200,000 codes of an import ~5 s.
`one_of` passes the list as ONE array parameter on PostgreSQL (`= ANY(%s)`), and is `__in`
elsewhere (SQLite has no arrays).
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
