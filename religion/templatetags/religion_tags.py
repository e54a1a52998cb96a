from django import template

from religion import permissions

register = template.Library()


@register.filter
def edits_religion(scope):
    """`{% if scope|edits_religion %}`: the Ban Tôn giáo's staff and admins (import tab, add buttons)."""
    return permissions.can_edit_registers(scope)
