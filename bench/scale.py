"""Bench: how the pages grow with the province (issue 17 item 2), on PostgreSQL.

    .venv/bin/python bench/scale.py [--parts people,units,reports] [--people 20000,200000]
                                    [--units 100,1000,10000] [--runs 10]

Starts a throwaway PostgreSQL cluster (tests/run.py's `Postgres`, with autovacuum) unless
DATABASE_URL is set (then it must be a scratch database: it is flushed between sizes).

- people: for each size, an .xlsx register file of N civil servants is imported in one go («nhập
  ngay», the portal's own service) in a child process that prints its wall time and peak memory
  (ru_maxrss, the whole process), then the register list (first page, a filtered page, a far page)
  and the name search are timed (goals: import of 200,000 rows ≤ 20 s and ≤ 300 MB; list ≤ 100 ms).
- units: for each size (≈ units), the province of bench/completeness.py (districts × communes,
  10 data sets × 4 periods), then the completeness grid (goal ≤ 150 ms at 10,000 units) right after
  the bulk load (no statistics: the bench clears them and holds autovacuum off) and after ANALYZE,
  at the province level (don-vi=HG) and at the top of the leader's scope, and the leader's dashboard.
- reports: bench/report.py --units N --builds-only (the six-month and the annual report builds of
  a province of N districts) in a child process per size, on a fresh database.

For each page it prints the median per size and the fitted exponent k of time ∝ size^k between
the smallest and the largest size (k ≈ 1: linear; k ≈ 0: flat). A figure-printing script, not a test.
"""

import argparse
import io
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _support import start_postgres  # noqa: E402

GOALS_MS = {"completeness": 150, "register": 100, "search": 100}
IMPORT_GOAL_S, IMPORT_GOAL_MB = 20, 300


def setup_django(migrate=True):
    import warnings

    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks run eagerly, in this process
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-scale-media-"))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def maxrss_mb():
    """This process's peak RSS. Linux keeps ru_maxrss across fork + exec, so a child started by a
    parent holding 600 MB (the generated rows) reported 600 MB before doing anything: VmHWM is
    the peak of the running program only."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_get(client, path, runs):
    """Median ms of `runs` views, each with nothing kept in the cache (the register's counts, the
    first page's panels): what the first view after a change costs, the cost that grows with size."""
    from django.core.cache import cache

    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(runs):
        cache.clear()
        t0 = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def exponent(sizes, values):
    """k of value ∝ size^k between the first and the last size."""
    (s0, v0), (s1, v1) = (sizes[0], values[0]), (sizes[-1], values[-1])
    if s0 == s1 or v0 <= 0 or v1 <= 0:
        return float("nan")
    return math.log(v1 / v0) / math.log(s1 / s0)


def table(title, sizes, rows):
    """rows: [(page, [ms per size], goal ms or None)]."""
    print(f"\n{title}")
    header = f"{'trang':<34}" + "".join(f"{s:>12,}".replace(",", ".") for s in sizes) + f"{'số mũ k':>9}{'mục tiêu':>10}"
    print(header)
    print("-" * len(header))
    for page, values, goal in rows:
        verdict = ""
        if goal is not None:
            verdict = "  đạt" if values[-1] <= goal else "  CHƯA ĐẠT"
        print(f"{page:<34}" + "".join(f"{v:>10.1f}ms" for v in values) + f"{exponent(sizes, values):>9.2f}"
              f"{(str(goal) + 'ms') if goal else '':>10}{verdict}")


# --------------------------------------------------------------------------- people


def register_file(n, path, prefix="SC"):
    """An .xlsx of n civil servants as Excel writes it (shared strings, a <dimension>), written
    with openpyxl's write-only mode (its normal mode holds every cell: ~1 GB for 200,000 rows)."""
    import re
    import zipfile

    import openpyxl

    from core.imports.resources import columns
    from staffing import resources
    from import_civil_servants import make_rows

    headers = [h for h, _ in columns(resources.CivilServantResource)]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append(headers)
    for row in make_rows(n):
        row[0] = prefix + row[0][3:]
        sheet.append(row)
    raw = io.BytesIO()
    book.save(raw)
    # Add the <dimension> Excel writes (the upload reads the row count from it without the rows).
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet") and b"<dimension" not in data:
                last = f"M{n + 1}".encode()
                data = re.sub(rb"(<sheetPr\b[^>]*/>|<sheetPr\b.*?</sheetPr>)", rb'\1<dimension ref="A1:' + last + b'"/>', data,
                              count=1, flags=re.S)
                if b"<dimension" not in data:
                    data = data.replace(b"<sheetData", b'<dimension ref="A1:' + last + b'"/><sheetData', 1)
            out.writestr(info, data)
    return Path(path).stat().st_size


def import_child(path):
    """In a child process: import the file in one go as the Sở's staff officer; print JSON figures."""
    import json

    setup_django(migrate=False)
    from django.contrib.auth import get_user_model

    from core.models import ImportStatus
    from staffing import services

    class Upload(io.BytesIO):
        def __init__(self, data, name):
            super().__init__(data)
            self.name, self.size = name, len(data)

    user = get_user_model().objects.get(username="cv.tcbc")
    data = Path(path).read_bytes()
    before = maxrss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    job = services.start_import(user, "cong_chuc", Upload(data, "so-cong-chuc.xlsx"), skip_preview=True)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0  # CPU: this process's own (PostgreSQL's is not in it)
    job.refresh_from_db()
    print(json.dumps({"wall": wall, "cpu": cpu, "load": os.getloadavg()[0], "status": job.status, "done": job.status == ImportStatus.DONE,
                      "message": job.message or (job.errors[:2] if job.errors else ""), "rss_before": before,
                      "rss_peak": maxrss_mb()}, ensure_ascii=False))


def run_import_child(path):
    import json

    proc = subprocess.run([sys.executable, __file__, "--import-child", str(path)], cwd=ROOT, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit("Lượt nhập trong tiến trình con thất bại.")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def people(args):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from core import demo, formatting
    from staffing.models import CivilServant

    sizes = [int(s) for s in args.people.split(",")]
    demo.seed_org_tree()
    demo.seed_users()
    staff = get_user_model().objects.get(username="cv.tcbc")
    work = Path(tempfile.mkdtemp(prefix="bench-scale-files-"))
    pages = {"danh sách, trang đầu": [], "danh sách, lọc một đơn vị": [], "danh sách, trang 50": [],
             "tìm «nguyen van an»": [], "tìm «ĐẶNG»": [], "tìm mã «SC0001»": []}
    print("\nNhập sổ công chức một lượt («nhập ngay», tiến trình riêng):")
    for n in sizes:
        CivilServant.objects.all().delete()
        path = work / f"cong-chuc-{n}.xlsx"
        t0 = time.perf_counter()
        size = register_file(n, path)
        print(f"  tệp {formatting.number(n)} dòng: {size / 1024 / 1024:.1f} MB (tạo trong {time.perf_counter() - t0:.0f} s)")
        got = run_import_child(path)
        count = CivilServant.objects.count()
        ok = got["done"] and count == n
        goal = "" if n < 200_000 else (
            f" → {'ĐẠT' if got['wall'] <= IMPORT_GOAL_S and got['rss_peak'] <= IMPORT_GOAL_MB else 'CHƯA ĐẠT'} "
            f"mục tiêu ≤ {IMPORT_GOAL_S} s, ≤ {IMPORT_GOAL_MB} MB")
        print(f"  {formatting.number(n)} dòng: {got['wall']:.1f} s ({got['cpu']:.1f} s CPU của Python, tải {got['load']:.1f}), RSS tối đa {got['rss_peak']:.0f} MB "
              f"(sau khi nạp Django {got['rss_before']:.0f} MB), {formatting.number(count)} dòng trong sổ"
              f"{'' if ok else ' — LỖI: ' + str(got['message'])}{goal}")
        # Straight after the bulk load, as a user would see it (autovacuum may not have run yet).
        client = Client()
        client.force_login(staff)
        base = reverse("staffing:civil_servant_list")
        unit = "SYT"
        for page, query in (("danh sách, trang đầu", ""), ("danh sách, lọc một đơn vị", f"?unit={unit}"),
                            ("danh sách, trang 50", "?trang=50"), ("tìm «nguyen van an»", "?q=nguyen+van+an"),
                            ("tìm «ĐẶNG»", "?q=%C4%90%E1%BA%B6NG"), ("tìm mã «SC0001»", "?q=SC0001")):
            pages[page].append(timed_get(client, base + query, args.runs))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM staffing_civilservant")
    table("Sổ công chức (trung vị, ms) theo số công chức", sizes,
          [(page, values, GOALS_MS["search"] if page.startswith("tìm") else GOALS_MS["register"])
           for page, values in pages.items()])


# --------------------------------------------------------------------------- units


def units(args):
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    import completeness as base
    from core.models import OrgUnit

    sizes = [int(s) for s in args.units.split(",")]
    shapes = {n: (max(1, round(math.sqrt(n / 5))), max(1, round(n / max(1, round(math.sqrt(n / 5)))))) for n in sizes}
    real, cold, warm, cold_top, warm_top, dash = [], [], [], [], [], []
    for n in sizes:
        call_command("flush", interactive=False, verbosity=0)
        no_statistics()
        districts, communes = shapes[n]
        ctx = base.build(districts, communes)
        total = OrgUnit.objects.count()
        real.append(total)
        ds, period = ctx["data_set"], ctx["period"]
        grid = reverse("collection:completeness") + f"?bieu-mau={ds.code}&ky={period.code}"
        path = grid + "&don-vi=HG"
        client = Client()
        client.force_login(ctx["leader"])
        t0 = time.perf_counter()
        client.get(path)
        first = (time.perf_counter() - t0) * 1000
        cold.append(timed_get(client, path, args.runs))
        cold_top.append(timed_get(client, grid, args.runs))
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        warm.append(timed_get(client, path, args.runs))
        warm_top.append(timed_get(client, grid, args.runs))
        dash.append(timed_get(client, reverse("home"), args.runs))
        print(f"  {total} đơn vị: tổng hợp tình hình gửi (cấp tỉnh) lần đầu {first:.0f} ms, ngay sau nạp {cold[-1]:.0f} ms, "
              f"sau ANALYZE {warm[-1]:.0f} ms; cấp cao nhất {cold_top[-1]:.0f} / {warm_top[-1]:.0f} ms; "
              f"trang chủ {dash[-1]:.0f} ms; tải {os.getloadavg()[0]:.1f}")
    table("Theo số đơn vị (trung vị, ms)", real, [
        ("tiến độ, cấp tỉnh, ngay sau nạp", cold, GOALS_MS["completeness"]),
        ("tiến độ, cấp tỉnh, sau ANALYZE", warm, GOALS_MS["completeness"]),
        ("tiến độ, cấp cao nhất, ngay sau nạp", cold_top, GOALS_MS["completeness"]),
        ("tiến độ, cấp cao nhất, sau ANALYZE", warm_top, GOALS_MS["completeness"]),
        ("trang chủ của lãnh đạo", dash, None),
    ])


def no_statistics():
    """The state right after a bulk load: no planner statistics on the portal's tables, and no
    autovacuum to gather them while the bench runs (a throwaway cluster: we are its superuser).
    Without this, the statistics of the previous size (or an autovacuum pass during the build)
    would describe other data."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            print("  (không phải superuser: không xoá được thống kê của bảng)")
            return
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{name}" SET (autovacuum_enabled = false)')
        cursor.execute("DELETE FROM pg_statistic WHERE starelid IN "
                       "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)")
        # As a table never analysed: the planner then estimates from the table's size on disk.
        cursor.execute("UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE relnamespace = 'public'::regnamespace")


def reports(args, pg):
    sizes = [int(s) for s in args.units.split(",")]
    builds = []
    print("\nDựng báo cáo 6 tháng (bench/report.py --units N, một lượt, CSDL PostgreSQL mới mỗi cỡ):")
    for n in sizes:
        env = os.environ.copy()
        if pg is not None:
            name = f"report_{n}"
            conn = pg._connect()  # not `with conn:` (a transaction block: no CREATE DATABASE in it)
            try:
                conn.autocommit = True
                conn.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
                conn.cursor().execute(f"CREATE DATABASE {name}")
            finally:
                conn.close()
            env["DATABASE_URL"] = pg.url.rsplit("/", 1)[0] + f"/{name}"
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, str(ROOT / "bench" / "report.py"), "--units", str(n), "--runs", str(args.report_runs),
                               "--builds-only"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
        lines = [line for line in proc.stdout.splitlines() if "giả lập" in line]
        builds.append(_build_seconds(lines))
        print(f"  {n} đơn vị ({time.perf_counter() - t0:.0f} s tất cả):")
        for line in lines or proc.stderr.splitlines()[-5:]:
            print(f"    {line}")
    if all(len(b) == 2 for b in builds):
        table("Dựng báo cáo (trung vị, ms) theo số đơn vị", sizes, [
            ("báo cáo 6 tháng", [b[0] * 1000 for b in builds], None),
            ("báo cáo năm", [b[1] * 1000 for b in builds], None),
        ])


def _build_seconds(lines):
    """The median build seconds of the synthetic province's six-month and annual lines of bench/report.py."""
    import re

    found = []
    for line in lines:
        match = re.search(r"tỉnh giả lập.*?[\d.]+ s / ([\d.]+) s", line, re.I)
        if match:
            found.append(float(match.group(1)))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", default="people,units,reports")
    parser.add_argument("--people", default="20000,200000")
    parser.add_argument("--units", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--report-runs", type=int, default=3, help="builds per report and size (median)")
    parser.add_argument("--import-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_child:
        return import_child(args.import_child)
    pg = None
    if not os.environ.get("DATABASE_URL"):
        pg = start_postgres()
        os.environ["DATABASE_URL"] = pg.url
    try:
        setup_django()
        from django.db import connection

        if connection.vendor != "postgresql":
            sys.exit("Bench này cần PostgreSQL (DATABASE_URL=postgres://…).")
        print(f"CPU: {os.cpu_count()}, tải: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        parts = args.parts.split(",")
        if "people" in parts:
            people(args)
        if "units" in parts:
            units(args)
        if "reports" in parts:
            reports(args, pg)
    finally:
        if pg is not None:
            from django.db import connections

            connections.close_all()
            pg.stop()


if __name__ == "__main__":
    sys.exit(main())
