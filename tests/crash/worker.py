"""A real Celery worker for the crash tests, whose jobs pause at a known point so the test can
SIGKILL it there: `python -m tests.crash.worker <celery worker arguments>`.

CRASH_MARKERS (a directory): a file `<point>-<pid>` is created when a job reaches a pause point;
CRASH_PAUSE (seconds, default 0): how long it then sleeps. The points:
  render   reports.services.render_report, before the DOCX is built;
  import   the import's last step inside its transaction (every row written, nothing committed).
CRASH_RESTORE_INTERVAL: how often (seconds) the worker gives back tasks unacknowledged for longer
than the visibility timeout (kombu's default is a minute; the tests cannot wait that long).
"""

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")

import django  # noqa: E402

django.setup()

from core.imports import resources  # noqa: E402
from homeaffairs.celery import app  # noqa: E402
from reports import services  # noqa: E402

MARKERS = Path(os.environ["CRASH_MARKERS"])
PAUSE = float(os.environ.get("CRASH_PAUSE", "0"))


def pause(point):
    (MARKERS / f"{point}-{os.getpid()}").touch()
    time.sleep(PAUSE)


def paused(point, function):
    def run(*args, **kwargs):
        pause(point)
        return function(*args, **kwargs)
    return run


services.render_report = paused("render", services.render_report)
_after_import = resources.ImportResource.after_import


def after_import(self, dataset, result, **kwargs):
    _after_import(self, dataset, result, **kwargs)
    if not kwargs.get("dry_run"):
        pause("import")


resources.ImportResource.after_import = after_import
options = dict(app.conf.broker_transport_options or {})
options["unacked_restore_interval"] = float(os.environ.get("CRASH_RESTORE_INTERVAL", "1"))
app.conf.broker_transport_options = options

if __name__ == "__main__":
    app.worker_main(["worker", *sys.argv[1:]])
