"""Every report URL × every role: who reads, who writes a section, who approves, who downloads.

Leaders and staff of the Sở read; only the responsible office's staff edit a section; only leaders
approve; officers of other units and a leader of another province get 404 (the report is invisible)."""

import pytest
from django.urls import reverse

from core import services as core_services
from core.models import Membership, OrgUnitKind, Role
from reports import services
from reports.models import JobStatus, NarrativeStatus, ReportStatus, SectionNarrative
from tests.reports.conftest import open_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(users, make_user):
    """A leader of another province's Sở Nội vụ."""
    province = core_services.create_unit(code="CT", name="Ủy ban nhân dân thành phố Cần Thơ", kind=OrgUnitKind.PROVINCE)
    so = core_services.create_unit(code="CT-SNV", name="Sở Nội vụ thành phố Cần Thơ", kind=OrgUnitKind.HOME_AFFAIRS, parent=province)
    return make_user("ld.cantho", so.code, Role.LEADER)


@pytest.fixture
def done_job(demo, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_report(demo, users["leader"])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    return job


def login(client, user):
    client.force_login(user)
    return client


def cqdp_section(report):
    return report.sections.get(provider_key="chinh-quyen.bau-cu")


def urls(report, job=None, section=None):
    section = section or cqdp_section(report)
    out = {
        "list": ("get", reverse("reports:list")),
        "detail": ("get", reverse("reports:detail", args=[report.pk])),
        "section": ("post", reverse("reports:section_save", args=[report.pk, section.pk])),
        "approve": ("post", reverse("reports:approve", args=[report.pk])),
        "request": ("post", reverse("reports:request_docx", args=[report.pk])),
    }
    if job:
        out["status"] = ("get", reverse("reports:job_status", args=[report.pk, job.pk]))
        out["download"] = ("get", reverse("reports:download", args=[report.pk, job.pk]))
    return out


# Expected status per role and URL (302 = the action was accepted and redirects back).
EXPECTED = {
    "admin": {"list": 200, "detail": 200, "section": 302, "approve": 302, "request": 302, "status": 200, "download": 200},
    "leader": {"list": 200, "detail": 200, "section": 403, "approve": 302, "request": 302, "status": 200, "download": 200},
    "staff_xdcq": {"list": 200, "detail": 200, "section": 302, "approve": 403, "request": 302, "status": 200, "download": 200},
    "staff_tcbc": {"list": 200, "detail": 200, "section": 403, "approve": 403, "request": 302, "status": 200, "download": 200},
    # Officers of other units: their own reports only; the Sở's report is invisible to them.
    "officer": {"list": 200, "detail": 404, "section": 404, "approve": 404, "request": 404, "status": 404, "download": 404},
    "officer_dept": {"list": 200, "detail": 404, "section": 404, "approve": 404, "request": 404, "status": 404, "download": 404},
    "outsider": {"list": 200, "detail": 404, "section": 404, "approve": 404, "request": 404, "status": 404, "download": 404},
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_url_for_every_role(client, demo, users, outsider, done_job, role):
    user = outsider if role == "outsider" else users[role]
    login(client, user)
    # Approval last: it locks the report; section edits need a draft.
    order = ["list", "detail", "status", "download", "section", "request", "approve"]
    routes = urls(demo, done_job)
    for name in order:
        method, url = routes[name]
        data = {"text": "Nội dung thử.", "ready": "1"} if name == "section" else {}
        response = getattr(client, method)(url, data)
        assert response.status_code == EXPECTED[role][name], (role, name, response.status_code)


def test_anonymous_is_sent_to_login(client, demo, done_job):
    for _name, (method, url) in urls(demo, done_job).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_wrong_methods_are_refused(client, demo, users):
    login(client, users["leader"])
    assert client.get(reverse("reports:approve", args=[demo.pk])).status_code == 405
    assert client.get(reverse("reports:request_docx", args=[demo.pk])).status_code == 405


def test_outsider_does_not_see_the_report_in_the_list(client, demo, outsider):
    html = login(client, outsider).get(reverse("reports:list")).content.decode()
    assert f'data-report="{demo.pk}"' not in html and "Chưa có báo cáo nào." in html


def test_detail_shows_outline_figures_and_editor_only_for_the_office(client, demo, users):
    html = login(client, users["staff_xdcq"]).get(reverse("reports:detail", args=[demo.pk])).content.decode()
    assert "Phần I<br>KẾT QUẢ CÔNG TÁC 6 THÁNG ĐẦU NĂM 2021" in html
    assert "3. Về xây dựng chính quyền địa phương, địa giới hành chính" in html
    assert "kết quả có 2.222 đại biểu được bầu" in html
    section = cqdp_section(demo)
    assert reverse("reports:section_save", args=[demo.pk, section.pk]) in html
    # TCBC's sections are not editable by XDCQ.
    tcbc = demo.sections.get(title="Về tổ chức bộ máy và biên chế")
    assert reverse("reports:section_save", args=[demo.pk, tcbc.pk]) not in html
    leader_html = login(client, users["leader"]).get(reverse("reports:detail", args=[demo.pk])).content.decode()
    assert 'data-testid="narrative-form"' not in leader_html and "Phê duyệt báo cáo" in leader_html


def test_narrative_is_escaped_and_saved_with_status(client, demo, users):
    section = cqdp_section(demo)
    login(client, users["staff_xdcq"])
    client.post(reverse("reports:section_save", args=[demo.pk, section.pk]),
                {"text": "- Dòng một <script>alert(1)</script>\r\n+ Dòng hai", "version": "1"})
    narrative = SectionNarrative.objects.get(report=demo, section=section)
    assert narrative.status == NarrativeStatus.DRAFT and narrative.version == 2
    assert narrative.text == "- Dòng một <script>alert(1)</script>\n+ Dòng hai"
    html = login(client, users["leader"]).get(reverse("reports:detail", args=[demo.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_a_stale_edit_does_not_overwrite(client, demo, users):
    section = cqdp_section(demo)
    login(client, users["staff_xdcq"])
    url = reverse("reports:section_save", args=[demo.pk, section.pk])
    client.post(url, {"text": "Bản A", "version": "1"})
    response = client.post(url, {"text": "Bản B (sửa trên bản cũ)", "version": "1"}, follow=True)
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert SectionNarrative.objects.get(report=demo, section=section).text == "Bản A"


def test_approval_needs_ready_sections_then_locks_the_report(client, demo, users):
    section = cqdp_section(demo)
    SectionNarrative.objects.filter(report=demo, section=section).update(status=NarrativeStatus.DRAFT)
    login(client, users["leader"])
    response = client.post(reverse("reports:approve", args=[demo.pk]), follow=True)
    assert "Chưa phê duyệt được: Còn 01 mục chưa hoàn thành: «Về xây dựng chính quyền địa phương, địa giới hành chính»." \
        in response.content.decode()
    demo.refresh_from_db()
    assert demo.status == ReportStatus.DRAFT
    SectionNarrative.objects.filter(report=demo).update(status=NarrativeStatus.READY)
    # The demo's figures cover fewer units than expected: approval takes a written reason.
    client.post(reverse("reports:approve", args=[demo.pk]), {"reason": "Số liệu các đơn vị còn lại bổ sung sau."})
    demo.refresh_from_db()
    assert demo.status == ReportStatus.APPROVED and demo.approved_by == users["leader"] and not demo.is_draft
    login(client, users["staff_xdcq"])
    assert client.post(reverse("reports:section_save", args=[demo.pk, section.pk]), {"text": "x"}).status_code == 403


def test_job_status_fragment_polls_until_done_and_download_is_a_docx(client, demo, users, done_job):
    login(client, users["leader"])
    html = client.get(reverse("reports:job_status", args=[demo.pk, done_job.pk])).content.decode()
    assert 'data-testid="job-progress"' in html and 'aria-valuenow="100"' in html
    assert "hx-trigger" not in html  # finished: no more polling
    assert reverse("reports:download", args=[demo.pk, done_job.pk]) in html
    done_job.status, done_job.progress = JobStatus.RUNNING, 40
    done_job.save()
    html = client.get(reverse("reports:job_status", args=[demo.pk, done_job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'aria-valuenow="40"' in html
    assert client.get(reverse("reports:download", args=[demo.pk, done_job.pk])).status_code == 404  # not done
    done_job.status = JobStatus.DONE
    done_job.save()
    response = client.get(reverse("reports:download", args=[demo.pk, done_job.pk]))
    assert response.status_code == 200
    assert 'attachment; filename="bao-cao-6-thang-dau-nam-2021-so-noi-vu.docx"' in response["Content-Disposition"]
    assert "BÁO CÁO" in [p.text for p in open_docx(b"".join(response.streaming_content)).paragraphs]
    assert client.get(reverse("reports:download_pdf", args=[demo.pk, done_job.pk])).status_code == 404


def test_earlier_versions_stay_listed_and_downloadable(client, demo, users, done_job, django_capture_on_commit_callbacks):
    login(client, users["leader"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request_docx", args=[demo.pk]))
    html = client.get(reverse("reports:detail", args=[demo.pk])).content.decode()
    assert 'data-testid="job-history"' in html
    assert reverse("reports:download", args=[demo.pk, done_job.pk]) in html
    assert client.get(reverse("reports:download", args=[demo.pk, done_job.pk])).status_code == 200


def test_a_job_of_another_report_is_not_found(client, demo, users, done_job):
    from reports.models import Report

    other = Report.objects.create(kind=demo.kind, period=demo.period, unit=users["staff_xdcq"].memberships.first().unit)
    login(client, users["leader"])
    assert client.get(reverse("reports:job_status", args=[other.pk, done_job.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[other.pk, done_job.pk])).status_code == 404


def test_navigation_shows_reports_to_staff_leaders_and_officers(client, demo, users):
    assert 'data-nav="reports"' in login(client, users["leader"]).get("/").content.decode()
    assert 'data-nav="reports"' in login(client, users["officer"]).get("/").content.decode()  # their unit's reports
    assert Membership.objects.filter(user=users["officer"], role=Role.OFFICER).exists()


def test_detail_and_build_queries_do_not_grow_with_units(client, demo, users):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from collection.models import CategoryOption, DataElement, DataSet, DataValue, Status, Submission
    from core.models import OrgUnit

    def count():
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("reports:detail", args=[demo.pk])).status_code == 200
        with CaptureQueriesContext(connection) as build:
            services.render_report(demo)
        return len(page), len(build)

    login(client, users["leader"])
    before = count()
    province = OrgUnit.objects.get(code="HG")
    cqdp = DataSet.objects.get(code="CQDP")
    element = DataElement.objects.get(code="DB_TRUNG_CU")
    option = CategoryOption.objects.get(combo=element.combo, code="huyen")
    when = timezone.make_aware(datetime.datetime(2021, 6, 10))
    for i in range(12):
        unit = core_services.create_unit(code=f"THEM-{i}", name=f"Huyện Thêm {i}", kind=OrgUnitKind.DISTRICT, parent=province)
        sub = Submission.objects.create(data_set=cqdp, unit=unit, period=demo.period, status=Status.APPROVED, version=1,
                                        first_submitted_at=when, submitted_at=when)
        DataValue.objects.create(submission=sub, element=element, option=option, numeric_value=5)
    after = count()
    assert after == before
    assert "cấp huyện 305 đại biểu" in client.get(reverse("reports:detail", args=[demo.pk])).content.decode()
