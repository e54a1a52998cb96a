"""Emulation's pickers (core.pickers): the award decision of an item, searched by number, symbol or
subject (the register holds every decision since the province began keeping it); the units a user
may file a proposal for."""

from core import formatting
from core.pickers import Source, register, unit_source
from emulation import permissions
from emulation.models import AwardDecision


def decisions_for(scope):
    return AwardDecision.objects.select_related("proposing_unit").order_by("-decided_on", "-received_on", "-id")


def decision_label(decision):
    label = str(decision)
    if not decision.number:
        label += f" (nhận {formatting.short_date(decision.received_on)})"
    if decision.subject:
        subject = decision.subject if len(decision.subject) <= 80 else decision.subject[:79] + "…"
        label += f" — {subject}"
    return label


DECISIONS = register(Source(
    "quyet-dinh-khen-thuong", noun="quyết định", queryset=decisions_for, search_fields=("symbol", "subject", "authority"),
    exact_fields=("number",), label=decision_label, allowed=permissions.can_write_registers,
    placeholder="Gõ số, ký hiệu hoặc trích yếu của quyết định"))

PROPOSING_UNITS = unit_source("don-vi-de-nghi", permissions.proposing_units)
