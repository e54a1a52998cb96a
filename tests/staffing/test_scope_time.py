"""The civil-servant register (current data) and the dated registers follow the tree (issue 10,
item 4). Demo: Thành phố Vị Thanh closed 30/6/2025; Xã Tân Tiến moved directly under the province
on 1/7/2025. `cb.vithanh` is Vị Thanh's officer.
"""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from core.access import scope_for
from core.models import OrgUnit
from core.registers import selectors as register_selectors
from staffing import registers, selectors
from staffing.models import CivilServant, JobPositionApproval, PersonnelAction

pytestmark = pytest.mark.django_db

D = datetime.date
MOVED = "VITHANH-TANTIEN"


def unit(code):
    return OrgUnit.objects.get(code=code)


def moved_person():
    return CivilServant.objects.filter(unit__code=MOVED, active=True).order_by("ma_so").first()


def test_closed_districts_officer_no_longer_reads_the_moved_communes_current_staff(province, login):
    person = moved_person()
    assert person is not None  # the demo register has people in Tân Tiến
    client = login("cb.vithanh")
    listed = {p.ma_so for p in client.get(reverse("staffing:civil_servant_list")).context["page_obj"].paginator.object_list}
    assert person.ma_so not in listed
    # The district's own people and those of its communes that closed with it are still there.
    assert CivilServant.objects.filter(unit__code="VITHANH-HOALUU", active=True).first().ma_so in listed
    assert client.get(reverse("staffing:civil_servant_detail", args=[person.ma_so])).status_code == 404


def test_closed_districts_officer_exports_no_moved_commune_staff(province, login):
    person = moved_person()
    response = login("cb.vithanh").get(reverse("staffing:civil_servant_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert person.ma_so not in cells
    assert CivilServant.objects.filter(unit__code="VITHANH-P1", active=True).first().ma_so in cells


def test_province_staff_still_read_every_current_person(province):
    person = moved_person()
    scope = scope_for(_user("cv.tcbc"))
    assert selectors.civil_servants(scope).filter(ma_so=person.ma_so).exists()
    # People still filed under a closed unit stay visible to the province (where that unit ended).
    assert selectors.civil_servants(scope).filter(unit__code="VITHANH-HOALUU").exists()


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_dated_actions_follow_the_tree_of_their_effective_date(province):
    person = moved_person()
    early = PersonnelAction.objects.create(action_type="nghi_huu", level="xa", person=person, unit=unit(MOVED),
                                           effective_date=D(2021, 3, 1), decision_number="1/QĐ-T")
    late = PersonnelAction.objects.create(action_type="nghi_huu", level="xa", person=person, unit=unit(MOVED),
                                          effective_date=D(2025, 9, 1), decision_number="2/QĐ-T")
    officer = scope_for(_user("cb.vithanh"))
    seen = set(selectors.personnel_actions(officer).filter(unit__code=MOVED))
    assert early in seen and late not in seen
    counts = selectors.personnel_counts(start=D(2025, 7, 1), end=D(2025, 12, 31), scope=officer)
    assert counts.total("nghi_huu") == 0
    counts = selectors.personnel_counts(start=D(2021, 3, 1), end=D(2021, 3, 1), scope=officer)
    assert counts.total("nghi_huu") >= early.quantity


def test_register_rows_follow_the_tree_of_their_date(province, login):
    early = JobPositionApproval.objects.create(unit=unit(MOVED), approved_on=D(2021, 4, 1), positions=7)
    late = JobPositionApproval.objects.create(unit=unit(MOVED), approved_on=D(2025, 8, 1), positions=9)
    register = registers.REGISTERS["vi-tri-viec-lam"]
    client = login("cb.vithanh")
    response = client.get(reverse("staffing:register_list", args=[register.slug]))
    rows = {row for row, _cells in response.context["table"]}
    assert early in rows and late not in rows
    assert 2025 not in register_selectors.register_years(scope_for(_user("cb.vithanh")), register)
    officer = scope_for(_user("cb.vithanh"))
    assert register_selectors.register_row(officer, register, late.pk) is None
    assert register_selectors.register_row(officer, register, early.pk) == early
    # Province staff read both.
    staff = scope_for(_user("cv.tcbc"))
    assert {early, late} <= set(register_selectors.register_queryset(staff, register))


def test_staff_of_a_closed_office_no_longer_edit_or_import_registers(province, login):
    from django.contrib.auth import get_user_model

    from core import services as core_services
    from core.models import Membership, OrgUnitKind, Role

    office = core_services.create_unit(code="SNV-CU", name="Phòng đã giải thể", kind=OrgUnitKind.OFFICE, parent=unit("SNV"))
    core_services.close_unit(office, last_day=D(2024, 12, 31))
    user = get_user_model().objects.create_user("cv.cu")
    Membership.objects.create(user=user, unit=office, role=Role.STAFF)
    scope = scope_for(user)
    assert selectors.sees_people(scope)  # the history stays readable
    assert not selectors.can_edit_registers(scope) and not selectors.can_import(scope)
    client = login("cv.cu")
    before = JobPositionApproval.objects.count()
    response = client.post(reverse("staffing:register_create", args=["vi-tri-viec-lam"]),
                           {"unit": unit("SYT").pk, "approved_on": "01/03/2026", "positions": "3"})
    assert response.status_code == 403
    assert JobPositionApproval.objects.count() == before
