"""Issue 10, item 11 for report jobs: a job whose worker died is stale after the timeout and can be
re-queued once, by its requester, staff or an admin; the re-run leaves one file."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from reports.models import JobStatus, ReportJob

pytestmark = pytest.mark.django_db


def dead_job(report, user, status=JobStatus.RUNNING, minutes_ago=20):
    job = ReportJob.objects.create(report=report, requested_by=user, status=status, progress=35, attempts=1)
    ReportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    job.refresh_from_db()
    return job


def test_a_dead_report_job_is_stale_and_reruns_once_to_one_file(client, demo, users, django_capture_on_commit_callbacks):
    job = dead_job(demo, users["leader"])
    assert job.is_stale and job.can_rerun
    client.force_login(users["leader"])
    status = client.get(reverse("reports:job_status", args=[demo.pk, job.pk])).content.decode()
    assert 'data-testid="job-stale"' in status and 'data-testid="rerun"' in status and "hx-get" not in status

    url = reverse("reports:rerun_job", args=[demo.pk, job.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.reruns == 1 and job.file
    assert default_storage.listdir(f"reports/jobs/{job.pk}")[1] == [job.file.name.rsplit("/", 1)[1]]
    assert any("Lượt này bị gián đoạn" in m for m in job.messages)
    # Once only: a second click changes nothing.
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING,
                                               heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url)
    assert callbacks == [] and ReportJob.objects.get(pk=job.pk).reruns == 1


def test_a_live_report_job_is_not_rerun(client, demo, users, django_capture_on_commit_callbacks):
    job = dead_job(demo, users["leader"], minutes_ago=2)
    assert not job.is_stale
    client.force_login(users["leader"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("reports:rerun_job", args=[demo.pk, job.pk]))
    assert callbacks == [] and ReportJob.objects.get(pk=job.pk).reruns == 0


def test_who_may_rerun_a_report_job(client, demo, users, django_capture_on_commit_callbacks):
    job = dead_job(demo, users["staff_tcbc"], status=JobStatus.QUEUED)
    url = reverse("reports:rerun_job", args=[demo.pk, job.pk])
    client.force_login(users["leader"])  # neither the requester nor staff nor admin
    assert client.post(url).status_code == 403
    client.force_login(users["officer"])  # cannot read the report at all: it is invisible to another unit
    assert client.post(url).status_code == 404
    assert ReportJob.objects.get(pk=job.pk).reruns == 0
    client.force_login(users["staff_xdcq"])  # another staff member may
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(url).status_code == 302
    assert len(callbacks) == 1 and ReportJob.objects.get(pk=job.pk).reruns == 1
