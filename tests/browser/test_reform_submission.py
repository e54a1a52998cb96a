"""The CCHC loop in a real browser: a commune officer (cb.vithanh, Phường Vị Thanh) files the CCHC-DV
form of the last first half-year — a dossier balance that does not close is explained, not recomputed —,
another person of the Sở (cv.cchc) approves it, and the officer builds the unit's own CCHC report:
a DOCX with the unit's header and every figure of the form in sentences, passing the Nghị định 30
checks of tests/reports/test_layout.py."""

import io
import re

import docx
import pytest
from django.utils import timezone

from collection.models import DataSet, RuleExplanation, Status, Submission
from core import demo as core_demo
from core import formatting as f
from core.models import OrgUnit, Period
from reports.models import Report
from tests.browser.test_login import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER, STAFF, UNIT = "cb.vithanh", "cv.cchc", "P-VITHANH"
XA = "Cấp xã"

# What the ward typed: label → value as typed (Vietnamese separators). 36 + 1.046 = 1.029 + 4 + 2 + 43 + 2 + 2 (unexplained).
FIGURES = {
    "Số văn bản chỉ đạo, điều hành về cải cách hành chính được ban hành": "7",
    "Số cuộc kiểm tra công tác cải cách hành chính": "3",
    "Số cơ quan, đơn vị được kiểm tra": "5",
    "Số văn bản quy phạm pháp luật được rà soát, hệ thống hóa": "14",
    "Số thủ tục hành chính được công bố, công khai": "118",
    "Số thủ tục hành chính giải quyết theo cơ chế một cửa": "112",
    "Số thủ tục hành chính giải quyết theo cơ chế một cửa liên thông": "9",
    "Số hồ sơ kỳ trước chuyển sang": "36",
    "Tổng số hồ sơ tiếp nhận": "1.046",
    "Trong đó: tiếp nhận trực tiếp": "521",
    "Trong đó: tiếp nhận trực tuyến": "498",
    "Trong đó: tiếp nhận qua dịch vụ bưu chính công ích": "27",
    "Số hồ sơ đã giải quyết": "1.029",
    "Giải quyết trước hạn": "412",
    "Giải quyết đúng hạn": "611",
    "Giải quyết trễ hạn": "6",
    "Số hồ sơ tổ chức, cá nhân rút lại": "4",
    "Số hồ sơ từ chối giải quyết (trả lại, có nêu lý do)": "2",
    "Số hồ sơ đang giải quyết, còn trong hạn": "43",
    "Số hồ sơ đang giải quyết, đã quá hạn": "2",
    "Số văn bản xin lỗi do trễ hạn": "8",
    f"Hồ sơ tiếp nhận (theo cấp) — {XA}": "1.046",
    f"Hồ sơ tiếp nhận trực tuyến (theo cấp) — {XA}": "498",
    f"Hồ sơ đã giải quyết (theo cấp) — {XA}": "1.029",
    f"Hồ sơ giải quyết trễ hạn (theo cấp) — {XA}": "6",
    f"Dịch vụ công trực tuyến cung cấp (theo cấp) — {XA}": "74",
    "Số lượt cán bộ, công chức, viên chức được đào tạo, bồi dưỡng": "63",
    "Kế hoạch vốn đầu tư công được giao": "3.500.000.000",
    "Vốn đầu tư công đã giải ngân": "2.415.000.000",
    "Số văn bản đi gửi, nhận trên phần mềm quản lý văn bản": "1.875",
    "Tỷ lệ văn bản đi được ký số": "97,4",
    "Số chứng thư chữ ký số chuyên dùng được cấp": "19",
    "Trong đó: đang sử dụng": "18",
    "Số hộp thư điện tử công vụ được cấp": "42",
    "Số dịch vụ công trực tuyến toàn trình": "31",
    "Số dịch vụ công trực tuyến một phần": "43",
    "Số hồ sơ thanh toán trực tuyến": "57",
}
EXPLANATION = "02 hồ sơ đất đai chuyển lên Trung tâm Phục vụ hành chính công tỉnh giải quyết theo thẩm quyền."


def cell(page, label):
    return page.get_by_label(label, exact=True)


def written(label, typed):
    """How the report writes a typed figure: counts padded, money scaled, a rate with its «%»."""
    value = f.parse_number(typed)
    if label.startswith(("Kế hoạch vốn", "Vốn đầu tư")):
        return f.money(value)
    if label.startswith("Tỷ lệ"):
        return f.percent(value)
    return f.count(value)


def test_officer_files_staff_approves_officer_builds_the_units_cchc_report(page, live_server, report):
    from playwright.sync_api import expect

    from tests.reports.test_layout import check_header, check_signature, test_page_and_body_style, test_title_and_subject

    base = live_server.url
    # The last six-month period that has a «6 tháng» report (a second half is reported by the annual
    # report); its form is kept open for the test, as an admin's lock exception would.
    period = Period.objects.filter(type="six_month", number=1, end__lte=timezone.localdate()).order_by("-start").first()
    DataSet.objects.filter(code="CCHC-DV").update(expiry_days=None)
    form_path = f"/so-lieu/CCHC-DV/{UNIT}/{period.code}/"

    # 1. The ward's officer fills the form; the dossier balance is 02 short, so sending asks why.
    sign_in(page, base, OFFICER, core_demo.DEMO_PASSWORD)
    page.goto(f"{base}{form_path}")
    for label, value in FIGURES.items():
        cell(page, label).fill(value)
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_url(f"{base}{form_path}")
    expect(page.locator(".portal-messages")).to_contain_text("vui lòng ghi giải trình")
    submission = Submission.objects.get(data_set__code="CCHC-DV", unit__code=UNIT, period=period)
    assert submission.status == Status.DRAFT and submission.values.count() == len(FIGURES)
    page.get_by_test_id("explanation").fill(EXPLANATION)
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_url(f"{base}{form_path}")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi, chờ xét duyệt")
    assert RuleExplanation.objects.get(submission=submission).text == EXPLANATION
    page.get_by_role("button", name="Đăng xuất").click()

    # 2. Another person, of the office that reviews CCHC-DV, reads the explanation and approves.
    sign_in(page, base, STAFF, core_demo.DEMO_PASSWORD)
    page.goto(f"{base}{form_path}")
    expect(page.get_by_test_id("explanation-text")).to_contain_text("Trung tâm Phục vụ hành chính công tỉnh")
    page.get_by_role("button", name="Phê duyệt").click()
    page.wait_for_url(f"{base}{form_path}")
    expect(page.get_by_test_id("status")).to_have_text("Đã phê duyệt")
    page.get_by_role("button", name="Đăng xuất").click()

    # 3. The officer creates the ward's own CCHC report and downloads it.
    sign_in(page, base, OFFICER, core_demo.DEMO_PASSWORD)
    page.locator('[data-nav="reports"] a').click()
    page.wait_for_url(re.compile(r".*/bao-cao/$"))
    page.get_by_test_id("create-report").click()
    page.locator("#id_kind").select_option(label="Báo cáo công tác cải cách hành chính của đơn vị")
    page.locator("#id_unit").select_option(label=OrgUnit.objects.get(code=UNIT).name)
    page.locator("#id_period").select_option(label=period.label[:1].upper() + period.label[1:])
    page.locator("#id_number").fill("31")
    page.locator("#id_issued_on").fill(period.end.isoformat())
    page.locator("#id_addressees").fill("Sở Nội vụ tỉnh Hậu Giang")
    page.locator("#id_signer_name").fill("Phạm Thị Hồng")
    page.get_by_test_id("create-submit").click()
    page.wait_for_load_state("domcontentloaded")
    own = Report.objects.get(kind__code="unit_cchc", unit__code=UNIT, period=period)
    strengths = own.sections.get(title="Ưu điểm")
    page.locator(f"#text-{strengths.pk}").fill("Tỷ lệ hồ sơ trực tuyến tăng; cán bộ một cửa tận tình, đúng hẹn.")
    page.locator(f"#muc-{strengths.pk} button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    page.get_by_test_id("request-docx").click()
    page.wait_for_load_state("domcontentloaded")
    link = page.get_by_test_id("download-docx")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as fh:
        data = fh.read()

    # 4. The document: the ward's header and signature, the Nghị định 30 layout, every figure said.
    test_page_and_body_style(data)
    test_title_and_subject(data)
    check_header(data, "", "ỦY BAN NHÂN DÂN\nPHƯỜNG VỊ THANH", "Số: 31/BC-UBND",
                 f"Vị Thanh, {f.long_date(period.end)}")
    check_signature(data, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Phạm Thị Hồng")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    body = "\n".join(paragraphs)
    assert "Kính gửi: Sở Nội vụ tỉnh Hậu Giang" in paragraphs
    assert "đã được Sở Nội vụ phê duyệt" in body
    assert "Tỷ lệ hồ sơ trực tuyến tăng; cán bộ một cửa tận tình, đúng hẹn." in paragraphs
    missing = [label for label, typed in FIGURES.items()
               if XA not in label  # one level: the ward's level figures are its totals, said once
               and not re.search(rf"(?<![\d.,]){re.escape(written(label, typed))}(?![\d]|[.,]\d)", body)]
    assert missing == []
    assert "tỷ lệ giải quyết trước hạn và đúng hạn đạt 99,42%" in body  # (412 + 611) / 1.029, from the database
