"""The header's unread count, on every page, is kept in the shared cache per user
(core.notifications.unread_count): a COUNT on every request otherwise. A notification created, read
or deleted by any path shows on the user's next page; on a per-process cache it is counted each time."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import notifications
from core.models import Notification, Role

pytestmark = pytest.mark.django_db

PAGE = "/so-lieu/"


def _badge(client):
    """The header's count (0 without a badge) and the page's COUNT queries on notifications."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PAGE)
    assert response.status_code == 200
    found = re.search(r'data-testid="header-unread">(\d+)', response.content.decode())
    counts = [q["sql"] for q in ctx.captured_queries if 'FROM "core_notification"' in q["sql"] and "COUNT" in q["sql"]]
    return (int(found.group(1)) if found else 0), len(counts)


def _tell(user, key):
    return notifications.deliver([notifications.Message(user, f"Thông báo {key}", "", PAGE, key)], email=False)


@pytest.fixture
def officer(client, make_user):
    user = make_user("VITHANH", Role.OFFICER)
    client.force_login(user)
    return user


def test_a_second_page_reads_the_count_from_the_shared_cache(client, shared_cache, officer):
    _tell(officer, "a")
    assert _badge(client) == (1, 1)
    assert _badge(client) == (1, 0)


def test_every_change_to_the_users_notifications_shows_on_the_next_page(client, shared_cache, officer):
    assert _badge(client) == (0, 1)
    _tell(officer, "a")
    with transaction.atomic():  # a workflow action notifies inside its transaction
        _tell(officer, "b")
    _tell(officer, "b")  # already sent: nothing created
    assert _badge(client)[0] == 2
    first, second = Notification.objects.filter(user=officer).order_by("id")
    client.post(reverse("collection:notification_read", args=[first.pk]))
    assert _badge(client)[0] == 1
    Notification.objects.create(user=officer, title="Từ trang quản trị", key="c")  # one by one: post_save
    assert _badge(client)[0] == 2
    second.delete()
    assert _badge(client)[0] == 1
    client.post(reverse("collection:notifications_read_all"))
    assert _badge(client) == (0, 1)
    assert _badge(client) == (0, 0)


def test_another_users_notifications_leave_the_count_kept(client, shared_cache, officer, make_user):
    other = make_user("SNV-CCHC", Role.STAFF)
    _tell(officer, "a")
    assert _badge(client) == (1, 1)
    _tell(other, "a")
    notifications.mark_read(other)
    assert _badge(client) == (1, 0)


def test_on_a_per_process_cache_every_page_counts(client, settings, officer):
    settings.CACHE_URL = None
    _tell(officer, "a")
    assert _badge(client) == (1, 1)
    assert _badge(client) == (1, 1)
    notifications.mark_read(officer)
    assert _badge(client) == (0, 1)


def test_the_count_is_bumped_again_when_the_notifying_transaction_commits(
        client, shared_cache, officer, django_capture_on_commit_callbacks):
    # A page that counted between the notification and the commit (from rows other connections could
    # not see yet) must not be served afterwards: the commit bumps the user's inbox again.
    with django_capture_on_commit_callbacks(execute=True):
        _tell(officer, "a")
        assert notifications.unread_count(officer) == 1
        assert _badge(client) == (1, 0)
    assert _badge(client) == (1, 1)
