"""Two people acting on one form at the same instant (issue 17 item 6): the scenarios, shared by the
PostgreSQL test (in the test process) and the SQLite one (a file database in a child process, since
an in-memory SQLite test database cannot show real locking).

Each scenario starts its two actions from a barrier, in two threads with their own connections, and
returns {name: "ok" | the Vietnamese message the loser is shown}."""

import threading

from django.db import connections

from collection import services
from collection.models import DataElement

TIMEOUT = 30


def _race(actions):
    barrier = threading.Barrier(len(actions))
    outcome = {}

    def run(name, action):
        try:
            barrier.wait(TIMEOUT)
            action()
            outcome[name] = "ok"
        except services.CollectionError as exc:
            outcome[name] = str(exc)
        except Exception as exc:  # noqa: BLE001 - anything else is what a view would show as HTTP 500
            outcome[name] = f"LỖI {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in actions.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 2)
    return outcome


def cells(**values):
    return {(DataElement.objects.get(code=code), None): {"value": value} for code, value in values.items()}


def save_race(form, first, second):
    """Both open the empty form (version 0) and save different figures at the same moment."""
    a, b = cells(HS_TIEP_NHAN="100"), cells(HS_TIEP_NHAN="200")
    return _race({
        "first": lambda: services.save_values(form, first, a, expected_version=0),
        "second": lambda: services.save_values(form, second, b, expected_version=0),
    })


def review_race(form, approver, returner):
    """One reviewer approves while another returns the same submitted form."""
    return _race({
        "approve": lambda: services.approve(form, approver),
        "return": lambda: services.return_submission(form, returner, "Số liệu hồ sơ trễ hạn chưa khớp."),
    })
