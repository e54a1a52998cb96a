"""Bench: each page bench/load.py drives, alone (no load), on the load bench's dataset (issue 17 item 1).

    .venv/bin/python bench/pages.py [--runs 10] [--units 1000] [--servants 20000] [--awards 5000]
    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py --plan /tmp/plan.json   # build once, reuse

Builds bench/load.py's province-scale dataset (its `build`: ~1,000 communes, two years of
submissions, 20,000 civil servants, 5,000 award items, the bench logins) on a throwaway PostgreSQL,
or on DATABASE_URL. With `--plan FILE` the plan of the simulated users is written to FILE the first
time and read from it afterwards, so the dataset is built once and later runs only measure.

Then renders every page the load bench drives through Django's test Client (force_login, DEBUG off)
`--runs` times each and prints «page, median ms, smallest ms, SQL queries», the POSTs too: an
officer's save and send, a reviewer's approve and return (each run on a form in the right state,
put back afterwards outside the timing). BENCH_PROFILE=<part of a page name> prints a cProfile of
that page (BENCH_PROFILE_SORT=tottime sorts it by own time); BENCH_SHOW_QUERIES=<part of a page name> prints its SQL. Pages are timed as repeated
views, as the load sees them: what a page keeps in the cache (the first page's panels, the
register's counts, a form's structure) is kept between runs (bench/scale.py times them cold).
Prints `uptime` next to the
figures (2 shared cores: wall-clock figures are noisy, query counts are not).
A figure-printing script, not a test.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))

from _support import run_on_postgres  # noqa: E402


def setup_django():
    load = _load()
    load.bench_module("completeness").setup_django()


def _load():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_load", BENCH / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def get_plan(args):
    from django.contrib.auth import get_user_model

    load = _load()
    if args.plan and Path(args.plan).exists() and get_user_model().objects.filter(username="bench-cb-000").exists():
        print(f"Dùng lại dữ liệu đã dựng (kế hoạch {args.plan})")
        return json.loads(Path(args.plan).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    plan, _ctx = load.build(args.units, args.servants, args.awards, officers=30, staff=15, leaders=5)
    print(f"Dựng dữ liệu: {time.perf_counter() - t0:.0f} s")
    if args.plan:
        Path(args.plan).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return plan


class Counter:
    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - t0) * 1000, sql))


def measure(label, runs, call, prepare=None):
    """(median ms, smallest ms, queries of one call): `prepare()` before each call, not timed."""
    from django.db import connection

    times, counted = [], None
    for i in range(runs + 1):
        arg = prepare(i) if prepare else None
        counter = Counter()
        with connection.execute_wrapper(counter):
            t0 = time.perf_counter()
            call(arg)
            took = (time.perf_counter() - t0) * 1000
        if i == 0:
            continue  # the first call compiles templates and fills the per-process caches
        times.append(took)
        counted = counted or counter.queries
    show = os.environ.get("BENCH_SHOW_QUERIES")
    if show and show in label:
        for ms, sql in counted:
            print(f"  {ms:7.1f} ms  {sql[:300]}")
    profile = os.environ.get("BENCH_PROFILE")
    if profile and profile in label:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        for i in range(3):
            arg = prepare(runs + 1 + i) if prepare else None
            profiler.enable()
            call(arg)
            profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(40)
    return statistics.median(times), min(times), len(counted)


def run(args):
    import re

    from django.contrib.auth import get_user_model
    from django.test import Client

    from collection.models import Status, Submission

    plan = get_plan(args)
    User = get_user_model()
    officers, staff, leader = plan["officers"], plan["staff"][0], plan["leaders"][0]
    clients = {}

    def client(username):
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        return clients[username]

    def get(username, path, expect=200):
        response = client(username).get(path)
        assert response.status_code == expect, (path, response.status_code)
        return response

    def post(username, path, data, expect=302):
        # Urlencoded, as a browser and locust send the entry form (the test client's default is multipart).
        response = client(username).post(path, urlencode(data, doseq=True),
                                         content_type="application/x-www-form-urlencoded")
        assert response.status_code == expect, (path, response.status_code, response.content[:2000])
        return response

    version = re.compile(r'name="version" value="(-?\d+)"')
    rnd = random.Random(17)

    def form_of(i):
        return officers[i % len(officers)]

    def submission_of(officer):
        _, data_set, unit, period = officer["form"].strip("/").split("/")
        return Submission.objects.get(data_set__code=data_set, unit__code=unit, period__code=period)

    def reset(officer, status=Status.DRAFT):
        """The form back to `status` (outside the timing): each POST run finds it in the right state."""
        sub = Submission.objects.filter(pk=submission_of(officer).pk)
        sub.update(status=status, reviewed_by=None, reviewed_at=None, return_reason="",
                   submitted_by=User.objects.get(username=officer["username"]) if status == Status.SUBMITTED else None)

    def entry_data(officer, action):
        page = get(officer["username"], officer["form"])
        values = {name: str(rnd.randint(lo, hi)) for name, lo, hi in officer["cells"]}
        return {"version": version.search(page.content.decode()).group(1), "action": action, **values}

    # Every officer's form exists with values and is editable (save once, as bench/load.py's officers do).
    for officer in officers:
        try:
            reset(officer)
        except Submission.DoesNotExist:
            pass
        post(officer["username"], officer["form"], entry_data(officer, "luu"))

    def prepare_save(i):
        officer = form_of(i)
        reset(officer)
        return officer, entry_data(officer, "luu")

    def prepare_send(i):
        officer = form_of(i)
        reset(officer)
        return officer, entry_data(officer, "gui")

    def prepare_review(i):
        officer = form_of(i)
        reset(officer, Status.SUBMITTED)
        return officer

    rows = []
    period_code = officers[0]["form"].strip("/").split("/")[-1]
    pages = [
        ("danh sách biểu mẫu (cán bộ)", lambda _: get(officers[0]["username"], "/so-lieu/"), None),
        ("biểu mẫu một kỳ (cán bộ)", lambda _: get(officers[0]["username"], "/so-lieu/?ky=" + period_code), None),
        ("trang nhập số liệu (cán bộ)", lambda _: get(officers[0]["username"], officers[0]["form"]), None),
        ("lưu số liệu (POST)", lambda a: post(a[0]["username"], a[0]["form"], a[1]), prepare_save),
        ("gửi số liệu (POST)", lambda a: post(a[0]["username"], a[0]["form"], a[1]), prepare_send),
        ("hàng chờ xét duyệt", lambda _: get(staff, "/so-lieu/xet-duyet/"), None),
        ("trang nhập (xét duyệt)", lambda o: get(staff, o["form"]), prepare_review),
        ("phê duyệt (POST)", lambda o: post(staff, o["form"] + "phe-duyet/", {}), prepare_review),
        ("trả lại (POST)", lambda o: post(staff, o["form"] + "tra-lai/", {"reason": "Đề nghị kiểm tra lại số liệu."}),
         prepare_review),
        ("trang đầu (lãnh đạo)", lambda _: get(leader, "/"), None),
        ("trang đầu (chuyên viên)", lambda _: get(staff, "/"), None),
        ("trang đầu (cán bộ)", lambda _: get(officers[0]["username"], "/"), None),
        ("tổng quan CCHC", lambda _: get(leader, "/cai-cach-hanh-chinh/"), None),
        *[("trang báo cáo", lambda _, p=path: get(leader, p), None) for path in plan["reports"][:1]],
    ]
    only = os.environ.get("BENCH_PAGES")
    for label, call, prepare in pages:
        if only and not any(part in label for part in only.split(",")):
            continue
        median, smallest, queries = measure(label, args.runs, call, prepare)
        rows.append((label, median, smallest, queries))
        print(f"  {label}: {median:.0f} ms, {queries} truy vấn", flush=True)
    for officer in officers:  # leave the forms editable for the next run
        reset(officer)
    uptime = os.popen("uptime").read().strip()
    header = f"{'trang (một mình, không tải)':<30} {'trung vị':>9} {'nhỏ nhất':>9} {'truy vấn':>9}"
    print(f"\n{args.runs} lượt mỗi trang; {uptime}")
    print(header)
    print("-" * len(header))
    for label, median, smallest, queries in rows:
        print(f"{label:<30} {median:>7.0f}ms {smallest:>7.0f}ms {queries:>9}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--servants", type=int, default=20000)
    parser.add_argument("--awards", type=int, default=5000)
    parser.add_argument("--plan", metavar="FILE", help="kế hoạch người dùng: ghi lần đầu, đọc lại các lần sau")
    args = parser.parse_args(argv)
    return run_on_postgres(setup_django, run, args, only_postgresql=True)


if __name__ == "__main__":
    sys.exit(main())
