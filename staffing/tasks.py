"""Celery entry points of the staffing app; each calls a service (staffing.services)."""

from celery import shared_task

from staffing import services


@shared_task(name="staffing.check_import")
def check_import(job_id):
    """Dry run of a large uploaded file: counts, preview, problems and feedback workbook."""
    job = services.check_job(job_id)
    return {"job": job.pk, "status": job.status}


@shared_task(name="staffing.apply_import")
def apply_import(job_id):
    """Apply a confirmed import, all-or-nothing; a re-run after a killed worker changes nothing."""
    job = services.apply_job(job_id)
    return {"job": job.pk, "status": job.status}
