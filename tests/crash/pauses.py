"""Pause points of the crash tests, installed in a real Celery worker (tests/crash/worker.py) or a
gunicorn worker (tests/crash/gunicorn_conf.py) so the test can SIGKILL it inside a job or request.

CRASH_MARKERS (a directory): a file `<point>-<pid>` is created when a job reaches a pause point;
CRASH_PAUSE (seconds, default 0): how long it then sleeps. The points:
  render   reports.services.render_report, before the DOCX is built;
  import   the import's last step inside its transaction (every row written, nothing committed).
"""

import os
import time
from pathlib import Path


def install():
    from core.imports import resources
    from reports import services

    markers = Path(os.environ["CRASH_MARKERS"])
    seconds = float(os.environ.get("CRASH_PAUSE", "0"))

    def pause(point):
        (markers / f"{point}-{os.getpid()}").touch()
        time.sleep(seconds)

    render_report = services.render_report

    def paused_render(*args, **kwargs):
        pause("render")
        return render_report(*args, **kwargs)

    services.render_report = paused_render
    after_import = resources.ImportResource.after_import

    def paused_after_import(self, dataset, result, **kwargs):
        after_import(self, dataset, result, **kwargs)
        if not kwargs.get("dry_run"):
            pause("import")

    resources.ImportResource.after_import = paused_after_import
