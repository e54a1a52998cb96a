"""Issue 10, item 7: a person's status follows their effective actions, and counts of people
«đang công tác» follow each person's current unit and the tree on the date asked."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.access import scope_for
from core.models import OrgUnit
from staffing import selectors
from staffing.models import ActionType, CivilServant, PersonnelAction

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def file_action(person, action_type, day):
    return PersonnelAction.objects.create(action_type=action_type, person=person, unit=person.unit, level="tinh",
                                          decision_number=f"{action_type}/{day:%Y%m%d}", effective_date=day)


def staff_scope():
    return scope_for(get_user_model().objects.get(username="cv.tcbc"))


@pytest.mark.parametrize("action_type", [ActionType.RETIREMENT, ActionType.RESIGNATION, ActionType.LEAVING_PROVINCE])
def test_a_decision_effective_today_ends_the_persons_service(province, login, action_type):
    person = CivilServant.objects.filter(unit__code="SYT", active=True).order_by("ma_so").first()
    listed = selectors.civil_servants(staff_scope())
    assert listed.filter(pk=person.pk).exists()

    file_action(person, action_type, TODAY)

    assert not selectors.civil_servants(staff_scope()).filter(pk=person.pk).exists()
    assert not person.is_in_service()
    html = login("cv.tcbc").get(reverse("staffing:civil_servant_detail", args=[person.ma_so])).content.decode()
    assert 'data-testid="status">Đã nghỉ, chuyển công tác<' in html
    summary = selectors.register_summary(staff_scope())
    assert summary["total"] == CivilServant.objects.in_service().filter(unit__valid_to__gte=TODAY).count()


def test_a_decision_effective_later_leaves_the_person_at_work_until_then(province, login):
    person = CivilServant.objects.filter(unit__code="SYT", active=True).order_by("ma_so").first()
    before = selectors.register_summary(staff_scope())["total"]
    file_action(person, ActionType.RETIREMENT, TODAY + datetime.timedelta(days=30))
    assert person.is_in_service() and not person.is_in_service(TODAY + datetime.timedelta(days=30))
    assert selectors.register_summary(staff_scope())["total"] == before
    html = login("cv.tcbc").get(reverse("staffing:civil_servant_detail", args=[person.ma_so])).content.decode()
    assert 'data-testid="status">Đang công tác<' in html


def test_a_later_reception_brings_a_retired_person_back(province):
    person = CivilServant.objects.filter(unit__code="SYT", active=True).order_by("ma_so").first()
    file_action(person, ActionType.RESIGNATION, datetime.date(2024, 1, 1))
    assert not person.is_in_service()
    file_action(person, ActionType.RECEPTION, datetime.date(2024, 6, 1))
    assert person.is_in_service() and not person.is_in_service(datetime.date(2024, 3, 1))


def test_summary_leaves_out_units_closed_before_today(province):
    summary = selectors.register_summary(staff_scope())
    assert "VITHANH" not in {row["unit"].code for row in summary["rows"]}  # the district closed on 30/6/2025
    assert CivilServant.objects.filter(unit__code="VITHANH", active=True).exists()


def test_register_used_follows_the_current_unit_and_the_tree_on_the_date(province):
    """Xã Tân Tiến was under Vị Thanh until 30/6/2025 and directly under the province after."""
    vithanh, province_unit, tantien = (OrgUnit.objects.get(code=c) for c in ("VITHANH", "HG", "VITHANH-TANTIEN"))
    CivilServant.objects.filter(ma_so__in=list(
        CivilServant.objects.filter(unit__code="SYT", active=True).order_by("ma_so").values_list("ma_so", flat=True)[:2]
    )).update(unit=tantien, category="cong_chuc")
    in_2021 = selectors.register_used([vithanh.pk, province_unit.pk], "cong_chuc", datetime.date(2021, 12, 31))
    in_2026 = selectors.register_used([vithanh.pk, province_unit.pk], "cong_chuc", datetime.date(2026, 12, 31))
    people_vithanh = CivilServant.objects.in_service(datetime.date(2021, 12, 31)).filter(
        unit__code__startswith="VITHANH", category__in=["cong_chuc", "can_bo"]).count()
    assert in_2021[vithanh.pk] == people_vithanh
    # 2026: the closed district counts nobody; the moved commune's people count under the province only.
    assert vithanh.pk not in in_2026
    open_2026 = CivilServant.objects.in_service(datetime.date(2026, 12, 31)).filter(
        unit__valid_to__gte=datetime.date(2026, 12, 31), category__in=["cong_chuc", "can_bo"]).count()
    assert in_2026[province_unit.pk] == open_2026
    assert in_2021[province_unit.pk] > in_2026[province_unit.pk]  # the districts' people no longer count
