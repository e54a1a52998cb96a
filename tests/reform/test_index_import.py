"""The .xlsx import of the units' CCHC index scores (reform.resources on core.imports): the
criterion found from year, group and number; points checked against the maximum; all or nothing;
only the CCHC office imports."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.imports import jobs, workbook
from reform.models import Audience, Criterion, UnitIndexSet, UnitScore
from tests.reform.index_seed import _reform_seed, login, province, user  # noqa: F401  (fixtures)
from tests.staffing.files import workbook as workbook_bytes

pytestmark = pytest.mark.django_db

KIND = "diem_chi_so_cchc"
HEADERS = ["Năm", "Nhóm đơn vị", "Mã đơn vị", "Tiêu chí", "Điểm tự đánh giá", "Điểm thẩm định"]


@pytest.fixture
def district_set(province):
    index_set = UnitIndexSet.objects.create(year=2021, audience=Audience.DISTRICT, title="Cấp huyện 2021")
    top = Criterion.objects.create(index_set=index_set, code="1", title="Chỉ đạo", max_points=Decimal(5))
    Criterion.objects.create(index_set=index_set, parent=top, code="1.1", title="Kế hoạch", max_points=Decimal(3))
    Criterion.objects.create(index_set=index_set, parent=top, code="1.2", title="Báo cáo", max_points=Decimal(2))
    return index_set


def test_a_file_of_scores_is_imported_and_ranked(district_set):
    rows = [
        [2021, "UBND cấp huyện", "VITHANH", "1.1", "3", "2,75"],
        [2021, "UBND cấp huyện", "VITHANH", "1.2", 2, 1.5],
        [2021, "cấp huyện", "NGABAY", "1.1", "3", "3"],
        [2021, "UBND cấp huyện", "NGABAY", "1.2", "1,25", "1,25"],
    ]
    outcome = jobs.run_import(KIND, workbook_bytes(HEADERS, rows), dry_run=False)
    assert outcome.ok and outcome.saved and outcome.new == 4, outcome.problems
    totals = {s.unit.code: s for s in UnitScore.objects.filter(criterion__index_set=district_set, criterion__code="1.1")}
    assert totals["VITHANH"].appraised_score == Decimal("2.75")
    from reform import selectors

    assert [(r[2], r[3]) for r in selectors.ranking(district_set)] == [(Decimal("4.25"), 1), (Decimal("4.25"), 1)]
    # The same file again changes nothing; a corrected cell updates that row only.
    again = jobs.run_import(KIND, workbook_bytes(HEADERS, rows), dry_run=False)
    assert again.ok and again.new == 0 and again.updated == 0
    rows[0][5] = "3"
    fixed = jobs.run_import(KIND, workbook_bytes(HEADERS, rows), dry_run=False)
    assert fixed.ok and fixed.updated == 1 and fixed.new == 0


def test_bad_rows_save_nothing_and_say_why(district_set):
    rows = [
        [2021, "UBND cấp huyện", "VITHANH", "1.1", "3", "2,75"],     # fine
        [2021, "UBND cấp huyện", "NGABAY", "1.1", "3", "3,5"],       # above 3
        [2021, "UBND cấp huyện", "NGABAY", "1", "5", "5"],           # a parent criterion
        [2021, "UBND cấp huyện", "NGABAY", "9.9", "1", "1"],         # no such criterion
        [2021, "UBND cấp huyện", "SYT", "1.2", "1", "1"],            # a department in the district set
        [2021, "UBND cấp huyện", "VITHANH", "1.1", "2", "2"],        # duplicate of row 2
    ]
    outcome = jobs.run_import(KIND, workbook_bytes(HEADERS, rows), dry_run=False)
    assert not outcome.ok and not outcome.saved
    messages = " | ".join(f"{p['row']}:{p['message']}" for p in outcome.problems)
    assert "3:" in messages and "vượt điểm tối đa 3 của tiêu chí 1.1" in messages
    assert "có tiêu chí con" in messages
    assert "Không có tiêu chí «9.9»" in messages
    assert "không thuộc nhóm «UBND cấp huyện»" in messages
    assert {p["row"] for p in outcome.problems} == {3, 4, 5, 6, 7}
    assert not UnitScore.objects.filter(criterion__index_set=district_set).exists()


def test_the_template_and_the_pages_are_for_the_cchc_office(district_set, login):
    template = workbook.build_template(KIND)
    assert template[:2] == b"PK"
    client = login("cv.cchc")
    page = client.get(reverse("reform:import_start"))
    assert page.status_code == 200 and "Điểm chỉ số cải cách hành chính của các đơn vị" in page.content.decode()
    for username in ("giamdoc", "cv.tcbc", "cb.vithanh"):
        assert login(username).get(reverse("reform:import_template", args=[KIND])).status_code == 403, username
