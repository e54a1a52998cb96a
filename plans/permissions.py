"""Who may do what with plans and directives; every answer comes from `core.access` scopes.

- a plan or a directive belongs to a unit (the Sở); whoever may read that unit reads it
  (staff and leaders of the Sở, admins); officers of other units do not;
- staff of the Sở (a staff role that may still write inside the Sở) create plans, import them,
  enter and edit tasks, enter notices and their items; leaders only read;
- a task's status and progress notes are kept by the staff of its lead office (a task without
  one: any staff of the Sở); an admin may do everything;
- a directive item's progress is reported by its assignee: the staff of the assigned office, or
  an officer who may write the assigned unit; the assignee also reads the notice its item is in.
"""

from core.access import WRITE, Scope
from core.models import Role


def only_role(scope, role):
    """The part of `scope` that comes from memberships with `role` and may still change data
    (kept on `scope`, so its unit ids are computed once per request)."""
    cache = scope.__dict__.setdefault("_plans_only_role", {})
    if role not in cache:
        changing = scope.changing()
        cache[role] = Scope(user=scope.user, memberships=[m for m in changing.memberships if m.role == role],
                            as_of_day=scope.as_of_day)
    return cache[role]



def can_manage(scope, unit):
    """Create and edit the plans and notices of `unit` (staff of the Sở, admins)."""
    if scope.is_admin:
        return True
    return only_role(scope, Role.STAFF).can_write(unit)


def acts_for(scope, unit):
    """Is the user the assignee `unit` (its office staff, or an officer who may write it)?"""
    if unit is None:
        return False
    if scope.is_admin:
        return True
    if any(m.role == Role.STAFF and m.unit_id == unit.pk for m in scope.open_memberships):
        return True
    officer = only_role(scope, Role.OFFICER)
    return bool(officer.memberships) and unit.pk in officer.unit_ids(WRITE)


def can_read_plan(scope, plan):
    return scope.can_read(plan.unit)


def can_edit_task(scope, task):
    return can_manage(scope, task.plan.unit)


def can_follow_task(scope, task):
    """Change the status of `task` and add progress notes."""
    if scope.is_admin:
        return True
    if task.lead_office_id is None:
        return can_manage(scope, task.plan.unit)
    return any(m.role == Role.STAFF and m.unit_id == task.lead_office_id for m in scope.open_memberships)


def can_read_directive(scope, directive, items=None):
    if scope.can_read(directive.unit):
        return True
    items = directive.items.all() if items is None else items
    return any(acts_for(scope, item.assignee) for item in items)


def can_manage_directive(scope, directive):
    return can_manage(scope, directive.unit)


def can_report(scope, item):
    return acts_for(scope, item.assignee)
