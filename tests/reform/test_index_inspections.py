"""Inspections and initiatives as the reports count them: exact windows, the H1/2021 figure
«công nhận 04 sáng kiến … năm 2020», and queries that do not grow with the units."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.access import scope_for
from core.models import OrgUnit, Period
from reform import selectors
from reform.models import Audience, Criterion, Initiative, UnitIndexSet, UnitScore
from tests.reform.index_seed import _reform_seed, login, province, user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_h1_2021_recognised_four_initiatives_of_2020(province):
    h1 = Period.objects.get(code="2021-H1")
    assert selectors.initiatives_recognised(h1.start, h1.end, province) == {2020: 4}
    # The 2019 initiative recognised on 20/3/2020 belongs to 2020-H1, not to 2021-H1.
    assert selectors.initiatives_recognised(datetime.date(2019, 12, 15), datetime.date(2020, 6, 14)) == {2019: 1}
    # The window is exact: the day after it closes counts nothing more.
    Initiative.objects.create(year=2020, unit=OrgUnit.objects.get(code="STP"), title="Sáng kiến muộn",
                              recognised_on=h1.end + datetime.timedelta(days=1))
    assert selectors.initiatives_recognised(h1.start, h1.end, province) == {2020: 4}


def test_inspection_counts_of_a_period(province):
    h1 = Period.objects.get(code="2021-H1")
    assert selectors.inspection_counts(h1.start, h1.end, province) == {"plans": 1, "visits": 4, "units": 4}
    vithuy = OrgUnit.objects.get(code="VITHUY")
    assert selectors.inspection_counts(h1.start, h1.end, vithuy) == {"plans": 1, "visits": 1, "units": 1}


def test_an_officer_sees_only_the_plans_that_visited_its_units(province, user):
    plans = selectors.inspection_plans(scope_for(user("cb.vithanh")))
    assert plans == []
    leader_plans = selectors.inspection_plans(scope_for(user("giamdoc")), year=2021)
    assert [len(p.visible_visits) for p in leader_plans] == [5]


def _queries(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def test_index_table_and_dashboard_queries_do_not_grow_with_units(province, user):
    scope = scope_for(user("giamdoc"))
    period = Period.objects.get(code="2021-H1")
    communes = UnitIndexSet.objects.create(year=2020, audience=Audience.COMMUNE, title="Cấp xã 2020")
    leaf = Criterion.objects.create(index_set=communes, code="1", title="Một tiêu chí", max_points=Decimal(100))
    units = list(OrgUnit.objects.filter(kind="commune").active_during(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)))
    UnitScore.objects.create(criterion=leaf, unit=units[0], appraised_score=Decimal(81))
    scope.__dict__.pop("_unit_ids", None)
    few = (_queries(lambda: selectors.index_table(scope, communes)),
           _queries(lambda: selectors.dashboard(scope, period, index_year=2020)))
    UnitScore.objects.bulk_create(UnitScore(criterion=leaf, unit=u, appraised_score=Decimal(70 + i % 25))
                                  for i, u in enumerate(units[1:]))
    assert len(units) > 10
    scope.__dict__.pop("_unit_ids", None)
    many = (_queries(lambda: selectors.index_table(scope, communes)),
            _queries(lambda: selectors.dashboard(scope, period, index_year=2020)))
    assert many == few
    assert len(selectors.index_table(scope, communes).rows) == len(units)
