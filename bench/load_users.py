"""The simulated users of bench/load.py (a locustfile; bench/load.py runs it headless).

Reads its plan (logins, forms, pages) from the JSON file named by LOAD_PLAN and appends every
save the portal accepted to LOAD_SAVES (JSON lines), so bench/load.py can check afterwards that
each saved value is in the database exactly once. Every request goes to LOAD_REQUESTS (JSON lines:
when it started, its name, its time, its error) and the moment the measured window opens to
LOAD_STORM (the last user's first step done, then `settle` seconds, 5 by default, for the storm's
queue to drain): bench/load.py puts each request in the phase it *started* in, so a page that
queued behind the login storm counts in the storm's figures even when it ends after the window opened. Users log in through the real login form with its CSRF token; the
password hash is the portal's own (never weakened for the bench).
"""

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import HttpUser, between, events, task

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as _fh:
    PLAN = json.load(_fh)
SAVES = open(os.environ["LOAD_SAVES"], "a", encoding="utf-8")  # noqa: SIM115 - one file for the whole run

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(-?\d+)"')
THINK = between(PLAN.get("think_min", 1), PLAN.get("think_max", 4))
_accounts = {role: itertools.cycle(PLAN[role]) for role in ("officers", "staff", "leaders")}
_rng = random.Random(PLAN.get("seed", 17))
_started = []  # users past their login and first action


REQUESTS = open(os.environ["LOAD_REQUESTS"], "a", encoding="utf-8")  # noqa: SIM115 - as SAVES


@events.request.add_listener
def _record(request_type, name, response_time, exception, start_time=None, **kwargs):
    REQUESTS.write(json.dumps({"start": start_time, "method": request_type, "name": name, "ms": response_time,
                               "error": str(exception)[:300] if exception else None}, ensure_ascii=False) + "\n")


@events.test_start.add_listener
def _stop_after_duration(environment, **kwargs):
    """The measured window is `duration` seconds once every user has logged in and made its first
    step: a login storm on a busy machine can take longer than a short run (PBKDF2 on purpose)."""
    def stop_later():
        deadline = time.monotonic() + PLAN.get("login_timeout", 600)
        while len(_started) < PLAN["users"] and time.monotonic() < deadline:
            gevent.sleep(0.5)
        # The queue the storm left drains first: a page asked in the next second still waits behind
        # requests that started in the storm (seen: 0,7–0,8 s saves at the window's first 0,5 s).
        gevent.sleep(PLAN.get("settle", 5))
        with open(os.environ["LOAD_STORM"], "w", encoding="utf-8") as fh:
            json.dump({"window_start": time.time(), "users_started": len(_started)}, fh)
        gevent.sleep(PLAN["duration"])
        environment.runner.quit()

    gevent.spawn(stop_later)


def csrf_of(text):
    match = CSRF.search(text or "")
    return match.group(1) if match else ""


class PortalUser(HttpUser):
    abstract = True
    wait_time = THINK
    role = None

    def on_start(self):
        self.account = next(_accounts[self.role])
        username = self.account["username"] if isinstance(self.account, dict) else self.account
        page = self.client.get("/dang-nhap/", name="đăng nhập (GET)")
        with self.client.post("/dang-nhap/", name="đăng nhập (POST)", catch_response=True,
                              data={"username": username, "password": PLAN["password"],
                                    "csrfmiddlewaretoken": csrf_of(page.text)},
                              headers={"Referer": self.host + "/dang-nhap/"}) as response:
            if not response.history or "/dang-nhap/" in response.url:
                response.failure(f"đăng nhập không thành công: {username}")

    def get(self, path, name):
        return self.client.get(path, name=name)

    def post(self, path, name, data, referer):
        data = dict(data)
        data["csrfmiddlewaretoken"] = csrf_of(referer.text)
        return self.client.post(path, data=data, name=name, catch_response=True,
                                headers={"Referer": self.host + path})


class Officer(PortalUser):
    """A unit's officer: the forms list, the entry page, saving and now and then sending."""

    role = "officers"
    weight = PLAN["weights"]["officers"]

    def on_start(self):
        super().on_start()
        self.fill()  # what an officer logs in for: every officer saves at least once, even in a short run
        _started.append(self)

    @task(2)
    def forms_list(self):
        self.get("/so-lieu/", "danh sách biểu mẫu")

    @task(5)
    def fill(self):
        form = self.account["form"]
        page = self.get(form, "trang nhập số liệu")
        match = VERSION.search(page.text or "")
        if page.status_code != 200 or not match or 'name="action" value="luu"' not in page.text:
            return  # sent or approved: read-only until the Sở returns it
        values = {name: str(_rng.randint(lo, hi)) for name, lo, hi in self.account["cells"]}
        action = "gui" if _rng.random() < 0.25 else "luu"
        data = {"version": match.group(1), "action": action, **values}
        with self.post(form, "gửi số liệu (POST)" if action == "gui" else "lưu số liệu (POST)", data, page) as response:
            if response.history:  # redirected: save_values committed
                SAVES.write(json.dumps({"form": form, "values": values}) + "\n")
                SAVES.flush()
                response.success()
            else:  # a refusal (conflict, lock, invalid value) shows the page again: none is expected here
                response.failure(f"lưu không thành công (HTTP {response.status_code})")


class Staff(PortalUser):
    """A reviewer of the Sở: the review queue, the register (list and search), approving and returning."""

    role = "staff"
    weight = PLAN["weights"]["staff"]

    def on_start(self):
        super().on_start()
        _started.append(self)

    @task(2)
    def review_queue(self):
        self.get("/so-lieu/xet-duyet/", "hàng chờ xét duyệt")

    @task(2)
    def register(self):
        self.get("/to-chuc-can-bo/cong-chuc/", "danh sách công chức")

    @task(2)
    def search(self):
        self.get("/to-chuc-can-bo/cong-chuc/?q=" + _rng.choice(PLAN["search_terms"]), "tìm công chức")

    @task(1)
    def completeness(self):
        self.get(PLAN["completeness"], "tiến độ (cấp cao nhất)")

    @task(3)
    def review(self):
        form = _rng.choice(PLAN["officers"])["form"]
        page = self.get(form, "trang nhập số liệu (xét duyệt)")
        if page.status_code != 200 or "/phe-duyet/" not in page.text:
            return
        if _rng.random() < 0.7:
            target, name, data = form + "phe-duyet/", "phê duyệt (POST)", {}
        else:
            target, name, data = form + "tra-lai/", "trả lại (POST)", {"reason": "Đề nghị kiểm tra lại số liệu."}
        with self.post(target, name, data, page) as response:
            if response.status_code < 400:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


class Leader(PortalUser):
    """A leader: the first page, completeness, the CCHC dashboard, the report page and its Word job."""

    role = "leaders"
    weight = PLAN["weights"]["leaders"]

    def on_start(self):
        super().on_start()
        self.report(job=True)  # every leader asks for one Word file: each run checks a report job
        _started.append(self)

    @task(3)
    def dashboard(self):
        self.get("/", "trang đầu (lãnh đạo)")

    @task(1)
    def completeness(self):
        self.get(PLAN["completeness"], "tiến độ (cấp cao nhất)")

    @task(1)
    def reform(self):
        self.get("/cai-cach-hanh-chinh/", "tổng quan CCHC")

    @task(2)
    def report(self, job=False):
        if not PLAN["reports"]:
            return
        report = _rng.choice(PLAN["reports"])
        page = self.get(report, "trang báo cáo")
        if page.status_code == 200 and (job or _rng.random() < PLAN.get("job_share", 0.1)):
            with self.post(report + "tao-word/", "tạo bản Word (POST)", {}, page) as response:
                if response.history and response.status_code == 200:
                    response.success()
                else:
                    response.failure(f"HTTP {response.status_code}")


@events.quitting.add_listener
def _close(environment, **kwargs):
    SAVES.close()
    REQUESTS.close()
