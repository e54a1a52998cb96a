"""Issue 16 item 1 in a real browser: a Sở reviewer returns a form; the officer who submitted it
signs in, sees the notification (unread count in the header), follows its link to the form, fixes
the value and resubmits; the reviewer is told the form came back."""

import re

import pytest
from django.contrib.auth import get_user_model

from collection import services
from collection.models import DataElement, Status, Submission
from core import demo
from core.models import Notification
from tests.browser.test_collection_flow import STAFF, alert_text, cell, province, sign_out  # noqa: F401 - fixture
from tests.browser.test_login import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFICER = "cb.soyte"
VALUES = {"HS_TIEP_NHAN": "1.234", "HS_TRUC_TUYEN": "300", "HS_DA_GIAI_QUYET": "1.200", "HS_DUNG_HAN": "1.190",
          "HS_TRE_HAN": "10", "VB_KY_SO_TY_LE": "97,5"}


def test_a_return_reaches_the_officer_who_follows_the_link_and_resubmits(page, live_server, province):
    period = province
    base = live_server.url
    form_path = f"/so-lieu/CCHC-DV/SYT/{period.code}/"
    officer = get_user_model().objects.get(username=OFFICER)
    submission = Submission.objects.filter(data_set__code="CCHC-DV", unit__code="SYT", period=period).first()
    if submission is None:
        from collection.models import DataSet
        from core.models import OrgUnit

        submission = services.get_submission(DataSet.objects.get(code="CCHC-DV"), OrgUnit.objects.get(code="SYT"), period)
    entries = {(DataElement.objects.get(code=c), None): {"value": v} for c, v in VALUES.items()}
    services.save_values(submission, officer, entries, expected_version=submission.version)
    services.submit(submission, officer)

    # 1. The reviewer is told a form arrived, opens it from the notification page and returns it.
    sign_in(page, base, STAFF, demo.DEMO_PASSWORD)
    page.locator("[data-testid=header-notifications]").click()
    page.wait_for_url(re.compile(r".*/thong-bao/$"))
    page.locator("[data-testid=notification-row]", has_text="Báo cáo mới chờ xét duyệt").get_by_role("button").first.click()
    page.wait_for_url(f"{base}{form_path}")
    page.get_by_label("Lý do trả lại").fill("Số hồ sơ tiếp nhận trực tuyến chưa khớp (310).")
    page.get_by_role("button", name="Trả lại").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Đã trả lại báo cáo" in alert_text(page)
    sign_out(page)

    # 2. The officer who submitted sees the unread count, the notification, and follows it.
    sign_in(page, base, OFFICER, demo.DEMO_PASSWORD)
    assert int(page.locator("[data-testid=header-unread]").inner_text().split()[0]) >= 1
    page.locator("[data-testid=header-notifications]").click()
    page.wait_for_url(re.compile(r".*/thong-bao/$"))
    row = page.locator("[data-testid=notification-row]", has_text="Báo cáo bị trả lại")
    assert "chưa khớp (310)" in row.inner_text()
    row.get_by_role("button").first.click()
    page.wait_for_url(f"{base}{form_path}")
    note = Notification.objects.get(user=officer, key__startswith=f"xet-duyet:tra-lai:{submission.pk}:")
    assert note.read_at is not None  # following the link marked it read

    # 3. Fixes the value and resubmits; the reviewer is told it came back.
    cell(page, "Trong đó: tiếp nhận trực tuyến").fill("310")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Đã gửi báo cáo." in alert_text(page)
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED
    assert submission.values.get(element__code="HS_TRUC_TUYEN").numeric_value == 310
    reviewer = get_user_model().objects.get(username=STAFF)
    assert Notification.objects.filter(user=reviewer, title__startswith="Báo cáo gửi lại").count() == 1
