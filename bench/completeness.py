"""Bench: the completeness grid and the data-entry page on a province-sized database.

    .venv/bin/python bench/completeness.py [--runs 20] [--districts 20] [--communes 50]

Needs PostgreSQL: uses DATABASE_URL when set (the database is migrated and filled — use a
throwaway one), otherwise starts a throwaway cluster with tests/run.py's `Postgres` and removes it
afterwards. Builds ~1.000 units (province → ~20 districts → ~50 communes each), 10 data sets ×
4 six-month periods of submissions (bulk_create, mixed statuses, some values), then renders the
pages through Django's test Client (force_login, DEBUG off) and prints median / p95 time and the
SQL query count of each page next to the goals (completeness ≤ 300 ms, data entry ≤ 100 ms).
A figure-printing script, not a test. BENCH_SHOW_QUERIES=1 lists each page's SQL with timings;
BENCH_PROFILE=1 prints a cProfile of five renders of each page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _support import run_on_postgres  # noqa: E402

GOALS_MS = {"completeness": 300, "entry": 100}


def setup_django():
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f} s")


def build(districts, communes_per_district):
    """The province, 10 data sets, 4 periods, submissions and values. Returns what the pages need."""
    import datetime
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from collection import catalogue
    from collection.models import DataElement, DataSet, DataValue, Section, SectionElement, Status, Submission
    from core import formatting
    from core import services as core_services
    from core.models import Membership, OrgUnit, OrgUnitKind, OrgUnitParentSpan, Period, PeriodType, Role

    rnd = random.Random(2021)
    t0 = time.perf_counter()
    with transaction.atomic():
        create = core_services.create_unit
        hg = create(code="HG", name="Ủy ban nhân dân tỉnh Thử nghiệm", kind=OrgUnitKind.PROVINCE, rebuild=False)
        snv = create(code="SNV", name="Sở Nội vụ", kind=OrgUnitKind.HOME_AFFAIRS, parent=hg, sort_order=1, rebuild=False)
        for i, suffix in enumerate(("CCHC", "XDCQ", "TCBC", "TTR")):
            create(code=f"SNV-{suffix}", name=f"Phòng {suffix}", kind=OrgUnitKind.OFFICE, parent=snv, sort_order=i, rebuild=False)
        start = datetime.date(2000, 1, 1)
        district_rows = OrgUnit.objects.bulk_create([
            OrgUnit(code=f"H{d:02d}", name=f"Huyện Thử {d:02d}", kind=OrgUnitKind.DISTRICT, parent=hg, sort_order=100 + d)
            for d in range(districts)
        ])
        commune_rows = OrgUnit.objects.bulk_create([
            OrgUnit(code=f"H{d:02d}-X{c:03d}", name=f"Xã Thử {d:02d}-{c:03d}", kind=OrgUnitKind.COMMUNE, parent=district,
                    sort_order=c)
            for d, district in enumerate(district_rows) for c in range(communes_per_district)
        ])
        OrgUnitParentSpan.objects.bulk_create([
            OrgUnitParentSpan(unit=u, parent_id=u.parent_id, valid_from=start) for u in district_rows + commune_rows
        ])
        core_services.rebuild_ancestry()
    print(f"{formatting.number(OrgUnit.objects.count())} đơn vị: {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    year = timezone.localdate().year
    core_services.create_periods(year - 1)
    core_services.create_periods(year)
    periods = list(Period.objects.filter(type=PeriodType.SIX_MONTH, year__in=(year - 1, year)).order_by("start"))
    data_sets = catalogue.load_catalogue("SNV")
    cchc = DataSet.objects.get(code="CCHC-DV")
    template_elements = list(DataElement.objects.filter(placements__section__data_set=cchc).order_by("placements__sort_order"))
    for n in range(10 - len(data_sets)):
        ds = DataSet.objects.create(code=f"BENCH-{n + 1}", name=f"Biểu mẫu thử nghiệm {n + 1}", period_type=PeriodType.SIX_MONTH,
                                    reporting_kinds=["district", "commune"], reviewing_office=cchc.reviewing_office,
                                    sort_order=20 + n)
        section = Section.objects.create(data_set=ds, code="chung", title="I. Chỉ tiêu chung")
        SectionElement.objects.bulk_create([SectionElement(section=section, element=e, sort_order=i)
                                            for i, e in enumerate(template_elements[:8])])
        data_sets.append(ds)
    reporters = list(OrgUnit.objects.filter(kind__in=[OrgUnitKind.DISTRICT, OrgUnitKind.COMMUNE]))
    now = timezone.now()
    statuses = [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.APPROVED, Status.RETURNED]
    subs = []
    for ds in data_sets:
        expected = set(ds.expected_units(periods[0]).values_list("pk", flat=True))
        for period in periods:
            for unit in reporters:
                if unit.pk not in expected or rnd.random() < 0.1:
                    continue  # ~10 % never opened the form
                status = rnd.choice(statuses)
                sent = status != Status.DRAFT
                subs.append(Submission(data_set=ds, unit=unit, period=period, status=status, version=1,
                                       first_submitted_at=now - datetime.timedelta(days=rnd.randint(0, 400)) if sent else None,
                                       submitted_at=now if sent else None))
    Submission.objects.bulk_create(subs, batch_size=5000)
    cchc_subs = Submission.objects.filter(data_set=cchc).values_list("pk", flat=True)
    values = [
        DataValue(submission_id=pk, element=e, numeric_value=Decimal(rnd.randint(0, 2000)))
        for pk in cchc_subs for e in template_elements[:5]
    ]
    DataValue.objects.bulk_create(values, batch_size=10000)
    print(f"{len(data_sets)} biểu mẫu × {len(periods)} kỳ: {formatting.number(Submission.objects.count())} báo cáo, "
          f"{formatting.number(DataValue.objects.count())} số liệu: {time.perf_counter() - t0:.1f} s")

    User = get_user_model()
    leader = User.objects.create_user("bench-giamdoc", first_name="Minh", last_name="Nguyễn Văn")
    Membership.objects.create(user=leader, unit=snv, role=Role.LEADER)
    officer = User.objects.create_user("bench-canbo", first_name="Hồng", last_name="Phạm Thị")
    district = district_rows[0]
    Membership.objects.create(user=officer, unit=district, role=Role.OFFICER)
    # The officer's own form: the latest period, every cell filled, open for entry.
    period = periods[-1]
    cchc.expiry_days = None
    cchc.save()
    sub, _ = Submission.objects.update_or_create(data_set=cchc, unit=district, period=period,
                                                 defaults={"status": Status.DRAFT, "first_submitted_at": None})
    DataValue.objects.filter(submission=sub).delete()
    DataValue.objects.bulk_create([DataValue(submission=sub, element=e, numeric_value=Decimal(rnd.randint(0, 2000)),
                                             comment="ghi chú" if i % 4 == 0 else "")
                                   for i, e in enumerate(template_elements)])
    return {"leader": leader, "officer": officer, "hg": hg, "district": district, "period": period, "data_set": cchc}


def measure(client, path, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm-up (templates, caches)
    assert response.status_code == 200, (path, response.status_code)
    connection.queries_log.clear()  # a full log (maxlen) would make the capture look empty
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    queries = len(ctx)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for q in ctx.captured_queries:
            print(f"    {q['time']}s {q['sql'][:200]}")
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
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return statistics.median(times), p95, queries


def run(args):
    from django.test import Client
    from django.urls import reverse

    from collection.models import Submission
    from core import formatting
    from core.models import OrgUnit

    ctx = build(args.districts, args.communes)
    ds, period = ctx["data_set"], ctx["period"]
    completeness = reverse("collection:completeness") + f"?bieu-mau={ds.code}&ky={period.code}"
    entry = reverse("collection:entry", args=[ds.code, ctx["district"].code, period.code])
    district_code = ctx["district"].code
    pages = [
        ("completeness", "lãnh đạo, cấp cao nhất", ctx["leader"], completeness),
        ("completeness", f"lãnh đạo, toàn tỉnh ({OrgUnit.objects.filter(parent=ctx['hg']).count()} đơn vị con)",
         ctx["leader"], completeness + "&don-vi=HG"),
        ("completeness", f"lãnh đạo, một huyện ({OrgUnit.objects.filter(parent=ctx['district']).count()} xã)",
         ctx["leader"], completeness + f"&don-vi={district_code}"),
        ("completeness", "cán bộ huyện, phạm vi của mình", ctx["officer"], completeness),
        ("entry", "cán bộ huyện, biểu mẫu CCHC-DV", ctx["officer"], entry),
        ("entry", "lãnh đạo xem biểu mẫu (chỉ đọc)", ctx["leader"], entry),
    ]
    print(f"\n{formatting.number(Submission.objects.count())} báo cáo; {args.runs} lượt mỗi trang; Django test Client, DEBUG tắt\n")
    header = f"{'trang':<13} {'tình huống':<44} {'trung vị':>9} {'p95':>9} {'mục tiêu':>9} {'truy vấn':>9}"
    print(header)
    print("-" * len(header))
    failed = False
    for kind, label, user, path in pages:
        client = Client()
        client.force_login(user)
        median, p95, queries = measure(client, path, args.runs)
        goal = GOALS_MS[kind]
        ok = p95 <= goal
        failed |= not ok
        print(f"{kind:<13} {label:<44} {median:>7.1f}ms {p95:>7.1f}ms {goal:>7}ms {queries:>9}  {'đạt' if ok else 'CHƯA ĐẠT'}")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--communes", type=int, default=50)
    args = parser.parse_args()
    return run_on_postgres(setup_django, run, args, only_postgresql=True)


if __name__ == "__main__":
    sys.exit(main())
