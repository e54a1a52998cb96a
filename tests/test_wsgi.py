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
