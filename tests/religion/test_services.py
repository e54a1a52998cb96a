"""Writes of the religion registers: the responsible office only, a default legal deadline, and bad
input refused in Vietnamese with nothing saved."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import OrgUnit
from religion import services
from religion.models import DEADLINE_DAYS, Dossier, DossierResult, DossierType, Organization, Religion

pytestmark = pytest.mark.django_db
D = datetime.date


def _user(name):
    return get_user_model().objects.get(username=name)


def _new(**kw):
    fields = dict(type=DossierType.TRANSFER, religion=Religion.objects.get(code="phat-giao"), applicant="Ban Trị sự",
                  unit=OrgUnit.objects.get(code="HG"), received_on=D(2021, 5, 3))
    fields.update(kw)
    return Dossier(**fields)


def test_the_office_records_a_dossier_with_its_legal_deadline(province):
    row = services.save_row(_new(), _user("cv.tongiao"))
    assert row.pk and row.deadline == D(2021, 5, 3) + datetime.timedelta(days=DEADLINE_DAYS[DossierType.TRANSFER])
    assert row.history.count() == 1


@pytest.mark.parametrize("username", ["cv.tcbc", "giamdoc", "cb.vithanh"])
def test_others_may_not_write(province, username):
    before = Dossier.objects.count()
    with pytest.raises(PermissionDenied):
        services.save_row(_new(), _user(username))
    assert Dossier.objects.count() == before


@pytest.mark.parametrize("fields, field, words", [
    ({"applicant": "Ban\x07 Trị sự"}, "applicant", "ký tự điều khiển"),
    ({"resolved_on": D(2021, 5, 10)}, "result", "cần ghi kết quả"),
    ({"result": DossierResult.APPROVED}, "resolved_on", "cần ghi ngày giải quyết"),
    ({"resolved_on": D(2021, 5, 1), "result": DossierResult.APPROVED}, "resolved_on", "trước ngày tiếp nhận"),
    ({"deadline": D(2021, 4, 1)}, "deadline", "trước ngày tiếp nhận"),
])
def test_bad_input_is_refused_in_vietnamese(province, fields, field, words):
    before = Dossier.objects.count()
    with pytest.raises(ValidationError) as error:
        services.save_row(_new(**fields), _user("cv.tongiao"))
    assert words in " ".join(error.value.message_dict.get(field, []))
    assert Dossier.objects.count() == before


def test_organization_of_another_religion_is_refused(province):
    cao_dai = Organization.objects.get(name="Hội thánh Cao Đài Tây Ninh")
    with pytest.raises(ValidationError) as error:
        services.save_row(_new(organization=cao_dai), _user("cv.tongiao"))
    assert "không thuộc tôn giáo" in str(error.value)


def test_a_used_organization_cannot_be_deleted(province):
    org = Organization.objects.get(short_name="Ban Trị sự Phật giáo tỉnh")
    with pytest.raises(ValidationError):
        services.delete_row(org, _user("cv.tongiao"))
    assert Organization.objects.filter(pk=org.pk).exists()


def test_missing_default_religions_come_back(province):
    Religion.objects.filter(code__in=["baha-i", "minh-su-dao"]).delete()
    assert services.ensure_religions() == 2 and services.ensure_religions() == 0
