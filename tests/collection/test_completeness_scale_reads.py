"""The report and dashboard reads that join a form's unit to the ancestry table, as the province grows
(issue 17 item 2). Same synthetic provinces as test_completeness_scale (bulk inserts, no ANALYZE:
the state right after a bulk load). On PostgreSQL the rows their plans read (EXPLAIN ANALYZE, rows ×
loops of every node) grow with the units, not with their square: without statistics the «is this
form's unit under the root» probe was a BitmapAnd reading the root's whole subtree per form, the
dashboard's late units an anti join re-reading every form sent per unit, and the report sum looped
over every element for every form.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collection import dashboard, selectors
from collection.models import Aggregation, DataElement, DataValue, Submission
from core.models import OrgUnit
from tests.collection.test_completeness_scale import _rows_read, build

pytestmark = pytest.mark.django_db


def plan_work(call):
    """(result, rows read by the plans of the SELECTs `call` runs) on PostgreSQL."""
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    work = 0
    with connection.cursor() as cursor:
        for query in ctx.captured_queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                plan = cursor.fetchone()[0]
                work += _rows_read((plan if isinstance(plan, list) else __import__("json").loads(plan))[0]["Plan"])
    return result, work


def measure(code, districts, communes):
    leader, data_set, period = build(code, districts, communes)
    # The catalogue's indicators (a report sums a few of them), one value per form of the period.
    elements = DataElement.objects.bulk_create([DataElement(code=f"{code}-E{i}", name=f"Chỉ tiêu {i}",
                                                            aggregation=Aggregation.SUM) for i in range(40)])
    forms = list(Submission.objects.filter(data_set=data_set, period=period))
    DataValue.objects.bulk_create([DataValue(submission=s, element=elements[0], numeric_value=Decimal(2)) for s in forms])
    province = OrgUnit.objects.get(code=code)
    late = period.deadline + datetime.timedelta(days=3)
    calls = {
        "aggregate": lambda: selectors.aggregate(data_set, period, province, statuses=selectors.ALL_SUBMITTED),
        "coverage": lambda: selectors.coverage(data_set, period, province),
        "missing_units": lambda: selectors.missing_units(data_set, period, province),
        "unit_values": lambda: selectors.unit_values(data_set, period, province, statuses=selectors.ALL_SUBMITTED),
        "open_completeness": lambda: dashboard.open_completeness(leader, late),
    }
    out = {}
    for name, call in calls.items():
        result, work = plan_work(call)
        out[name] = work
        if name == "aggregate":
            sent = sum(1 for s in forms if s.status in selectors.ALL_SUBMITTED)
            assert result[(elements[0].code, None)] == 2 * sent
            out["values"] = sent
        if name == "open_completeness":
            mine = [item for item in result if item["data_set"] == data_set and item["period"] == period]
            assert mine and mine[0]["late"] and mine[0]["late_units"]
    return out


def test_ancestry_joins_read_rows_linear_in_units():
    if connection.vendor != "postgresql":
        pytest.skip("Kế hoạch truy vấn (EXPLAIN ANALYZE) chỉ đo trên PostgreSQL.")
    small = measure("RA", 4, 30)  # 126 units
    large = measure("RB", 8, 60)  # 490 units: ×3.9
    # ×3,9 units: linear work grows ×4–6 (plans shift with the statistics other tests leave: the dashboard
    # read ×6,4 once in the full suite), a re-read per unit ×15 (the old plans). 8 tells them apart.
    for name in ("aggregate", "coverage", "missing_units", "unit_values", "open_completeness"):
        assert large[name] <= 8 * small[name], (name, small[name], large[name])
    # The sum reads a few rows per value, not one per element and form.
    assert large["aggregate"] <= 12 * large["values"], large
