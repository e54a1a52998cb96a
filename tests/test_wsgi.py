"""The WSGI entry point gunicorn loads (homeaffairs/wsgi.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, sys
import homeaffairs.wsgi
frozen = gc.get_freeze_count()
views = [name for name in sys.modules if name.endswith('.views')]
print(frozen, len(views))
"""


def test_loading_the_app_freezes_its_objects_out_of_the_collector():
    """A full collection walked every object of Django and the apps (110–130 ms on a form's page,
    once every ~70 requests); frozen after loading, it walks only what requests leave (~20 ms)."""
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "homeaffairs.settings"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    frozen, views = map(int, proc.stdout.split()[-2:])
    assert frozen > 50_000  # Django, the apps, their models and URL patterns
    assert views >= 5  # the view modules are imported with the URL patterns, before the freeze


BROKER_PROBE = """
import sys
import homeaffairs.wsgi
print('kombu.transport.redis' in sys.modules, 'celery.app.amqp' in sys.modules)
"""


def test_loading_the_app_imports_the_brokers_transport_without_connecting():
    """The first job a gunicorn worker queued imported Celery's routing and the Redis transport
    (~65 ms of that request); they are loaded with the app now. The broker named here does not
    listen: loading opens no socket (each worker connects after the fork, on its first send)."""
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "homeaffairs.settings",
           "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}
    proc = subprocess.run([sys.executable, "-c", BROKER_PROBE], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[-2:] == ["True", "True"]


DATABASE_PROBE = """
import homeaffairs.wsgi
from django.db import connections
print(sum(c.connection is not None for c in connections.all()))
"""


def test_loading_the_app_opens_no_database_connection():
    """gunicorn.conf.py preloads the app in the master and forks it: a connection opened while
    loading would be shared by every worker. The database named here does not listen."""
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "homeaffairs.settings",
           "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    proc = subprocess.run([sys.executable, "-c", DATABASE_PROBE], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[-1] == "0"


CONFIG_PROBE = """
import sys
from gunicorn.app.wsgiapp import WSGIApplication
sys.argv = ["gunicorn", "homeaffairs.wsgi:application", *sys.argv[1:]]
app = WSGIApplication()
print(app.cfg.workers, app.cfg.preload_app, app.cfg.timeout)
"""


def _gunicorn_settings(*args, **env):
    proc = subprocess.run([sys.executable, "-c", CONFIG_PROBE, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin", **env})
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.split()[-3:]


def test_gunicorn_run_from_the_repository_gets_the_measured_settings():
    """The Docker image's CMD names no workers: they come from gunicorn.conf.py, as bench/load.py
    measured them (4 sync workers, the app preloaded)."""
    assert _gunicorn_settings() == ["4", "True", "60"]
    assert _gunicorn_settings(WEB_CONCURRENCY="9") == ["9", "True", "60"]
    assert _gunicorn_settings("-w", "2")[0] == "2"  # a flag still overrides the file
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD"))
    assert "gunicorn" in cmd and "--workers" not in cmd and "-w" not in cmd.split()
