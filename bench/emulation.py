"""Bench: the emulation statistics page, its .xlsx export and the TĐKT report section on a
province-sized award register.

    .venv/bin/python bench/emulation.py [--runs 10] [--decisions 5000] [--items 10]

Needs PostgreSQL: DATABASE_URL when set (a throwaway database: it is migrated and filled),
otherwise a throwaway cluster (tests/run.py's `Postgres`), removed afterwards. Loads the demo
province, adds `--decisions` decisions of the Chủ tịch UBND tỉnh over the demo's units in 2021
with `--items` items each (named people and bulk rows), then prints median / p95 time and SQL
queries of: the statistics page (leader, 2021-Y), its .xlsx export, the TĐKT provider alone
(2021-Y) and the annual TĐKT report's DOCX. A figure-printing script, not a test.
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


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    print(f"migrate + seed_demo: {time.perf_counter() - t0:.1f} s")


def fill(n_decisions, per_decision):
    import datetime

    from django.db import transaction

    from core.models import OrgUnit
    from emulation.models import AwardDecision, AwardItem, AwardType, DecisionStatus, Occasion, RecipientKind, recipient_key

    units = list(OrgUnit.objects.filter(kind__in=["department", "district", "commune"],
                                        valid_from__lte=datetime.date(2021, 1, 1), valid_to__gte=datetime.date(2021, 12, 31)))
    types = list(AwardType.objects.filter(level__in=["tinh", "co_so"]))
    t0 = time.perf_counter()
    with transaction.atomic():
        decisions = AwardDecision.objects.bulk_create([
            AwardDecision(number=f"B{i}", symbol="QĐ-UBND", decided_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=i % 330),
                          received_on=datetime.date(2021, 1, 1), occasion=Occasion.values[i % 5],
                          proposing_unit=units[i % len(units)], status=DecisionStatus.AWARDED, achievement_period="bench")
            for i in range(n_decisions)], batch_size=2000)
        items = []
        for d in decisions:
            for j in range(per_decision):
                t = types[(d.pk + j) % len(types)]
                kind = next(k for k in RecipientKind.values if t.allows(k))
                name = f"Người thử {d.pk}-{j}" if j % 2 else ""
                items.append(AwardItem(decision=d, award_type=t, recipient_kind=kind, recipient_name=name,
                                       quantity=1 if name else 1 + j, achievement_period="bench",
                                       recipient_key=recipient_key(kind, name, None)))
        AwardItem.objects.bulk_create(items, batch_size=5000)
    from core import formatting

    print(f"register: {formatting.number(len(decisions))} decisions, {formatting.number(len(items))} items over "
          f"{len(units)} units ({time.perf_counter() - t0:.1f} s)")


def measure(label, func, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            func()
            times.append((time.perf_counter() - t0) * 1000)
        queries = len(captured)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"{label:<48} median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms   {queries} truy vấn")


def run(args):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from core.models import OrgUnit, Period
    from core.reporting import ReportContext, get_provider
    from reports import services
    from reports.models import ReportKind

    fill(args.decisions, args.items)
    client = Client()
    client.force_login(get_user_model().objects.get(username="giamdoc"))
    measure("Trang thống kê (lãnh đạo, 2021-Y)", lambda: client.get("/thi-dua/thong-ke/", {"period": "2021-Y"}), args.runs)
    measure("Tải Excel thống kê (2021-Y)", lambda: client.get("/thi-dua/thong-ke/tai-xuong.xlsx", {"period": "2021-Y"}),
            args.runs)
    period, province = Period.objects.get(code="2021-Y"), OrgUnit.objects.get(code="HG")
    provider = get_provider("thi-dua-khen-thuong.ket-qua")
    measure("Nguồn số liệu thi-dua-khen-thuong.ket-qua", lambda: provider(ReportContext(period=period, root=province)),
            args.runs)
    report = services.create_report(None, ReportKind.objects.get(code="tdkt_annual"), OrgUnit.objects.get(code="SNV"), period)

    def docx():
        cache.clear()
        services.render_report(report)

    measure("Báo cáo tổng kết TĐKT năm 2021 (DOCX)", docx, max(3, args.runs // 3))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--decisions", type=int, default=5000)
    parser.add_argument("--items", type=int, default=10)
    args = parser.parse_args()
    return run_on_postgres(setup_django, run, args)


if __name__ == "__main__":
    sys.exit(main())
