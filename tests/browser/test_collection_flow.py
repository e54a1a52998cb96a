"""The whole collection loop in a real browser: an officer fills and sends a form, the reviewing
office returns it with a reason, the officer fixes and resends it, the office approves it; the
form then says it is locked and why, and the completeness grid shows the unit approved on time.

Set ENTRY_SCREENSHOT=/tmp/entry.png to keep a 1366×768 screenshot of the filled data-entry page.
"""

import os
import re

import pytest
from django.utils import timezone

from collection import catalogue
from collection.models import DataSet, Status, Submission
from core import demo
from core import services as core_services
from core.models import Period
from tests.browser.test_login import sign_in
from tests.core.test_views import FAST_HASHERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER = "cb.soyte"  # Sở Y tế: a department, which reports CCHC-DV every six months
STAFF = "cv.cchc"  # Phòng Cải cách hành chính - Văn thư lưu trữ reviews CCHC-DV (a demo login)


def csp_violations(page):
    """Console messages of Content-Security-Policy refusals, collected for the whole test."""
    found = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


@pytest.fixture
def province(settings, transactional_db):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    demo.seed_org_tree()
    demo.seed_users()
    year = timezone.localdate().year
    for y in (year - 1, year, year + 1):
        core_services.create_periods(y)
    catalogue.load_catalogue("SNV")
    DataSet.objects.filter(code="CCHC-DV").update(expiry_days=None)  # never expires during the test
    today = timezone.localdate()
    return Period.objects.filter(type="six_month", start__lte=today).order_by("-start").first()


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r".*/dang-nhap/$"))


def cell(page, label):
    return page.get_by_label(label, exact=True)


def alert_text(page):
    return page.locator(".portal-messages").inner_text()


def test_officer_sends_staff_returns_officer_fixes_staff_approves(page, live_server, province):
    period = province
    base = live_server.url
    form_path = f"/so-lieu/CCHC-DV/SYT/{period.code}/"
    violations = csp_violations(page)

    # 1. The officer finds the form among the unit's pending forms and fills it the Vietnamese way.
    sign_in(page, base, OFFICER, demo.DEMO_PASSWORD)
    page.locator('[data-nav="data"] a').click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("h1").inner_text() == "Số liệu của đơn vị"
    row = page.locator(f'[data-period="{period.code}"] tr[data-form="CCHC-DV/SYT"]')
    row.get_by_role("link", name="Nhập số liệu").click()
    page.wait_for_url(f"{base}{form_path}")
    assert "Báo cáo kết quả cải cách hành chính của đơn vị".upper() in page.locator("[data-testid=form-title]").inner_text().upper()

    values = {
        "Tổng số hồ sơ tiếp nhận": "1.234",
        "Trong đó: tiếp nhận trực tuyến": "300",
        "Số hồ sơ đã giải quyết": "1.200",
        "Giải quyết đúng hạn": "1.190",
        "Giải quyết trễ hạn": "10",
        "Tỷ lệ văn bản đi được ký số": "97,5",
    }
    for label, value in values.items():
        cell(page, label).fill(value)
    # A note on one value.
    page.get_by_label("Ghi chú: Giải quyết trễ hạn").fill("Do hồ sơ đất đai phức tạp")
    if os.environ.get("ENTRY_SCREENSHOT"):
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.environ["ENTRY_SCREENSHOT"])
        page.screenshot(path=os.environ["ENTRY_SCREENSHOT"].replace(".png", "-full.png"), full_page=True)
    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Đã lưu nháp 6 thay đổi." in alert_text(page)
    assert cell(page, "Tổng số hồ sơ tiếp nhận").input_value() == "1.234"
    assert cell(page, "Tỷ lệ văn bản đi được ký số").input_value() == "97,5"

    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Đã gửi báo cáo." in alert_text(page)
    assert "Biểu mẫu đã khóa:" in page.locator("[data-testid=lock-reason]").inner_text()
    assert page.locator("[data-testid=status]").inner_text() == "Đã gửi, chờ xét duyệt"
    sign_out(page)

    # 2. The reviewing office returns it, with a reason.
    sign_in(page, base, STAFF, demo.DEMO_PASSWORD)
    page.locator('[data-nav="review"] a').click()
    page.wait_for_load_state("domcontentloaded")
    page.locator(f'tr[data-form="CCHC-DV/SYT/{period.code}"]').get_by_role("link", name="Xét duyệt").click()
    page.wait_for_url(f"{base}{form_path}")
    page.get_by_label("Lý do trả lại").fill("Số hồ sơ tiếp nhận trực tuyến chưa khớp với Cổng dịch vụ công (310).")
    page.get_by_role("button", name="Trả lại").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Đã trả lại báo cáo" in alert_text(page)
    sign_out(page)

    # 3. The officer sees the reason (on the dashboard and on the form), fixes the value, resends.
    sign_in(page, base, OFFICER, demo.DEMO_PASSWORD)
    page.locator("[data-testid=returned-forms]").wait_for()  # loaded by htmx
    assert "chưa khớp với Cổng dịch vụ công" in page.locator("[data-testid=returned-forms]").inner_text()
    assert "Báo cáo bị trả lại" in page.locator("[data-testid=notifications]").inner_text()
    page.locator("[data-testid=returned-forms] a").first.click()
    page.wait_for_url(f"{base}{form_path}")
    reason = page.locator("[data-testid=return-reason]").inner_text()
    assert "Số hồ sơ tiếp nhận trực tuyến chưa khớp với Cổng dịch vụ công (310)." in reason
    cell(page, "Trong đó: tiếp nhận trực tuyến").fill("310")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Đã gửi báo cáo." in alert_text(page)
    sign_out(page)

    # 4. The office approves it; the form is locked and says why.
    sign_in(page, base, STAFF, demo.DEMO_PASSWORD)
    page.goto(f"{base}{form_path}")
    assert page.locator("[data-testid=review-panel]").count() == 1
    page.get_by_role("button", name="Phê duyệt").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Đã phê duyệt báo cáo của Sở Y tế" in alert_text(page)
    lock = page.locator("[data-testid=lock-reason]").inner_text()
    assert "Biểu mẫu đã khóa:" in lock and "đã được Sở Nội vụ phê duyệt" in lock
    assert page.get_by_role("button", name="Lưu nháp").count() == 0
    actions = page.locator("[data-testid=events] tr[data-action]").evaluate_all("rows => rows.map(r => r.dataset.action)")
    assert actions == ["submit", "return", "submit", "approve"]
    submission = Submission.objects.get(data_set__code="CCHC-DV", unit__code="SYT", period=period)
    assert submission.status == Status.APPROVED
    assert submission.values.get(element__code="HS_TRUC_TUYEN").numeric_value == 310
    sign_out(page)

    # 5. The officer sees it locked too, and the completeness grid shows the unit approved, on time.
    sign_in(page, base, OFFICER, demo.DEMO_PASSWORD)
    page.goto(f"{base}{form_path}")
    assert "Biểu mẫu đã khóa:" in page.locator("[data-testid=lock-reason]").inner_text()
    assert page.locator("input[name^='v-']").count() == 0
    page.locator('[data-nav="progress"] a').click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("#bieu-mau").input_value() == "CCHC-DV"  # the first data set is the default
    assert page.locator("#ky").input_value() == period.code
    row = page.locator("tr[data-unit=SYT]")
    assert row.locator("[data-testid=row-status]").inner_text().strip().startswith("Đã phê duyệt")
    assert "đúng hạn" in row.locator("[data-testid=row-status]").inner_text()
    cells = row.locator("td").all_inner_texts()
    assert cells[0].strip() == "1"  # phải báo cáo
    assert cells[1].startswith("1 (100%)") and cells[2].startswith("1 (100%)") and cells[3].startswith("1 (100%)")
    # The filter's selects submit on change through static/js/portal.js (no inline handler).
    page.locator("#bieu-mau").select_option("VTLT-DV")
    page.wait_for_url(re.compile(r".*bieu-mau=VTLT-DV.*"))
    assert page.locator("#bieu-mau").input_value() == "VTLT-DV"
    assert violations == []  # every page of the loop works under the Content-Security-Policy
