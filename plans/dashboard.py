"""Panel of the first page (core.dashboard): key tasks and directive items past their deadline, for
leaders and the Sở's staff — the lists of `plans.selectors`, so the card agrees with /ke-hoach/qua-han/."""

from django.urls import reverse

from core import dashboard
from core.dashboard import Figure, PanelData, Row
from plans import selectors

SHOWN = 8


@dashboard.panel("qua-han-nhiem-vu", "Nhiệm vụ, ý kiến chỉ đạo quá hạn", order=30,
                 audience=dashboard.any_of(dashboard.leaders, dashboard.staff), icon="bi-alarm",
                 reads=("plans",))
def overdue_panel(user, today):
    # Overdue and due-soon tasks in one query (the two conditions exclude each other), split here.
    both = list(selectors.overdue_tasks(user, today=today) | selectors.due_soon_tasks(user, today=today))
    tasks = [t for t in both if selectors.is_overdue(t, today)]
    soon = len(both) - len(tasks)
    items = list(selectors.overdue_directive_items(user, today=today))
    rows = [Row([f"Nhiệm vụ {t.number}: {t.content[:120]}", t.lead_office.short_name or t.lead_office.name
                 if t.lead_office else "", t.due_date, (today - t.due_date).days],
                link=reverse("plans:task_detail", args=[t.pk]), tone="danger") for t in tasks]
    rows += [Row([f"Chỉ đạo {i.directive.document.reference} mục {i.number}: {i.content[:120]}",
                  i.assignee.short_name or i.assignee.name, i.deadline, (today - i.deadline).days],
                 link=reverse("plans:directive_detail", args=[i.directive_id]), tone="danger") for i in items]
    rows.sort(key=lambda r: r.cells[2])
    return PanelData(
        figures=[Figure("Nhiệm vụ trọng tâm quá hạn", len(tasks), "nhiệm vụ", tone="danger" if tasks else ""),
                 Figure("Ý kiến chỉ đạo quá hạn", len(items), "nội dung", tone="danger" if items else ""),
                 Figure(f"Nhiệm vụ sắp đến hạn ({selectors.DUE_SOON_DAYS} ngày tới)", soon, "nhiệm vụ", tone="warning" if soon else "")],
        columns=["Nội dung", "Đơn vị chủ trì, được giao", "Hạn", "Số ngày quá hạn"],
        rows=rows[:SHOWN], more=max(0, len(rows) - SHOWN), export_rows=rows,
        link=reverse("plans:overdue"), link_label="Xem danh sách quá hạn",
        empty="" if rows or soon else "Không có nhiệm vụ hay ý kiến chỉ đạo nào quá hạn.",
    )
