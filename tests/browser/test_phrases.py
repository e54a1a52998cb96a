"""A staff member of the responsible office rewords a phrase in a real browser: the preview
follows the typing on real data (htmx, no CSP refusal), an unknown placeholder is refused in
Vietnamese, and the saved phrase is what the next Word file says."""

import re

import pytest

from core import demo as core_demo
from reports import services
from tests.browser.test_collection_flow import csp_violations
from tests.browser.test_login import sign_in
from tests.reports.conftest import section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_rewords_a_phrase_with_a_live_preview(page, live_server, report):
    from playwright.sync_api import expect

    refused = csp_violations(page)
    sign_in(page, live_server.url, "cv.tcbc", core_demo.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/bao-cao/")
    page.get_by_test_id("phrases-link").click()  # found from the report list, not typed
    page.wait_for_url(re.compile(r".*/bao-cao/mau-cau/$"))
    page.locator('[data-phrase="hoi-quy.ket-qua.cau"] a').click()
    page.wait_for_url(re.compile(r".*/mau-cau/hoi-quy\.ket-qua\.cau/$"))
    preview = page.get_by_test_id("phrase-preview")
    expect(preview).to_contain_text("Trong 6 tháng đầu năm đã phê duyệt thành lập 01 Hội")

    box = page.get_by_label("Mẫu câu", exact=True)
    box.fill("Kỳ này, Sở đã tham mưu {list:viec}.")
    expect(preview).to_contain_text("Kỳ này, Sở đã tham mưu phê duyệt thành lập 01 Hội")
    box.fill("Kỳ này đã {list:viec} với {count:so_quyet_dinh} Quyết định.")
    expect(page.get_by_test_id("preview-error")).to_contain_text("Tên «so_quyet_dinh» không có")

    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("phrase-error")).to_contain_text("Tên «so_quyet_dinh» không có")
    page.get_by_label("Mẫu câu", exact=True).fill("Kỳ này, Sở đã tham mưu {list:viec}.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".portal-messages")).to_contain_text("Đã lưu mẫu câu")

    _stem, data = services.render_report(report)
    assert "Kỳ này, Sở đã tham mưu phê duyệt thành lập 01 Hội" in section(data, "2. Về công tác quản lý hội, quỹ")
    assert refused == []
