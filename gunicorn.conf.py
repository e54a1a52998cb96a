"""gunicorn's settings for the portal, the shape `bench/load.py` measures. gunicorn reads this file
from its working directory: the Docker image's CMD, `bench/load.py` and a hand-run
`gunicorn homeaffairs.wsgi` from the repository get the same workers. Command-line flags override it.
"""

import os

# Sync workers. On 2 cores, 4 was the best measured: 5 were no better, and gthread was slower in a
# login storm (README, «Độ tin cậy và bảo mật»). WEB_CONCURRENCY sets the count for a larger machine.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))

# The app loads once in the master and is forked, so workers start warm and share its pages
# (homeaffairs/wsgi.py freezes them out of the garbage collector). Loading opens no database or
# broker connection (tests/test_wsgi.py): each worker connects after the fork.
preload_app = True

timeout = 60

# The heartbeat file on tmpfs: on a container's overlay filesystem a slow write can stall a worker
# until the master kills it.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
