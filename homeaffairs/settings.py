"""Settings, read from the environment.

Two shapes:
- embedded default (nothing set): SQLite file, eager Celery — what `make run` serves (with DEBUG
  off unless `DEBUG=1`: the Vietnamese 404/500 pages, static files still served by whitenoise);
- production (`DJANGO_ENV=production`): PostgreSQL from `DATABASE_URL`, Redis from
  `CELERY_BROKER_URL`, secure cookies/HSTS, a required `SECRET_KEY`; passes `check --deploy`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = env("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY phải được đặt trong môi trường khi DJANGO_ENV=production.")
    # Development only; `check --deploy` flags this prefix.
    SECRET_KEY = "django-insecure-dev-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the built-in widget templates, for FORM_RENDERER below
    "homeaffairs.apps.AxesConfig",  # django-axes, with a Vietnamese name in the admin
    "homeaffairs.apps.CeleryBeatConfig",  # django-celery-beat, its one untranslatable label made translatable
    "django_filters",
    "django_htmx",
    "simple_history",
    "import_export",
    # Project apps: core <- collection <- domains <- reports.
    "core",
    "collection",
    "staffing",
    "reform",
    "emulation",
    "religion",
    "archives",
    "plans",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # query-string values pass core.text.scrub before any view reads them
    "core.middleware.ScrubQueryStringMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # CSP, Permissions-Policy, and no-store for pages that show personal data.
    "core.middleware.SecurityHeadersMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout into the Vietnamese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "homeaffairs.urls"
WSGI_APPLICATION = "homeaffairs.wsgi.application"

# Widgets render through TEMPLATES, so a project template can extend a built-in widget.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
    # Jinja for the few fragments where Django's engine is the page's cost (the data-entry grid:
    # collection/jinja2/). Only the portal's own files; templates users write go through reports/sandbox.py.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"trim_blocks": True, "lstrip_blocks": True},
    },
]

# IMMEDIATE takes SQLite's write lock when a transaction starts, so of two simultaneous saves
# the second waits and then sees the new version (the conflict message) instead of failing
# mid-transaction with «database is locked» (HTTP 500).
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    elif "postgresql" in DATABASES["default"]["ENGINE"]:
        # The portal's queries are short: PostgreSQL's JIT compiler spends more than it saves on them
        # (≈ 120 ms of a 200,000-person name search, bench/search.py). A random page read costs about
        # a sequential one on SSD storage (and on tables held in memory): with the default 4 the planner
        # read all 200,000 rows of the register rather than its covering index (whole list 66 → 38 ms,
        # «nguyen» 33 → 20 ms). DB_OPTIONS="" leaves PostgreSQL's own defaults.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "options", env("DB_OPTIONS", "-c jit=off -c random_page_cost=1.1"))
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: 5 failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
# Behind reverse proxies every request comes from the proxy's address, so without this anyone
# could lock any login for everyone. PROXY_COUNT = how many proxies in front of the portal append
# the address they saw to X-Forwarded-For (nginx `proxy_add_x_forwarded_for`: 1). The client is
# then the PROXY_COUNT-th entry from the right of X-Forwarded-For + REMOTE_ADDR; what a client
# writes into the header itself lies further left and is ignored. 0 (default): REMOTE_ADDR only.


def proxy_settings(count):
    """The django-ipware settings axes uses for `count` reverse proxies (tested in test_auth)."""
    if count <= 0:
        return {"AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",), "AXES_IPWARE_PROXY_COUNT": None}
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        # ipware counts the proxies listed in the header; the last proxy is REMOTE_ADDR, not listed.
        "AXES_IPWARE_PROXY_COUNT": count - 1,
        # Not strict: a client-supplied prefix must not make ipware fall back to the proxy's address.
        "IPWARE_STRICT": False,
    }


PROXY_COUNT = int(env("PROXY_COUNT", env("AXES_PROXY_COUNT", "0")))
globals().update(proxy_settings(PROXY_COUNT))
# Wrong current passwords on «Đổi mật khẩu» count as failed logins of that user (same limit,
# same lock: core.forms.PortalPasswordChangeForm). Axes keeps failed POSTs: mask the passwords.
AXES_SENSITIVE_PARAMETERS = ["old_password", "new_password1", "new_password2"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["homeaffairs.formats"]  # day-first date input (see homeaffairs/formats/vi)
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Outside production, whitenoise serves static files straight from the apps and static/ (no
# collectstatic), so `make run` with DEBUG off still has its CSS and scripts.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest needs collectstatic, which the production image runs; dev and tests don't.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Celery: a broker makes tasks real; without one they run eagerly in the request.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A running job (import, report build) whose worker has not reported for this long is taken for
# dead and may be re-run once (core/jobs.py).
JOB_STALE_AFTER_SECONDS = int(env("JOB_STALE_AFTER_SECONDS", "900"))
# The cache (report page content, reports/cache.py; the first page's panels, core/dashboard.py) is shared by every web process and worker:
# Redis when there is one (CACHE_URL, else a redis:// broker), else this process's memory.
CACHE_URL = env("CACHE_URL", CELERY_BROKER_URL if (CELERY_BROKER_URL or "").startswith("redis") else None)
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
    # Sessions read from the shared cache, written to both (one query fewer on every page). Only on
    # a cache every process shares: on per-process memory a logout in one worker would leave the
    # session alive in another's copy.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"reports.tasks.*": {"queue": "reports"}}
# Crash safety (tests/crash/): a task is acknowledged only when it has run, a task whose worker
# process died is requeued, and Redis hands an unacknowledged task to another worker only after the
# visibility timeout — longer than the longest job (a 200,000-row import, the annual report), so a
# slow job is never run twice at once. The jobs are idempotent: a re-delivered one that finds its
# work done (file written, rows imported) does nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_VISIBILITY_TIMEOUT = int(env("CELERY_VISIBILITY_TIMEOUT", "7200"))  # seconds
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic tasks (django_celery_beat copies these into its tables when beat starts).
CELERY_BEAT_SCHEDULE = {
    "nhac-han-gui-bao-cao": {
        "task": "collection.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "nhac-han-chi-dao": {
        "task": "plans.remind_directives",
        "schedule": crontab(hour=7, minute=15),
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "cong-bao-cao@snv.local")
# The portal's public address, so links in e-mails open from a mail client ("" keeps them relative).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "")

# The Sở's office responsible for each domain (OrgUnit codes): whose staff keep its registers, import
# them and review what units file. A province whose offices are coded otherwise sets RESPONSIBLE_OFFICES
# to a JSON object, e.g. {"religion": ["SNV-BTG"]}; domains it leaves out keep these defaults.
RESPONSIBLE_OFFICES = {
    "emulation": ("SNV-TDKT",),
    "religion": ("SNV-TG",),
    "archives": ("SNV-TTLT", "SNV-CCHC"),
}
if env("RESPONSIBLE_OFFICES"):
    import json as _json

    RESPONSIBLE_OFFICES |= {k: tuple(v) for k, v in _json.loads(env("RESPONSIBLE_OFFICES")).items()}

# Portal identity shown in the header and used by reports when no unit says otherwise.
PORTAL_TITLE = env("PORTAL_TITLE", "Cổng báo cáo Sở Nội vụ")

SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Sent by core.middleware.SecurityHeadersMiddleware. Every script is a vendored static file;
# styles keep 'unsafe-inline' because templates still use style attributes (progress bars, tree
# indentation) and the collection forms' <style> block.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), gyroscope=(), "
    "accelerometer=(), display-capture=()"
)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
