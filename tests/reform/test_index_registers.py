"""The CCHC registers in web forms (core.registers): index results, criteria sets and criteria,
inspection plans and visits, initiatives. cv.cchc writes with Vietnamese numbers and dates; a bad
value is explained and nothing is saved; every other role reads at most."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import OrgUnit
from reform.models import Audience, Criterion, IndexResult, Initiative, InspectionPlan, InspectionVisit, UnitIndexSet
from tests.reform.index_seed import _reform_seed, login, province, user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

SLUGS = ["ket-qua-chi-so", "bo-tieu-chi", "tieu-chi", "ke-hoach-kiem-tra", "dot-kiem-tra", "sang-kien-cchc"]


def create(slug):
    return reverse("reform:register_create", args=[slug])


def test_cv_cchc_adds_an_index_result_typed_the_vietnamese_way(province, login):
    client = login("cv.cchc")
    assert client.get(create("ket-qua-chi-so")).status_code == 200
    data = {"unit": province.pk, "index": "PAPI", "year": "2022", "score": "43,27", "rank": "29", "of_n": "63",
            "source": "Báo cáo PAPI 2022", "note": ""}
    response = client.post(create("ket-qua-chi-so"), data)
    assert response.status_code == 302 and response["Location"] == reverse("reform:index_results")
    row = IndexResult.objects.get(index="PAPI", year=2022)
    assert row.score == Decimal("43.27") and row.rank == 29
    assert row.history.count() == 1
    html = client.get(reverse("reform:index_results"), {"index": "PAPI"}).content.decode()
    assert "43,27" in html and "tăng 06 bậc" in html  # 35 in 2021 → 29 in 2022


def test_a_rank_beyond_the_provinces_is_explained_and_nothing_saved(province, login):
    client = login("cv.cchc")
    data = {"unit": province.pk, "index": "PAPI", "year": "2022", "score": "43,27", "rank": "64", "of_n": "63"}
    response = client.post(create("ket-qua-chi-so"), data)
    assert response.status_code == 200 and "Thứ hạng 64 lớn hơn tổng số 63" in response.content.decode()
    response = client.post(create("ket-qua-chi-so"), {**data, "rank": "20", "score": "43,271"})
    assert "Tối đa hai chữ số thập phân." in response.content.decode()
    # An index result belongs to the province, not to a department.
    response = client.post(create("ket-qua-chi-so"), {**data, "rank": "20", "unit": OrgUnit.objects.get(code="SYT").pk})
    assert response.status_code == 200
    assert not IndexResult.objects.filter(year=2022, index="PAPI").exists()


def test_criteria_sets_and_criteria_in_web_forms(province, login):
    client = login("cv.cchc")
    response = client.post(create("bo-tieu-chi"), {"year": "2021", "audience": "district",
                                                   "title": "Bộ tiêu chí cấp huyện năm 2021", "decision": ""})
    assert response.status_code == 302
    index_set = UnitIndexSet.objects.get(year=2021, audience=Audience.DISTRICT)
    response = client.post(create("tieu-chi"), {"index_set": index_set.pk, "code": "1", "title": "Chỉ đạo, điều hành",
                                                "max_points": "12", "sort_order": "1"})
    assert response.status_code == 302
    top = Criterion.objects.get(index_set=index_set, code="1")
    response = client.post(create("tieu-chi"), {"index_set": index_set.pk, "parent": top.pk, "code": "1.1",
                                                "title": "Kế hoạch", "max_points": "2,5", "sort_order": "2"})
    assert response.status_code == 302 and Criterion.objects.get(code="1.1", index_set=index_set).max_points == Decimal("2.5")
    # A parent from another set is refused.
    other = Criterion.objects.filter(index_set__year=2020).first()
    response = client.post(create("tieu-chi"), {"index_set": index_set.pk, "parent": other.pk, "code": "1.2",
                                                "title": "Báo cáo", "max_points": "2", "sort_order": "3"})
    assert "Tiêu chí cha phải thuộc cùng bộ tiêu chí." in response.content.decode()
    # A scored criterion gets no children.
    scored = Criterion.objects.filter(index_set__year=2020, parent__isnull=False).first()
    response = client.post(create("tieu-chi"), {"index_set": scored.index_set_id, "parent": scored.pk, "code": "9.9",
                                                "title": "Con", "max_points": "1", "sort_order": "99"})
    assert "đã có điểm của đơn vị" in response.content.decode()
    assert not Criterion.objects.filter(index_set=index_set, code="1.2").exists()
    assert not Criterion.objects.filter(code="9.9").exists()
    # The set's page warns that 2,5 of 12 points are broken down.
    html = client.get(reverse("reform:index_set_detail", args=[index_set.pk])).content.decode()
    assert "Tiêu chí 1: điểm tối đa 12 khác tổng điểm tối đa các tiêu chí con (2,5)." in html


def test_inspections_and_initiatives_in_web_forms(province, login):
    client = login("cv.cchc")
    plan = InspectionPlan.objects.get(year=2021)
    unit = OrgUnit.objects.get(code="SYT")
    response = client.post(create("dot-kiem-tra"), {"plan": plan.pk, "unit": unit.pk, "visited_on": "12/05/2022",
                                                    "findings": "Tốt", "recommendations": ""})
    assert "Ngày kiểm tra phải trong năm 2021 của kế hoạch." in response.content.decode()
    response = client.post(create("dot-kiem-tra"), {"plan": plan.pk, "unit": unit.pk, "visited_on": "12/05/2021",
                                                    "findings": "Thực hiện tốt một cửa.", "recommendations": ""})
    assert response.status_code == 302
    assert InspectionVisit.objects.filter(plan=plan, unit=unit).count() == 1
    response = client.post(create("sang-kien-cchc"), {"year": "2021", "unit": unit.pk, "title": "Sổ sức khỏe điện tử",
                                                      "decision": "Quyết định số 1/QĐ-UBND", "recognised_on": "31/12/2020"})
    assert "không thể được công nhận trước năm 2021" in response.content.decode()
    response = client.post(create("sang-kien-cchc"), {"year": "2021", "unit": unit.pk, "title": "Sổ sức khỏe điện tử",
                                                      "decision": "Quyết định số 1/QĐ-UBND", "recognised_on": "15/03/2022"})
    assert response.status_code == 302 and response["Location"] == reverse("reform:initiatives") + "?year=2021"
    assert Initiative.objects.filter(year=2021, unit=unit).exists()
    # A control character is refused naming the field, nothing saved.
    response = client.post(create("sang-kien-cchc"), {"year": "2021", "unit": unit.pk, "title": "Sáng\x07 kiến",
                                                      "decision": "", "recognised_on": "15/03/2022"})
    assert "ký tự điều khiển" in response.content.decode()
    assert Initiative.objects.filter(year=2021).count() == 1


@pytest.mark.parametrize("username", ["giamdoc", "cv.tcbc", "cb.soyte"])
def test_other_roles_do_not_write_the_registers(province, login, username):
    client = login(username)
    initiative = Initiative.objects.get(unit__code="SYT")
    for slug in SLUGS:
        assert client.get(create(slug)).status_code == 403, slug
    assert client.post(create("sang-kien-cchc"), {"year": "2021", "unit": initiative.unit_id, "title": "X",
                                                  "recognised_on": "15/03/2022"}).status_code == 403
    edit = reverse("reform:register_edit", args=["sang-kien-cchc", initiative.pk])
    delete = reverse("reform:register_delete", args=["sang-kien-cchc", initiative.pk])
    assert client.get(edit).status_code == 403 and client.post(delete).status_code == 403
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_an_officer_reads_its_own_rows_only_in_the_register_lists(province, login):
    client = login("cb.soyte")
    html = client.get(reverse("reform:register_list", args=["dot-kiem-tra"])).content.decode()
    assert 'data-row="' not in html  # Sở Y tế was never inspected in the demo
    visit = InspectionVisit.objects.filter(unit__code="SXD").first()
    assert client.get(reverse("reform:register_delete", args=["dot-kiem-tra", visit.pk])).status_code == 404
    leader = login("giamdoc").get(reverse("reform:register_list", args=["dot-kiem-tra"])).content.decode()
    assert leader.count('data-row="') == InspectionVisit.objects.count()


def test_cv_cchc_edits_and_deletes_a_visit(province, login):
    client = login("cv.cchc")
    visit = InspectionVisit.objects.filter(unit__code="SXD").first()
    edit = reverse("reform:register_edit", args=["dot-kiem-tra", visit.pk])
    form = client.get(edit)
    version = form.context["form"].initial["version"]
    response = client.post(edit, {"plan": visit.plan_id, "unit": visit.unit_id, "visited_on": "19/06/2020",
                                  "findings": "Đã khắc phục.", "recommendations": "", "version": version})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.findings == "Đã khắc phục." and visit.history.count() >= 1
    assert client.post(reverse("reform:register_delete", args=["dot-kiem-tra", visit.pk])).status_code == 302
    assert not InspectionVisit.objects.filter(pk=visit.pk).exists()
