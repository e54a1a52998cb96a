"""Celery entry points of the plans app; each calls a service (plans.services)."""

from celery import shared_task

from plans import services


@shared_task(name="plans.remind_directives")
def remind_directives():
    """Daily: tell the assignees of directive items that are due within a week or overdue."""
    return services.remind_directives()
