"""Crash safety (issue 17 item 5): a gunicorn web worker SIGKILLed in the middle of an upload
(«nhập ngay»: checked and saved in the request) leaves nothing half-saved — no register row; the
job is left running, becomes stale and is re-run once to every row; the server answers the next
request from a fresh worker.

Skipped without PostgreSQL (a separate process must see the test database) unless REQUIRE_SERVICES=1.
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.run import free_port

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server(tmp_path, settings):
    require_service("postgres")
    if connection.vendor != "postgresql":
        pytest.skip("Cần PostgreSQL: gunicorn chạy trong tiến trình khác phải thấy cùng cơ sở dữ liệu kiểm thử.")
    db = connection.settings_dict
    media, markers = tmp_path / "media", tmp_path / "markers"
    media.mkdir()
    markers.mkdir()
    settings.MEDIA_ROOT = media
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")}
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}{':' + db['PASSWORD'] if db.get('PASSWORD') else ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        MEDIA_ROOT=str(media), CRASH_MARKERS=str(markers), CRASH_PAUSE="20", DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost", PYTHONUNBUFFERED="1",
    )
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "homeaffairs.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}",
             "-c", str(ROOT / "tests" / "crash" / "gunicorn_conf.py"), "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    base = f"http://127.0.0.1:{port}"
    import requests

    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(base + "/dang-nhap/", timeout=20).status_code < 500:
                break
        except requests.RequestException:  # not listening yet, or the worker still loading the app
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"gunicorn không chạy được:\n{log_path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.3)
    yield {"base": base, "markers": markers, "log": lambda: log_path.read_text(errors="replace")[-3000:]}
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_a_web_worker_killed_mid_upload_leaves_nothing_half_saved(server):
    import requests
    from django.conf import settings as django_settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from core import demo as core_demo
    from core.imports import jobs
    from core.models import ImportJob, ImportStatus
    from staffing.models import CivilServant
    from tests.staffing.files import CS_HEADERS, civil_servant_rows, workbook

    core_demo.seed_org_tree()
    core_demo.seed_users()
    staff = get_user_model().objects.get(username="cv.tcbc")
    django_client = Client()
    django_client.force_login(staff)  # a database session the server reads too
    session = requests.Session()
    session.cookies.set(django_settings.SESSION_COOKIE_NAME, django_client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    url = server["base"] + reverse("staffing:import_start")
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    outcome = {}

    def upload():
        try:
            outcome["response"] = session.post(url, data={"csrfmiddlewaretoken": token, "kind": "cong_chuc", "skip_preview": "on"},
                                               files={"file": ("so.xlsx", workbook(CS_HEADERS, civil_servant_rows(40, prefix="WEB")))},
                                               headers={"Referer": url}, timeout=60)
        except requests.RequestException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=upload)
    thread.start()
    deadline = time.monotonic() + 45
    marker = None
    while marker is None:
        marker = next(server["markers"].glob("import-*"), None)
        if time.monotonic() > deadline:
            pytest.fail(f"Yêu cầu tải lên không tới điểm dừng.\n{server['log']()}")
        time.sleep(0.1)
    os.kill(int(marker.name.split("-")[1]), signal.SIGKILL)  # the web worker, inside the import's transaction
    thread.join(timeout=30)
    assert "response" not in outcome or outcome["response"].status_code >= 500, outcome

    assert not CivilServant.objects.filter(ma_so__startswith="WEB").exists()  # nothing half-saved
    job = ImportJob.objects.get(user=staff)
    assert job.status in ImportJob.RUNNING_STATUSES and job.status != ImportStatus.DONE
    # The server goes on with a fresh worker.
    assert session.get(url, timeout=30).status_code == 200
    # The dead job becomes stale and is re-run once, to every row.
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=job.heartbeat_at - datetime.timedelta(hours=1))
    job.refresh_from_db()
    done = jobs.rerun_import(staff, job)
    assert done.status == ImportStatus.DONE, done.message
    assert CivilServant.objects.filter(ma_so__startswith="WEB").count() == 40
