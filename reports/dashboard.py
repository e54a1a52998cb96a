"""Panels of the first page (core.dashboard): reports waiting for a leader's approval, and the
sections an office still has to write.

«Waiting» follows reports.services.approve_report: a draft report the leader may approve
(`selectors.can_approve`: a leader whose reach covers the issuing unit during the period), that
the leader wrote no part of (four eyes), ready when no narrative is still a draft
(`selectors.pending_sections`). The coverage concerns (`approval_concerns`) build the whole
content and are asked on the report's page, not here. A fixed number of queries however many
reports or units there are.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from core import dashboard
from core.access import APPROVE, READ, scope_for
from core.dashboard import Figure, PanelData, Row
from core.models import Role
from reports import selectors
from reports.models import NarrativeStatus, Report, ReportSection, ReportStatus, SectionNarrative

ROWS_SHOWN = 10


def approvable_drafts(user):
    """Draft reports this user may approve and did not write any part of, with `pending` = the
    number of sections whose narrative is still a draft (queryset)."""
    scope = scope_for(user)
    qs = Report.objects.filter(status=ReportStatus.DRAFT).select_related("kind", "period", "unit")
    if not scope.is_admin:
        if not any(m.role == Role.LEADER for m in scope.memberships):
            return qs.none()
        qs = scope.filter(qs, APPROVE, unit_field="unit", during=("period__start", "period__end"))
    wrote = SectionNarrative.objects.filter(report=OuterRef("pk"), updated_by=user)
    return (
        qs.exclude(Exists(wrote))
        .annotate(pending=Count("narratives", filter=Q(narratives__status=NarrativeStatus.DRAFT) & ~Q(narratives__text=""),
                                distinct=True))
        .order_by("period__end", "kind__name", "unit__sort_order", "pk")
    )


@dashboard.panel("bao-cao-cho-duyet", "Báo cáo chờ phê duyệt", order=10, audience=dashboard.leaders,
                 icon="bi-patch-check", reads=("reports",))
def approval_panel(user, today):
    reports = list(approvable_drafts(user))
    ready = [r for r in reports if not r.pending]
    rows = [
        Row([str(r.kind), r.period.label, r.unit.short_name or r.unit.name,
             "Sẵn sàng phê duyệt" if not r.pending else f"Còn {r.pending} mục đang soạn"],
            link=reverse("reports:detail", args=[r.pk]), tone="" if r.pending else "success")
        for r in reports
    ]
    return PanelData(
        figures=[
            Figure("Báo cáo chờ phê duyệt", len(reports), "báo cáo", tone="warning" if ready else ""),
            Figure("Trong đó sẵn sàng phê duyệt", len(ready), "báo cáo"),
        ],
        chart=dashboard.chart("doughnut", ["Sẵn sàng phê duyệt", "Còn mục đang soạn"],
                              [("Số báo cáo", [len(ready), len(reports) - len(ready)])]) if reports else None,
        columns=["Báo cáo", "Kỳ", "Đơn vị ban hành", "Tình trạng"],
        rows=rows[:ROWS_SHOWN], more=max(0, len(rows) - ROWS_SHOWN),
        export_rows=rows,
        link=reverse("reports:list"), link_label="Xem tất cả báo cáo",
        empty="Không có báo cáo nào chờ anh/chị phê duyệt.",
    )


def sections_to_write(user):
    """Sections of draft reports assigned to this user's offices whose narrative is not yet
    «đã hoàn thành» (none written, or still a draft), in reports the user reads."""
    offices = selectors.editable_office_ids(user)
    if not offices:
        return ReportSection.objects.none()
    scope = scope_for(user)
    qs = ReportSection.objects.filter(report__status=ReportStatus.DRAFT, office_id__in=offices)
    if not scope.is_admin:
        qs = scope.filter(qs, READ, unit_field="report__unit", during=("report__period__start", "report__period__end"))
    done = SectionNarrative.objects.filter(section=OuterRef("pk"), status=NarrativeStatus.READY)
    started = SectionNarrative.objects.filter(section=OuterRef("pk")).exclude(text="")
    return (
        qs.exclude(Exists(done)).annotate(started=Exists(started))
        .select_related("report__kind", "report__period", "report__unit", "office")
        .order_by("report__period__end", "report_id", "order", "pk")
    )


@dashboard.panel("muc-can-viet", "Mục báo cáo phòng cần viết", order=20, audience=dashboard.staff,
                 icon="bi-pencil-square", reads=("reports",))
def sections_panel(user, today):
    sections = list(sections_to_write(user))
    started = sum(1 for s in sections if s.started)
    rows = [
        Row([s.title, str(s.report), s.office.short_name or s.office.name, "Đang soạn" if s.started else "Chưa viết"],
            link=reverse("reports:detail", args=[s.report_id]) + f"#muc-{s.pk}")
        for s in sections
    ]
    return PanelData(
        figures=[Figure("Mục chưa hoàn thành", len(sections), "mục", tone="warning" if sections else ""),
                 Figure("Trong đó đang soạn", started, "mục")],
        columns=["Mục", "Báo cáo", "Phòng", "Tình trạng"],
        rows=rows[:ROWS_SHOWN], more=max(0, len(rows) - ROWS_SHOWN), export_rows=rows,
        link=reverse("reports:list"), link_label="Xem các báo cáo",
        empty="Phòng không còn mục báo cáo nào cần viết.",
    )
