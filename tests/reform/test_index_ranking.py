"""The province's CCHC index of its units: totals and ranks computed in the database, with ties;
the national indices' change in rank against the previous year."""

from decimal import Decimal

import pytest

from core.access import scope_for
from core.models import OrgUnit
from reform import selectors, services
from reform.models import Audience, Criterion, IndexResult, UnitIndexSet, UnitScore
from tests.reform.index_seed import _reform_seed, login, province, user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _set_with_scores(totals):
    """A set with one 10-point criterion split in two leaves; `totals` {unit code: appraised}."""
    index_set = UnitIndexSet.objects.create(year=2030, audience=Audience.DEPARTMENT, title="Bộ tiêu chí thử")
    top = Criterion.objects.create(index_set=index_set, code="1", title="Lĩnh vực", max_points=Decimal(10))
    a = Criterion.objects.create(index_set=index_set, parent=top, code="1.1", title="a", max_points=Decimal(6), sort_order=1)
    b = Criterion.objects.create(index_set=index_set, parent=top, code="1.2", title="b", max_points=Decimal(4), sort_order=2)
    for code, total in totals.items():
        unit = OrgUnit.objects.get(code=code)
        first = min(Decimal(total), Decimal(6))
        UnitScore.objects.create(criterion=a, unit=unit, appraised_score=first, self_score=first)
        if total is not None and Decimal(total) > first:
            UnitScore.objects.create(criterion=b, unit=unit, appraised_score=Decimal(total) - first)
    return index_set


def test_ranking_with_ties_skips_the_next_place(province):
    # STC and STP tie on 8,5 (reached by different leaves), so the next unit is 4th, not 3rd.
    index_set = _set_with_scores({"VPUB": "9.75", "STC": "8.5", "STP": "8.5", "SYT": "7", "SXD": "6.25"})
    ranks = {OrgUnit.objects.get(pk=u).code: (total, rank) for u, _s, total, rank in selectors.ranking(index_set)}
    assert ranks == {
        "VPUB": (Decimal("9.75"), 1), "STC": (Decimal("8.5"), 2), "STP": (Decimal("8.5"), 2),
        "SYT": (Decimal("7"), 4), "SXD": (Decimal("6.25"), 5),
    }


def test_table_marks_ties_and_keeps_the_whole_group_rank_for_an_officer(province, user):
    index_set = _set_with_scores({"VPUB": "9.75", "STC": "8.5", "SYT": "8.5", "SXD": "6.25"})
    table = selectors.index_table(scope_for(user("quantri")), index_set)
    assert [(r.unit.code, r.rank, r.tied) for r in table.rows] == [
        ("VPUB", 1, False), ("STC", 2, True), ("SYT", 2, True), ("SXD", 4, False)]
    assert table.max_total == Decimal(10)
    assert table.rows[0].cells == [Decimal("9.75")]
    # cb.soyte reads Sở Y tế only: one row, its rank among all four (2, tied), not 1 of 1.
    mine = selectors.index_table(scope_for(user("cb.soyte")), index_set)
    assert [(r.unit.code, r.rank, r.tied) for r in mine.rows] == [("SYT", 2, True)]


def test_demo_2020_tables_rank_every_unit_and_show_the_tie(province, user):
    scope = scope_for(user("giamdoc"))
    departments = selectors.index_table(scope, UnitIndexSet.objects.get(year=2020, audience=Audience.DEPARTMENT))
    assert len(departments.rows) == 14
    totals = [r.appraised_total for r in departments.rows]
    assert totals == sorted(totals, reverse=True)
    tied = {r.unit.code for r in departments.rows if r.tied}
    assert {"STP", "SCT"} <= tied
    assert departments.max_total == Decimal(100)
    for row in departments.rows:  # each column's parts add up to the total
        assert sum(c or 0 for c in row.cells) == row.appraised_total
    districts = selectors.index_table(scope, UnitIndexSet.objects.get(year=2020, audience=Audience.DISTRICT))
    assert [r.rank for r in districts.rows] == list(range(1, 9))


def test_a_score_above_the_maximum_is_refused_and_nothing_is_saved(province, user):
    index_set = _set_with_scores({})
    a, b = Criterion.objects.filter(index_set=index_set, parent__isnull=False).order_by("code")
    unit = OrgUnit.objects.get(code="STC")
    with pytest.raises(services.ReformError) as error:
        services.save_unit_scores(user("cv.cchc"), index_set, unit, {a.pk: ("5", "5,5"), b.pk: ("4", "4,25")})
    assert "vượt điểm tối đa 4" in error.value.message
    assert not UnitScore.objects.filter(unit=unit, criterion__index_set=index_set).exists()
    # A parent criterion is not scored: points live on leaves.
    with pytest.raises(services.ReformError):
        services.save_unit_scores(user("cv.cchc"), index_set, unit, {a.parent_id: ("5", "5")})
    assert services.save_unit_scores(user("cv.cchc"), index_set, unit, {a.pk: ("5", "5,5"), b.pk: ("", "3,75")}) == 2
    assert selectors.ranking(index_set)[0][2] == Decimal("9.25")


def test_only_the_cchc_office_writes_scores(province, user):
    index_set = _set_with_scores({})
    leaf = Criterion.objects.filter(index_set=index_set, parent__isnull=False).first()
    for username in ("giamdoc", "cv.tcbc", "cb.soyte"):
        with pytest.raises(services.PermissionDenied):
            services.save_unit_scores(user(username), index_set, OrgUnit.objects.get(code="SYT"), {leaf.pk: ("1", "1")})


def test_change_in_rank_against_the_previous_year(province):
    par = selectors.index_result(province, "PAR_INDEX", 2020)
    assert (par.score, par.rank, par.of_n, par.previous_rank) == (Decimal("84.71"), 27, 63, 29)
    assert par.change == 2 and par.change_text == "tăng 02 bậc"
    later = selectors.index_result(province, "PAR_INDEX", 2021)
    assert later.change == -3 and later.change_text == "giảm 03 bậc"
    first = selectors.index_result(province, "PAR_INDEX", 2019)
    assert first.previous_rank is None and first.change_text is None
    assert selectors.index_result(province, "PAR_INDEX", 2018) is None
    IndexResult.objects.filter(index="SIPAS", year=2021).update(rank=31)
    assert selectors.index_result(province, "SIPAS", 2021).change_text == "giữ nguyên"


def test_a_corrected_previous_year_changes_the_computed_change(province):
    IndexResult.objects.filter(index="PAR_INDEX", year=2019).update(rank=26)
    assert selectors.index_result(province, "PAR_INDEX", 2020).change_text == "giảm 01 bậc"


def test_rank_beyond_the_provinces_is_refused(province, user):
    with pytest.raises(services.ReformError) as error:
        services.save_index_result(user("cv.cchc"), unit=province, index="PAPI", year=2022, score=Decimal("43"),
                                   rank=64, of_n=63)
    assert "64" in error.value.message
    assert not IndexResult.objects.filter(index="PAPI", year=2022).exists()
