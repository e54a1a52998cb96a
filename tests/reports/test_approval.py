"""Four eyes on a report (issue 10, item 5): an empty section or figures that cover fewer units than
expected are approved only with the leader's written reason, kept with the approval and shown; the
writer of a section does not approve the report alone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from collection import selectors as collection
from collection.models import DataSet, Status, Submission
from core.models import OrgUnit
from reports import selectors, services
from reports.models import ReportSection, ReportStatus

pytestmark = pytest.mark.django_db


def complete_coverage(report):
    """Give every expected unit of every data set the report reads a submitted form (status only)."""
    when = timezone.make_aware(datetime.datetime(2021, 6, 10))
    root = report.unit.oversight_root()
    for code in {c.data_set.code for s in selectors.build_content(report).sections for c in s.coverage}:
        data_set = DataSet.objects.get(code=code)
        units = OrgUnit.objects.descendants_of(root, during=(report.period.start, report.period.end))
        for unit in data_set.expected_units(report.period).filter(pk__in=units.values("pk")):
            Submission.objects.get_or_create(
                data_set=data_set, unit=unit, period=report.period,
                defaults={"status": Status.SUBMITTED, "version": 1, "first_submitted_at": when, "submitted_at": when},
            )


def empty_leaf(report):
    parent = report.sections.get(title="Công tác văn thư, lưu trữ")
    return ReportSection.objects.create(report=report, parent=parent, title="Về số hóa tài liệu lưu trữ", order=999)


def test_coverage_counts_submitted_and_approved_units_of_the_period(demo):
    cqdp = DataSet.objects.get(code="CQDP")
    root = demo.unit.oversight_root()
    covered, expected = collection.coverage(cqdp, demo.period, root)
    units = OrgUnit.objects.descendants_of(root, during=(demo.period.start, demo.period.end))
    expected_units = cqdp.expected_units(demo.period).filter(pk__in=units.values("pk"))
    assert expected == expected_units.count() > 0
    missing = expected_units.exclude(submissions__data_set=cqdp, submissions__period=demo.period).first()
    if missing is not None:
        Submission.objects.create(data_set=cqdp, unit=missing, period=demo.period, status=Status.SUBMITTED, version=1)
        assert collection.coverage(cqdp, demo.period, root) == (covered + 1, expected)
    draft_unit = expected_units.exclude(submissions__data_set=cqdp, submissions__period=demo.period).first()
    if draft_unit is not None:  # a draft does not count
        Submission.objects.create(data_set=cqdp, unit=draft_unit, period=demo.period, status=Status.DRAFT, version=1)
        assert collection.coverage(cqdp, demo.period, root)[0] == covered + 1


def test_section_coverage_is_exposed_for_the_data_sets_its_provider_reads(demo):
    content = selectors.build_content(demo)
    by_title = {s.node.plain_title: s for s in content.sections}
    cqdp = by_title["Về xây dựng chính quyền địa phương, địa giới hành chính"]
    assert [c.data_set.code for c in cqdp.coverage] == ["CQDP"]
    c = cqdp.coverage[0]
    assert (c.covered, c.expected) == collection.coverage(c.data_set, demo.period, demo.unit.oversight_root())
    assert by_title["Về tổ chức bộ máy và biên chế"].coverage == [] or all(
        x.data_set.code != "CQDP" for x in by_title["Về tổ chức bộ máy và biên chế"].coverage
    )


def test_incomplete_coverage_needs_a_reason(demo, users):
    concerns = selectors.approval_concerns(demo)
    incomplete = [s for s in selectors.build_content(demo).sections if s.incomplete_coverage]
    assert incomplete, "the demo's figures cover fewer units than expected"
    label = incomplete[0].incomplete_coverage[0].label
    assert any(label in c for c in concerns)
    with pytest.raises(ValidationError) as error:
        services.approve_report(demo, users["leader"])
    assert label in " ".join(error.value.messages) and "hãy ghi lý do" in " ".join(error.value.messages)
    demo.refresh_from_db()
    assert demo.status == ReportStatus.DRAFT


def test_an_empty_section_is_refused_without_a_reason_and_accepted_with_one(client, demo, users):
    complete_coverage(demo)
    assert selectors.approval_concerns(demo) == []
    leaf = empty_leaf(demo)
    label = next(s.node.label for s in selectors.build_content(demo).sections if s.node.section.pk == leaf.pk)
    assert label.endswith(". Về số hóa tài liệu lưu trữ")
    concern = f"Mục «{label}» chưa có nội dung."
    assert selectors.approval_concerns(demo) == [concern]
    client.force_login(users["leader"])
    url = reverse("reports:approve", args=[demo.pk])
    html = client.get(reverse("reports:detail", args=[demo.pk])).content.decode()
    assert 'data-testid="approval-concerns"' in html and "Về số hóa tài liệu lưu trữ» chưa có nội dung" in html
    for reason in ("", "   ", "\n"):
        response = client.post(url, {"reason": reason}, follow=True)
        assert f"Chưa phê duyệt được: Báo cáo còn điểm chưa đủ: {concern}" in response.content.decode()
        demo.refresh_from_db()
        assert demo.status == ReportStatus.DRAFT
    response = client.post(url, {"reason": "Mục số hóa báo cáo riêng\x00"}, follow=True)  # a NUL: a message, no 500
    assert response.status_code == 200 and "ký tự điều khiển" in response.content.decode()
    demo.refresh_from_db()
    assert demo.status == ReportStatus.DRAFT
    response = client.post(url, {"reason": "Mục số hóa sẽ báo cáo riêng theo Kế hoạch 12/KH-SNV."}, follow=True)
    demo.refresh_from_db()
    assert demo.status == ReportStatus.APPROVED and demo.approved_by == users["leader"]
    assert demo.approval_reason == "Mục số hóa sẽ báo cáo riêng theo Kế hoạch 12/KH-SNV."
    assert demo.approval_concerns == [concern]
    html = response.content.decode()
    assert 'data-testid="approval-reason-shown"' in html and "Kế hoạch 12/KH-SNV" in html and concern in html


def test_a_complete_report_is_approved_without_a_reason(demo, users):
    complete_coverage(demo)
    report = services.approve_report(demo, users["leader"])
    assert report.status == ReportStatus.APPROVED and report.approval_reason == "" and report.approval_concerns == []


def test_a_reason_given_when_nothing_is_missing_is_not_kept(demo, users):
    complete_coverage(demo)
    report = services.approve_report(demo, users["leader"], reason="Không cần")
    assert report.approval_reason == ""


def test_the_writer_of_a_section_does_not_approve_alone(demo, users):
    complete_coverage(demo)
    admin = users["admin"]  # admins both write sections and approve
    target = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    narrative = demo.narratives.get(section=target)
    services.save_narrative(demo, target, admin, narrative.text + " Bổ sung.", ready=True, version=narrative.version)
    with pytest.raises(ValidationError) as error:
        services.approve_report(demo, admin, reason="Tự duyệt")
    assert "Người đã soạn nội dung báo cáo không tự phê duyệt" in " ".join(error.value.messages)
    demo.refresh_from_db()
    assert demo.status == ReportStatus.DRAFT
    assert services.approve_report(demo, users["leader"]).status == ReportStatus.APPROVED


def test_a_section_its_office_has_not_written_needs_a_reason(demo, users):
    complete_coverage(demo)
    target = demo.sections.get(provider_key="chinh-quyen.bau-cu")
    demo.narratives.filter(section=target).delete()  # figures alone, nothing from the office
    office = target.office.short_name or target.office.name
    label = next(s.node.label for s in selectors.build_content(demo).sections if s.node.section.pk == target.pk)
    assert selectors.approval_concerns(demo) == [f"Mục «{label}» chưa có nội dung do {office} viết."]
    with pytest.raises(ValidationError):
        services.approve_report(demo, users["leader"])
    assert services.approve_report(demo, users["leader"], reason="Phòng gửi văn bản riêng.").approval_reason
