"""Bench: the first page (`/`, core.dashboard's panels) on a province-sized database.

    .venv/bin/python bench/dashboard.py [--runs 20] [--districts 20] [--communes 50]

Needs PostgreSQL: uses DATABASE_URL when set (the database is migrated and filled — use a
throwaway one), otherwise starts a throwaway cluster and removes it afterwards. Builds the
province of bench/completeness.py (~1.000 units, 10 data sets × 4 six-month periods of
submissions, the current one open), adds a civil-servant quota for every unit for this year and
the last, a reviewer of the forms' office and a draft six-month report; then renders `/` through
Django's test Client (force_login, DEBUG off) and prints min / median / p95 server time and the
SQL query count per role next to the goal (leader ≤ 150 ms). A figure-printing script, not a test.
BENCH_SHOW_QUERIES=1 lists the SQL; BENCH_PROFILE=1 prints a cProfile of five renders.
"""

import argparse
import os
import statistics
import sys
import time

import completeness as base  # bench/completeness.py: setup_django, build, measure
from _support import run_on_postgres

GOAL_MS = 150


def extend(ctx):
    """Quotas for every unit (this year and last), a reviewer, a draft report of the Sở."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core import formatting
    from core.models import Membership, OrgUnit, Role
    from staffing.models import Quota, QuotaKind

    t0 = time.perf_counter()
    year = timezone.localdate().year
    units = list(OrgUnit.objects.exclude(kind="office"))
    Quota.objects.bulk_create([
        Quota(unit=u, year=y, kind=QuotaKind.CIVIL_SERVANT, assigned=20 + i % 30, used_entered=15 + (i * 7) % 20)
        for i, u in enumerate(units) for y in (year - 1, year)
    ], batch_size=5000)
    reviewer = get_user_model().objects.create_user("bench-cchc", first_name="Lan", last_name="Trần Thị")
    Membership.objects.create(user=reviewer, unit=ctx["data_set"].reviewing_office, role=Role.STAFF)
    ctx["reviewer"] = reviewer
    report = None
    try:
        from reports import demo as reports_demo  # the six-month kind and its outline, when it seeds standalone
        from reports import services as report_services
        from reports.models import ReportKind

        from core.models import Period

        reports_demo.six_month_kind()
        kind = ReportKind.objects.filter(code="six_month").first()
        period = Period.objects.filter(code=f"{year}-H1").first()
        if kind is not None and period is not None and kind.serves(period):
            report = report_services.create_report(ctx["leader"], kind, OrgUnit.objects.get(code="SNV"), period)
    except Exception as exc:  # the bench still measures the other panels
        print(f"(không tạo được báo cáo dự thảo: {exc})")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after the bulk load: plans from real statistics
    print(f"{formatting.number(Quota.objects.count())} biên chế được giao"
          f"{', 1 báo cáo dự thảo' if report else ''}: {time.perf_counter() - t0:.1f} s")
    return ctx


def measure(client, path, runs):
    """(min, median, p95, queries) of `path` in ms."""
    from django.db import connection

    response = client.get(path)  # warm-up (templates, caches, discovery of the panels)
    assert response.status_code == 200, (path, response.status_code)
    executed = []

    def counter(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        client.get(path)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for sql in executed:
            print(f"    {sql[:200]}")
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            client.get(path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return times[0], statistics.median(times), p95, len(executed)


def panel_times(user):
    """Each panel's build alone (min of 5), to see where the page's time goes."""
    from core import dashboard, selectors
    from core.access import scope_for

    day = selectors.today()
    out = []
    for panel in dashboard.panels_for(user):
        best = None
        for _ in range(5):
            user.__dict__.pop("_portal_scope", None)
            scope_for(user)
            t0 = time.perf_counter()
            panel.build(user, day)
            ms = (time.perf_counter() - t0) * 1000
            best = ms if best is None else min(best, ms)
        out.append((panel.key, best))
    return out


def run(args):
    from django.test import Client
    from django.urls import reverse

    from collection.models import Submission
    from core import formatting
    from core.models import OrgUnit

    ctx = extend(base.build(args.districts, args.communes))
    roles = [
        ("lãnh đạo Sở (toàn tỉnh)", ctx["leader"], True),
        ("chuyên viên xét duyệt (phòng CCHC)", ctx["reviewer"], False),
        ("cán bộ huyện", ctx["officer"], False),
    ]
    print(f"\n{formatting.number(OrgUnit.objects.count())} đơn vị, {formatting.number(Submission.objects.count())} báo cáo; "
          f"{args.runs} lượt mỗi vai trò; Django test Client, DEBUG tắt\n")
    header = f"{'vai trò':<36} {'nhỏ nhất':>9} {'trung vị':>9} {'p95':>9} {'mục tiêu':>9} {'truy vấn':>9}"
    print(header)
    print("-" * len(header))
    failed = False
    only = os.environ.get("BENCH_ONLY")  # e.g. BENCH_ONLY=lãnh đạo: one role (with BENCH_PROFILE)
    for label, user, goal in roles:
        if only and only not in label:
            continue
        client = Client()
        client.force_login(user)
        low, median, p95, queries = measure(client, reverse("home"), args.runs)
        verdict = ""
        if goal:
            ok = median <= GOAL_MS
            failed |= not ok
            verdict = "đạt" if ok else "CHƯA ĐẠT"
        print(f"{label:<36} {low:>7.1f}ms {median:>7.1f}ms {p95:>7.1f}ms {(str(GOAL_MS) + 'ms') if goal else '':>9} "
              f"{queries:>9}  {verdict}")
        for key, ms in panel_times(user):
            print(f"    khối {key:<30} {ms:>7.1f}ms (nhỏ nhất của 5 lần)")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--communes", type=int, default=50)
    args = parser.parse_args()
    return run_on_postgres(base.setup_django, run, args, only_postgresql=True)


if __name__ == "__main__":
    sys.exit(main())
