"""A specialist of the Sở keeps the streamlining register in a real browser: a bad date is explained and
nothing saved; the case is added, listed with Vietnamese number formatting, edited, then deleted."""

from decimal import Decimal

import pytest

from staffing.models import StreamliningCase
from tests.browser.test_staffing_import import sign_in
from tests.core.test_views import FAST_HASHERS, build_portal_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(settings, transactional_db):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return build_portal_tree()


def test_staff_adds_edits_and_deletes_a_streamlining_case(page, live_server, province):
    base = live_server.url
    sign_in(page, base, "cv.tcbc")
    page.locator('[data-nav="staffing"] a').click()
    page.get_by_role("link", name="Tinh giản biên chế").click()
    page.wait_for_url(f"{base}/to-chuc-can-bo/tinh-gian-bien-che/")
    assert "Chưa có dữ liệu" in page.locator("main").inner_text()

    page.get_by_role("link", name="Thêm trường hợp tinh giản").click()
    form = page.locator("[data-testid=register-form]")
    form.get_by_label("Năm", exact=True).fill("2024")
    form.get_by_label("Đợt", exact=True).fill("1")
    form.get_by_label("Giai đoạn", exact=True).select_option(label="Phê duyệt, thực hiện")
    form.get_by_label("Theo Nghị định", exact=True).select_option(label="Nghị định số 29/2023/NĐ-CP")
    form.get_by_label("Đơn vị", exact=True).select_option(label="Sở Y tế")
    form.get_by_label("Số trường hợp", exact=True).fill("74")
    form.get_by_label("Kinh phí (đồng)", exact=True).fill("13.690.000.000")
    form.get_by_label("Ngày thực hiện", exact=True).fill("31/02/2024")
    form.get_by_role("button", name="Lưu").click()
    assert "Ngày «31/02/2024» không có thật." in form.inner_text()
    assert StreamliningCase.objects.count() == 0

    form.get_by_label("Ngày thực hiện", exact=True).fill("22/03/2024")
    form.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{base}/to-chuc-can-bo/tinh-gian-bien-che/?year=2024")
    assert "Đã thêm trường hợp tinh giản biên chế." in page.locator(".portal-messages").inner_text()
    case = StreamliningCase.objects.get()
    assert (case.quantity, case.amount, case.unit.code) == (74, Decimal("13690000000"), "SYT")
    row = page.locator(f'[data-testid=register-rows] tr[data-row="{case.pk}"]')
    text = row.inner_text()
    assert "Sở Y tế" in text and "13.690.000.000 đồng" in text and "22/03/2024" in text and "Phê duyệt, thực hiện" in text

    row.locator("[data-action=edit]").click()
    quantity = page.get_by_label("Số trường hợp", exact=True)
    assert quantity.input_value() == "74"
    assert page.get_by_label("Kinh phí (đồng)", exact=True).input_value() == "13.690.000.000"
    quantity.fill("1.360")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{base}/to-chuc-can-bo/tinh-gian-bien-che/?year=2024")
    assert "1.360" in page.locator(f'tr[data-row="{case.pk}"]').inner_text()
    case.refresh_from_db()
    assert case.quantity == 1360

    page.locator(f'tr[data-row="{case.pk}"] [data-action=delete]').click()
    assert "1.360" in page.locator("[data-testid=delete-details]").inner_text()
    assert StreamliningCase.objects.count() == 1  # asking is not deleting
    page.get_by_role("button", name="Xóa").click()
    page.wait_for_url(f"{base}/to-chuc-can-bo/tinh-gian-bien-che/?year=2024")
    assert "Đã xóa trường hợp tinh giản biên chế." in page.locator(".portal-messages").inner_text()
    assert page.locator(f'tr[data-row="{case.pk}"]').count() == 0
    assert StreamliningCase.objects.count() == 0


def test_staff_finds_an_old_document_by_searching(page, live_server, province):
    """The «Văn bản» select holds only the newest documents; typing in its search box finds an old one."""
    import datetime

    from core.models import DocumentType, LegalDocument

    LegalDocument.objects.bulk_create(
        LegalDocument(doc_type=DocumentType.PLAN, number=str(i), symbol="KH-TEST", issued_on=datetime.date(2000 + i, 1, 1),
                      issuer="Ủy ban nhân dân tỉnh", subject=f"kế hoạch thử số {i}")
        for i in range(1, 61)
    )
    old = LegalDocument.objects.get(number="1", symbol="KH-TEST")
    old.subject = "về sắp xếp tổ chức bộ máy"
    old.save()
    base = live_server.url
    sign_in(page, base, "cv.tcbc")
    page.goto(f"{base}/to-chuc-can-bo/tinh-gian-bien-che/them/")
    form = page.locator("[data-testid=register-form]")
    select = form.get_by_label("Văn bản", exact=True)
    label = "Kế hoạch số 1/KH-TEST ngày 01/01/2001"
    assert label not in select.inner_text()

    form.locator('[data-document-search="decision"]').fill("sắp xếp")
    page.wait_for_function(
        "label => [...document.querySelectorAll('#id_decision option')].some(o => o.textContent === label)", arg=label)
    assert select.locator("option").count() == 2  # «— Không có —» and the one match
    select.select_option(label=label)
    form.get_by_label("Năm", exact=True).fill("2024")
    form.get_by_label("Đợt", exact=True).fill("1")
    form.get_by_label("Giai đoạn", exact=True).select_option(label="Rà soát")
    form.get_by_label("Đơn vị", exact=True).select_option(label="Sở Y tế")
    form.get_by_label("Ngày thực hiện", exact=True).fill("22/03/2024")
    form.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{base}/to-chuc-can-bo/tinh-gian-bien-che/?year=2024")
    assert StreamliningCase.objects.get().decision == old

    page.locator("[data-action=edit]").first.click()
    assert page.get_by_label("Văn bản", exact=True).locator("option:checked").inner_text() == label
