"""The office's page (/ton-giao/): overdue dossiers flagged, and who may see which."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.models import Membership, OrgUnit, Role
from religion.models import Dossier, DossierResult, DossierType, Religion
from religion import selectors
from core.access import scope_for

pytestmark = pytest.mark.django_db
URL = "/ton-giao/"


def _dossier(unit_code, received, deadline, resolved=None, subject="Hồ sơ thử"):
    return Dossier.objects.create(
        type=DossierType.ABBOT, religion=Religion.objects.get(code="phat-giao"), applicant="Ban Trị sự thử",
        subject=subject, unit=OrgUnit.objects.get(code=unit_code), received_on=received, deadline=deadline,
        resolved_on=resolved, result=DossierResult.APPROVED if resolved else "")


def test_a_dossier_past_its_deadline_appears_as_overdue(province, login):
    today = timezone.localdate()
    late = _dossier("P-NGABAY", today - datetime.timedelta(days=40), today - datetime.timedelta(days=5), subject="Quá hạn")
    due = _dossier("P-NGABAY", today - datetime.timedelta(days=3), today + datetime.timedelta(days=10), subject="Còn hạn")
    done = _dossier("P-NGABAY", today - datetime.timedelta(days=40), today - datetime.timedelta(days=20),
                    resolved=today - datetime.timedelta(days=25), subject="Đã xong")
    # The database decides it (annotation and filter agree).
    scope = scope_for(get_user_model().objects.get(username="cv.tongiao"))
    flags = {d.pk: d.is_overdue for d in selectors.dossiers(scope, day=today).filter(pk__in=[late.pk, due.pk, done.pk])}
    assert flags == {late.pk: True, due.pk: False, done.pk: False}
    assert late.pk in set(selectors.overdue_dossiers(scope, today).values_list("pk", flat=True))
    page = login("cv.tongiao").get(URL).content.decode()
    overdue = page.split('data-testid="overdue"')[1].split("</table>")[0]
    assert f'data-row="{late.pk}"' in overdue and "5 ngày" in overdue
    assert f'data-row="{due.pk}"' not in overdue and f'data-row="{done.pk}"' not in overdue
    assert f'data-row="{due.pk}"' in page.split('data-testid="pending"')[1]


def test_deadline_day_itself_is_not_overdue(province):
    today = timezone.localdate()
    d = _dossier("HG", today - datetime.timedelta(days=20), today)
    scope = scope_for(get_user_model().objects.get(username="cv.tongiao"))
    assert not selectors.dossiers(scope, day=today).get(pk=d.pk).is_overdue
    assert selectors.dossiers(scope, day=today + datetime.timedelta(days=1)).get(pk=d.pk).is_overdue


def test_anonymous_is_sent_to_login(province, client, settings):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_officer_of_another_unit_sees_none_of_the_dossiers(province, login):
    today = timezone.localdate()
    late = _dossier("P-NGABAY", today - datetime.timedelta(days=40), today - datetime.timedelta(days=5))
    page = login("cb.soyte").get(URL)
    assert page.status_code == 200
    assert f'data-row="{late.pk}"' not in page.content.decode()
    assert 'data-testid="no-overdue"' in page.content.decode()


def test_district_officer_sees_its_own_communes_dossier(province, login):
    """cb.vithanh (Vị Thanh, closed 2025) reads its history: a dossier of 2021 about one of its communes."""
    old = _dossier("VITHANH-P1", datetime.date(2021, 3, 1), datetime.date(2021, 3, 21))
    other = _dossier("NGABAY", datetime.date(2021, 3, 1), datetime.date(2021, 3, 21))
    scope = scope_for(get_user_model().objects.get(username="cb.vithanh"))
    seen = set(selectors.dossiers(scope).values_list("pk", flat=True))
    assert old.pk in seen and other.pk not in seen


def test_leader_reads_but_may_not_edit(province, login):
    today = timezone.localdate()
    late = _dossier("P-NGABAY", today - datetime.timedelta(days=40), today - datetime.timedelta(days=5))
    page = login("giamdoc").get(URL)
    assert page.status_code == 200 and f'data-row="{late.pk}"' in page.content.decode()
    from religion import permissions
    assert not permissions.can_edit_registers(scope_for(get_user_model().objects.get(username="giamdoc")))
    assert not permissions.can_edit_registers(scope_for(get_user_model().objects.get(username="cv.tcbc")))
    assert permissions.can_edit_registers(scope_for(get_user_model().objects.get(username="cv.tongiao")))


def test_user_without_membership_is_refused(province, client):
    user = get_user_model().objects.create_user("khong.don.vi", password="x")
    client.force_login(user)
    assert client.get(URL).status_code == 403


def test_nav_links_the_religion_page(province, login):
    assert 'href="/ton-giao/"' in login("cv.tongiao").get("/").content.decode()
