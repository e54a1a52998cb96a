"""Report jobs: queued after commit on the "reports" queue, idempotent, retried on transient errors
only (a crash after the DOCX is written finishes on retry with exactly one file), failures recorded
in Vietnamese; PDF preview by LibreOffice when present; `manage.py build_report`."""

import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from reports import services, tasks
from reports.models import JobStatus, ReportJob
from tests.reports.conftest import open_docx, section

pytestmark = pytest.mark.django_db


def job_files(media, job):
    folder = media / "reports" / "jobs" / str(job.pk)
    return sorted(os.listdir(folder)) if folder.exists() else []


def request(report, user, capture):
    with capture(execute=True):
        job = services.request_report(report, user)
    job.refresh_from_db()
    return job


def test_job_is_queued_after_commit_on_the_reports_queue(demo, users, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(tasks.build_report, "apply_async", lambda *a, **kw: sent.append((a, kw)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.request_report(demo, users["leader"])
        assert sent == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [((), {"args": [job.pk], "queue": "reports"})]
    assert tasks.build_report.name.startswith("reports.tasks.")
    assert job.status == JobStatus.QUEUED and job.messages


def test_job_builds_the_docx_with_progress_and_messages(demo, users, media, django_capture_on_commit_callbacks):
    job = request(demo, users["leader"], django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE and job.progress == 100 and job.attempts == 1
    assert job.file.name == f"reports/jobs/{job.pk}/bao-cao-6-thang-dau-nam-2021-so-noi-vu.docx"
    assert job_files(media, job) == ["bao-cao-6-thang-dau-nam-2021-so-noi-vu.docx"]
    assert job.duration is not None and job.duration >= 0
    text = " | ".join(job.messages)
    assert "Bắt đầu tạo báo cáo." in text and "Đang tổng hợp Phần I" in text and "Đã tạo tệp Word" in text
    assert "Hoàn thành sau" in text
    with job.file.open("rb") as fh:
        assert "2.222 đại biểu" in section(fh.read(), "3. Về xây dựng chính quyền")


def test_crash_after_the_file_is_written_is_retried_into_the_same_job_and_file(
    demo, users, media, monkeypatch, django_capture_on_commit_callbacks
):
    original_finish = services.finish_job
    renders = []
    original_render = services.render_report
    failures = []

    def flaky_finish(job, started):
        if not failures:
            failures.append(1)
            raise OSError("mất kết nối tới ổ đĩa")
        return original_finish(job, started)

    def counting_render(report, progress=None):
        renders.append(1)
        return original_render(report, progress)

    monkeypatch.setattr(services, "finish_job", flaky_finish)
    monkeypatch.setattr(services, "render_report", counting_render)
    job = request(demo, users["leader"], django_capture_on_commit_callbacks)
    assert failures == [1]
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.progress == 100
    assert len(renders) == 1, "the DOCX written before the crash is kept, not rebuilt"
    assert job_files(media, job) == ["bao-cao-6-thang-dau-nam-2021-so-noi-vu.docx"]
    assert ReportJob.objects.count() == 1
    text = " | ".join(job.messages)
    assert "Lỗi tạm thời (OSError: mất kết nối tới ổ đĩa); hệ thống sẽ tự chạy lại." in text
    assert "Đã có tệp Word từ lần chạy trước" in text


def test_a_worker_killed_mid_job_finishes_on_redelivery(demo, users, media, monkeypatch):
    job = ReportJob.objects.create(report=demo, requested_by=users["leader"])
    monkeypatch.setattr(services, "finish_job", lambda *a: (_ for _ in ()).throw(OSError("killed")))
    with pytest.raises(OSError):
        services.run_job(job.pk, final_attempt=False)
    monkeypatch.undo()
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and len(job_files(media, job)) == 1


def test_a_programming_error_fails_the_job_in_vietnamese_without_retry(
    demo, users, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(report, progress=None):
        raise ValueError("dữ liệu không hợp lệ")

    monkeypatch.setattr(services, "render_report", broken)
    job = request(demo, users["leader"], django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert job.error == "Không tạo được báo cáo: lỗi ValueError: dữ liệu không hợp lệ"
    assert job.messages[-1].endswith(job.error) and job.finished_at


def test_transient_errors_are_retried_three_times_then_fail(demo, users, monkeypatch, django_capture_on_commit_callbacks):
    calls = []

    def locked(report, progress=None):
        calls.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "render_report", locked)
    job = request(demo, users["leader"], django_capture_on_commit_callbacks)
    assert len(calls) == 4  # first run + max_retries=3
    assert job.status == JobStatus.FAILED and job.attempts == 4
    assert job.error == "Không tạo được báo cáo sau 04 lần thử: database is locked"


def test_a_done_job_is_not_run_again(demo, users, media, django_capture_on_commit_callbacks):
    job = request(demo, users["leader"], django_capture_on_commit_callbacks)
    messages = list(job.messages)
    services.run_job(job.pk)
    job.refresh_from_db()
    assert job.messages == messages and job.attempts == 1 and len(job_files(media, job)) == 1


def request_pdf(job, user, capture):
    with capture(execute=True):
        services.request_pdf(job, user)
    job.refresh_from_db()
    return job


def test_missing_libreoffice_is_a_message_not_a_failure(demo, users, settings, django_capture_on_commit_callbacks):
    settings.REPORTS_PDF_PREVIEW = True
    settings.REPORTS_SOFFICE = "/khong-co/soffice"
    job = request(demo, users["leader"], django_capture_on_commit_callbacks)
    job = request_pdf(job, users["leader"], django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE and not job.pdf_file
    assert any("Máy chủ chưa cài LibreOffice nên không tạo bản PDF xem trước." in m for m in job.messages)


def test_pdf_preview_with_libreoffice(demo, users, settings, require, django_capture_on_commit_callbacks):
    settings.REPORTS_SOFFICE = require("libreoffice")
    settings.REPORTS_PDF_PREVIEW = True
    job = request(demo, users["leader"], django_capture_on_commit_callbacks)
    assert job.status == JobStatus.DONE, job.messages
    assert not job.pdf_file  # the DOCX job makes no PDF: it is made on demand
    job = request_pdf(job, users["leader"], django_capture_on_commit_callbacks)
    assert job.pdf_file.name == f"reports/jobs/{job.pk}/bao-cao-6-thang-dau-nam-2021-so-noi-vu.pdf"
    with job.pdf_file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_build_report_command(demo, tmp_path):
    out = tmp_path / "bao-cao.docx"
    stdout = io.StringIO()
    call_command("build_report", kind="six_month", period="2021-H1", unit="SNV", out=str(out), stdout=stdout)
    assert "Đã tạo" in stdout.getvalue()
    assert "2.222 đại biểu" in "\n".join(p.text for p in open_docx(out.read_bytes()).paragraphs)
    # No report yet: the command creates the draft, unless the kind does not serve the period.
    with pytest.raises(CommandError, match="là báo cáo năm"):
        call_command("build_report", kind="six_month", period="2021-H2", unit="SNV", out=str(out), stdout=stdout)


def test_worker_path_retries_with_backoff_then_fails(demo, users, monkeypatch):
    from celery.exceptions import Retry

    job = ReportJob.objects.create(report=demo, requested_by=users["leader"])
    countdowns = []

    def fake_retry(exc=None, countdown=None, **kw):
        countdowns.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(tasks.build_report, "retry", fake_retry)
    monkeypatch.setattr(services, "render_report", lambda r, progress=None: (_ for _ in ()).throw(OSError("đĩa đầy")))
    for retries, expected in ((0, 5), (1, 10), (2, 20)):
        tasks.build_report.push_request(retries=retries, is_eager=False)
        try:
            with pytest.raises(Retry):
                tasks.build_report.run(job.pk)
        finally:
            tasks.build_report.pop_request()
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED and countdowns[-1] == expected
    tasks.build_report.push_request(retries=3, is_eager=False)
    try:
        tasks.build_report.run(job.pk)  # the last try records the failure instead of raising
    finally:
        tasks.build_report.pop_request()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 4 and "đĩa đầy" in job.error
