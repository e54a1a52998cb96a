"""A real Celery worker for the crash tests, whose jobs pause at known points (tests/crash/pauses.py)
so the test can SIGKILL it there: `python -m tests.crash.worker <celery worker arguments>`.

CRASH_RESTORE_INTERVAL: how often (seconds) the worker gives back tasks unacknowledged for longer
than the visibility timeout (kombu's default is ten seconds; the tests use one).
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")

import django  # noqa: E402

django.setup()

from homeaffairs.celery import app  # noqa: E402
from tests.crash import pauses  # noqa: E402

pauses.install()
options = dict(app.conf.broker_transport_options or {})
options["unacked_restore_interval"] = float(os.environ.get("CRASH_RESTORE_INTERVAL", "1"))
app.conf.broker_transport_options = options

if __name__ == "__main__":
    app.worker_main(["worker", *sys.argv[1:]])
