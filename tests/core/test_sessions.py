"""Sessions are read from the shared cache when there is one (Redis) and always written to the
database too (issue 17: one query fewer on every page). Only on a shared cache: on per-process memory
a logout in one web worker would leave the session alive in another worker's copy."""

import os
import subprocess
import sys
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CACHED_DB = "django.contrib.sessions.backends.cached_db"


def _engine(**env):
    """SESSION_ENGINE as settings.py decides it in a fresh process with `env` (no cache set otherwise)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "CELERY_BROKER_URL")}
    environ.update(env, DJANGO_SETTINGS_MODULE="homeaffairs.settings")
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)"
    done = subprocess.run([sys.executable, "-c", code], env=environ, cwd=ROOT, capture_output=True, text=True,
                          check=True, timeout=60)
    return done.stdout.strip()


def test_sessions_are_kept_in_the_cache_only_when_every_process_shares_it():
    assert _engine() == "django.contrib.sessions.backends.db"  # make run: one process's memory
    assert _engine(CACHE_URL="redis://127.0.0.1:1/0") == CACHED_DB
    assert _engine(CELERY_BROKER_URL="redis://127.0.0.1:1/0") == CACHED_DB  # the broker's Redis is the cache


@pytest.fixture
def officer(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("can-bo-phien", password="Mat-khau-dai-2026!")


@pytest.fixture
def cached_sessions(settings, shared_cache):
    settings.SESSION_ENGINE = CACHED_DB


def test_a_page_reads_the_session_from_the_cache_not_the_database(client, cached_sessions, officer):
    client.force_login(officer)
    assert client.get("/ky-bao-cao/").status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/ky-bao-cao/").status_code == 200
    assert [q["sql"][:80] for q in ctx.captured_queries if "django_session" in q["sql"]] == []


def test_a_logout_ends_the_session_for_whoever_holds_its_cookie(client, cached_sessions, officer):
    client.force_login(officer)
    other = Client()
    other.cookies = SimpleCookie(client.cookies.output(header="", sep=";"))
    assert other.get("/ky-bao-cao/").status_code == 200
    assert client.post("/dang-xuat/").status_code == 302
    response = other.get("/ky-bao-cao/")
    assert response.status_code == 302 and "/dang-nhap/" in response.url
