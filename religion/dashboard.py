"""Panel of the first page (core.dashboard): religious-affairs dossiers still pending past their
legal deadline, for leaders and the Ban Tôn giáo — `religion.selectors.overdue_dossiers`, the list
/ton-giao/ flags."""

from django.urls import reverse

from core import dashboard
from core.access import scope_for
from core.dashboard import Figure, PanelData, Row
from religion import permissions, selectors

SHOWN = 8


def _religion_office(scope):
    """The religion office's staff (and admins), by the app's own rule (`settings.RESPONSIBLE_OFFICES`)."""
    return permissions.can_edit_registers(scope)


@dashboard.panel("ton-giao-qua-han", "Hồ sơ tôn giáo quá hạn giải quyết", order=35,
                 audience=dashboard.any_of(dashboard.leaders, _religion_office), icon="bi-hourglass-split",
                 reads=("religion",))
def overdue_dossiers(user, today):
    dossiers = list(selectors.overdue_dossiers(scope_for(user), day=today).select_related("unit"))
    rows = [Row([d.get_type_display(), d.subject or d.applicant, d.unit.name, d.received_on, d.deadline,
                 (today - d.deadline).days], link=reverse("religion:home"), tone="danger") for d in dossiers]
    return PanelData(
        figures=[Figure("Hồ sơ quá hạn", len(rows), "hồ sơ", tone="danger" if rows else "")],
        columns=["Loại hồ sơ", "Nội dung", "Địa bàn", "Ngày tiếp nhận", "Hạn giải quyết", "Số ngày quá hạn"],
        rows=rows[:SHOWN], more=max(0, len(rows) - SHOWN), export_rows=rows,
        link=reverse("religion:home"), link_label="Xem hồ sơ tôn giáo",
        empty="" if rows else "Không có hồ sơ nào quá hạn giải quyết.",
    )
