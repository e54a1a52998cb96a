"""Who may do what with the religion registers (decided on `core.access` scopes only).

- read: every role within its reach (officers their subtree's rows, staff and leaders the
  province's), each row by its own date;
- write (create, edit, delete, import): staff of the office responsible for religion
  (Ban Tôn giáo, `settings.RESPONSIBLE_OFFICES["religion"]`, demo «SNV-TG») from an office still open, and admins.
  Other offices' staff and leaders read only.
"""

from core.access import office_staff, responsible_offices


def offices():
    return responsible_offices("religion")


def can_edit_registers(scope):
    return office_staff(scope, offices())


def can_read_registers(scope):
    return scope.is_admin or bool(scope.memberships)
