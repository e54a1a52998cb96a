"""Celery entry points of core; each calls a service."""

from celery import shared_task


@shared_task(name="core.ping")
def ping(value):
    """Round-trip probe for the broker: the worker answers with what it was sent."""
    return {"pong": value}


@shared_task(name="core.check_import")
def check_import(job_id):
    """Dry run of a large uploaded file (any import kind): counts, preview, problems, feedback."""
    from core.imports import jobs

    job = jobs.check_job(job_id)
    return {"job": job.pk, "status": job.status}


@shared_task(name="core.apply_import")
def apply_import(job_id):
    """Apply a confirmed import, all-or-nothing; a re-run after a killed worker changes nothing."""
    from core.imports import jobs

    job = jobs.apply_job(job_id)
    return {"job": job.pk, "status": job.status}
