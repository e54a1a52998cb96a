"""Search that finds Vietnamese names whatever the case and the accents: «đặng», «NGUYỄN», «nguyen»
and «Nguyễn Văn» all find «Nguyễn Văn Đặng».

`fold(text)` is the one folding: NFC → lower case → accents dropped → đ → d → spaces collapsed. The
database runs the same folding as the SQL function `vn_fold` — on PostgreSQL an IMMUTABLE function
over `unaccent` (migration core 0004, which also enables `pg_trgm` so a trigram index on
`vn_fold(column)` serves `LIKE '%…%'`); on SQLite this module's `fold`, registered on every
connection. `Fold("full_name")` is that function in a query; `folded_match(qs, fields, q)` keeps the
rows where every word of `q` is inside one of `fields`.

A large table keeps the folding in a column instead (`FoldedField("full_name")`, filled on every save,
bulk insert and import write): a trigram index on a plain column is checked without running
`unaccent` again on every candidate row, which is what a search on 200,000 people spends its time on.
`folded_match` uses that column by itself when the model has one.
"""

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func, Q, Value
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
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


class FoldedField(CharField):
    """`source` folded (`fold`), kept by the model: set in `pre_save`, so `save()` and `bulk_create`
    fill it; writers that bypass both (the import engine's COPY and UPDATE) call `refresh_folded`."""

    def __init__(self, source, *args, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, [self.source, *args], kwargs

    def pre_save(self, model_instance, add):
        value = (fold(getattr(model_instance, self.source)) or "")[: self.max_length]
        setattr(model_instance, self.attname, value)
        return value


def folded_fields(model):
    """{source field name: FoldedField} of `model`."""
    return {f.source: f for f in model._meta.concrete_fields if isinstance(f, FoldedField)}


def refresh_folded(instances, model, sources=None):
    """Fill the folded columns of `instances` (only those folding one of `sources`, when given);
    returns the names of the folded fields refreshed."""
    fields = [f for source, f in folded_fields(model).items() if sources is None or source in sources]
    for field in fields:
        # What pre_save stores, folded once per distinct text (a register repeats its names)
        source, attname, length, done = field.source, field.attname, field.max_length, {}
        for obj in instances:
            value = getattr(obj, source)
            folded = done.get(value) if type(value) is str else None
            if folded is None:
                folded = (fold(value) or "")[:length]
                if type(value) is str and len(done) < 50_000:
                    done[value] = folded
            obj.__dict__[attname] = folded
    return [f.name for f in fields]


@receiver(connection_created)
def _register_sqlite_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("vn_fold", 1, fold, deterministic=True)


def _contains(column, term):
    """`term` inside `column`. A term of one or two letters («An», «Hồ») has no trigram: as a LIKE the
    planner would read the whole trigram index for it (200,000 entries, 90 ms) only to keep every row;
    as `strpos` it is checked on the rows the other words found."""
    if len(term) >= TRIGRAM:
        return Q(**{f"{column}__contains": term})
    return Q(GreaterThan(StrIndex(column, Value(term)), 0))


TRIGRAM = 3


def words(q):
    return [w for w in (fold(q) or "").split() if w]


def folded_match(qs, fields, q, exact=()):
    """`qs` narrowed to rows where each word of `q`, folded, is inside one of `fields` (folded), or
    starts one of `exact` (codes, compared as typed, any case)."""
    terms = words(q)
    if not terms:
        return qs
    raw = [w for w in (q or "").split() if w]
    stored = {source: f.name for source, f in folded_fields(qs.model).items()}
    alias = {name: "_fold_" + name.replace("__", "_") for name in fields if name not in stored}  # "unit__name" is a lookup
    qs = qs.annotate(**{alias[name]: Fold(name) for name in alias})
    alias |= {name: stored[name] for name in fields if name in stored}
    match = Q()
    for term, typed in zip(terms, raw if len(raw) == len(terms) else terms):
        any_field = Q()
        for name in fields:
            any_field |= _contains(alias[name], term)
        for name in exact:
            any_field |= Q(**{f"{name}__istartswith": typed})
        match &= any_field
    return qs.filter(match)
