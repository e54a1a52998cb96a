"""Shared fixtures for the whole suite.

Sections (append new fixtures under their own heading at the end):
  1. Environment       — what must be set before Django/Playwright load.
  2. Services          — `require_service(name)`: skip when a real service is missing, FAIL under
                         REQUIRE_SERVICES=1 (CI). tests/run.py starts PostgreSQL/Redis and sets
                         TEST_SERVICES / TEST_REDIS_URL.
  3. Redis             — `redis_url`.
  4. Browser           — `browser` (session, Playwright + Debian's /usr/bin/chromium), `page`.
  5. Shared seed       — `seeded_per_module(seed)` / `use_seed(request, seed)`: a demo seeded once per
                         test module instead of once per test.
"""

import os
import shutil

import pytest

from tests.snapshots import seed_or_restore

# --------------------------------------------------------------------------- 1. Environment

# Playwright's sync API runs an event loop in the main thread; Django's ORM would refuse to run
# there without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# --------------------------------------------------------------------------- 2. Services

SERVICES = ("postgres", "redis", "chromium", "libreoffice")
DEFAULT_CHROMIUM = "/usr/bin/chromium"


def services_required():
    return os.environ.get("REQUIRE_SERVICES", "").strip().lower() in ("1", "true", "yes", "on")


def _executable(path):
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def _started():
    return {name.strip() for name in os.environ.get("TEST_SERVICES", "").split(",") if name.strip()}


def chromium_path():
    return os.environ.get("TEST_CHROMIUM") or DEFAULT_CHROMIUM


def service_status(name):
    """(value, None) when `name` is available, else (None, reason). `value` is a URL or a path."""
    if name == "postgres":
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgres" in _started() or "postgresql" in engine:
            db = settings.DATABASES["default"]
            return f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}", None
        return None, "PostgreSQL chưa chạy (chạy bộ kiểm thử bằng `make test`/tests/run.py); đang dùng SQLite"
    if name == "redis":
        url = os.environ.get("TEST_REDIS_URL")
        if url:
            return url, None
        return None, "TEST_REDIS_URL chưa đặt (tests/run.py không khởi động được redis-server)"
    if name == "chromium":
        path = chromium_path()
        if not _executable(path):
            return None, f"không có trình duyệt tại {path}"
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return None, "gói Python playwright chưa được cài"
        return path, None
    if name == "libreoffice":
        override = os.environ.get("TEST_SOFFICE")
        path = override if override else ("/usr/bin/soffice" if _executable("/usr/bin/soffice") else None)
        path = path or shutil.which("soffice") or shutil.which("libreoffice")
        if _executable(path):
            return path, None
        return None, f"không tìm thấy LibreOffice ({override or 'soffice/libreoffice'})"
    raise ValueError(f"Dịch vụ không rõ: {name!r}; chọn một trong {', '.join(SERVICES)}")


def require_service(name):
    """Return the service's URL/path; skip the test when it is missing, fail under REQUIRE_SERVICES=1."""
    value, reason = service_status(name)
    if value is not None:
        return value
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1 nhưng thiếu dịch vụ {name}: {reason}", pytrace=False)
    pytest.skip(f"Thiếu dịch vụ {name}: {reason}")


@pytest.fixture
def require():
    """The `require_service` helper as a fixture: `def test_x(require): url = require("redis")`."""
    return require_service


# --------------------------------------------------------------------------- 3. Redis


@pytest.fixture
def redis_url():
    """URL of the throwaway Redis started by tests/run.py (Celery itself stays eager in the suite)."""
    return require_service("redis")


@pytest.fixture
def shared_cache(settings, redis_url):
    """The cache every process shares, as in production (Redis, `CACHE_URL` set), under a key prefix of
    the test's own: what the portal keeps only on a shared cache is kept."""
    import uuid

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
                                   "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    settings.CACHE_URL = redis_url
    return redis_url


# --------------------------------------------------------------------------- 4. Browser


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright's sync API; never `playwright install`."""
    executable = require_service("chromium")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh context per test: Vietnamese locale, 1366x768, 10 s default timeout."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


# --------------------------------------------------------------------------- 5. Shared seed
# Seeding the demo province takes 1–2 s; ~200 tests need it and only read it or change it inside
# their own rolled-back transaction. So a module seeds once (committed) and flushes at its end.

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def needs_transactions(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(request.fixturenames))


def seeded_per_module(seed):
    """A module-scoped fixture that runs `seed()` once, committed, and flushes the database when the
    module's tests are done. Use it only through `use_seed` in a function-scoped fixture."""

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            seed()
        yield
        with django_db_blocker.unblock():
            from django.core.management import call_command

            from django.db import connections

            call_command("flush", interactive=False, verbosity=0)
            # Left open, this connection was still open when the run dropped the test database
            # (after the browser tests, which look connections up elsewhere) and the drop failed.
            connections.close_all()

    return fixture


def use_seed(request, seed):
    """Per test, on top of a `seeded_per_module` fixture: an ordinary test gets its own transaction
    (rolled back, so the seed stays as it was); a transactional test flushes the database when it
    ends, so it seeds again itself (seeds are idempotent)."""
    if needs_transactions(request):
        request.getfixturevalue("transactional_db")
        seed_or_restore(seed)
    else:
        request.getfixturevalue("db")


# ---------------------------------------------------------------------------------------------
# Speed: tests hash many demo passwords; a fast hasher keeps the suite quick (tests only).
# ---------------------------------------------------------------------------------------------


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---------------------------------------------------------------------------------------------
# The Django cache (reports/cache.py keeps report content there) starts empty in every test: a
# rolled-back test must not leave content that no longer matches the database.
# ---------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield


# ---------------------------------------------------------------------------------------------
# 6. A migrated database to copy (PostgreSQL). Migrating a fresh database costs ~50 s of CPU (every
# CreateModel re-renders each related model); tests that need a database of their own as `migrate`
# leaves it (tests/core/test_backup.py) copy this one, made right after the test database was
# migrated and before any test wrote to it. `migrated_template` is its name (None on SQLite).
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection, connections

    template = None
    # Only when pytest-django made a test database (it makes none when no collected test uses one).
    if connection.vendor == "postgresql" and connection.settings_dict["NAME"].startswith("test_"):
        with django_db_blocker.unblock():
            template = f"{connection.settings_dict['NAME']}_migrated"
            connections.close_all()  # a database with open sessions cannot be a template
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
                cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{connection.settings_dict["NAME"]}"')
    django_db_setup_template["name"] = template
    yield
    if template:
        with django_db_blocker.unblock():
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')


django_db_setup_template = {"name": None}


@pytest.fixture
def migrated_template(db):  # `db`: so that pytest-django sets the test database up for this test
    return django_db_setup_template["name"]
