"""Navigation: the collection entries by role, and every one opens (on a province without forms too).

Its own module: it builds the small portal tree, which cannot share a module with the tests that
seed the collection province once per module (tests/conftest.py, «Shared seed»)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


COLLECTION_NAV = {
    "admin": ["data", "review", "progress"],
    "leader": ["progress"],
    "staff": ["data", "review", "progress"],
    "officer": ["data", "progress"],
}


@pytest.fixture
def portal_tree(db, settings):
    from tests.core.test_views import FAST_HASHERS, build_portal_tree

    settings.PASSWORD_HASHERS = FAST_HASHERS
    return build_portal_tree()


@pytest.mark.parametrize("username,role", [("quantri", "admin"), ("giamdoc", "leader"), ("cv.tcbc", "staff"),
                                           ("cb.vithanh", "officer"), ("cb.hoaluu", "officer"), ("cb.soyte", "officer")])
def test_collection_nav_by_role_and_every_link_opens(client, portal_tree, username, role):
    client.force_login(get_user_model().objects.get(username=username))
    body = client.get(reverse("home")).content.decode()
    keys = [k for k in re.findall(r'data-nav="([^"]+)"', body) if k in ("data", "review", "progress")]
    assert keys == COLLECTION_NAV[role]
    for key in keys:
        href = re.search(rf'data-nav="{key}">\s*<a class="nav-link[^"]*" href="([^"]+)"', body).group(1)
        response = client.get(href)
        assert response.status_code == 200, href
        page = response.content.decode()
        # Exactly one item is marked current, even where URLs nest (/so-lieu/ and /so-lieu/xet-duyet/).
        assert re.findall(r'data-nav="([^"]+)">\s*<a class="nav-link active"', page) == [key]
    assert client.get(reverse("collection:dashboard")).status_code == 200
