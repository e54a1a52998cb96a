"""After a large import commits, its table is vacuumed (issue 17 item 2): ANALYZE alone left the
visibility map unset, so index-only scans still read the heap right after a bulk load. VACUUM cannot
run inside a transaction: it is queued for the commit and must not run for a dry run, a refused
file or an import rolled back by a surrounding transaction."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from core.imports import jobs
from core.models import ImportStatus
from tests.staffing.files import CS_HEADERS, civil_servant_rows
from tests.staffing.files import workbook as workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def maintenance(monkeypatch):
    """The maintenance statements run, recorded (and still run: ANALYZE works inside the test's
    transaction; a VACUUM there would only be logged as failed)."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM/ANALYZE chỉ chạy trên PostgreSQL.")
    ran = []
    original = jobs._maintain

    def record(sql, savepoint=False):
        ran.append(sql.split()[0])
        if sql.startswith("ANALYZE"):
            original(sql, savepoint=savepoint)

    monkeypatch.setattr(jobs, "_maintain", record)
    monkeypatch.setattr(jobs, "ANALYZE_FROM", 5)  # a «large» import, here 7 rows
    return ran


def upload(prefix, skip_preview=True, rows=None):
    data = workbook_bytes(CS_HEADERS, rows or civil_servant_rows(7, prefix=prefix))
    return jobs.start_import(get_user_model().objects.get(username="cv.tcbc"), "cong_chuc",
                             SimpleUploadedFile("so.xlsx", data), skip_preview=skip_preview)


def test_a_committed_large_import_is_vacuumed_after_its_commit(province, maintenance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = upload("VA")
    assert job.status == ImportStatus.DONE, job.message
    assert maintenance == ["ANALYZE"]  # VACUUM waits for the commit
    for callback in callbacks:  # inside the test's transaction: not run (it would abort the transaction)
        callback()
    assert maintenance == ["ANALYZE"]
    with pytest.MonkeyPatch.context() as patch:  # as after a real commit: no transaction open
        patch.setattr(jobs, "_outside_transaction", lambda: True)
        for callback in callbacks:
            callback()
    assert maintenance == ["ANALYZE", "VACUUM"]


def test_no_vacuum_for_a_dry_run_a_refused_file_or_a_rolled_back_import(province, maintenance,
                                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = upload("VB", skip_preview=False)  # checked only (the preview)
    assert job.status == ImportStatus.READY, job.message
    bad = civil_servant_rows(7, prefix="VC")
    bad[3][2] = "31/02/1980"
    with django_capture_on_commit_callbacks(execute=True):
        job = upload("VC", rows=bad)
    assert job.status == ImportStatus.INVALID
    assert maintenance == []

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            job = upload("VD")
            assert job.status == ImportStatus.DONE, job.message
            raise RuntimeError("the surrounding work fails")
    assert maintenance == ["ANALYZE"] and not callbacks  # the queued VACUUM went with the rollback
