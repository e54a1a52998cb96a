"""The emulation flow in a real browser (Chromium via Playwright): Phường Vị Thanh's officer files a
proposal; Ban TĐKT (cv.tdkt) returns it with a reason; the officer finds the notice on the dashboard,
opens it and resubmits; cv.tdkt accepts it into a decision; the statistics page and the next report
(the annual TĐKT report of 2025) count it."""

import re

import pytest

from core import demo as core_demo
from core.models import OrgUnit, Period
from emulation.models import Proposal, ProposalStatus
from reports import services as report_services
from reports.models import ReportKind
from tests.browser.test_login import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = core_demo.DEMO_PASSWORD
TITLE = "Đề nghị tặng Bằng khen thành tích năm 2025 của phường"


def _sign_out(page, _base):
    page.context.clear_cookies()


def test_file_return_resubmit_accept_and_count(page, live_server, report):
    from playwright.sync_api import expect

    base = live_server.url
    sign_in(page, base, "cb.vithanh", PASSWORD)
    page.locator('[data-nav="emulation"] a').click()
    page.wait_for_url(re.compile(r".*/thi-dua/$"))
    page.get_by_test_id("new-proposal").click()
    page.get_by_label("Đơn vị đề nghị").select_option(label="Phường Vị Thanh")
    page.get_by_label("Tên hồ sơ").fill(TITLE)
    page.get_by_label("Dịp khen thưởng").select_option(label="Tổng kết năm")
    page.get_by_label("Thời gian đạt thành tích").fill("năm 2025")
    row = page.locator('[data-testid="proposal-items"] tr[data-row="0"]')
    row.locator("select[name$='award_type']").select_option(label="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    row.locator("select[name$='recipient_kind']").select_option(label="Cá nhân")
    row.locator("input[name$='recipient_name']").fill("Đoàn Thị Kim Thoa")
    row.locator("textarea[name$='achievement']").fill("Hoàn thành xuất sắc nhiệm vụ năm 2025")
    page.get_by_test_id("submit-proposal").click()
    expect(page.get_by_test_id("proposal-status")).to_have_text("Đã gửi, chờ thẩm định")
    proposal = Proposal.objects.get(title=TITLE)

    _sign_out(page, base)
    sign_in(page, base, "cv.tdkt", PASSWORD)
    page.goto(f"{base}/thi-dua/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_test_id("return-form").get_by_label("Lý do trả lại").fill("Thiếu xác nhận thành tích của Đảng ủy phường.")
    page.get_by_test_id("return-form").get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("proposal-status")).to_have_text("Bị trả lại")

    _sign_out(page, base)
    sign_in(page, base, "cb.vithanh", PASSWORD)
    notice = page.get_by_test_id("notification").filter(has_text="Hồ sơ đề nghị khen thưởng bị trả lại")
    expect(notice).to_contain_text("Thiếu xác nhận thành tích của Đảng ủy phường.")
    notice.get_by_role("button").click()
    page.wait_for_url(re.compile(rf".*/thi-dua/de-nghi/{proposal.pk}/$"))
    expect(page.get_by_test_id("return-reason")).to_contain_text("Thiếu xác nhận")
    page.get_by_test_id("resubmit").click()
    row = page.locator('[data-testid="proposal-items"] tr[data-row="0"]')
    row.locator("textarea[name$='achievement']").fill("Hoàn thành xuất sắc nhiệm vụ năm 2025; có xác nhận của Đảng ủy phường")
    page.get_by_test_id("submit-proposal").click()
    expect(page.get_by_test_id("proposal-status")).to_have_text("Đã gửi, chờ thẩm định")

    _sign_out(page, base)
    sign_in(page, base, "cv.tdkt", PASSWORD)
    page.goto(f"{base}/thi-dua/de-nghi/{proposal.pk}/")
    form = page.get_by_test_id("accept-form")
    form.get_by_label("Số quyết định").fill("2468")
    form.get_by_label("Ngày quyết định").fill("2025-10-15")
    form.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.get_by_test_id("decision-title")).to_contain_text("Quyết định số 2468/QĐ-UBND ngày 15 tháng 10 năm 2025")
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED

    # The statistics page counts it (annual period 2025), with its chart drawn.
    page.get_by_test_id("tab-statistics").click()
    page.get_by_label("Kỳ").select_option(value="2025-Y")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_test_id("decision-count")).to_have_text("1")
    expect(page.locator('tr[data-type="bang-khen-chu-tich-tinh"] [data-testid="row-total"]')).to_have_text("1")
    expect(page.locator("#bieu-do-khen-thuong")).to_have_attribute("data-ready", "1")

    # The next report counts it.
    kind = ReportKind.objects.get(code="tdkt_annual")
    draft = report_services.create_report(None, kind, OrgUnit.objects.get(code="SNV"), Period.objects.get(code="2025-Y"))
    _sign_out(page, base)
    sign_in(page, base, "giamdoc", PASSWORD)
    page.goto(f"{base}/bao-cao/{draft.pk}/")
    expect(page.get_by_text("Kết quả khen thưởng cấp tỉnh: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 01 cá nhân.",
                            exact=False)).to_be_visible()
