"""gunicorn settings of the crash test: the worker installs the pause points once the app is loaded."""


def post_worker_init(worker):
    from tests.crash import pauses

    pauses.install()
