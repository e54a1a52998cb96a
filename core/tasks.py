from celery import shared_task


@shared_task(name="core.ping")
def ping(value):
    """Round-trip probe for the broker: the worker answers with what it was sent."""
    return {"pong": value}
