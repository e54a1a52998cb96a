"""The one place that answers "which units may this user read / write / approve".

Every view, queryset and export of every app asks `scope_for(user)`; nothing else decides access.

Rules (DESIGN §1):
- a role at a unit reaches the unit's subtree (its descendants, including closed ones);
- staff and leaders of the Sở Nội vụ (or of one of its offices) reach the whole province;
- officers read and write their subtree, never approve;
- staff read and approve within their reach (the province) but write only inside their Sở
  (its registers and province-level figures), never a unit's own form;
- leaders read within their reach and approve reports, never enter data;
- admins reach everything.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q

from core.models import Membership, OrgUnit, OrgUnitAncestry, Role

READ = "read"
WRITE = "write"
APPROVE = "approve"

# Which roles grant which action.
ROLE_ACTIONS = {
    Role.OFFICER: {READ, WRITE},
    Role.STAFF: {READ, WRITE, APPROVE},
    Role.LEADER: {READ, APPROVE},
}


@dataclass
class Scope:
    user: object
    memberships: list = field(default_factory=list)

    @cached_property
    def roles(self):
        return {m.role for m in self.memberships}

    @cached_property
    def is_admin(self):
        return bool(getattr(self.user, "is_superuser", False)) or Role.ADMIN in self.roles

    def has_role(self, *roles):
        return self.is_admin or bool(self.roles.intersection(roles))

    @cached_property
    def home_units(self):
        """The units the user belongs to (for the dashboard)."""
        return [m.unit for m in self.memberships]

    def roots(self, action):
        """Units whose subtrees the user may act on with `action`."""
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
            roots.add(reach.pk)
        return roots

    def units(self, action=READ, on=None):
        """Queryset of the units the user may act on; `on` restricts to the tree of that day."""
        if self.is_admin:
            qs = OrgUnit.objects.all()
            return qs.active_on(on) if on is not None else qs
        roots = self.roots(action)
        if not roots:
            return OrgUnit.objects.none()
        return OrgUnit.objects.descendants_of(roots, on=on)

    def unit_ids(self, action=READ):
        cache = self.__dict__.setdefault("_unit_ids", {})
        if action not in cache:
            cache[action] = set(self.units(action).values_list("pk", flat=True))
        return cache[action]

    def allows(self, unit, action=READ):
        if unit is None:
            return False
        if self.is_admin:
            return True
        roots = self.roots(action)
        if not roots:
            return False
        unit_id = unit.pk if isinstance(unit, OrgUnit) else unit
        return OrgUnitAncestry.objects.filter(ancestor_id__in=roots, descendant_id=unit_id).exists()

    def can_read(self, unit):
        return self.allows(unit, READ)

    def can_write(self, unit):
        return self.allows(unit, WRITE)

    def can_approve(self, unit):
        return self.allows(unit, APPROVE)

    def filter(self, queryset, action=READ, unit_field="unit"):
        """Restrict any queryset with a unit foreign key to the user's reach."""
        if self.is_admin:
            return queryset
        roots = self.roots(action)
        if not roots:
            return queryset.none()
        links = OrgUnitAncestry.objects.filter(ancestor_id__in=roots).values("descendant_id")
        return queryset.filter(Q(**{f"{unit_field}__in": links}))


ANONYMOUS = Scope(user=None, memberships=[])


def scope_for(user):
    """The user's scope, computed once per user object (so once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_portal_scope", None)
    if cached is None:
        memberships = list(Membership.objects.filter(user=user).select_related("unit", "unit__parent", "unit__parent__parent"))
        cached = Scope(user=user, memberships=memberships)
        user._portal_scope = cached
    return cached
