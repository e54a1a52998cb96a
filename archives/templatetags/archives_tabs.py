from django import template

from archives import selectors
from archives.registers import REGISTERS
from core.access import scope_for

register = template.Library()


@register.simple_tag(takes_context=True)
def archives_tabs(context):
    """(the registers' tabs, whether the user keeps them: the import tab) for archives/_tabs.html."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return REGISTERS.tabs(), selectors.can_edit(scope_for(user))
