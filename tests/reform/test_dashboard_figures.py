"""The CCHC dashboard adds figures up per unit from plain rows (issue 17: ~1,750 model objects per
page at a province's scale); the rows say what `unit_values` says."""

import pytest
from django.db.models.signals import post_init

from collection import selectors as collection_selectors
from collection.models import DataSet, DataValue
from core.access import scope_for
from core.models import OrgUnit, Period
from reform import selectors
from tests.reform.index_seed import _reform_seed, province, user  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_the_dashboard_builds_no_value_objects(province, user):
    made = []

    def seen(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(seen, sender=DataValue)
    try:
        board = selectors.dashboard(scope_for(user("giamdoc")), Period.objects.get(code="2021-H1"), index_year=2020)
    finally:
        post_init.disconnect(seen, sender=DataValue)
    assert any(r.on_time_rate is not None for r in board.rows)
    assert made == []


def test_unit_figures_are_unit_values_without_objects(province):
    data_set, period = DataSet.objects.get(code="CCHC-DV"), Period.objects.get(code="2021-H1")
    top = OrgUnit.objects.get(code="HG")
    objects = collection_selectors.unit_values(data_set, period, top)
    plain = collection_selectors.unit_figures(data_set, period, top)
    assert plain and plain == {code: [(unit.pk, option, value) for unit, option, value in rows]
                               for code, rows in objects.items()}
