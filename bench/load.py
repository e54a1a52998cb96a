"""Bench: the portal under load, measured from outside (issue 17 item 1).

    .venv/bin/python bench/load.py [--users 50] [--duration 60] [--units 1000] [--workers 4]
    .venv/bin/python bench/load.py --short          # ~200 units, 10 users, 30 s (what CI runs)

Starts a throwaway PostgreSQL and Redis (tests/run.py's `Postgres` and `Redis`), migrates, loads
the demo province and adds a province-scale dataset: `--units` communes with two years of
submissions of every form communes send, `--servants` civil servants, `--awards` award items,
one officer login per simulated officer (each with the open CCHC-DV of its commune), reviewers of
Phòng CCHC and leaders. Then it starts gunicorn (`--workers`) and a Celery worker on Redis and
drives `--users` simulated users with locust (headless subprocess, `bench/load_users.py`, think
time 1–4 s) for `--duration` seconds once all have logged in (the login storm is timed too, apart;
each request counts in the phase it started in, so pages queued behind the logins stay the storm's,
and the window opens 5 s after the last first step, once the storm's queue has drained),
all through the real login form: officers open the forms list and the entry
page, save and send; staff open the review queue, list and search the register, approve and
return; leaders open the first page, completeness, the CCHC dashboard and a report, and ask for
its Word file.

Prints requests/s and, per page, client p50/p95/p99 (locust) next to the time inside gunicorn
(its access log, %(D)s), and the errors. Logins are listed apart (PBKDF2 on purpose). It prints
where the cores' time went in the window: the CPU seconds of gunicorn, PostgreSQL, locust, Celery
and Redis, each process with its children (psutil). Then checks
the database: every value an officer's accepted save wrote is there exactly once (no lost,
duplicated or phantom value) and every report job finished with exactly one file. Exits non-zero
on an error or a failed check — never on timings. A figure-printing script, not a test.
Each page alone, the POSTs too, on this dataset built once: bench/pages.py (`--plan FILE`).
"""

import argparse
import csv
import datetime
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the project's apps first: bench/emulation.py must not shadow the app
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))

PASSWORD = "TaiThu@2026"  # the bench logins' password, hashed once with the portal's hasher
GOAL_MS = 150
SEARCH_TERMS = ["Nguyễn", "tran", "Lê Văn", "Hoa", "B0001", "phuc"]
FORM_CODE = "CCHC-DV"
SHORT = {"units": 200, "users": 10, "duration": 30, "servants": 2000, "awards": 500}
FULL = {"units": 1000, "users": 50, "duration": 60, "servants": 20000, "awards": 5000}

# Client request names (bench/load_users.py) → how gunicorn's log paths are grouped.
SERVER_PAGES = [
    (r"^/dang-nhap/$", "đăng nhập"),
    (r"^/so-lieu/$", "danh sách biểu mẫu"),
    (r"^/so-lieu/xet-duyet/$", "hàng chờ xét duyệt"),
    (r"^/so-lieu/tien-do/", "tiến độ (cấp cao nhất)"),
    (r"^/so-lieu/[^/]+/[^/]+/[^/]+/phe-duyet/$", "phê duyệt"),
    (r"^/so-lieu/[^/]+/[^/]+/[^/]+/tra-lai/$", "trả lại"),
    (r"^/so-lieu/[^/]+/[^/]+/[^/]+/$", "trang nhập số liệu"),
    (r"^/to-chuc-can-bo/cong-chuc/\?q=", "tìm công chức"),
    (r"^/to-chuc-can-bo/cong-chuc/$", "danh sách công chức"),
    (r"^/cai-cach-hanh-chinh/$", "tổng quan CCHC"),
    (r"^/bao-cao/\d+/tao-word/$", "tạo bản Word"),
    (r"^/bao-cao/\d+/$", "trang báo cáo"),
    (r"^/$", "trang đầu"),
]


def say(text):
    print(text, flush=True)


# --------------------------------------------------------------------------- services


def start_services(tmp):
    """PostgreSQL and Redis from tests/run.py; the environment the portal's processes read."""
    from tests.run import Postgres, Redis, find_pg_bindir, find_redis_server

    bindir, reason = find_pg_bindir()
    redis_bin, redis_reason = find_redis_server()
    if not bindir or not redis_bin:
        sys.exit(f"Thiếu dịch vụ: {reason or ''} {redis_reason or ''}".strip())
    pg = Postgres(bindir)
    pg.start()
    redis = Redis(redis_bin)
    try:
        redis.start()
    except Exception:
        pg.stop()
        raise
    say(f"PostgreSQL {pg.version} tại 127.0.0.1:{pg.port}; Redis {redis.version} tại 127.0.0.1:{redis.port}")
    env = {
        "DATABASE_URL": pg.url,
        "CELERY_BROKER_URL": redis.url,
        "DJANGO_SETTINGS_MODULE": "homeaffairs.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECRET_KEY": "bench-load-not-secret",
        "MEDIA_ROOT": str(Path(tmp) / "media"),
    }
    os.environ.update(env)
    return pg, redis, env


def restore_dump(pg, dump):
    """The schema and the migrations' own rows from a dump of a migrated database (tests/bench/test_load.py)."""
    started = time.perf_counter()
    subprocess.run([os.path.join(pg.bindir, "pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                    f"--dbname={pg.url}", str(dump)], check=True, capture_output=True, timeout=300)
    say(f"khôi phục cơ sở dữ liệu đã migrate: {time.perf_counter() - started:.1f} s")


def spawn(cmd, env, log):
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def stop(proc, sig=signal.SIGTERM, timeout=20):
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    except ProcessLookupError:
        pass


def wait_http(url, proc, timeout=60):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn dừng ngay (mã {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} không trả lời sau {timeout} s")


# --------------------------------------------------------------------------- dataset


def bench_module(name):
    """bench/<name>.py as a module (bench/emulation.py shares its name with the app)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(units, servants, awards, officers, staff, leaders):
    """The province-scale dataset (bench/completeness.py's province, bench/dashboard.py's quotas and
    draft report, bench/emulation.py's award register) and the plan of the simulated users."""
    import random

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from collection import selectors as collection_selectors
    from collection.models import Submission, ValidationRule
    from core.models import Membership, OrgUnit, OrgUnitKind, Role
    from reports.models import Report
    from staffing.models import CivilServant, Education, Gender, StaffCategory

    completeness, dashboard = bench_module("completeness"), bench_module("dashboard")
    districts = max(1, round(units / 51))  # a district and its 50 communes
    ctx = dashboard.extend(completeness.build(districts, 50))
    rnd = random.Random(2026)
    cchc, open_period = ctx["data_set"], ctx["period"]
    communes = list(OrgUnit.objects.filter(kind=OrgUnitKind.COMMUNE).order_by("code"))
    officer_units = communes[:officers]
    # The officers' own forms start empty: every value in them afterwards is one a simulated officer saved.
    Submission.objects.filter(data_set=cchc, period=open_period, unit__in=officer_units).delete()
    layout = collection_selectors.form_layout(cchc)
    cells = [cell for section in layout for row in section.rows for cell in row.cells if cell is not None]
    numeric = [c for c in cells if c.element.is_numeric]

    t0 = time.perf_counter()
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middle = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu"]
    given = ["An", "Bình", "Hoa", "Lan", "Minh", "Nam", "Phúc", "Thảo", "Vân", "Yến", "Tâm", "Hùng"]
    categories = [StaffCategory.values[i % len(StaffCategory.values)] for i in range(7)]
    people_units = list(OrgUnit.objects.exclude(kind="office"))
    CivilServant.objects.bulk_create([
        CivilServant(ma_so=f"B{i:06d}", full_name=f"{rnd.choice(family)} {rnd.choice(middle)} {rnd.choice(given)}",
                     birth_date=datetime.date(1965 + i % 35, 1 + i % 12, 1 + i % 28), gender=Gender.values[i % 2],
                     unit=people_units[i % len(people_units)], category=categories[i % len(categories)],
                     education=Education.values[i % len(Education.values)], entry_date=datetime.date(2000 + i % 24, 3, 1))
        for i in range(servants)
    ], batch_size=5000)
    bench_module("emulation").fill(max(1, awards // 10), 10)
    say(f"{CivilServant.objects.count()} công chức: {time.perf_counter() - t0:.1f} s")

    # Logins: one officer per simulated officer, reviewers of Phòng CCHC, leaders of the Sở.
    User = get_user_model()
    hashed = make_password(PASSWORD)  # the portal's hasher; each login still verifies it in full
    office = cchc.reviewing_office
    snv = OrgUnit.objects.get(code="SNV")
    accounts = ([(f"bench-cb-{i:03d}", u, Role.OFFICER) for i, u in enumerate(officer_units)]
                + [(f"bench-cchc-{i:02d}", office, Role.STAFF) for i in range(staff)]
                + [(f"bench-ld-{i:02d}", snv, Role.LEADER) for i in range(leaders)])
    users = User.objects.bulk_create([User(username=name, password=hashed, first_name="Thử", last_name="Người")
                                      for name, _unit, _role in accounts])
    Membership.objects.bulk_create([Membership(user=user, unit=unit, role=role)
                                    for user, (_name, unit, role) in zip(users, accounts, strict=True)])

    # Cells the officers type: rule-bound figures get 0 (every rule holds), the others a random count.
    ruled = set()
    for rule in ValidationRule.objects.filter(data_set=cchc):
        ruled |= set(re.findall(r"[A-Z][A-Z0-9_]+", f"{rule.left} {rule.right}"))
    plan_cells = []
    for c in numeric:
        cap = 100 if c.element.value_type == "percent" else 900
        hi = 0 if c.element.code in ruled else int(min(c.element.max_value or cap, cap))
        plan_cells.append([c.name, 0, hi])
    reports = [f"/bao-cao/{pk}/" for pk in Report.objects.filter(unit=snv).order_by("-period__start").values_list("pk", flat=True)[:3]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    plan = {
        "password": PASSWORD,
        "officers": [{"username": name, "form": f"/so-lieu/{cchc.code}/{unit.code}/{open_period.code}/", "cells": plan_cells}
                     for name, unit, role in accounts if role == Role.OFFICER],
        "staff": [name for name, _u, role in accounts if role == Role.STAFF],
        "leaders": [name for name, _u, role in accounts if role == Role.LEADER],
        "completeness": f"/so-lieu/tien-do/?bieu-mau={cchc.code}&ky={open_period.code}",
        "reports": reports,
        "search_terms": SEARCH_TERMS,
    }
    return plan, {"data_set": cchc, "period": open_period, "cells": {c.name: c for c in cells}}


# --------------------------------------------------------------------------- after the run


def check_values(plan, ctx, saves_path):
    """(problems, figures): each accepted save's values are stored exactly once, nothing else."""
    from decimal import Decimal

    from django.db.models import Count

    from collection.models import DataValue, Submission

    last = {}
    saves = 0
    with open(saves_path, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            last[record["form"]] = record["values"]
            saves += 1
    problems = []
    duplicates = (DataValue.objects.values("submission", "element", "option").annotate(n=Count("id")).filter(n__gt=1).count())
    if duplicates:
        problems.append(f"{duplicates} ô có hơn một giá trị")
    checked = 0
    for officer in plan["officers"]:
        unit_code = officer["form"].strip("/").split("/")[2]
        sub = Submission.objects.filter(data_set=ctx["data_set"], unit__code=unit_code, period=ctx["period"]).first()
        stored = {}
        if sub is not None:
            for v in DataValue.objects.filter(submission=sub):
                stored[f"v-{v.element_id}-{v.option_id or 0}"] = v.numeric_value
        expected = {name: Decimal(value) for name, value in last.get(officer["form"], {}).items()}
        for name, value in expected.items():
            checked += 1
            if name not in stored:
                problems.append(f"{unit_code}: mất {name}")
            elif stored[name] != value:
                problems.append(f"{unit_code}: {name} = {stored[name]}, đã lưu {value}")
        for name in stored.keys() - expected.keys():
            problems.append(f"{unit_code}: {name} không ai lưu")
    return problems, {"saves": saves, "forms": len(last), "values": checked}


def check_jobs(media_root, timeout=180):
    """(problems, figures): every report job done, with exactly one file on disk."""
    from reports.models import JobStatus, ReportJob

    deadline = time.monotonic() + timeout
    while ReportJob.objects.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(1)
    problems = []
    jobs = list(ReportJob.objects.filter(requested_by__username__startswith="bench-"))
    for job in jobs:
        folder = Path(media_root) / "reports" / "jobs" / str(job.pk)
        files = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        docx = [f for f in files if f.endswith(".docx")]
        if job.status != JobStatus.DONE:
            problems.append(f"lượt #{job.pk}: {job.get_status_display()} {job.error[:100]}")
        elif len(docx) != 1 or not job.file:
            problems.append(f"lượt #{job.pk}: {len(docx)} tệp Word ({', '.join(files)})")
    took = [(j.finished_at - j.created_at).total_seconds() for j in jobs if j.finished_at]
    return problems, {"jobs": len(jobs), "median_s": statistics.median(took) if took else None,
                      "max_s": max(took) if took else None}


def log_requests(access_log, start_at=0, end_at=None):
    """(method, path, ms) of gunicorn's access log lines «METHOD PATH STATUS MICROSECONDS» between the offsets."""
    with open(access_log, "rb") as fh:
        fh.seek(start_at)
        text = fh.read(-1 if end_at is None else max(0, end_at - start_at))
    for line in text.decode("utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3].isdigit():
            yield parts[0], parts[1].removesuffix("?"), int(parts[3]) / 1000


def slowest(access_log, start_at=0, end_at=None, count=8):
    """The slowest requests inside gunicorn between the offsets: [(ms, method, path)]."""
    return sorted(((ms, method, path) for method, path, ms in log_requests(access_log, start_at, end_at)),
                  reverse=True)[:count]


def server_times(access_log, start_at=0, end_at=None):
    """{page: [ms]} inside gunicorn between the offsets, grouped as SERVER_PAGES names them."""
    times = defaultdict(list)
    for method, path, ms in log_requests(access_log, start_at, end_at):
        name = next((label for pattern, label in SERVER_PAGES if re.search(pattern, path)), None)
        if name:
            times[f"{name} ({method})"].append(ms)
    return times


def warm_up(host, plan, workers):
    """Each worker's first render compiles templates and fills caches: done before measuring."""
    import requests

    for username, pages in ((plan["leaders"][0], ["/", plan["completeness"], *plan["reports"][:1]]),
                            (plan["staff"][0], ["/so-lieu/xet-duyet/", "/to-chuc-can-bo/cong-chuc/"]),
                            (plan["officers"][0]["username"], ["/so-lieu/", plan["officers"][0]["form"]])):
        session = requests.Session()
        page = session.get(host + "/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        session.post(host + "/dang-nhap/", data={"username": username, "password": plan["password"],
                                                 "csrfmiddlewaretoken": token}, headers={"Referer": host + "/dang-nhap/"})
        for _ in range(workers):
            for path in pages:
                session.get(host + path)


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))] if values else 0.0


def cpu_seconds(roots):
    """{name: CPU seconds (user + system) so far of each process tree in `roots` ({name: pid})}. A
    reaped child (a PostgreSQL backend closed at CONN_MAX_AGE) counts in its parent's children
    times; a tree already gone counts 0."""
    import psutil

    totals = {}
    for name, pid in roots.items():
        total = 0.0
        try:
            root = psutil.Process(pid)
            times = root.cpu_times()
            total = times.children_user + times.children_system
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            procs = []
        for proc in procs:
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        totals[name] = total
    return totals


def watch_window(locust, storm_path, access_log, timeout, cpu_roots):
    """Wait for locust. Returns where gunicorn's log stood when the measured window began (the
    locustfile writes `storm_path` at that moment; its end when the window never began), and each
    process tree's CPU seconds over the window and the seconds between the two looks (its start, and
    the last look while locust ran)."""
    deadline = time.monotonic() + timeout
    window_at, cpu_start, cpu_last, began, looked = None, None, None, None, None
    while locust.poll() is None:
        if window_at is None and storm_path.exists():
            window_at = access_log.stat().st_size
            cpu_start, began = cpu_seconds(cpu_roots), time.monotonic()
        elif cpu_start is not None and time.monotonic() - (looked or began) >= 1:  # a look costs a few ms of CPU
            cpu_last, looked = cpu_seconds(cpu_roots), time.monotonic()
        if time.monotonic() > deadline:
            stop(locust, signal.SIGKILL)
            raise RuntimeError(f"locust chưa xong sau {timeout} s")
        time.sleep(0.2)
    used = {name: cpu_last[name] - cpu_start[name] for name in cpu_roots} if cpu_start and cpu_last else {}
    return (window_at if window_at is not None else access_log.stat().st_size), used, (looked or 0) - (began or 0)


def print_cpu(used, seconds):
    """Where the 2 cores' time went in the window: each process tree's CPU seconds and share."""
    if not used:
        return
    available = seconds * (os.cpu_count() or 1)
    heaviest = sorted(used.items(), key=lambda item: -item[1])
    parts = "; ".join(f"{name} {cpu:.1f} s ({cpu / available:.0%})" for name, cpu in heaviest)
    say(f"\nCPU trong cửa sổ đo ({seconds:.0f} s × {os.cpu_count()} lõi = {available:.0f} s): {parts}; "
        f"tổng {sum(used.values()) / available:.0%}")


def read_requests(path):
    """Every request locust made ({start, method, name, ms, error}, bench/load_users.py), in order."""
    if not Path(path).exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def print_client_table(title, requests):
    """Per page the requests' count, errors and p50/p95/p99 as the users saw them; then every error.
    Returns (errors, worst p95 of a page other than the login)."""
    pages = defaultdict(list)
    for r in requests:
        pages[r["name"]].append(r)
    header = f"{title:<34} {'lượt':>6} {'lỗi':>4} {'p50':>7} {'p95':>7} {'p99':>7}"
    say("\n" + header)
    say("-" * len(header))

    def line(label, rows):
        ms = [r["ms"] for r in rows]
        failed = sum(1 for r in rows if r["error"])
        say(f"{label[:34]:<34} {len(rows):>6} {failed:>4} {pct(ms, .5):>5.0f}ms {pct(ms, .95):>5.0f}ms {pct(ms, .99):>5.0f}ms")

    for name in sorted(pages):
        line(name, pages[name])
    line("tất cả", requests)
    errors = defaultdict(int)
    for r in requests:
        if r["error"]:
            errors[(r["method"], r["name"], r["error"])] += 1
    for (method, name, error), count in sorted(errors.items(), key=lambda e: -e[1])[:20]:
        say(f"LỖI {method} {name}: {error[:200]} × {count}")
    worst = max((pct([r["ms"] for r in rows], .95) for name, rows in pages.items() if not name.startswith("đăng nhập")),
                default=0)
    return sum(errors.values()), worst


def split_phases(requests, storm_path):
    """(storm, window, window_start): each request in the phase it started in. Without the storm
    file (locust stopped before every user had logged in) everything is the storm."""
    if not storm_path.exists():
        return requests, [], None
    window_start = json.loads(storm_path.read_text(encoding="utf-8"))["window_start"]
    storm = [r for r in requests if r["start"] < window_start]
    return storm, [r for r in requests if r["start"] >= window_start], window_start


def print_storm(storm, window_start, access_log, start_at, window_at):
    """The login storm apart: every user's login and first step, and every request that started
    before the last of them, client side and inside gunicorn. Returns its errors (they count)."""
    if window_start is None:
        say("\nLỖI: locust dừng trước khi mọi người dùng đăng nhập xong")
    else:
        first = min((r["start"] for r in storm), default=window_start)
        say(f"\nĐợt đăng nhập: {window_start - first:.0f} s, đến khi người dùng cuối cùng xong bước đầu và thêm 5 s "
            f"cho hàng đợi của đợt này vơi đi; mỗi lượt thuộc giai đoạn nó bắt đầu (không tính vào cửa sổ đo)")
    errors, _worst = print_client_table("đợt đăng nhập (locust, người dùng)", storm)
    logins = server_times(access_log, start_at, window_at).get("đăng nhập (POST)", [])
    if logins:
        say(f"đăng nhập (POST) trong gunicorn: p50 {pct(logins, .5):.0f} ms, p95 {pct(logins, .95):.0f} ms")
    return errors + (1 if window_start is None else 0)


def print_figures(window, duration, access_log, start_at, exceptions_csv):
    errors, worst = print_client_table("trang (locust, phía người dùng)", window)
    say(f"\n{len(window) / duration:.1f} lượt/s; p95 xấu nhất của một trang (trừ đăng nhập) {worst:.0f} ms "
        f"(mục tiêu ≤ {GOAL_MS} ms: {'đạt' if worst <= GOAL_MS else 'CHƯA ĐẠT'})")
    server = server_times(access_log, start_at)
    if server:
        header = f"{'trang (trong gunicorn)':<34} {'lượt':>6} {'p50':>7} {'p95':>7} {'p99':>7}"
        say("\n" + header)
        say("-" * len(header))
        every = []
        for name, ms in sorted(server.items()):
            every += ms
            say(f"{name[:34]:<34} {len(ms):>6} {pct(ms, .5):>5.0f}ms {pct(ms, .95):>5.0f}ms {pct(ms, .99):>5.0f}ms")
        say(f"{'tất cả':<34} {len(every):>6} {pct(every, .5):>5.0f}ms {pct(every, .95):>5.0f}ms {pct(every, .99):>5.0f}ms")
        say("chậm nhất trong gunicorn: " + "; ".join(f"{ms:.0f} ms {method} {path}" for ms, method, path in slowest(access_log, start_at)))
    # An exception inside a simulated user (bench/load_users.py) is an error of the run too.
    crashes = list(csv.DictReader(open(exceptions_csv, encoding="utf-8"))) if Path(exceptions_csv).exists() else []
    for c in crashes[:10]:
        say(f"LỖI trong người dùng giả lập: {c.get('Message', '')[:200]} × {c.get('Count', '')}")
    return errors + sum(int(c.get("Count") or 1) for c in crashes), len(window)


# --------------------------------------------------------------------------- where the time goes


def page_costs(plan, runs, profile):
    """Each page alone, no load: median server time and SQL queries (Django test Client)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    User = get_user_model()
    officer, staff, leader = plan["officers"][0], plan["staff"][0], plan["leaders"][0]
    pages = [
        (officer["username"], "danh sách biểu mẫu", "/so-lieu/"),
        (officer["username"], "trang nhập số liệu", officer["form"]),
        (staff, "hàng chờ xét duyệt", "/so-lieu/xet-duyet/"),
        (staff, "danh sách công chức", "/to-chuc-can-bo/cong-chuc/"),
        (staff, "tìm công chức", "/to-chuc-can-bo/cong-chuc/?q=Nguyễn"),
        (leader, "tiến độ (cấp cao nhất)", plan["completeness"]),
        (leader, "trang đầu (lãnh đạo)", "/"),
        (leader, "tổng quan CCHC", "/cai-cach-hanh-chinh/"),
        *[(leader, "trang báo cáo", path) for path in plan["reports"][:1]],
    ]
    header = f"{'trang (một mình, không tải)':<34} {'trung vị':>9} {'nhỏ nhất':>9} {'truy vấn':>9}"
    say("\n" + header)
    say("-" * len(header))
    for username, label, path in pages:
        client = Client()
        client.force_login(User.objects.get(username=username))
        assert client.get(path).status_code == 200, path  # warm-up
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        say(f"{label:<34} {statistics.median(times):>7.0f}ms {min(times):>7.0f}ms {len(executed):>9}")
        if profile and any(part and part in label for part in profile.split(",")):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(3):
                client.get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


# --------------------------------------------------------------------------- main


def run(args, tmp, env, services):
    from django.conf import settings

    counts = {"officers": max(1, round(args.users * 0.6)), "staff": max(1, round(args.users * 0.3))}
    counts["leaders"] = max(1, args.users - counts["officers"] - counts["staff"])
    plan, ctx = build(args.units, args.servants, args.awards, counts["officers"], counts["staff"], counts["leaders"])
    plan["weights"] = counts
    plan["users"], plan["duration"] = args.users, args.duration
    if args.pages:
        page_costs(plan, args.pages, os.environ.get("BENCH_PROFILE"))
        if not args.users or not args.duration:
            return 0
    plan_path, saves_path = Path(tmp) / "plan.json", Path(tmp) / "saves.jsonl"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    saves_path.write_text("")
    from django.db import connections

    connections.close_all()

    from tests.run import free_port

    port = free_port()
    access_log = Path(tmp) / "access.log"
    procs, cpu_used = [], {}
    logs = [open(Path(tmp) / name, "wb") for name in ("gunicorn.log", "celery.log", "locust.log")]
    try:
        gunicorn = spawn([sys.executable, "-m", "gunicorn", "homeaffairs.wsgi", "-w", str(args.workers), "-b",
                          f"127.0.0.1:{port}", "-c", str(ROOT / "gunicorn.conf.py"), "--access-logfile", str(access_log),
                          "--access-logformat", "%(m)s %(U)s?%(q)s %(s)s %(D)s"], env, logs[0])
        procs.append(gunicorn)
        celery = spawn([sys.executable, "-m", "celery", "-A", "homeaffairs", "worker", "--pool=solo", "-Q", "default,reports",
                        "-l", "warning"], env, logs[1])
        procs.append(celery)
        wait_http(f"http://127.0.0.1:{port}/dang-nhap/", gunicorn)
        say(f"\ngunicorn {args.workers} worker tại 127.0.0.1:{port}, Celery worker trên Redis; "
            f"locust: {args.users} người dùng ({counts['officers']} cán bộ, {counts['staff']} chuyên viên, "
            f"{counts['leaders']} lãnh đạo), chờ 1–4 s, {args.duration} s")
        warm_up(f"http://127.0.0.1:{port}", plan, args.workers)
        time.sleep(1)  # gunicorn's log lines of the warm-up are written
        start_at = access_log.stat().st_size if access_log.exists() else 0  # the warm-up is not part of the figures
        prefix, storm_path, requests_path = Path(tmp) / "locust", Path(tmp) / "storm.json", Path(tmp) / "requests.jsonl"
        locust = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(BENCH / "load_users.py"), "--headless", "-u", str(args.users),
             "-r", str(max(1, args.users // 5)), "--host", f"http://127.0.0.1:{port}",
             "--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"],
            cwd=ROOT, env={**os.environ, **env, "LOAD_PLAN": str(plan_path), "LOAD_SAVES": str(saves_path),
                           "LOAD_STORM": str(storm_path), "LOAD_REQUESTS": str(requests_path)},
            stdout=logs[2], stderr=subprocess.STDOUT,
        )
        cpu_roots = {"gunicorn": gunicorn.pid, "Celery": celery.pid, "locust": locust.pid, **services}
        window_at, cpu_used, cpu_span = watch_window(locust, storm_path, access_log, args.duration + 900, cpu_roots)
        storm, window, window_start = split_phases(read_requests(requests_path), storm_path)
        storm_errors = print_storm(storm, window_start, access_log, start_at, window_at)
        errors, requests = print_figures(window, args.duration, access_log, window_at, f"{prefix}_exceptions.csv")
        print_cpu(cpu_used, cpu_span)
        errors += storm_errors
        if locust.returncode not in (0, 1):  # 1 = some requests failed; reported above
            say(f"locust thoát với mã {locust.returncode}: {(Path(tmp) / 'locust.log').read_text()[-2000:]}")
            errors = errors or 1
        job_problems, job_figures = check_jobs(settings.MEDIA_ROOT)
        if args.keep_logs:
            import shutil

            Path(args.keep_logs).mkdir(parents=True, exist_ok=True)
            for path in (requests_path, access_log, storm_path):
                if path.exists():
                    shutil.copy(path, Path(args.keep_logs) / path.name)
    finally:
        for proc in procs:
            stop(proc)
        for log in logs:
            log.close()
    value_problems, figures = check_values(plan, ctx, saves_path)
    say(f"\nKiểm tra cơ sở dữ liệu: {figures['saves']} lượt lưu được nhận trên {figures['forms']} biểu mẫu, "
        f"{figures['values']} ô đối chiếu; {len(value_problems)} sai lệch (mất, trùng, thừa)")
    for problem in value_problems[:20]:
        say(f"  SAI LỆCH {problem}")
    took = (f"; thời gian một lượt: trung vị {job_figures['median_s']:.1f} s, lâu nhất {job_figures['max_s']:.1f} s"
            if job_figures["median_s"] is not None else "")
    say(f"Lượt tạo bản Word: {job_figures['jobs']}, {len(job_problems)} lượt không đúng một tệp{took}")
    for problem in job_problems[:20]:
        say(f"  SAI LỆCH {problem}")
    if args.summary:
        Path(args.summary).write_text(json.dumps({
            "errors": errors, "requests": requests, "saves": figures["saves"], "values_checked": figures["values"],
            "value_problems": value_problems, "jobs": job_figures["jobs"], "job_problems": job_problems,
            "cpu_seconds": cpu_used,
        }, ensure_ascii=False), encoding="utf-8")
    if errors:
        tail = (Path(tmp) / "gunicorn.log").read_text(errors="replace")[-3000:]
        say(f"\nNhật ký gunicorn (cuối):\n{tail}")
    return 1 if errors or value_problems or job_problems else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="~200 đơn vị, 10 người dùng, 30 s (CI)")
    for name in ("units", "users", "duration", "servants", "awards"):
        parser.add_argument(f"--{name}", type=int)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--summary", metavar="FILE", help="ghi kết quả kiểm tra (JSON) vào FILE (kiểm thử dùng)")
    parser.add_argument("--keep-logs", metavar="DIR",
                        help="chép nhật ký từng lượt của locust (requests.jsonl) và của gunicorn (access.log) vào DIR")
    parser.add_argument("--database-dump", metavar="FILE",
                        help="bản pg_dump (định dạng custom) của một cơ sở dữ liệu vừa migrate: khôi phục nó thay vì "
                             "migrate từ đầu (~50 s CPU); migrate vẫn chạy sau đó cho phần còn thiếu (kiểm thử dùng)")
    parser.add_argument("--pages", type=int, default=0, metavar="N",
                        help="trước khi tạo tải: đo mỗi trang N lần một mình (thời gian, số truy vấn); "
                             "BENCH_PROFILE=<tên trang> in cProfile của trang đó; với --duration 0 chỉ đo vậy")
    args = parser.parse_args(argv)
    for name, value in (SHORT if args.short else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    tmp = tempfile.mkdtemp(prefix="bench-load-")
    pg, redis, env = start_services(tmp)
    try:
        if args.database_dump:
            restore_dump(pg, args.database_dump)
        bench_module("completeness").setup_django()
        return run(args, tmp, env, {"PostgreSQL": pg.proc.pid, "Redis": redis.proc.pid})
    finally:
        from django.db import connections

        connections.close_all()
        redis.stop()
        pg.stop()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
