"""Search that finds Vietnamese names whatever the case and the accents: «đặng», «NGUYỄN», «nguyen»
and «Nguyễn Văn» all find «Nguyễn Văn Đặng».

`fold(text)` is the one folding: NFC → lower case → accents dropped → đ → d → spaces collapsed. The
database runs the same folding as the SQL function `vn_fold` — on PostgreSQL an IMMUTABLE function
over `unaccent` (migration core 0004, which also enables `pg_trgm` so a trigram index on
`vn_fold(column)` serves `LIKE '%…%'`); on SQLite this module's `fold`, registered on every
connection. `Fold("full_name")` is that function in a query; `folded_match(qs, fields, q)` keeps the
rows where every word of `q` is inside one of `fields`.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func, Q
from django.dispatch import receiver


def fold(text):
    if text is None:
        return None
    text = unicodedata.normalize("NFKD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


class Fold(Func):
    """`vn_fold(expression)`: the column folded like `fold`, in the database."""

    function = "vn_fold"
    output_field = CharField()


@receiver(connection_created)
def _register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("vn_fold", 1, fold, deterministic=True)


def words(q):
    return [w for w in (fold(q) or "").split() if w]


def folded_match(qs, fields, q, exact=()):
    """`qs` narrowed to rows where each word of `q`, folded, is inside one of `fields` (folded), or
    starts one of `exact` (codes, compared as typed, any case)."""
    terms = words(q)
    if not terms:
        return qs
    raw = [w for w in (q or "").split() if w]
    alias = {name: "_fold_" + name.replace("__", "_") for name in fields}  # "unit__name" is a lookup, not a name
    qs = qs.annotate(**{alias[name]: Fold(name) for name in fields})
    match = Q()
    for term, typed in zip(terms, raw if len(raw) == len(terms) else terms):
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{alias[name]}__contains": term})
        for name in exact:
            any_field |= Q(**{f"{name}__istartswith": typed})
        match &= any_field
    return qs.filter(match)
