"""The suite against real services: PostgreSQL, a Celery worker over Redis, production settings.

tests/run.py starts the throwaway PostgreSQL/Redis; under REQUIRE_SERVICES=1 (CI) a missing
service fails these tests instead of skipping them.
"""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.db import connection

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
MANAGE = ROOT / "manage.py"

# Variables that would blur the "production" shape below. DJANGO_ALLOW_ASYNC_UNSAFE is the
# suite's own (for Playwright) and is itself a deploy error (async.E001).
SETTINGS_ENV = (
    "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "STATIC_MANIFEST", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND",
)


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env.update(DJANGO_ENV="production", PYTHONUTF8="1", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def manage(*args, env):
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
        timeout=120,
    )


# --------------------------------------------------------------------------- PostgreSQL


@pytest.mark.services
@pytest.mark.django_db
def test_suite_runs_on_postgresql(capsys):
    require_service("postgres")
    assert connection.vendor == "postgresql", f"TEST_SERVICES={os.environ.get('TEST_SERVICES')!r} but vendor={connection.vendor}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_database()")
        version, database = cursor.fetchone()
    with capsys.disabled():  # shown in the CI log: proof the suite ran on PostgreSQL
        print(f"\n[dịch vụ] Bộ kiểm thử chạy trên {version.split(',')[0]} (cơ sở dữ liệu {database})")
    assert database.startswith("test_")


# --------------------------------------------------------------------------- Celery over Redis


@pytest.mark.services
def test_celery_round_trip_through_real_worker(redis_url, tmp_path, capsys):
    """core.ping sent through Redis to a real worker process comes back through the Redis backend."""
    import redis

    token = secrets.token_hex(8)
    worker_env = dict(os.environ, CELERY_BROKER_URL=redis_url, CELERY_RESULT_BACKEND=redis_url, PYTHONUNBUFFERED="1")
    log_path = tmp_path / "worker.log"
    client = Celery("roundtrip-client", broker=redis_url, backend=redis_url, set_as_current=False)
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "homeaffairs", "worker", "--pool=solo", "-Q", "default",
             "-l", "warning", "-n", f"roundtrip-{token}@%h", "--without-gossip", "--without-mingle",
             "--without-heartbeat"],
            cwd=ROOT, env=worker_env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        result = client.send_task("core.ping", args=[token], queue="default")
        deadline = time.monotonic() + 60
        value = None
        while value is None:
            if worker.poll() is not None:
                pytest.fail(f"Celery worker exited with {worker.returncode}:\n{log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(f"No answer from core.ping within 60 s; worker log:\n{log_path.read_text(errors='replace')}")
            try:
                value = result.get(timeout=1)
            except CeleryTimeoutError:
                continue
        assert value == {"pong": token}
        # The answer really went through the Redis result backend.
        assert redis.Redis.from_url(redis_url).exists(f"celery-task-meta-{result.id}") == 1
        with capsys.disabled():  # shown in the CI log: proof a task went through Redis
            print(f"\n[dịch vụ] Tác vụ Celery core.ping {result.id} đi qua Redis {redis_url} tới worker thật: {value}")
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        client.close()


# --------------------------------------------------------------------------- Production settings


def test_check_deploy_passes_with_production_env():
    env = production_env(SECRET_KEY=secrets.token_urlsafe(48), ALLOWED_HOSTS="congbaocao.snv.gov.vn")
    assert len(env["SECRET_KEY"]) == 64
    proc = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert proc.returncode == 0, proc.stdout
    assert "no issues" in proc.stdout, proc.stdout


def test_production_without_secret_key_refuses_to_start():
    proc = manage("check", env=production_env())
    assert proc.returncode != 0, proc.stdout
    assert "ImproperlyConfigured" in proc.stdout, proc.stdout
    assert "SECRET_KEY phải được đặt trong môi trường khi DJANGO_ENV=production" in proc.stdout, proc.stdout


# --------------------------------------------------------------------------- Browser


@pytest.mark.browser
def test_browser_fixture_drives_debian_chromium(page):
    page.set_content("<html lang='vi'><body><h1>Cổng báo cáo Sở Nội vụ</h1></body></html>")
    assert page.locator("h1").inner_text() == "Cổng báo cáo Sở Nội vụ"
    assert page.evaluate("navigator.language") == "vi-VN"
    assert page.viewport_size == {"width": 1366, "height": 768}
