"""The pages of the load bench (bench/pages.py) cost a fixed number of SQL queries, whatever the
number of values, units or forms (issue 17 item 1): each test counts the queries of one request or
service call, grows the data and counts again."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collection import services
from collection.models import DataElement, DataSet, DataValue

pytestmark = pytest.mark.django_db

FIGURES = ["HS_TIEP_NHAN", "HS_DA_GIAI_QUYET", "HS_DUNG_HAN", "HS_TRE_HAN", "HS_TRUC_TUYEN"]


@pytest.fixture
def form(province, h1):
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None  # 2021-H1 expired long ago; these tests are about entry
    ds.save()
    return services.get_submission(ds, province["VITHANH"], h1)


def _entries(codes, value):
    return {(DataElement.objects.get(code=code), None): {"value": str(value)} for code in codes}


def _save_queries(form, officer, codes, value):
    entries = _entries(codes, value)
    form.refresh_from_db()
    with CaptureQueriesContext(connection) as ctx:
        services.save_values(form, officer, entries, expected_version=form.version)
    return len(ctx.captured_queries)


def test_saving_changed_values_costs_the_same_queries_for_two_or_five_values(form, officer):
    services.save_values(form, officer, _entries(FIGURES, 1), expected_version=0)
    two = _save_queries(form, officer, FIGURES[:2], 2)
    five = _save_queries(form, officer, FIGURES, 3)
    assert five == two, (two, five)  # was one query more per stored value (its element)
    stored = {v.element.code: v for v in DataValue.objects.filter(submission=form).select_related("element")}
    assert {code: stored[code].numeric_value for code in FIGURES} == dict.fromkeys(FIGURES, Decimal(3))
    assert all(v.updated_by == officer for v in stored.values())
