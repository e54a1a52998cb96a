"""Who may do what in the emulation app; every answer starts from `core.access.scope_for(user)`.

- registers (decisions, items, clusters, movements) and statistics: every role reads within its reach
  (officers their subtree's decisions, the Sở's staff and leaders the province); only staff of the
  responsible office (Ban Thi đua - Khen thưởng, `OFFICES`) and admins write;
- proposals: a unit's officers (and staff of the Sở for the Sở's own dossiers) file and resubmit
  them for a unit they may write; Ban TĐKT reviews (returns with a reason, or accepts into a
  decision); leaders read; an officer never sees another unit's proposals.
"""

from core.access import WRITE, office_staff, responsible_offices
from core.models import Role

from emulation.models import ProposalStatus

# The responsible office (Ban Thi đua - Khen thưởng of the Sở Nội vụ), as the registers and imports name it.
OFFICES = responsible_offices("emulation")


def is_board(scope):
    """Staff of Ban TĐKT with an open role, or an admin."""
    return office_staff(scope, OFFICES)


def can_use(scope):
    return scope.is_admin or bool(scope.roles & {Role.OFFICER, Role.STAFF, Role.LEADER})


def can_write_registers(scope):
    return is_board(scope)


def proposing_units(scope):
    """Units the user may file a proposal for (open roles only)."""
    if not scope.has_role(Role.OFFICER, Role.STAFF):
        return scope.units(WRITE).none()
    return scope.changing().units(WRITE).order_by("sort_order", "name")


def can_file_proposal(scope, unit):
    return unit is not None and scope.has_role(Role.OFFICER, Role.STAFF) and scope.changing().can_write(unit)


def can_read_proposal(scope, proposal):
    return is_board(scope) or scope.can_read(proposal.unit)


def can_resubmit_proposal(scope, proposal):
    return proposal.status == ProposalStatus.RETURNED and can_file_proposal(scope, proposal.unit)


def can_review_proposal(scope, proposal):
    return proposal.status == ProposalStatus.SUBMITTED and is_board(scope)
