import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from homeaffairs import celery_app

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")
application = get_wsgi_application()

# The objects loaded so far (Django, every app, models, URL patterns, views) live as long as the
# process: moved out of the collector's reach, a full collection walks only what requests leave
# behind — 110–130 ms → 7–11 ms on a form's page, once every ~70 requests (bench/load.py's tails).
# Under gunicorn --preload this runs in the master before the fork, so the workers share those pages.
get_resolver().url_patterns  # noqa: B018 - imports every view module now, not on the first request
# The broker's transport and Celery's routing too: the first job a worker queued (a Word file, an
# import) imported them, ~65 ms of its request. No socket is opened here: each process connects on
# its first send, after the fork.
with celery_app.connection_for_write() as broker:
    broker.transport  # noqa: B018
celery_app.amqp.router  # noqa: B018
gc.freeze()
