"""Who sees and writes what on every CCHC index page: anonymous users sign in first; a user
without a role gets 403; leaders and staff of other offices read; only the CCHC office's staff
(cv.cchc) write; an officer sees its own unit's rows or nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reform.models import Audience, UnitIndexSet, UnitScore
from tests.reform.index_seed import _reform_seed, login, province, user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _set():
    return UnitIndexSet.objects.get(year=2020, audience=Audience.DEPARTMENT)


def _pages():
    index_set = _set()
    return [
        reverse("reform:dashboard"), reverse("reform:dashboard_export"), reverse("reform:index_results"),
        reverse("reform:unit_index"), reverse("reform:index_set_detail", args=[index_set.pk]),
        reverse("reform:score_sheet", args=[index_set.pk, "SYT"]), reverse("reform:inspections"),
        reverse("reform:initiatives"),
    ]


def test_anonymous_users_sign_in_first(province, client, settings):
    login_url = reverse(settings.LOGIN_URL) if not settings.LOGIN_URL.startswith("/") else settings.LOGIN_URL
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login_url), url


def test_a_user_without_a_role_is_refused(province, client):
    nobody = get_user_model().objects.create_user("khongvaitro", password="x")
    client.force_login(nobody)
    for url in _pages():
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("username", ["giamdoc", "cv.tcbc", "cv.cchc", "quantri"])
def test_leaders_and_staff_read_every_page(province, login, username):
    client = login(username)
    for url in _pages():
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("reform:index_results")).content.decode()
    assert 'data-index="PAR_INDEX" data-year="2020"' in html
    unit_html = client.get(reverse("reform:unit_index"), {"year": 2020}).content.decode()
    assert unit_html.count('<tr data-unit="') == 14 + 8


def _score_post(index_set, points):
    leaf = index_set.criteria.filter(parent__isnull=False).order_by("sort_order").first()
    return leaf, {f"self_{leaf.pk}": points, f"appraised_{leaf.pk}": points}


@pytest.mark.parametrize("username", ["giamdoc", "cv.tcbc", "cb.soyte"])
def test_only_the_cchc_office_writes_scores(province, login, username):
    index_set = _set()
    leaf, data = _score_post(index_set, "0,5")
    before = UnitScore.objects.get(criterion=leaf, unit__code="SYT").appraised_score
    response = login(username).post(reverse("reform:score_sheet", args=[index_set.pk, "SYT"]), data)
    assert response.status_code == 403
    assert UnitScore.objects.get(criterion=leaf, unit__code="SYT").appraised_score == before


def test_the_cchc_office_writes_scores_and_a_bad_value_loses_nothing(province, login):
    index_set = _set()
    leaf, data = _score_post(index_set, "0,5")
    client = login("cv.cchc")
    url = reverse("reform:score_sheet", args=[index_set.pk, "SYT"])
    page = client.get(url).content.decode()
    assert 'name="appraised_%d"' % leaf.pk in page
    response = client.post(url, data)
    assert response.status_code == 302
    total = client.get(url).content.decode().split('data-testid="score-total"')[1].split("</tr>")[0]
    assert "xếp hạng" in total and "/14" in total
    assert str(UnitScore.objects.get(criterion=leaf, unit__code="SYT").appraised_score) == "0.50"
    response = client.post(url, {f"appraised_{leaf.pk}": "99", f"self_{leaf.pk}": "1"})
    assert response.status_code == 200 and "Vượt điểm tối đa" in response.content.decode()
    assert str(UnitScore.objects.get(criterion=leaf, unit__code="SYT").appraised_score) == "0.50"


def test_leaders_see_the_score_sheet_read_only(province, login):
    index_set = _set()
    html = login("giamdoc").get(reverse("reform:score_sheet", args=[index_set.pk, "SYT"])).content.decode()
    assert 'name="appraised_' not in html and "Lưu điểm" not in html


def test_an_officer_sees_only_its_own_units_rows(province, login):
    client = login("cb.soyte")
    index_set = _set()
    unit_html = client.get(reverse("reform:unit_index"), {"year": 2020}).content.decode()
    assert unit_html.count('<tr data-unit="') == 1 and '<tr data-unit="SYT"' in unit_html
    assert client.get(reverse("reform:score_sheet", args=[index_set.pk, "SYT"])).status_code == 200
    assert client.get(reverse("reform:score_sheet", args=[index_set.pk, "STC"])).status_code == 404
    board = client.get(reverse("reform:dashboard"), {"period": "2021-H1", "index_year": 2020}).context["board"]
    assert [r.unit.code for r in board.rows] == ["SYT"]
    national = client.get(reverse("reform:index_results")).content.decode()
    assert "data-index=" not in national and 'data-testid="province-only"' in national
    initiatives = client.get(reverse("reform:initiatives")).content.decode()
    assert initiatives.count('<tr data-unit="') == 1 and '<tr data-unit="SYT"' in initiatives
    inspections = client.get(reverse("reform:inspections")).content.decode()
    assert 'data-unit="' not in inspections  # Sở Y tế was not inspected in the demo


def test_a_district_officer_sees_its_district_and_not_the_departments(province, login):
    client = login("cb.vithanh")
    board = client.get(reverse("reform:dashboard"), {"period": "2021-H1", "index_year": 2020}).context["board"]
    assert [r.unit.code for r in board.rows] == ["VITHANH"]
    district_set = UnitIndexSet.objects.get(year=2020, audience=Audience.DISTRICT)
    assert client.get(reverse("reform:score_sheet", args=[district_set.pk, "VITHANH"])).status_code == 200
    assert client.get(reverse("reform:score_sheet", args=[district_set.pk, "NGABAY"])).status_code == 404
    export = client.get(reverse("reform:dashboard_export"), {"period": "2021-H1"})
    import io

    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == ["Thành phố Vị Thanh"]


def test_a_unit_outside_the_sets_group_is_not_found(province, login):
    client = login("cv.cchc")
    departments = _set()
    assert client.get(reverse("reform:score_sheet", args=[departments.pk, "VITHANH"])).status_code == 404
    assert client.get(reverse("reform:score_sheet", args=[departments.pk, "KHONGCO"])).status_code == 404


def test_the_cchc_office_is_offered_the_units_not_yet_scored(province, login):
    index_set = UnitIndexSet.objects.create(year=2021, audience=Audience.DISTRICT, title="Cấp huyện 2021")
    index_set.criteria.create(code="1", title="Một tiêu chí", max_points=10)
    html = login("cv.cchc").get(reverse("reform:index_set_detail", args=[index_set.pk])).content.decode()
    assert 'data-testid="unscored"' in html and html.count("/cham-diem/") == 8
    leader = login("giamdoc").get(reverse("reform:index_set_detail", args=[index_set.pk])).content.decode()
    assert 'data-testid="unscored"' not in leader
