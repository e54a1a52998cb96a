"""Celery entry points of the reports app (queue "reports", routed in settings); they only call services."""

from celery import shared_task

from reports import services

MAX_RETRIES = 3


def backoff(retries):
    """Seconds before retry n (0-based): 5, 10, 20 … at most 120."""
    return min(5 * 2**retries, 120)


@shared_task(bind=True, name="reports.tasks.build_report", max_retries=MAX_RETRIES, acks_late=True)
def build_report(self, job_id):
    """Build a report job's DOCX/PDF. Transient errors (database busy, OSError) are retried at most
    3 times with exponential backoff; anything else is recorded on the job by the service."""
    if self.request.is_eager:
        # No broker to requeue to (and eager mode re-raises Retry): retry in place, same job.
        for attempt in range(self.max_retries + 1):
            try:
                services.run_job(job_id, final_attempt=attempt >= self.max_retries)
                return job_id
            except services.TRANSIENT_ERRORS:
                continue
        return job_id
    try:
        services.run_job(job_id, final_attempt=self.request.retries >= self.max_retries)
    except services.TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc
    return job_id


@shared_task(name="reports.tasks.build_pdf", acks_late=True)
def build_pdf(job_id):
    """Make the PDF preview of a done job's DOCX on demand (LibreOffice; a failure is a message on the job)."""
    services.run_pdf(job_id)
    return job_id
