"""`{% load staffing_registers %}{% register_tabs as tabs %}`: the registers with a tab of their own."""

from django import template

from staffing import registers

register = template.Library()


@register.simple_tag
def register_tabs():
    return registers.tabs()
