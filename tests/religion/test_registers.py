"""The religion registers in web forms (/ton-giao/<register>/): who reads which rows, who writes,
a bad value explained with nothing saved, the conflict guard and the history of a row."""

import datetime

import pytest
from django.urls import reverse

from core.models import OrgUnit
from religion.models import Dossier, DossierType, Incident, Religion
from religion.registers import REGISTERS

pytestmark = pytest.mark.django_db
SLUGS = [r.slug for r in REGISTERS.tabs()]


def _list(slug):
    return reverse("religion:register_list", args=[slug])


def _dossier(unit_code, received=datetime.date(2021, 3, 1), applicant="Người thử"):
    return Dossier.objects.create(type=DossierType.ABBOT, religion=Religion.objects.get(code="phat-giao"),
                                  applicant=applicant, unit=OrgUnit.objects.get(code=unit_code),
                                  received_on=received)


@pytest.mark.parametrize("slug", SLUGS)
def test_anonymous_is_sent_to_login(province, client, slug):
    response = client.get(_list(slug))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_register_lists_for_staff_and_leaders(province, login, slug):
    for username in ("cv.tongiao", "giamdoc", "cv.tcbc", "cb.soyte"):
        assert login(username).get(_list(slug)).status_code == 200, username


def test_an_officer_reads_only_its_subtree_rows(province, login):
    mine = _dossier("VITHANH-P1", applicant="Của Vị Thanh")
    other = _dossier("NGABAY", applicant="Của Ngã Bảy")
    page = login("cb.vithanh").get(_list("ho-so") + "?year=2021").content.decode()
    assert f'data-row="{mine.pk}"' in page and f'data-row="{other.pk}"' not in page
    # A row out of reach answers 404, even to look at its edit page.
    assert login("cb.soyte").get(reverse("religion:register_edit", args=["ho-so", mine.pk])).status_code == 404


@pytest.mark.parametrize("username", ["giamdoc", "cv.tcbc", "cb.vithanh"])
def test_only_the_religion_office_writes(province, login, username):
    row = _dossier("VITHANH-P1")  # a row all three read (cb.vithanh: its district's history)
    client = login(username)
    page = client.get(_list("ho-so")).content.decode()
    assert 'data-testid="register-add"' not in page
    assert client.get(reverse("religion:register_create", args=["ho-so"])).status_code == 403
    assert client.post(reverse("religion:register_delete", args=["ho-so", row.pk])).status_code == 403
    assert Dossier.objects.filter(pk=row.pk).exists()


def _form(**overrides):
    religion = Religion.objects.get(code="phat-giao")
    data = {"type": DossierType.TRANSFER, "religion": religion.pk, "organization": "", "applicant": "Đại đức Thích Thử",
            "subject": "", "unit": OrgUnit.objects.get(code="HG").pk, "quantity": "1", "received_on": "03/05/2021",
            "deadline": "", "resolved_on": "", "result": "", "note": ""}
    data.update(overrides)
    return data


def test_the_office_adds_a_dossier_with_its_legal_deadline(province, login):
    client = login("cv.tongiao")
    response = client.post(reverse("religion:register_create", args=["ho-so"]), _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    row = Dossier.objects.get(applicant="Đại đức Thích Thử")
    assert row.deadline == datetime.date(2021, 5, 23)
    assert row.history.first().history_user.username == "cv.tongiao"


@pytest.mark.parametrize("overrides, message", [
    ({"received_on": "31/04/2021"}, "không có thật"),
    ({"resolved_on": "01/05/2021", "result": "tiep_nhan"}, "trước ngày tiếp nhận"),
    ({"resolved_on": "20/05/2021"}, "cần ghi kết quả"),
    ({"applicant": "Ban\x0b Trị sự"}, "ký tự điều khiển"),
])
def test_bad_values_are_explained_and_nothing_is_saved(province, login, overrides, message):
    before = Dossier.objects.count()
    response = login("cv.tongiao").post(reverse("religion:register_create", args=["ho-so"]), _form(**overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert Dossier.objects.count() == before


def test_a_concurrent_edit_is_refused(province, login):
    row = _dossier("HG")
    client = login("cv.tongiao")
    url = reverse("religion:register_edit", args=["ho-so", row.pk])
    page = client.get(url).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    Dossier.objects.filter(pk=row.pk).update(note="sửa bởi người khác")
    response = client.post(url, _form(applicant="Người thử", type=DossierType.ABBOT, received_on="01/03/2021",
                                      version=version))
    assert response.status_code == 200 and "người khác sửa" in response.content.decode()


def test_incidents_register_lists_complex_flag(province, login):
    Incident.objects.create(occurred_on=datetime.date(2021, 4, 1), unit=OrgUnit.objects.get(code="HG"),
                            description="Vụ việc thử", is_complex=True)
    page = login("giamdoc").get(_list("vu-viec") + "?year=2021").content.decode()
    assert "Vụ việc thử" in page
