"""A leader builds the six-month report's Word file in a real browser (Chromium via Playwright):
opens the report, requests the DOCX, sees the job's progress bar (htmx polling), downloads the file
and python-docx opens it."""

import io
import re

import docx
import pytest

from core import demo as core_demo
from reports import services
from reports.models import JobStatus, Report, ReportJob
from tests.browser.test_login import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_requests_and_downloads_the_docx(page, live_server, report):
    from playwright.sync_api import expect

    sign_in(page, live_server.url, "giamdoc", core_demo.DEMO_PASSWORD)
    page.locator('[data-nav="reports"] a').click()
    page.wait_for_url(re.compile(r".*/bao-cao/$"))
    page.get_by_role("link", name=report.kind.name).click()
    expect(page.get_by_test_id("report-title")).to_contain_text("Sơ kết công tác Sở Nội vụ 6 tháng đầu năm")
    expect(page.get_by_text("kết quả có 2.222 đại biểu được bầu", exact=False)).to_be_visible()

    page.get_by_test_id("request-docx").click()
    page.wait_for_load_state("domcontentloaded")
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_be_visible()
    link = page.get_by_test_id("download-docx")
    expect(link).to_be_visible(timeout=30_000)
    expect(progress).to_have_attribute("aria-valuenow", "100")

    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "bao-cao-6-thang-dau-nam-2021-so-noi-vu.docx"
    document = docx.Document(download.path())
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any("2.222 đại biểu" in t for t in texts)
    assert ReportJob.objects.get().status == JobStatus.DONE


def test_progress_bar_polls_until_the_worker_finishes(page, live_server, report):
    from playwright.sync_api import expect

    job = ReportJob.objects.create(report=report, messages=["Đã nhận yêu cầu, đang chờ tạo báo cáo."])
    sign_in(page, live_server.url, "giamdoc", core_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    fragment = page.locator(f"#job-{job.pk}")
    expect(fragment).to_have_attribute("data-status", "queued")
    expect(page.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "0")
    expect(page.get_by_test_id("download-docx")).to_have_count(0)
    services.run_job(job.pk)  # the "worker" finishes; the page learns it by polling
    expect(fragment).to_have_attribute("data-status", "done", timeout=10_000)
    expect(page.get_by_test_id("download-docx")).to_be_visible()


def test_leader_approves_an_incomplete_report_only_with_a_reason(page, live_server, report):
    """The demo's figures cover fewer units than expected and one section is left empty: the leader
    sees what is missing, cannot approve without a reason, approves with one and sees it kept."""
    from playwright.sync_api import expect

    from reports.models import ReportSection, ReportStatus

    parent = report.sections.get(title="Công tác văn thư, lưu trữ")
    ReportSection.objects.create(report=report, parent=parent, title="Về số hóa tài liệu lưu trữ", order=999)
    sign_in(page, live_server.url, "giamdoc", core_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    concerns = page.get_by_test_id("approval-concerns")
    expect(concerns).to_contain_text("Về số hóa tài liệu lưu trữ» chưa có nội dung.")
    expect(concerns).to_contain_text("đơn vị gửi số liệu (chưa đủ)")

    page.get_by_test_id("approve").click()  # no reason
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_text("Chưa phê duyệt được: Báo cáo còn điểm chưa đủ", exact=False)).to_be_visible()
    expect(page.get_by_test_id("report-status")).to_have_text("Dự thảo")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    page.get_by_test_id("approval-reason").fill("Mục số hóa báo cáo riêng; số liệu còn thiếu bổ sung trong kỳ sau.")
    page.get_by_test_id("approve").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_test_id("report-status")).to_have_text("Đã phê duyệt")
    shown = page.get_by_test_id("approval-reason-shown")
    expect(shown).to_contain_text("Mục số hóa báo cáo riêng; số liệu còn thiếu bổ sung trong kỳ sau.")
    expect(shown).to_contain_text("Về số hóa tài liệu lưu trữ» chưa có nội dung.")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.approval_reason == "Mục số hóa báo cáo riêng; số liệu còn thiếu bổ sung trong kỳ sau."


def test_leader_creates_the_sos_report_for_a_new_period_and_builds_it(page, live_server, report):
    """«Tạo báo cáo» prefilled from the 2021-H1 report; the new 2022-H1 report has its own outline
    and its Word file is built."""
    from playwright.sync_api import expect

    sign_in(page, live_server.url, "giamdoc", core_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/bao-cao/")
    page.get_by_test_id("create-report").click()
    page.locator("#pick-loai").select_option("six_month")
    page.locator("#pick-don-vi").select_option("SNV")
    page.locator("#pick-ky").select_option("2022-H1")
    page.get_by_role("button", name="Điền sẵn").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#id_signer_name")).to_have_value("Nguyễn Văn Minh")
    expect(page.locator("#id_issued_on")).to_have_value("2022-06-14")
    page.locator("#id_number").fill("21")
    page.get_by_test_id("create-submit").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_test_id("report-title")).to_contain_text("6 tháng đầu năm và chương trình công tác 6 tháng cuối năm 2022")
    new = Report.objects.get(kind__code="six_month", period__code="2022-H1", unit__code="SNV")
    assert new.sections.count() == report.sections.count() and new.number == "21"

    page.get_by_test_id("request-docx").click()
    page.wait_for_load_state("domcontentloaded")
    link = page.get_by_test_id("download-docx")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        link.click()
    texts = [p.text for p in docx.Document(info.value.path()).paragraphs]
    assert "BÁO CÁO" in texts and any("6 tháng cuối năm 2022" in t for t in texts)


def test_department_officer_creates_writes_and_downloads_its_own_report(page, live_server, report):
    """cb.soyte (Sở Y tế, open today) creates its unit's report, writes a section and downloads the
    Word file, whose header and signature pass the Nghị định 30 checks of test_layout."""
    from playwright.sync_api import expect

    from tests.reports.test_layout import check_header, check_signature

    sign_in(page, live_server.url, "cb.soyte", core_demo.DEMO_PASSWORD)
    page.locator('[data-nav="reports"] a').click()
    page.wait_for_url(re.compile(r".*/bao-cao/$"))
    page.get_by_test_id("create-report").click()
    page.locator("#id_kind").select_option(label="Báo cáo công tác cải cách hành chính của đơn vị")
    page.locator("#id_period").select_option(label="6 tháng đầu năm 2026")
    page.locator("#id_number").fill("12")
    page.locator("#id_issued_on").fill("2026-06-20")
    page.locator("#id_signer_authority").select_option("deputy")
    page.locator("#id_signer_name").fill("Đặng Minh Khoa")
    page.get_by_test_id("create-submit").click()
    page.wait_for_load_state("domcontentloaded")
    own = Report.objects.get(kind__code="unit_cchc", unit__code="SYT")
    section = own.sections.get(title="Cải cách thủ tục hành chính")
    page.locator(f"#text-{section.pk}").fill("Rà soát, đơn giản hóa 12 thủ tục hành chính.")
    page.locator(f"#muc-{section.pk} button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert section.narratives.get().text == "Rà soát, đơn giản hóa 12 thủ tục hành chính."

    page.get_by_test_id("request-docx").click()
    page.wait_for_load_state("domcontentloaded")
    link = page.get_by_test_id("download-docx")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as fh:
        data = fh.read()
    check_header(data, "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "SỞ Y TẾ", "Số: 12/BC-SYT", "Hậu Giang, ngày 20 tháng 6 năm 2026")
    check_signature(data, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Đặng Minh Khoa")
    assert "Rà soát, đơn giản hóa 12 thủ tục hành chính." in [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
