"""The short run of the load benchmark (bench/load.py --short, issue 17 item 1) as a test.

It starts its own PostgreSQL, Redis, gunicorn and Celery worker, drives 10 simulated users for
30 s and checks the database afterwards. Asserted: no failed request, every value an officer's
accepted save wrote is stored exactly once (none lost, duplicated or phantom), every report job
ends with exactly one file — never timings (those are printed, and machine-dependent).
"""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import services_required
from tests.run import find_pg_bindir, find_redis_server

ROOT = Path(__file__).resolve().parent.parent.parent


def _missing():
    reasons = []
    if not find_pg_bindir()[0]:
        reasons.append("PostgreSQL")
    if not find_redis_server()[0]:
        reasons.append("Redis")
    for module in ("locust", "gunicorn"):
        if importlib.util.find_spec(module) is None:
            reasons.append(module)
    return reasons


def _dump_of(template, out):
    """A pg_dump of the suite's migrated database (tests/conftest.py §6), so the run need not migrate again."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(os.environ["DATABASE_URL"])
    subprocess.run([os.path.join(find_pg_bindir()[0], "pg_dump"), "--format=custom", f"--file={out}",
                    urlunsplit(parts._replace(path=f"/{template}"))], check=True, capture_output=True, timeout=300)
    return out


def test_short_load_run_has_no_error_and_loses_no_value(tmp_path, migrated_template):
    missing = _missing()
    if missing:
        if services_required():
            pytest.fail(f"REQUIRE_SERVICES=1 nhưng thiếu {', '.join(missing)}")
        pytest.skip(f"thiếu {', '.join(missing)}")
    summary = tmp_path / "summary.json"
    dump = ["--database-dump", str(_dump_of(migrated_template, tmp_path / "migrated.dump"))] if migrated_template else []
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_", "CACHE_URL", "TEST_REDIS"))}
    proc = subprocess.run([sys.executable, "bench/load.py", "--short", "--summary", str(summary), *dump], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1800)
    assert summary.exists(), proc.stdout[-5000:]
    result = json.loads(summary.read_text(encoding="utf-8"))
    print(proc.stdout)  # the figures, for whoever reads the test log
    assert result["errors"] == 0, proc.stdout[-5000:]
    assert result["value_problems"] == [] and result["job_problems"] == [], proc.stdout[-5000:]
    # The checks looked at something: officers' saves were accepted and a Word job ran.
    assert result["saves"] > 0 and result["values_checked"] > 0 and result["jobs"] > 0, result
    # Where the cores' time went in the window, per process tree: the web workers and the database
    # served every request, so each used some.
    cpu = result["cpu_seconds"]
    assert set(cpu) == {"gunicorn", "PostgreSQL", "locust", "Celery", "Redis"}, cpu
    assert cpu["gunicorn"] > 0 and cpu["PostgreSQL"] > 0 and cpu["locust"] > 0, cpu
    assert proc.returncode == 0, proc.stdout[-5000:]
