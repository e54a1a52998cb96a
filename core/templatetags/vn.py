"""Template filters for Vietnamese formatting: ``{% load vn %}{{ x|vn_number }}``.

Thin wrappers around :mod:`core.formatting`. Templates pass missing values, so
None and "" give ""; a value the formatter cannot handle is returned unchanged
(Django's convention that filters fail silently rather than break a page).
"""

from django import template

from core import formatting

register = template.Library()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _safely(func, value, *args):
    if _blank(value):
        return ""
    try:
        return func(value, *args)
    except (TypeError, ValueError):
        return value


@register.filter
def vn_number(value, decimals=None):
    """{{ 2222|vn_number }} -> "2.222"; {{ x|vn_number:2 }} rounds to 2 decimals."""
    if decimals in (None, ""):
        return _safely(formatting.number, value)
    return _safely(formatting.number, value, int(decimals))


@register.filter
def vn_count(value):
    """{{ 6|vn_count }} -> "06"."""
    return _safely(formatting.count, value)


@register.filter
def vn_percent(value, decimals=2):
    """{{ 99.99|vn_percent }} -> "99,99%"."""
    return _safely(formatting.percent, value, int(decimals))


@register.filter
def vn_money(value, scale="auto"):
    """{{ 20412619000|vn_money:"dong" }} -> "20.412.619.000 đồng"."""
    return _safely(formatting.money, value, scale)


@register.filter
def vn_long_date(value):
    """{{ d|vn_long_date }} -> "ngày 05 tháng 01 năm 2026"."""
    return _safely(formatting.long_date, value)


@register.filter
def vn_short_date(value):
    """{{ d|vn_short_date }} -> "05/01/2026"."""
    return _safely(formatting.short_date, value)
