"""Writes of the religion registers through the register service: the responsible office only, a
default legal deadline, and bad input refused in Vietnamese with nothing saved."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from core.access import scope_for
from core.errors import PermissionDenied, UserError
from core.models import OrgUnit
from core.registers.services import delete_register_row, save_register_row
from religion import services
from religion.forms import DossierForm
from religion.registers import REGISTERS
from religion.models import DEADLINE_DAYS, Dossier, DossierType, Organization, Religion

pytestmark = pytest.mark.django_db
D = datetime.date


def _user(name):
    return get_user_model().objects.get(username=name)


def _form(username, **overrides):
    data = {"type": DossierType.TRANSFER, "religion": Religion.objects.get(code="phat-giao").pk,
            "applicant": "Ban Trị sự", "unit": OrgUnit.objects.get(code="HG").pk, "quantity": "1",
            "received_on": "03/05/2021"}
    data.update(overrides)
    return DossierForm(data, scope=scope_for(_user(username)))


def test_the_office_records_a_dossier_with_its_legal_deadline(province):
    form = _form("cv.tongiao")
    assert form.is_valid(), form.errors
    row = save_register_row(form, _user("cv.tongiao"), REGISTERS)
    assert row.deadline == D(2021, 5, 3) + datetime.timedelta(days=DEADLINE_DAYS[DossierType.TRANSFER])


@pytest.mark.parametrize("username", ["cv.tcbc", "giamdoc", "cb.vithanh"])
def test_others_may_not_write(province, username):
    before = Dossier.objects.count()
    form = _form(username)
    if form.is_valid():  # cb.vithanh is not offered the province as a unit: refused already by the form
        with pytest.raises(PermissionDenied):
            save_register_row(form, _user(username), REGISTERS)
    assert Dossier.objects.count() == before


@pytest.mark.parametrize("fields, field, words", [
    ({"applicant": "Ban\x07 Trị sự"}, "applicant", "ký tự điều khiển"),
    ({"resolved_on": "10/05/2021"}, "result", "cần ghi kết quả"),
    ({"result": "chap_thuan"}, "resolved_on", "cần ghi ngày giải quyết"),
    ({"resolved_on": "01/05/2021", "result": "chap_thuan"}, "resolved_on", "trước ngày tiếp nhận"),
    ({"deadline": "01/04/2021"}, "deadline", "trước ngày tiếp nhận"),
    ({"received_on": "31/04/2021"}, "received_on", "không có thật"),
])
def test_bad_input_is_refused_in_vietnamese(province, fields, field, words):
    form = _form("cv.tongiao", **fields)
    assert not form.is_valid()
    assert words in " ".join(form.errors.get(field, [])), form.errors


def test_organization_of_another_religion_is_refused(province):
    cao_dai = Organization.objects.get(name="Hội thánh Cao Đài Tây Ninh")
    form = _form("cv.tongiao", organization=cao_dai.pk)
    assert not form.is_valid() and "không thuộc tôn giáo" in " ".join(form.errors["organization"])


def test_a_used_organization_cannot_be_deleted(province):
    org = Organization.objects.get(short_name="Ban Trị sự Phật giáo tỉnh")
    with pytest.raises(UserError):
        delete_register_row(org, _user("cv.tongiao"), REGISTERS)
    assert Organization.objects.filter(pk=org.pk).exists()


def test_missing_default_religions_come_back(province):
    Religion.objects.filter(code__in=["baha-i", "minh-su-dao"]).delete()
    assert services.ensure_religions() == 2 and services.ensure_religions() == 0
