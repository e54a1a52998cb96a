"""The Ban Tôn giáo's specialist records a dossier in a real browser: a date that does not exist is
explained and nothing saved; then the dossier is saved, listed, and the six-month report's page
states it in the religion section (its count of transfers goes from 02 to 03)."""

import re

import pytest

from religion.models import Dossier
from tests.browser.test_staffing_import import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_records_a_dossier_and_the_report_states_it(page, live_server, report):
    from playwright.sync_api import expect

    base = live_server.url
    before = Dossier.objects.count()
    sign_in(page, base, "cv.tongiao")
    page.goto(f"{base}/bao-cao/{report.pk}/")
    expect(page.get_by_text("tiếp nhận thông báo thuyên chuyển chức sắc của Phật giáo 02", exact=False)).to_be_visible()

    page.locator('[data-nav="religion"] a').click()
    page.wait_for_url(f"{base}/ton-giao/")
    page.get_by_role("link", name="Hồ sơ quản lý nhà nước").click()
    page.get_by_role("link", name="Thêm hồ sơ").click()
    form = page.locator("[data-testid=register-form]")
    form.get_by_label("Loại hồ sơ", exact=True).select_option(label="Thuyên chuyển chức sắc, chức việc, nhà tu hành")
    form.get_by_label("Tôn giáo", exact=True).select_option(label="Phật giáo")
    form.get_by_label("Người, tổ chức đề nghị", exact=True).fill("Đại đức Thích Minh Đạo")
    form.get_by_label("Địa bàn", exact=True).select_option(label="Ủy ban nhân dân tỉnh Hậu Giang")
    form.get_by_label("Ngày tiếp nhận", exact=True).fill("31/04/2021")
    form.get_by_label("Ngày giải quyết", exact=True).fill("20/05/2021")
    form.get_by_label("Kết quả", exact=True).select_option(label="Tiếp nhận thông báo")
    form.get_by_role("button", name="Lưu").click()
    assert "Ngày «31/04/2021» không có thật." in form.inner_text()
    assert Dossier.objects.count() == before

    form.get_by_label("Ngày tiếp nhận", exact=True).fill("10/05/2021")
    form.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r".*/ton-giao/ho-so/\?year=2021$"))
    assert "Đã thêm hồ sơ." in page.locator(".portal-messages").inner_text()
    dossier = Dossier.objects.get(applicant="Đại đức Thích Minh Đạo")
    assert dossier.deadline.isoformat() == "2021-05-30"  # the legal deadline of a transfer, filled in
    assert "Đại đức Thích Minh Đạo" in page.locator(f'tr[data-row="{dossier.pk}"]').inner_text()

    page.goto(f"{base}/bao-cao/{report.pk}/")
    expect(page.get_by_text("tiếp nhận thông báo thuyên chuyển chức sắc của Phật giáo 03", exact=False)).to_be_visible()
