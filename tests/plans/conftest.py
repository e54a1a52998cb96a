"""Fixtures of the plans tests: the demo province (core demo + plans demo) and clients per login."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from core import demo as core_demo
from plans import demo
from tests.conftest import seeded_per_module, use_seed

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_province():
    # The demo logins' passwords are hashed with the fast hasher: the seed is not about hashing.
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        core_demo.seed(until_year=2022)
        demo.seed(until_year=2022)


_province_seed = seeded_per_module(seed_province)


@pytest.fixture
def province(_province_seed, request, settings, tmp_path):
    """The demo province with the plans demo data; media files go to a temporary directory."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    use_seed(request, seed_province)
    from core.models import OrgUnit

    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def user():
    return lambda username: get_user_model().objects.get(username=username)


@pytest.fixture
def login(client):
    def as_user(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user
