"""Bench: the CCHC dashboard, its export and the province's index tables.

    .venv/bin/python bench/reform_dashboard.py [--runs 30] [--communes 300]

Needs PostgreSQL: DATABASE_URL when set (a throwaway database: it is migrated and filled), else a
throwaway cluster (tests/run.py's Postgres). Seeds the demo province and the CCHC index demo, adds
a commune set with `--communes` scored communes (extra commune units) and approved CCHC-DV forms
for them, then renders each page through Django's test Client as the leader (DEBUG off) and
prints median / p95 time and the SQL query count next to the goal (dashboard pages ≤ 150 ms).
A figure-printing script, not a test.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _support import run_on_postgres  # noqa: E402

GOAL_MS = 150


def setup_django():
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())


def build(communes):
    """A commune set scored for `communes` extra communes, each with an approved CCHC-DV of 2021-H1."""
    import datetime
    import random
    from decimal import Decimal

    from collection.models import DataElement, DataSet, DataValue, Status, Submission
    from core import services as core_services
    from core.models import OrgUnit, OrgUnitKind, Period
    from reform.index_demo import seed_index
    from reform.models import Audience, Criterion, UnitIndexSet, UnitScore

    seed_index()
    rng = random.Random(14)
    parent = OrgUnit.objects.get(code="PHUNGHIEP")
    units = [core_services.create_unit(code=f"BENCH-X{i:04d}", name=f"Xã Thử {i}", kind=OrgUnitKind.COMMUNE,
                                       parent=parent, rebuild=False, valid_from=datetime.date(2015, 1, 1),
                                       valid_to=datetime.date(2025, 6, 30))
             for i in range(communes)]
    core_services.rebuild_ancestry()
    index_set = UnitIndexSet.objects.create(year=2020, audience=Audience.COMMUNE, title="Bộ tiêu chí cấp xã 2020")
    leaves = []
    for k in range(1, 9):
        top = Criterion.objects.create(index_set=index_set, code=str(k), title=f"Lĩnh vực {k}", max_points=Decimal(12))
        for j in range(1, 4):
            leaves.append(Criterion.objects.create(index_set=index_set, parent=top, code=f"{k}.{j}", title="Tiêu chí",
                                                   max_points=Decimal(4)))
    UnitScore.objects.bulk_create(UnitScore(criterion=c, unit=u, appraised_score=Decimal(rng.randint(8, 16)) / 4,
                                            self_score=Decimal(4)) for u in units for c in leaves)
    data_set = DataSet.objects.get(code="CCHC-DV")
    period = Period.objects.get(code="2021-H1")
    elements = {e.code: e for e in DataElement.objects.filter(code__in=["HS_TIEP_NHAN", "HS_TRUC_TUYEN",
                                                                       "HS_DA_GIAI_QUYET", "HS_DUNG_HAN"])}
    subs = Submission.objects.bulk_create(Submission(data_set=data_set, unit=u, period=period, status=Status.APPROVED,
                                                     version=1) for u in units)
    values = []
    for s in subs:
        received = rng.randint(200, 900)
        resolved = received - rng.randint(0, 30)
        for code, value in (("HS_TIEP_NHAN", received), ("HS_TRUC_TUYEN", rng.randint(0, received // 3)),
                            ("HS_DA_GIAI_QUYET", resolved), ("HS_DUNG_HAN", resolved - rng.randint(0, 8))):
            values.append(DataValue(submission=s, element=elements[code], numeric_value=value))
    DataValue.objects.bulk_create(values)
    return index_set


def measure(client, url, runs):
    from django.db import connection

    client.get(url)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        client.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(25)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], len(executed)


def run(args):
    from django.contrib.auth import get_user_model
    from django.test import Client

    t0 = time.perf_counter()
    index_set = build(args.communes)
    print(f"dữ liệu: {args.communes} xã thêm, {time.perf_counter() - t0:.1f} s")
    client = Client()
    client.force_login(get_user_model().objects.get(username="giamdoc"))
    pages = [
        ("(so sánh) trang tổng quan", "/"),
        ("bảng theo đơn vị (2021-H1)", "/cai-cach-hanh-chinh/?period=2021-H1&index_year=2020"),
        ("xuất Excel bảng theo đơn vị", "/cai-cach-hanh-chinh/xuat-excel/?period=2021-H1&index_year=2020"),
        ("chỉ số CCHC các đơn vị 2020", "/cai-cach-hanh-chinh/chi-so-don-vi/?year=2020"),
        ("bộ tiêu chí cấp xã (chi tiết)", f"/cai-cach-hanh-chinh/chi-so-don-vi/{index_set.pk}/"),
    ]
    print(f"{'trang':<34} {'trung vị':>9} {'p95':>9} {'mục tiêu':>9} {'truy vấn':>9}")
    failed = False
    for label, url in pages:
        median, p95, queries = measure(client, url, args.runs)
        ok = p95 <= GOAL_MS
        failed |= not ok
        print(f"{label:<34} {median:>7.1f}ms {p95:>7.1f}ms {GOAL_MS:>7}ms {queries:>9}  {'đạt' if ok else 'CHƯA ĐẠT'}")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--communes", type=int, default=300)
    args = parser.parse_args()
    return run_on_postgres(setup_django, run, args)


if __name__ == "__main__":
    sys.exit(main())
