"""Bench: the name search of the civil-servant register on 200,000 people, PostgreSQL (issue 16 item 2:
≤ 100 ms).

    .venv/bin/python bench/search.py [--people 200000] [--runs 10]

Starts a throwaway PostgreSQL cluster (tests/run.py's `Postgres`) unless DATABASE_URL is set (then a
scratch database: it is migrated and written to). Loads the demo org tree and logins, inserts N
civil servants in one INSERT … SELECT generate_series (Vietnamese names from a few family, middle
and given names, so «nguyen» matches a tenth of them), ANALYZEs, then times, for a few
queries typed with and without accents, the selector the register page uses
(`staffing.selectors.civil_servants`, as the Sở's staff, paged by `core.paging.GroupedRows` as the page
does: counts by unit + first page of 50) and the whole
page through Django's test Client, and prints the plan of the search query (it should use the
trigram index `civilservant_name_folded_trgm` on the folded name column). A figure-printing script, not a test.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _support import start_postgres  # noqa: E402

GOAL_MS = 100
QUERIES = ["", "nguyen", "NGUYỄN", "đặng", "Nguyễn Văn An", "tran thi hoa", "Yến", "HGB0123", "không có ai"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc"]
GIVEN = ["An", "Bình", "Hoa", "Lan", "Minh", "Nam", "Phúc", "Thảo", "Vân", "Yến", "Sơn", "Tâm", "Hải", "Dũng"]


def setup_django():
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-search-media-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(n):
    from django.db import connection

    from core import demo
    from core.models import OrgUnit

    demo.seed_org_tree()
    demo.seed_users()
    unit_ids = list(OrgUnit.objects.exclude(kind="office").values_list("pk", flat=True))
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO staffing_civilservant (ma_so, full_name, name_folded, birth_date, gender, ethnicity, unit_id, category,
                rank_title, position, education, political_theory, entry_date, active)
            SELECT 'HGB' || lpad(i::text, 7, '0'),
                   (%(family)s)[1 + i %% array_length(%(family)s, 1)] || ' ' ||
                   (%(middle)s)[1 + (i / 7) %% array_length(%(middle)s, 1)] || ' ' ||
                   (%(given)s)[1 + (i / 3) %% array_length(%(given)s, 1)],
                   '',
                   date '1965-01-01' + (i %% 12000), CASE WHEN i %% 2 = 0 THEN 'nam' ELSE 'nu' END, 'Kinh',
                   (%(units)s)[1 + i %% array_length(%(units)s, 1)], 'cong_chuc', 'Chuyên viên', '', '', '',
                   date '1990-01-01' + (i %% 9000), true
            FROM generate_series(1, %(n)s) AS i
            """,
            {"family": FAMILY, "middle": MIDDLE, "given": GIVEN, "units": unit_ids, "n": n},
        )
        # the folded column as the model keeps it (vn_fold folds exactly like core.search.fold)
        cursor.execute("UPDATE staffing_civilservant SET name_folded = vn_fold(full_name)")
        # every table, as autovacuum does after a bulk insert (and an import, core.imports.jobs.refresh_statistics)
        cursor.execute("VACUUM ANALYZE")
    print(f"{n:,} công chức: {time.perf_counter() - t0:.1f} s (INSERT … SELECT, ANALYZE)".replace(",", "."))


def run(args):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from core.access import scope_for
    from core.paging import GroupedRows
    from staffing import selectors

    load(args.people)
    staff = get_user_model().objects.get(username="cv.tcbc")
    scope = scope_for(staff)
    client = Client()
    client.force_login(staff)
    page = reverse("staffing:civil_servant_list")

    def query(q):
        rows = GroupedRows(selectors.civil_servants(scope, q=q), "unit")  # as the register page pages it
        return rows.count(), rows[:50]

    print(f"\nTìm theo tên trong sổ công chức, {args.runs} lượt mỗi truy vấn, chuyên viên TCBC (toàn tỉnh); mục tiêu ≤ {GOAL_MS} ms")
    header = f"{'truy vấn':<18} {'kết quả':>9} {'selector (đếm + 50 dòng)':>26} {'cả trang':>10}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for q in QUERIES:
        found, _rows = query(q)
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            query(q)
            times.append((time.perf_counter() - t0) * 1000)
        client.get(page, {"q": q})
        pages = []
        for _ in range(max(3, args.runs // 2)):
            cache.clear()  # the page's kept counts (core.paging cached_on): time the counting too
            t0 = time.perf_counter()
            assert client.get(page, {"q": q}).status_code == 200
            pages.append((time.perf_counter() - t0) * 1000)
        median, page_median = statistics.median(times), statistics.median(pages)
        worst = max(worst, page_median)
        label = f"«{q}»" if q else "(cả danh sách)"
        print(f"{label:<18} {found:>9,} {median:>24.1f}ms {page_median:>8.1f}ms".replace(",", "."))
    from django.db.models import Count

    counts = selectors.civil_servants(scope, q="đặng").order_by().values_list("unit").annotate(n=Count("pk"))
    sql, params = counts.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    uses_index = "civilservant_name_folded_trgm" in plan
    print(f"\nKế hoạch truy vấn đếm «đặng» theo đơn vị {'dùng' if uses_index else 'KHÔNG dùng'} chỉ mục trigram civilservant_name_folded_trgm:")
    print("\n".join("  " + line for line in plan.splitlines()[:60]))
    print(f"\nTrang chậm nhất: {worst:.1f} ms → {'ĐẠT' if worst <= GOAL_MS else 'CHƯA ĐẠT'} mục tiêu ≤ {GOAL_MS} ms "
          f"(CPU: {os.cpu_count()}, tải: {', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    return 0 if worst <= GOAL_MS else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    pg = None
    if not os.environ.get("DATABASE_URL"):
        pg = start_postgres()
        os.environ["DATABASE_URL"] = pg.url
    try:
        setup_django()
        from django.db import connection

        if connection.vendor != "postgresql":
            sys.exit("Bench này cần PostgreSQL (DATABASE_URL=postgres://…).")
        return run(args)
    finally:
        if pg is not None:
            from django.db import connections

            connections.close_all()
            pg.stop()


if __name__ == "__main__":
    sys.exit(main())
