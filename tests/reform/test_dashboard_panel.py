"""Issue 15 item 4 (CCHC indices by unit): the first page's panel «Chỉ số cải cách hành chính theo
đơn vị» for leaders — each scored unit's points and rank in the newest year against the year before,
a chart linking to the index table, an .xlsx export with the same numbers, in a number of queries
that does not grow with the number of units."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import services as core_services
from core.models import OrgUnit, OrgUnitKind
from reform.dashboard import unit_index_panel
from reform.models import Criterion, UnitIndexSet, UnitScore
from tests.reform.index_seed import _reform_seed, login, province, user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2021, 9, 1)


def _totals(year):
    """{unit name: appraised total} summed here from the scores."""
    rows = (UnitScore.objects.filter(criterion__index_set__year=year, appraised_score__isnull=False)
            .values("unit__name").annotate(total=Sum("appraised_score")))
    return {r["unit__name"]: r["total"] for r in rows}


def test_the_panel_states_each_units_index_from_the_scores(province, user):
    data = unit_index_panel(user("giamdoc"), TODAY)
    totals = _totals(2020)
    assert data.figures[0].value == len(totals) == len(data.export_rows)
    assert {r.cells[0]: r.cells[2] for r in data.export_rows} == totals
    for group in ("Sở, ban, ngành tỉnh", "UBND cấp huyện"):
        scores = [r.cells[2] for r in data.export_rows if r.cells[1] == group]
        ranks = [r.cells[3] for r in data.export_rows if r.cells[1] == group]
        assert scores == sorted(scores, reverse=True) and ranks[0] == 1
    # No 2019 index in the demo: no comparison, nothing invented.
    assert all(r.cells[4:] == [None, None, None] for r in data.export_rows)
    assert data.figures[1].previous is None and len(data.figures) == 2
    # The chart: the units' scores, each bar opening the index table of its group.
    assert data.chart["series"][0]["data"][0] == float(data.export_rows[0].cells[2])
    department = UnitIndexSet.objects.get(year=2020, audience="department")
    assert data.chart["links"][0] == reverse("reform:index_set_detail", args=[department.pk])
    assert data.link == reverse("reform:unit_index")


def test_the_panel_compares_with_the_year_before(province, user):
    department = UnitIndexSet.objects.get(year=2020, audience="department")
    data = unit_index_panel(user("giamdoc"), TODAY)
    first, second = [r.cells[0] for r in data.export_rows[:2]]
    before = UnitIndexSet.objects.create(year=2019, audience="department", title="Bộ tiêu chí năm 2019")
    criterion = Criterion.objects.create(index_set=before, code="1", title="Tổng", max_points=Decimal(100))
    UnitScore.objects.create(criterion=criterion, unit=OrgUnit.objects.get(name=second), appraised_score=Decimal(70))
    UnitScore.objects.create(criterion=criterion, unit=OrgUnit.objects.get(name=first), appraised_score=Decimal(60))
    data = unit_index_panel(user("giamdoc"), TODAY)
    rows = {r.cells[0]: r.cells for r in data.export_rows}
    assert rows[first][4:] == [Decimal(60), 2, 1]
    assert rows[second][4:] == [Decimal(70), 1, -1]
    assert {f.label: f.value for f in data.figures}["Đơn vị tăng bậc"] == 1
    mean_before = (Decimal(60) + Decimal(70)) / 2
    assert data.figures[1].previous == mean_before and data.figures[1].previous_label == "năm 2019"
    assert [s["label"] for s in data.chart["series"]] == ["Điểm năm 2020", "Điểm năm 2019"]
    assert department.pk  # the 2020 set is the one shown


def test_the_export_holds_the_panels_numbers(province, login):
    response = login("giamdoc").get(reverse("panel_export", args=["chi-so-cchc"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    totals = _totals(2020)
    found = {row[0]: Decimal(str(row[2])) for row in values if row and row[0] in totals}
    assert found == totals


def test_officers_do_not_get_the_panel(province, login):
    response = login("cb.vithanh").get(reverse("panel_export", args=["chi-so-cchc"]))
    assert response.status_code in (403, 404)


def _more_scored_units(n, start):
    hg = OrgUnit.objects.get(code="HG")
    department = UnitIndexSet.objects.get(year=2020, audience="department")
    parents = Criterion.objects.filter(index_set=department, parent__isnull=False).values("parent_id")
    leaf = Criterion.objects.filter(index_set=department).exclude(pk__in=parents).first()
    units = [core_services.create_unit(code=f"SO-TH-{i}", name=f"Sở Thêm {i}", kind=OrgUnitKind.DEPARTMENT, parent=hg,
                                       rebuild=False) for i in range(start, start + n)]
    core_services.rebuild_ancestry()
    UnitScore.objects.bulk_create([UnitScore(criterion=leaf, unit=u, appraised_score=Decimal(1 + i % 3))
                                   for i, u in enumerate(units)])


def test_the_panel_queries_do_not_grow_with_units(province, user):
    leader = user("giamdoc")
    _more_scored_units(3, 0)
    with CaptureQueriesContext(connection) as few:
        small = unit_index_panel(leader, TODAY)
    _more_scored_units(30, 3)
    with CaptureQueriesContext(connection) as many:
        large = unit_index_panel(leader, TODAY)
    assert len(large.export_rows) == len(small.export_rows) + 30
    assert len(many.captured_queries) == len(few.captured_queries), (len(few), len(many))
