"""Issue 10, item 11: an import whose worker died (kill -9) is recognised as stale after the
timeout and can be re-run once from its stored file, with the same all-or-nothing result."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import jobs
from core.imports import jobs as engine
from core.models import ImportJob, ImportStatus
from staffing import services
from staffing.models import CivilServant
from tests.staffing.files import CS_HEADERS, civil_servant_rows, workbook

pytestmark = pytest.mark.django_db


def user(name="cv.tcbc"):
    return get_user_model().objects.get(username=name)


def ready_job(rows=None):
    upload = SimpleUploadedFile("ds.xlsx", workbook(CS_HEADERS, rows or civil_servant_rows(12)))
    job = services.start_import(user(), "cong_chuc", upload)
    assert job.status == ImportStatus.READY
    return job


def die(job, status, minutes_ago=20):
    """What `kill -9` leaves: the status of a running worker, a heartbeat from before the crash."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    job.refresh_from_db()
    return job


def test_a_job_killed_while_importing_is_stale_after_the_timeout_and_reruns_to_the_same_result(province, settings):
    settings.JOB_STALE_AFTER_SECONDS = 15 * 60
    job = ready_job()
    fresh = die(job, ImportStatus.IMPORTING, minutes_ago=5)
    assert not fresh.is_stale  # a worker that reported 5 minutes ago may still be working
    job = die(job, ImportStatus.IMPORTING, minutes_ago=20)
    assert job.is_stale and job.can_rerun
    assert not CivilServant.objects.filter(ma_so__startswith="TEST").exists()  # nothing half-imported

    job = services.rerun_import(user(), job)

    assert job.status == ImportStatus.DONE and job.reruns == 1
    assert job.message == "Đã nhập 12 dòng: thêm mới 12, cập nhật 0, không thay đổi 0."
    assert CivilServant.objects.filter(ma_so__startswith="TEST").count() == 12
    assert not job.is_stale


def test_a_job_killed_while_checking_is_checked_again_from_its_stored_file(province):
    job = ready_job()
    job = die(job, ImportStatus.CHECKING)
    job = services.rerun_import(user(), job)
    assert job.status == ImportStatus.READY and job.counts["new"] == 12
    assert not CivilServant.objects.filter(ma_so__startswith="TEST").exists()


def test_a_rerun_of_a_bad_file_still_saves_nothing(province):
    rows = civil_servant_rows(12)
    rows[3][2] = "31/02/1980"
    upload = SimpleUploadedFile("ds.xlsx", workbook(CS_HEADERS, rows))
    job = services.start_import(user(), "cong_chuc", upload, skip_preview=True)
    assert job.status == ImportStatus.INVALID
    job = die(job, ImportStatus.IMPORTING)
    job = services.rerun_import(user(), job)
    assert job.status == ImportStatus.INVALID and job.counts["invalid"] == 1
    assert not CivilServant.objects.filter(ma_so__startswith="TEST").exists()


def test_a_rerun_happens_once(province):
    job = die(ready_job(), ImportStatus.IMPORTING)
    assert jobs.claim_rerun(job, status=ImportStatus.IMPORTING)  # the first click wins …
    assert not jobs.claim_rerun(job, status=ImportStatus.IMPORTING)  # … a second one, even if stale again, not
    job = die(job, ImportStatus.IMPORTING)
    assert job.is_stale and not job.can_rerun
    with pytest.raises(services.InvalidState, match="đã được chạy lại một lần"):
        services.rerun_import(user(), job)
    assert not CivilServant.objects.filter(ma_so__startswith="TEST").exists()


def test_a_live_or_finished_job_is_not_rerun(province):
    job = ready_job()
    with pytest.raises(services.InvalidState, match="không bị gián đoạn"):
        services.rerun_import(user(), job)  # READY: waiting for the user, not for a worker
    job = die(job, ImportStatus.IMPORTING, minutes_ago=1)
    with pytest.raises(services.InvalidState, match="không bị gián đoạn"):
        services.rerun_import(user(), job)
    assert ImportJob.objects.get(pk=job.pk).reruns == 0


def test_rerun_permission_and_page(province, login):
    job = die(ready_job(), ImportStatus.IMPORTING)
    url = reverse("staffing:import_rerun", args=[job.pk])
    # Officers and leaders never import; another staff member does not even see the job.
    assert login("cb.soyte").post(url).status_code == 403
    assert login("giamdoc").post(url).status_code == 403
    assert login("cv.tdkt").post(url).status_code == 404
    with pytest.raises(services.PermissionDenied):
        services.rerun_import(user("cb.soyte"), job)
    assert ImportJob.objects.get(pk=job.pk).reruns == 0
    client = login("cv.tcbc")
    html = client.get(reverse("staffing:import_job", args=[job.pk])).content.decode()
    assert "Lượt này bị gián đoạn" in html and 'data-testid="rerun"' in html
    assert "hx-trigger" not in html.split('data-testid="job-status"')[0]  # a dead job is not polled for ever
    response = client.post(url, follow=True)
    assert "Đã nhập 12 dòng" in response.content.decode()
    assert CivilServant.objects.filter(ma_so__startswith="TEST").count() == 12
    # Done: no second re-run from the page either.
    assert 'data-testid="rerun"' not in client.get(reverse("staffing:import_job", args=[job.pk])).content.decode()


def test_a_rerun_racing_a_slow_worker_does_not_overwrite_its_result(province, monkeypatch):
    """The «dead» worker was only slow and finished first: the re-run's clash does not turn DONE into an error."""
    job = die(ready_job(), ImportStatus.IMPORTING)
    real = services.run_import

    def slow_worker_finishes_first(*args, **kwargs):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, message="Đã nhập 12 dòng (lượt đầu).")
        outcome = real(*args, **{**kwargs, "dry_run": True})
        outcome.problems.append({"row": 0, "column": "", "value": "", "message": "trùng"})
        return outcome

    monkeypatch.setattr(engine, "run_import", slow_worker_finishes_first)  # the engine calls its own run_import
    job = services.rerun_import(user(), job)
    assert job.status == ImportStatus.DONE and job.message == "Đã nhập 12 dòng (lượt đầu)."
