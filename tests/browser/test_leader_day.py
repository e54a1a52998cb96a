"""Issue 15 «How it will be checked» (Playwright): a leader opens the dashboard, sees the charts
(the CCHC index by unit among them), follows a chart to its detail page, approves the report
waiting for approval from the dashboard, and downloads the annual report, whose DOCX python-docx
opens and which compares the year with the one before («so với năm 2020»)."""

import re

import docx
import pytest

from core import demo as core_demo
from core import services as core_services
from core.models import OrgUnit, Period
from reports import services
from reports.models import ReportKind, ReportStatus
from tests.browser.test_login import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leaders_day_dashboard_chart_approval_and_the_annual_report(page, live_server, report):
    from playwright.sync_api import expect

    core_services.create_periods(2020)  # the year before the annual report's, for its comparisons
    annual = services.create_report(None, ReportKind.objects.get(code="annual"), OrgUnit.objects.get(code="SNV"),
                                    Period.objects.get(code="2021-Y"), number="250", symbol="BC-SNV")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, live_server.url, "giamdoc", core_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/")

    # The charts are drawn, the CCHC index by unit among them, with its numbers beside it.
    cchc = page.locator('[data-panel="chi-so-cchc"]')
    expect(cchc).to_be_visible()
    expect(cchc.locator("canvas[data-chart]")).to_have_attribute("data-rendered", "1")
    expect(cchc.get_by_test_id("figure-value").first).to_have_text(re.compile(r"\d"))
    charts = page.locator("canvas[data-chart]")
    assert charts.count() >= 3
    assert not errors, errors

    # A chart opens its detail page: the province's CCHC index of its units.
    cchc.locator("canvas[data-chart]").click()
    page.wait_for_url(re.compile(r".*/cai-cach-hanh-chinh/chi-so-don-vi/(\d+/)?(\?.*)?$"))
    expect(page.get_by_text("Văn phòng Ủy ban nhân dân tỉnh").first).to_be_visible()

    # Back on the dashboard, the report waiting for approval: open it from the panel and approve it.
    page.goto(f"{live_server.url}/")
    waiting = page.locator('[data-panel="bao-cao-cho-duyet"]')
    waiting.locator(f'a[href="/bao-cao/{report.pk}/"]').first.click()
    page.wait_for_url(re.compile(rf".*/bao-cao/{report.pk}/$"))
    page.get_by_test_id("approval-reason").fill("Số liệu còn thiếu sẽ bổ sung trong kỳ sau.")
    page.get_by_test_id("approve").click()
    page.wait_for_load_state("domcontentloaded")
    expect(page.get_by_test_id("report-status")).to_have_text("Đã phê duyệt")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    # The annual report: build its DOCX and download it.
    page.goto(f"{live_server.url}/bao-cao/{annual.pk}/")
    page.get_by_test_id("request-docx").click()
    page.wait_for_load_state("domcontentloaded")
    link = page.get_by_test_id("download-docx")
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        link.click()
    document = docx.Document(info.value.path())
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any("so với năm 2020" in t for t in texts), [t for t in texts if "so với" in t]
    appendices = [t for t in texts if re.fullmatch(r"PHỤ LỤC [IVX]+", t)]
    assert len(appendices) == 5
    assert "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC CƠ QUAN, ĐƠN VỊ" in texts
