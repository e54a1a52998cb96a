"""Pickers in a real browser (core/pickers.py): in a province with more units than a select lists, a
specialist types part of a commune's name without accents and picks it, types «nguyen van» and picks the
person, and the streamlining case is saved with both."""

import datetime

import pytest

from core.models import OrgUnit
from staffing.models import CivilServant, StreamliningCase
from tests.browser.test_staffing_import import sign_in
from tests.core.test_views import FAST_HASHERS, add_communes, build_portal_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(settings, transactional_db):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.PICKER_FULL_LIST_MAX = 20  # fewer than the units and than the people: both are searched
    build_portal_tree()
    add_communes(60)
    syt = OrgUnit.objects.get(code="SYT")
    CivilServant.objects.bulk_create([
        CivilServant(ma_so=f"HG{i:06d}", full_name=name, birth_date=datetime.date(1980, 1, 1), gender="nam", unit=syt,
                     category="cong_chuc")
        for i, name in enumerate(["Nguyễn Văn An", "Nguyễn Thị Bình", "Đặng Văn Cường"] + [f"Trần Văn Thử {i}" for i in range(30)])
    ])


def test_a_unit_and_a_person_are_picked_by_typing(page, live_server, province):
    base = live_server.url
    sign_in(page, base, "cv.tcbc")
    page.goto(f"{base}/to-chuc-can-bo/tinh-gian-bien-che/them/")
    form = page.locator("[data-testid=register-form]")
    unit = form.get_by_label("Đơn vị", exact=True)
    assert unit.locator("option").count() == 1  # only the blank: the units are searched, not listed

    form.get_by_label("Năm", exact=True).fill("2024")
    form.get_by_label("Đợt", exact=True).fill("1")
    form.get_by_label("Giai đoạn", exact=True).select_option(label="Phê duyệt, thực hiện")
    form.get_by_label("Theo Nghị định", exact=True).select_option(label="Nghị định số 29/2023/NĐ-CP")

    page.locator("[data-picker-search=unit]").press_sequentially("xa moi 04", delay=30)
    unit.locator("option", has_text="Xã Mới 048").wait_for(state="attached")
    unit.select_option(label="Xã Mới 048")

    person = form.locator("select[name=person]")
    page.locator("[data-picker-search=person]").press_sequentially("nguyen van", delay=30)
    person.locator("option", has_text="Nguyễn Văn An").wait_for(state="attached")
    assert person.locator("option", has_text="Nguyễn Thị Bình").count() == 0
    person.select_option(label="Nguyễn Văn An — HG000000 (Sở Y tế)")

    form.get_by_label("Số trường hợp", exact=True).fill("1")
    form.get_by_label("Ngày thực hiện", exact=True).fill("22/03/2024")
    form.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{base}/to-chuc-can-bo/tinh-gian-bien-che/?year=2024")
    case = StreamliningCase.objects.get()
    assert (case.unit.code, case.person.ma_so, case.quantity) == ("XA-048", "HG000000", 1)
