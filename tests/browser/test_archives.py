"""The archive centre's specialist records a work item in a real browser: a bad figure is explained
and nothing saved; the item is saved, listed in Vietnamese number formatting, and the six-month
report page states it at once in the archives section."""

import re

import pytest

from archives.models import WorkItem, WorkKind
from core import demo as core_demo
from tests.browser.test_login import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENTENCE = "Số hóa 12.500 trang tài liệu của 01 đơn vị."


def test_archive_staff_records_a_work_item_and_the_report_states_it(page, live_server, report):
    from playwright.sync_api import expect

    base = live_server.url
    sign_in(page, base, "giamdoc", core_demo.DEMO_PASSWORD)
    page.goto(f"{base}/bao-cao/{report.pk}/")
    expect(page.get_by_text("3.316 hộp (07 đơn vị)", exact=False)).to_be_visible()
    assert SENTENCE not in page.content()  # the page is now cached
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, base, "cv.luutru", core_demo.DEMO_PASSWORD)
    page.locator('[data-nav="archives"] a').click()
    page.wait_for_url(re.compile(r".*/luu-tru/$"))
    page.get_by_test_id("register-add").click()
    form = page.locator("[data-testid=register-form]")
    form.get_by_label("Loại công việc", exact=True).select_option(label="Số hóa tài liệu")
    form.get_by_label("Tình trạng", exact=True).select_option(label="Hoàn thành")
    form.get_by_label("Đơn vị", exact=True).select_option(label="Sở Y tế")
    form.get_by_label("Số trang", exact=True).fill("12.500")
    form.get_by_label("Số mét giá", exact=True).fill("2.5")  # an English decimal point: refused
    form.get_by_label("Ngày bắt đầu (tiếp nhận)", exact=True).fill("03/05/2021")
    form.get_by_label("Ngày hoàn thành (bàn giao)", exact=True).fill("11/06/2021")
    form.get_by_role("button", name="Lưu").click()
    expect(form.get_by_text("Số không hợp lệ", exact=False)).to_be_visible()
    assert not WorkItem.objects.filter(kind=WorkKind.DIGITIZATION).exists()

    form.get_by_label("Số mét giá", exact=True).fill("")
    form.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r".*/luu-tru/cong-viec/\?year=2021$"))
    expect(page.locator(".portal-messages")).to_contain_text("Đã thêm công việc lưu trữ.")
    item = WorkItem.objects.get(kind=WorkKind.DIGITIZATION)
    assert (item.pages, item.unit.code) == (12500, "SYT")
    expect(page.locator(f'tr[data-row="{item.pk}"]')).to_contain_text("12.500")

    page.goto(f"{base}/bao-cao/{report.pk}/")
    expect(page.get_by_text(SENTENCE, exact=True)).to_be_visible()
