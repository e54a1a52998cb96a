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


def test_pending_forms_costs_the_same_queries_with_more_forms(officer, h1):
    """The forms list and the «biểu mẫu cần gửi» card: one query per open period, not two per form
    and period (22 queries for one commune's officer on the load bench's data)."""
    import datetime

    from collection import selectors

    day = datetime.date(2021, 6, 1)
    cchc = DataSet.objects.get(code="CCHC-DV")

    def counted():
        with CaptureQueriesContext(connection) as ctx:
            forms = selectors.pending_forms(officer, today=day)
        return len(ctx.captured_queries), {(f.data_set.code, f.unit.code, f.period.code) for f in forms}

    counted()  # the user's scope (memberships) is read once per user object
    before, forms = counted()
    assert ("CCHC-DV", "VITHANH", "2021-H1") in forms
    for i in range(4):
        extra = DataSet.objects.create(code=f"THEM-{i}", name=f"Biểu mẫu thêm {i}", period_type=cchc.period_type,
                                       reporting_kinds=["district"], reviewing_office=cchc.reviewing_office)
        if i == 0:
            extra.units.add(officer.memberships.get().unit)
    after, more = counted()
    assert after == before, (before, after)
    assert {f for f in more if not f[0].startswith("THEM-")} == forms
    assert {f for f in more if f[0].startswith("THEM-")} == {(f"THEM-{i}", "VITHANH", "2021-H1") for i in range(4)}
