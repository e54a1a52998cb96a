"""Bench: the staffing figures of a six-month report since issue 18 (decisions and who decided kept
beside the sums): `personnel_counts` with its separately decided groups against the sums only,
and the staffing sections built from them, on the demo province plus `--extra` bulk rows.

    .venv/bin/python bench/staffing_counts.py [--runs 10] [--extra 20000]

Needs PostgreSQL: uses DATABASE_URL when set (the database is migrated and filled — use a
throwaway one), otherwise starts a throwaway cluster and removes it afterwards. Prints min /
median time, SQL queries and the rows the GROUP BY returns. A figure-printing script, not a test.
"""

import argparse
import datetime
import os
import statistics
import sys
import time

from _support import ROOT, start_postgres  # noqa: F401 - ROOT puts the project on sys.path


def setup(extra):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from core import demo as core_demo
    from core.models import OrgUnit
    from staffing import demo
    from staffing.models import PersonnelAction

    core_demo.seed(until_year=2022)
    demo.seed(until_year=2022)
    units = list(OrgUnit.objects.filter(code__in=["SYT", "SGDDT", "STP", "VITHANH", "NGABAY"]))
    rows = []
    for i in range(extra):  # bulk rows with their own decision numbers and authorities, spread over H1
        unit = units[i % len(units)]
        action = PersonnelAction(action_type="nang_luong_thuong_xuyen", quantity=1 + i % 9, unit=unit,
                                 effective_date=datetime.date(2021, 1, 1) + datetime.timedelta(days=i % 160),
                                 decision_number=f"{i}/QĐ-BENCH", decisions=1 + i % 3 if i % 9 >= 3 else None,
                                 authority=("Chủ tịch UBND tỉnh", "Giám đốc Sở Nội vụ", "Chủ tịch UBND huyện")[i % 3])
        action.prepare()
        rows.append(action)
    PersonnelAction.objects.bulk_create(rows, batch_size=2000)


def measure(label, fn, runs):
    from django.db import connection, reset_queries

    times = []
    for _ in range(runs):
        reset_queries()
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    queries = len(connection.queries)
    print(f"{label:<58} min {min(times):7.1f} ms  median {statistics.median(times):7.1f} ms  {queries} truy vấn")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--extra", type=int, default=20000)
    args = parser.parse_args()
    pg = None
    if not os.environ.get("DATABASE_URL"):
        pg = start_postgres()
        os.environ["DATABASE_URL"] = pg.url
    try:
        setup(args.extra)
        from django.conf import settings
        from django.db import connection

        settings.DEBUG = True  # to count queries
        connection.force_debug_cursor = True
        from core.models import OrgUnit, Period
        from core.reporting import ReportContext
        from staffing import report, selectors
        from staffing.models import PersonnelAction

        h1, hg = Period.objects.get(code="2021-H1"), OrgUnit.objects.get(code="HG")
        print(f"{PersonnelAction.objects.count()} dòng quyết định; kỳ {h1.label}")
        sums = measure("personnel_counts (chỉ tổng, groups=False)",
                       lambda: selectors.personnel_counts(h1, root=hg, groups=False), args.runs)
        full = measure("personnel_counts (kèm nhóm quyết định, cơ quan)",
                       lambda: selectors.personnel_counts(h1, root=hg), args.runs)
        print(f"  dòng GROUP BY: tổng {len(sums.rows)}, nhóm {len(full.groups)}")
        for name in ("civil_servants", "salary", "by_authority", "by_level"):
            section = getattr(report, name)
            measure(f"mục {name} (một ngữ cảnh mới mỗi lần)",
                    lambda section=section: section(ReportContext(period=h1, root=hg)), args.runs)
    finally:
        if pg is not None:
            pg.stop()


if __name__ == "__main__":
    sys.exit(main())
