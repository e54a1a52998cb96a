"""Plans' picker (core.pickers): the office or unit a conclusion item is assigned to — every unit
open today but the province and the Sở itself (a thousand in a province, so searched)."""

from django.utils import timezone

from core.models import OrgUnit, OrgUnitKind, Role
from core.pickers import unit_source


def assignable_units(scope=None):
    return OrgUnit.objects.active_on(timezone.localdate()).exclude(kind__in=[OrgUnitKind.PROVINCE, OrgUnitKind.HOME_AFFAIRS])


ASSIGNEES = unit_source("don-vi-giao-viec", assignable_units, allowed=lambda scope: scope.has_role(Role.STAFF))
