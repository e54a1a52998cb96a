"""Writes of the religion app. Register rows are written through the register pattern
(`core.registers.services.save_register_row` / `delete_register_row`: the Ban Tôn giáo's staff
and admins, conflict guard, history) and imported through `core.imports`; a dossier's own rules
(legal deadline from its type, dates, result) are `Dossier.clean`. What is left here is data
the app itself keeps in place."""

from religion.catalogue import RELIGIONS
from religion.models import Religion


def ensure_religions():
    """The default religions (the data migration installs them; a flushed test database or a new
    demo gets them back). Returns how many were created."""
    created = 0
    for order, (code, name) in enumerate(RELIGIONS, start=1):
        _, was = Religion.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})
        created += was
    return created
