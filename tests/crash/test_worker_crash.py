"""Crash safety (issue 17 item 5): a real Celery worker over Redis is SIGKILLed while a job runs,
another worker is started, and the job completes exactly once — one report file, every import row
once, nothing half-saved.

What makes it so: tasks are acknowledged late (`CELERY_TASK_ACKS_LATE`), so the killed worker's
task stays in Redis and is handed out again after the broker's visibility timeout (settings: two
hours in production, longer than any job; a few seconds here); the jobs are idempotent (a report
job that finds its file written keeps it; an import job that is DONE does nothing; a killed import's
transaction never committed).

The workers run `tests/crash/worker.py`, which pauses each job at a known point so the kill lands
inside it. Skipped without PostgreSQL and Redis (tests/run.py starts both) unless REQUIRE_SERVICES=1.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings as django_settings
from django.db import connection

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY = 8  # seconds: longer than a paused job here (like two hours against the longest real job)
PAUSE = 3

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_the_production_visibility_timeout_outlasts_the_longest_job():
    """Redis re-delivers an unacknowledged task after the visibility timeout: shorter than a job, a
    slow job would run twice at once. Longer than the stale-job timeout, and than an hour."""
    assert django_settings.CELERY_TASK_ACKS_LATE and django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    timeout = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout >= max(3600, django_settings.JOB_STALE_AFTER_SECONDS)


@pytest.fixture
def services(tmp_path, settings):
    redis_url = require_service("redis")
    require_service("postgres")
    if connection.vendor != "postgresql":
        pytest.skip("Cần PostgreSQL: worker chạy trong tiến trình khác phải thấy cùng cơ sở dữ liệu kiểm thử.")
    db = connection.settings_dict
    media = tmp_path / "media"
    markers = tmp_path / "markers"
    media.mkdir()
    markers.mkdir()
    settings.MEDIA_ROOT = media
    import redis

    redis.Redis.from_url(redis_url).flushdb()  # no task left by another test
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ENV", "CELERY_TASK_ALWAYS_EAGER")}
    env.update(
        CELERY_BROKER_URL=redis_url, CELERY_RESULT_BACKEND=redis_url, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY),
        DATABASE_URL=f"postgres://{db['USER']}{':' + db['PASSWORD'] if db.get('PASSWORD') else ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        MEDIA_ROOT=str(media), CRASH_MARKERS=str(markers), CRASH_PAUSE=str(PAUSE), PYTHONUNBUFFERED="1",
    )
    client = Celery("crash-client", broker=redis_url, backend=redis_url, set_as_current=False)
    client.conf.broker_transport_options = {"visibility_timeout": VISIBILITY}
    workers = []

    def start(name):
        log = open(tmp_path / f"{name}.log", "wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.worker", "--pool=solo", "-Q", "default,reports", "-l", "info",
             "-n", f"{name}-{os.getpid()}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        proc.log_path = tmp_path / f"{name}.log"
        workers.append(proc)
        return proc

    def logs():
        return "\n".join(f"--- {p.log_path.name}\n{p.log_path.read_text(errors='replace')[-3000:]}" for p in workers)

    yield {"client": client, "start": start, "markers": markers, "media": media, "logs": logs}
    for proc in workers:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    client.close()


def wait_for(condition, what, services, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"Quá {timeout} s chờ {what}.\n{services['logs']()}")


def kill_at(point, worker, services):
    marker = wait_for(lambda: next(services["markers"].glob(f"{point}-{worker.pid}"), None),
                      f"worker {worker.pid} tới điểm «{point}»", services)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    return marker


def test_a_report_job_killed_mid_build_completes_once_with_one_file(services):
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage

    from core import demo as core_demo
    from core import services as core_services
    from core.models import OrgUnit, Period
    from reports import demo as reports_demo
    from reports import services as report_services
    from reports.models import JobStatus, ReportJob

    core_demo.seed_org_tree()
    core_demo.seed_users()
    core_services.create_periods(2025)
    kind, _sections = reports_demo.six_month_kind()
    leader = get_user_model().objects.get(username="giamdoc")
    report = report_services.create_report(leader, kind, OrgUnit.objects.get(code="SNV"), Period.objects.get(code="2025-H1"))
    job = ReportJob.objects.create(report=report, requested_by=leader)

    first = services["start"]("worker-1")
    services["client"].send_task("reports.tasks.build_report", args=[job.pk], queue="reports")
    kill_at("render", first, services)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.file  # killed mid-build: no file yet

    services["start"]("worker-2")  # the task comes back to it after the visibility timeout
    wait_for(lambda: ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE, "lượt tạo báo cáo xong", services)
    time.sleep(VISIBILITY + 2)  # a second delivery, if there were one, would have run by now
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2, (job.status, job.attempts, job.messages)
    _dirs, files = default_storage.listdir(f"reports/jobs/{job.pk}")
    assert files == [Path(job.file.name).name], files
    assert sum("Hoàn thành" in message for message in job.messages) == 1, job.messages
    assert len(list(services["markers"].glob("render-*"))) == 2  # the killed run and the one that finished


def test_an_import_job_killed_before_its_commit_imports_every_row_once(services):
    from django.contrib.auth import get_user_model

    from core import demo as core_demo
    from core.imports import jobs
    from core.models import ImportJob, ImportStatus
    from staffing.models import CivilServant
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.staffing.files import CS_HEADERS, civil_servant_rows, workbook

    core_demo.seed_org_tree()
    core_demo.seed_users()
    staff = get_user_model().objects.get(username="cv.tcbc")
    job = jobs.start_import(staff, "cong_chuc", SimpleUploadedFile("so.xlsx", workbook(CS_HEADERS, civil_servant_rows(40, prefix="KILL"))))
    assert job.status == ImportStatus.READY, job.message
    # What confirm_import does for a large file: claim the job, hand it to a worker.
    assert ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(status=ImportStatus.IMPORTING)

    first = services["start"]("worker-1")
    services["client"].send_task("core.apply_import", args=[job.pk], queue="default")
    kill_at("import", first, services)  # every row written inside the transaction, not committed
    assert not CivilServant.objects.filter(ma_so__startswith="KILL").exists()
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.IMPORTING

    services["start"]("worker-2")
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE, "lượt nhập xong", services)
    time.sleep(VISIBILITY + 2)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.counts["new"] == 40, (job.status, job.counts, job.message)
    assert CivilServant.objects.filter(ma_so__startswith="KILL").count() == 40
    assert len(list(services["markers"].glob("import-*"))) == 2
