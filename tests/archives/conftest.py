"""Fixtures of the archives tests: the demo province (core demo + archives demo) and clients per login."""

import pytest
from django.contrib.auth import get_user_model

from archives import demo
from core import demo as core_demo
from core.models import Period
from tests.conftest import seeded_per_module, use_seed

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_province():
    core_demo.seed(until_year=2022)
    demo.seed(until_year=2022)


_province_seed = seeded_per_module(seed_province)


@pytest.fixture
def province(_province_seed, request, settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    use_seed(request, seed_province)
    return {"h1": Period.objects.get(code="2021-H1"), "h2": Period.objects.get(code="2021-H2")}


@pytest.fixture
def login(client):
    def as_user(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user
