"""The one place that answers "which units may this user read / write / approve", and when.

Every view, queryset and export of every app asks `scope_for(user)`; nothing else decides access.

Rules (DESIGN §1):
- a role at a unit reaches the unit's descendants for the time they were its descendants: a
  closed district's officer keeps its communes' history, not a commune that has since moved;
- staff and leaders of the Sở Nội vụ (or of one of its offices) reach the whole province;
- officers read and write their subtree, never approve;
- staff read and approve within their reach (the province) but write only inside their Sở
  (its registers and province-level figures), never a unit's own form;
- leaders read within their reach and approve reports, never enter data;
- a role whose own unit is closed keeps read access to its history only: no write, no approval;
- admins reach everything.

Time. Every question says which time it is about:
- `on=day`: the tree of that day;
- `during=(start, end)` (or a Period): a link that overlapped the window (period-bound data:
  submissions, values, completeness, reports, exports of a period);
- `filter(..., date_field=...)`: each row by its own date (dated register rows);
  `year_field=...`: by its calendar year; `during=("period__start", "period__end")`: by the
  row's own period (each a correlated EXISTS over the ancestry, one query);
- nothing: the current tree (today's links; a closed unit where it stood on its last day). This is
  the safe default for current data (the civil-servant register, current staff, unit choices).
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from core import generations
from core.lookups import AnyOf
from core.models import FOREVER, Membership, OrgUnit, OrgUnitAncestry, Role

READ = "read"
WRITE = "write"
APPROVE = "approve"

# Which roles grant which action.
ROLE_ACTIONS = {
    Role.OFFICER: {READ, WRITE},
    Role.STAFF: {READ, WRITE, APPROVE},
    Role.LEADER: {READ, APPROVE},
}

ALL_ACTIONS = set().union(*ROLE_ACTIONS.values())

# Actions a role whose own unit has closed no longer has (its history is read-only).
CHANGING_ACTIONS = {WRITE, APPROVE}

# `during=ALWAYS`: whatever the unit was ever under (org-unit pages: the structure's history).
ALWAYS = (datetime.date.min, FOREVER)


def today():
    """The day access is decided on (tests of an earlier year's workflow may set it)."""
    return timezone.localdate()


def _window(during):
    """(start, end) from a (start, end) pair or anything with .start and .end (a Period)."""
    if hasattr(during, "start") and hasattr(during, "end"):
        return during.start, during.end
    start, end = during
    return start, end


def _ref(value):
    """A date, or the name of a field of the row being filtered (correlated)."""
    return OuterRef(value) if isinstance(value, str) else value


def _when(*, today, on=None, during=None, date_field=None, year_field=None):
    """The condition on an ancestry link for the time asked (see the module docstring)."""
    given = [x for x in (on, during, date_field, year_field) if x is not None]
    if len(given) > 1:
        raise TypeError("Chỉ một trong on, during, date_field, year_field.")
    if on is not None:
        return Q(valid_from__lte=on, valid_to__gte=on)
    if during is not None:
        start, end = _window(during)
        return Q(valid_from__lte=_ref(end), valid_to__gte=_ref(start))
    if date_field is not None:
        return Q(valid_from__lte=OuterRef(date_field), valid_to__gte=OuterRef(date_field))
    if year_field is not None:
        return Q(valid_from__year__lte=OuterRef(year_field), valid_to__year__gte=OuterRef(year_field))
    # Current: today's links, and a closed unit's links of its last day (a link ends with the unit
    # only if it held then), so a moved unit follows its new parent and a closed one stays put.
    return Q(valid_from__lte=today, valid_to__gte=today) | Q(
        descendant__valid_to__lt=today, valid_to=F("descendant__valid_to")
    )


def _correlated(on=None, during=None, date_field=None, year_field=None):
    if date_field is not None or year_field is not None:
        return True
    return during is not None and any(isinstance(v, str) for v in _window(during))


LISTED_INDEX_LIMIT = 64  # a subtree (a district and its communes) still narrows a table through its unit index


@dataclass
class Scope:
    user: object
    memberships: list = field(default_factory=list)
    as_of_day: datetime.date | None = None  # decide as on that day instead of today

    @cached_property
    def roles(self):
        return {m.role for m in self.memberships}

    @cached_property
    def is_admin(self):
        return bool(getattr(self.user, "is_superuser", False)) or Role.ADMIN in self.roles

    @cached_property
    def today(self):
        return self.as_of_day or today()

    def as_of(self, day):
        """This scope as it stood on `day` (for selectors that answer "as of" a date)."""
        if day is None or day == self.today:
            return self
        return Scope(user=self.user, memberships=self.memberships, as_of_day=day)

    def has_role(self, *roles):
        return self.is_admin or bool(self.roles.intersection(roles))

    @cached_property
    def home_units(self):
        """The units the user belongs to (for the dashboard)."""
        return [m.unit for m in self.memberships]

    def is_open(self, unit):
        return unit.valid_from <= self.today <= unit.valid_to

    @cached_property
    def open_memberships(self):
        """Memberships whose unit exists today: the only ones that may still change data."""
        return [m for m in self.memberships if self.is_open(m.unit)]

    def changing(self):
        """The part of this scope that may still change data: roles whose unit exists today (for
        writes that check READ reach, e.g. the Sở's registers and imports)."""
        if self.is_admin:
            return self
        return Scope(user=self.user, memberships=self.open_memberships, as_of_day=self.as_of_day)

    def roots(self, action):
        """Units whose subtrees the user may act on with `action` (not for admins)."""
        roots = set()
        for m in self.memberships:
            if action not in ROLE_ACTIONS.get(m.role, ()):
                continue
            if m.role == Role.OFFICER:
                reach = m.unit
            elif m.role == Role.STAFF and action == WRITE:
                reach = m.unit.home_affairs_unit() or m.unit
            else:
                reach = m.unit.oversight_root()
            if action in CHANGING_ACTIONS and not (self.is_open(m.unit) and self.is_open(reach)):
                continue  # a closed unit's role: history read-only
            roots.add(reach.pk)
        return roots

    def _links(self, roots, **when):
        return OrgUnitAncestry.objects.filter(ancestor_id__in=roots).filter(_when(today=self.today, **when))

    def units(self, action=READ, *, on=None, during=None):
        """Queryset of the units the user may act on at the time asked (default: the current tree)."""
        if self.is_admin:
            qs = OrgUnit.objects.all()
            if on is not None:
                return qs.active_on(on)
            if during is not None:
                return qs.active_during(*_window(during))
            return qs
        roots = self.roots(action)
        if not roots:
            return OrgUnit.objects.none()
        return OrgUnit.objects.filter(pk__in=self._links(roots, on=on, during=during).values("descendant_id"))

    def unit_ids(self, action=READ, *, on=None, during=None):
        key = (action, on, None if during is None else _window(during))
        cache = self.__dict__.setdefault("_unit_ids", {})
        if key not in cache:
            roots = None if self.is_admin else self.roots(action)
            if roots:
                # Straight from the closure table: a join back to OrgUnit was planned right after a
                # bulk load (no statistics) as a loop re-reading the whole subtree per unit.
                ids = self._links(roots, on=on, during=during).values_list("descendant_id", flat=True).order_by()
            else:
                ids = self.units(action, on=on, during=during).values_list("pk", flat=True).order_by()
            cache[key] = set(ids)
        return cache[key]

    def allows(self, unit, action=READ, *, on=None, during=None):
        """May the user act on `unit` at the time asked (default: the current tree)?"""
        return action in self.allowed(unit, (action,), on=on, during=during)

    def allowed(self, unit, actions, *, on=None, during=None):
        """The subset of `actions` the user may take on `unit` at the time asked (a page that asks
        READ, WRITE and APPROVE of one unit)."""
        if unit is None:
            return set()
        if self.is_admin:
            return set(actions)
        reach = {action: roots for action in actions if (roots := self.roots(action))}
        if not reach:
            return set()
        found = self._roots_above(unit.pk if isinstance(unit, OrgUnit) else unit, on, during)
        return {action for action, roots in reach.items() if roots & found}

    def _roots_above(self, unit_id, on, during):
        """The user's roots, for any action, that reach `unit_id` at the time asked: one query per
        unit and time in a request (a form's page asks of its unit, then saving and sending ask again)."""
        key = (unit_id, on, None if during is None else _window(during))
        cache = self.__dict__.setdefault("_roots_above_cache", {})
        if key not in cache:
            every = set().union(*(self.roots(action) for action in ALL_ACTIONS))
            cache[key] = set(self._links(every, on=on, during=during).filter(descendant_id=unit_id)
                             .values_list("ancestor_id", flat=True)) if every else set()
        return cache[key]

    def can_read(self, unit, *, on=None, during=None):
        return self.allows(unit, READ, on=on, during=during)

    def can_write(self, unit, *, on=None, during=None):
        return self.allows(unit, WRITE, on=on, during=during)

    def can_approve(self, unit, *, on=None, during=None):
        return self.allows(unit, APPROVE, on=on, during=during)

    def filter(self, queryset, action=READ, unit_field="unit", *, on=None, during=None, date_field=None,
               year_field=None, listed=False):
        """Restrict any queryset with a unit foreign key to the user's reach at the time asked:
        `on`/`during` for the whole queryset, `date_field`/`year_field`/`during=(field, field)` per
        row, nothing for the current tree.

        `listed` (whole-queryset times only): the units as a list of ids, read once (`unit_ids`),
        instead of a join to the ancestry. For a large table: joined, the planner walked the
        province's units one by one and searched 200,000 names once per unit."""
        if self.is_admin:
            return queryset
        roots = self.roots(action)
        if not roots:
            return queryset.none()
        when = {"on": on, "during": during, "date_field": date_field, "year_field": year_field}
        if _correlated(**when):
            links = self._links(roots, **when)
            return queryset.filter(Exists(links.filter(descendant_id=OuterRef(unit_field))))
        if listed:
            ids = sorted(self.unit_ids(action, on=on, during=during))
            if len(ids) <= LISTED_INDEX_LIMIT:
                return queryset.filter(**{f"{unit_field}__in": ids})
            # A province's hundreds of units keep nearly every row: checked on the rows the other
            # conditions found (`+ 0` is not the indexed column), not read as a bitmap of the whole table.
            if connection.vendor == "postgresql":  # the ids as one array parameter (core.lookups)
                # Resolved on a copy: resolving a path sets up joins on the query it is asked of.
                column = queryset.query.chain().resolve_ref(unit_field).output_field.db_type(connection)
                return queryset.filter(AnyOf(F(unit_field) + 0, ids, db_type=column))
            return queryset.alias(_scope_unit=F(unit_field) + 0).filter(_scope_unit__in=ids)
        links = self._links(roots, **when)
        return queryset.filter(Q(**{f"{unit_field}__in": links.values("descendant_id")}))


ANONYMOUS = Scope(user=None, memberships=[])


def scope_for(user):
    """The user's scope, computed once per user object (so once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_portal_scope", None)
    if cached is None:
        cached = Scope(user=user, memberships=_memberships(user))
        user._portal_scope = cached
    return cached


# A kept list of memberships is dropped when any row of core is saved, deleted or imported (a role
# given or taken, a unit moved: core.generations); this bounds a write that bypassed the signals.
MEMBERSHIPS_KEPT_SECONDS = 60


def _memberships(user):
    """The user's memberships with their unit and the two units above. Read from the cache when every
    process shares it (Redis): the query and its compiling were ~4 % of the web workers' sampled
    time under bench/load.py, one per request (2,4 → 1,1 ms). Never on a per-process cache, where a
    role taken away in one process would still open pages in another until the entry expired."""
    def read():
        return list(Membership.objects.filter(user=user).select_related("unit", "unit__parent", "unit__parent__parent"))

    if not getattr(settings, "CACHE_URL", None):
        return read()
    return generations.kept(f"memberships:{user.pk}", ("core",), read, MEMBERSHIPS_KEPT_SECONDS)


def responsible_offices(domain):
    """Codes of the Sở offices responsible for `domain` («religion», «emulation», «archives»…), from
    `settings.RESPONSIBLE_OFFICES`, so no app fixes one province's office codes."""
    return tuple(settings.RESPONSIBLE_OFFICES.get(domain, ()))


def office_staff(scope, offices=()):
    """True for admins and for staff of the Sở whose (still open) office is one of `offices`
    (OrgUnit codes, e.g. "SNV-TDKT"; empty = any office): who keeps a register or imports it."""
    changing = scope.changing()
    if changing.is_admin:
        return True
    return any(m.role == Role.STAFF and (not offices or m.unit.code in offices) for m in changing.memberships)
