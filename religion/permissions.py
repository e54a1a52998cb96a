"""Who may do what with the religion registers (decided on `core.access` scopes only).

- read: every role within its reach (officers their subtree's rows, staff and leaders the
  province's), each row by its own date;
- write (create, edit, delete, import): staff of the office responsible for religion
  (Ban Tôn giáo, `settings.RELIGION_OFFICE`, demo «SNV-TG») from an office still open, and admins.
  Other offices' staff and leaders read only.
"""

from django.conf import settings

from core.access import office_staff

DEFAULT_OFFICE = "SNV-TG"


def office_code():
    return getattr(settings, "RELIGION_OFFICE", DEFAULT_OFFICE)


def can_edit_registers(scope):
    return office_staff(scope, (office_code(),))


def can_read_registers(scope):
    return scope.is_admin or bool(scope.memberships)
