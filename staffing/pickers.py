"""Staffing's pickers (core.pickers): a person chosen by name or mã số among those the user sees by
name; the register filter's unit among the units where the user sees people."""

from core.access import READ
from core.pickers import Source, register, unit_source
from staffing import selectors
from staffing.models import CivilServant


def people_for(scope):
    return (selectors.personal_scope(scope).filter(CivilServant.objects.all(), READ, unit_field="unit")
            .select_related("unit").order_by("full_name", "ma_so"))


def person_label(person):
    return f"{person.full_name} — {person.ma_so} ({person.unit.name})"


PEOPLE = register(Source(
    "nguoi", noun="người", queryset=people_for, search_fields=("full_name",), exact_fields=("ma_so",),
    label=person_label, value_fields=("ma_so",), allowed=selectors.sees_people,
    placeholder="Gõ họ tên (có dấu hay không đều được) hoặc mã số"))

PEOPLE_UNITS = unit_source("don-vi-nhan-su", lambda scope: selectors.personal_scope(scope).units(READ),
                           allowed=selectors.sees_people)
