"""The completeness grid «tiến độ gửi báo cáo» as the province grows (issue 17, item 2).

Two sizes of the same synthetic province, built by bulk inserts with no ANALYZE (the suite's
PostgreSQL runs without autovacuum: the state right after a bulk load). The page's queries stay the
same in number, and on PostgreSQL the rows its plans read (EXPLAIN ANALYZE, every node's rows ×
loops) grow with the units, not with their square: a join probing the ancestry table by descendant
was planned without statistics as a loop that re-read the whole subtree for every unit.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collection.models import DataSet, Status, Submission
from core import services as core_services
from core.models import Membership, OrgUnit, OrgUnitKind, OrgUnitParentSpan, Period, PeriodType, Role

pytestmark = pytest.mark.django_db

YEAR = 2023


def build(code, districts, communes):
    """A province (`code`) with a Sở, `districts` × `communes`, a form for districts and communes,
    forms of every status in the period asked and in three other periods; returns (leader, data set, period)."""
    create = core_services.create_unit
    province = create(code=code, name=f"Tỉnh Quy Mô {code}", kind=OrgUnitKind.PROVINCE, rebuild=False)
    so = create(code=f"{code}-SNV", name=f"Sở Nội vụ tỉnh {code}", kind=OrgUnitKind.HOME_AFFAIRS, parent=province, rebuild=False)
    start = datetime.date(2000, 1, 1)
    tops = OrgUnit.objects.bulk_create([
        OrgUnit(code=f"{code}-H{d:02d}", name=f"Huyện {d:02d}", kind=OrgUnitKind.DISTRICT, parent=province, sort_order=d)
        for d in range(districts)])
    leaves = OrgUnit.objects.bulk_create([
        OrgUnit(code=f"{code}-H{d:02d}-X{c:03d}", name=f"Xã {d:02d}-{c:03d}", kind=OrgUnitKind.COMMUNE, parent=top, sort_order=c)
        for d, top in enumerate(tops) for c in range(communes)])
    OrgUnitParentSpan.objects.bulk_create([OrgUnitParentSpan(unit=u, parent_id=u.parent_id, valid_from=start)
                                           for u in tops + leaves])
    core_services.rebuild_ancestry()
    core_services.create_periods(YEAR, [PeriodType.SIX_MONTH])
    core_services.create_periods(YEAR + 1, [PeriodType.SIX_MONTH])
    periods = list(Period.objects.filter(type=PeriodType.SIX_MONTH, year__in=(YEAR, YEAR + 1)).order_by("start"))
    data_set = DataSet.objects.create(code=f"{code}-FORM", name="Biểu mẫu quy mô", reporting_kinds=["district", "commune"],
                                      reviewing_office=so)
    other = DataSet.objects.create(code=f"{code}-OTHER", name="Biểu mẫu khác", reporting_kinds=["district", "commune"],
                                   reviewing_office=so)
    statuses = [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.RETURNED]
    now = timezone.now()
    Submission.objects.bulk_create([
        Submission(data_set=ds, unit=unit, period=period, status=statuses[i % 4], version=1,
                   first_submitted_at=None if i % 4 == 0 else now, submitted_at=None if i % 4 == 0 else now)
        for ds in (data_set, other) for period in periods for i, unit in enumerate(tops + leaves) if i % 7])
    leader = get_user_model().objects.create_user(f"{code.lower()}-giamdoc")
    Membership.objects.create(user=leader, unit=so, role=Role.LEADER)
    return leader, data_set, periods[-1]


def page_work(client, path):
    """(status, queries, rows read by their plans on PostgreSQL or None) of one GET of `path`."""
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    work = None
    if connection.vendor == "postgresql":
        work = 0
        with connection.cursor() as cursor:
            for query in ctx.captured_queries:
                if not query["sql"].lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                work += _rows_read(plan[0]["Plan"])
    return response, len(ctx), work


def _rows_read(node):
    return node.get("Actual Rows", 0) * node.get("Actual Loops", 1) + sum(_rows_read(n) for n in node.get("Plans", []))


@pytest.mark.parametrize("level", ["top", "province"])
def test_completeness_queries_constant_and_work_linear_in_units(client, level):
    small = _measure(client, "SA", 4, 30, level)  # 126 units
    large = _measure(client, "SB", 8, 60, level)  # 490 units: ×3.9
    assert large["queries"] == small["queries"]
    if small["work"] is not None:
        # Linear is ×3.9 (measured ×4.3: the province-wide reads see both provinces); the loop over the
        # subtree per unit read ×16 (121.159 → 1.923.849 rows) and fails here.
        assert large["work"] <= 6 * small["work"], (small, large)


def _measure(client, code, districts, communes, level):
    leader, data_set, period = build(code, districts, communes)
    client.force_login(leader)
    path = reverse("collection:completeness") + f"?bieu-mau={data_set.code}&ky={period.code}"
    if level == "province":
        path += f"&don-vi={code}"
    response, queries, work = page_work(client, path)
    assert response.status_code == 200
    html = response.content.decode()
    expected = districts * (communes + 1)
    # The totals row counts every district and commune of the province, whatever the level shown.
    assert f">{expected:,}<".replace(",", ".") in html or f">{expected}<" in html
    return {"queries": queries, "work": work, "rows": html.count("data-unit=")}
