"""Celery entry points of the collection core; each calls a service and returns plain data."""

from celery import shared_task

from collection import reminders


@shared_task(name="collection.send_deadline_reminders")
def send_deadline_reminders(days_before=3):
    """Daily (celery beat, 07:00): remind officers of forms due soon or overdue. Idempotent."""
    return reminders.remind_deadlines(days_before=days_before)
