"""Reports for any period and any unit from the portal (issue 11 item 5): who creates which report,
the prefill from the previous report of that kind, the kinds' issuers and periods, who reads a unit's
report (its own users and the Sở, no one else), `build_report` creating the draft headless."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import OrgUnit, Period, Role
from reports import selectors, services
from reports.models import Report, ReportKind, ReportSection
from tests.reports.conftest import open_docx

pytestmark = pytest.mark.django_db


def kind(code):
    return ReportKind.objects.get(code=code)


def period(code):
    return Period.objects.get(code=code)


def unit(code):
    return OrgUnit.objects.get(code=code)


@pytest.fixture
def hoaluu(users):
    return get_user_model().objects.get(username="cb.hoaluu")


def create_url():
    return reverse("reports:create")


def post_create(client, user, kind_code, unit_code, period_code, **extra):
    client.force_login(user)
    data = {"kind": kind(kind_code).pk, "unit": unit(unit_code).pk, "period": period(period_code).pk,
            "symbol": "BC-X", "signer_authority": "director", "recipients": "- Sở Nội vụ", **extra}
    return client.post(create_url(), data)


def test_the_form_is_prefilled_from_the_previous_report_of_that_kind(client, demo, users):
    client.force_login(users["leader"])
    html = client.get(create_url() + "?loai=six_month&don_vi=SNV&ky=2022-H1").content.decode()
    assert 'value="Nguyễn Văn Minh"' in html and 'value="BC-SNV"' in html
    assert 'value="2022-06-14"' in html  # the same day a year on
    assert "Bộ Nội vụ (b/c)" in html and f'value="{demo.basis_id}" selected' in html


def test_a_leader_creates_the_sos_report_for_a_new_period(client, demo, users):
    response = post_create(client, users["leader"], "six_month", "SNV", "2022-H1", signer_name="Nguyễn Văn Minh",
                           issued_on="2022-06-15")
    report = Report.objects.get(kind__code="six_month", period__code="2022-H1", unit__code="SNV")
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.sections.count() == demo.kind.sections.count() and report.is_draft
    assert report.issued_on == datetime.date(2022, 6, 15)
    assert report.basis is None  # cleared on the form: not brought back from the previous report
    again = post_create(client, users["leader"], "six_month", "SNV", "2022-H1")
    assert again.status_code == 200 and "đã tồn tại" in again.content.decode()


def test_staff_of_the_sos_create_its_reports_but_not_a_units(client, demo, users):
    assert post_create(client, users["staff_tcbc"], "annual", "SNV", "2021-Y").status_code == 302
    response = post_create(client, users["staff_tcbc"], "unit_cchc", "SYT", "2025-H1")
    assert response.status_code == 200 and not Report.objects.filter(unit__code="SYT").exists()


def test_the_year_end_report_is_the_annual_kind(demo):
    problem = selectors.creation_problem(kind("six_month"), unit("SNV"), period("2021-H2"))
    assert problem == "Báo cáo cuối năm 2021 là báo cáo năm, không phải «Báo cáo sơ kết công tác 6 tháng của Sở Nội vụ» 6 tháng cuối năm 2021."
    assert not selectors.creation_problem(kind("annual"), unit("SNV"), period("2021-Y"))
    assert selectors.creation_problem(kind("six_month"), unit("SYT"), period("2022-H1"))  # not a department's kind
    assert selectors.creation_problem(kind("unit_cchc"), unit("CHAUTHANH"), period("2026-H1"))  # closed by then
    report = services.create_report(None, kind("annual"), unit("SNV"), period("2021-Y"))
    content = selectors.build_content(report, strict=False)
    assert "6 tháng" not in content.subject and content.subject.endswith("năm 2021 và phương hướng, nhiệm vụ năm 2022")


def test_a_unit_officer_creates_writes_and_downloads_its_own_report(client, demo, users, django_capture_on_commit_callbacks):
    officer = users["officer_dept"]  # cb.soyte
    assert post_create(client, officer, "unit_cchc", "SYT", "2025-H1").status_code == 302
    report = Report.objects.get(unit__code="SYT", kind__code="unit_cchc")
    section = report.sections.exclude(parent=None).first()
    response = client.post(reverse("reports:section_save", args=[report.pk, section.pk]),
                           {"text": "Ban hành kế hoạch cải cách hành chính năm 2025.", "ready": "1"})
    assert response.status_code == 302 and section.narratives.get().text.startswith("Ban hành")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:request_docx", args=[report.pk]))
    job = report.jobs.get()
    download = client.get(reverse("reports:download", args=[report.pk, job.pk]))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert "Ban hành kế hoạch cải cách hành chính năm 2025." in [p.text for p in open_docx(data).paragraphs]
    # The Sở reads it; officers of other units do not (404, as for a missing report).
    for who, status in ((users["leader"], 200), (users["staff_tcbc"], 200), (users["officer"], 404)):
        client.force_login(who)
        assert client.get(reverse("reports:download", args=[report.pk, job.pk])).status_code == status, who
    # An officer of the unit cannot create the Sở's report, nor another unit's.
    assert post_create(client, officer, "six_month", "SNV", "2022-H1").status_code == 200
    assert post_create(client, officer, "unit_cchc", "X-HOALUU", "2026-H1").status_code == 200
    assert Report.objects.count() == 2


def test_a_commune_officer_sees_only_its_communes_reports(client, demo, users, hoaluu):
    mine = services.create_report(hoaluu, kind("unit_cchc"), unit("X-HOALUU"), period("2026-H1"))
    other = services.create_report(None, kind("unit_cchc"), unit("SYT"), period("2025-H1"))
    client.force_login(hoaluu)
    html = client.get(reverse("reports:list")).content.decode()
    assert f'data-report="{mine.pk}"' in html and f'data-report="{other.pk}"' not in html
    assert f'data-report="{demo.pk}"' not in html
    assert client.get(reverse("reports:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:detail", args=[mine.pk])).status_code == 200


def test_a_closed_districts_officer_reads_its_history_but_creates_nothing(demo, users):
    report = services.create_report(None, kind("unit_cchc"), unit("VITHANH"), period("2021-H1"))
    officer = users["officer"]  # cb.vithanh: the district closed on 30/6/2025
    assert selectors.can_read(officer, report)
    assert not selectors.can_create(officer, kind("unit_cchc"), unit("VITHANH"), period("2021-H1"))
    assert not selectors.can_edit_section(officer, report, report.sections.first())


# Status per role for the new pages (302 = accepted). Officers of other units: 404 on the Sở's report.
EXPECTED = {
    "admin": {"create": 200, "update": 200, "apply": 302},
    "leader": {"create": 200, "update": 200, "apply": 302},
    "staff_tcbc": {"create": 200, "update": 200, "apply": 302},
    "officer": {"create": 200, "update": 404, "apply": 404},  # cb.vithanh: creates for Phường Vị Thanh (open)
    "officer_dept": {"create": 200, "update": 404, "apply": 404},  # cb.soyte: creates its department's
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_new_pages_for_every_role(client, demo, users, role):
    client.force_login(users[role])
    got = {
        "create": client.get(create_url()).status_code,
        "update": client.get(reverse("reports:outline_update", args=[demo.pk])).status_code,
        "apply": client.post(reverse("reports:outline_update", args=[demo.pk]), {"keep": "1"}).status_code,
    }
    assert got == EXPECTED[role]


def test_anonymous_is_sent_to_login(client, demo):
    for url in (create_url(), reverse("reports:outline_update", args=[demo.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_update_page_previews_then_applies(client, demo, users):
    from reports.models import OutlineSection

    parent = demo.kind.sections.get(title="Công tác văn thư, lưu trữ")
    OutlineSection.objects.create(kind=demo.kind, parent=parent, title="Về số hóa tài liệu lưu trữ", order=999)
    client.force_login(users["leader"])
    html = client.get(reverse("reports:outline_update", args=[demo.pk])).content.decode()
    assert '<li data-change="added">Về số hóa tài liệu lưu trữ</li>' in html
    assert not demo.sections.filter(title="Về số hóa tài liệu lưu trữ").exists()  # a preview writes nothing
    client.post(reverse("reports:outline_update", args=[demo.pk]))
    assert demo.sections.filter(title="Về số hóa tài liệu lưu trữ", parent__title=parent.title).exists()


def test_build_report_creates_the_draft_for_any_kind_unit_and_period(demo, tmp_path):
    out = tmp_path / "huyen.docx"
    stdout = io.StringIO()
    call_command("build_report", kind="unit_cchc", period="2021-H1", unit="CHAUTHANH", out=str(out), stdout=stdout)
    report = Report.objects.get(kind__code="unit_cchc", period__code="2021-H1", unit__code="CHAUTHANH")
    assert "Đã tạo dự thảo" in stdout.getvalue() and ReportSection.objects.filter(report=report).count() == report.kind.sections.count() == 12
    left = open_docx(out.read_bytes()).tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text.strip()][0] == "ỦY BAN NHÂN DÂN\nHUYỆN CHÂU THÀNH"
    with pytest.raises(CommandError, match="báo cáo năm"):
        call_command("build_report", kind="six_month", period="2021-H2", unit="SNV", out=str(out), stdout=stdout)


def test_a_new_report_tells_each_responsible_office_its_sections_wait_for_the_narrative(demo):
    from core.models import Notification
    from core.notifications import responsible_users

    report = services.create_report(None, kind("annual"), unit("SNV"), period("2021-Y"))
    offices = {s.office for s in report.sections.exclude(office=None).select_related("office")}
    told = 0
    for office in offices:
        key = f"bao-cao:cho-noi-dung:{report.pk}:{office.pk}"
        for person in responsible_users(office):
            note = Notification.objects.get(user=person, key=key)
            first = report.sections.filter(office=office).order_by("order", "id").first()
            assert note.link == reverse("reports:detail", args=[report.pk]) + f"#muc-{first.pk}"
            assert "chờ phòng viết nội dung" in note.title and first.title in note.body
            told += 1
    assert told >= 2  # the demo's offices have staff
    assert not Notification.objects.filter(key__startswith=f"bao-cao:cho-noi-dung:{report.pk}:",
                                            user__memberships__role=Role.OFFICER).exists()
    assert services.notify_narratives(report) == (0, 0)  # once per office and report
