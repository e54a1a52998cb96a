"""Fixtures of the religion tests: the demo province (core demo + religion demo), clients per login,
and a provider run over a period with its paragraphs as plain text."""

import pytest
from django.contrib.auth import get_user_model

from core import demo as core_demo
from core.models import OrgUnit, Period
from core.reporting import ReportContext
from religion import demo
from religion.report import situation
from tests.conftest import seeded_per_module, use_seed

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_province():
    core_demo.seed(until_year=2022)
    demo.seed(until_year=2022)


_province_seed = seeded_per_module(seed_province)


@pytest.fixture
def province(_province_seed, request, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    use_seed(request, seed_province)
    return {"h1": Period.objects.get(code="2021-H1"), "h2": Period.objects.get(code="2021-H2"),
            "y2021": Period.objects.get(code="2021-Y"), "hg": OrgUnit.objects.get(code="HG")}


@pytest.fixture
def login(client):
    def as_user(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user


def paragraphs(period, root=None, wording=None):
    """The provider's paragraphs over `period` as plain strings (case counts as «02 (TH)»)."""
    root = root or OrgUnit.objects.get(code="HG")
    ctx = ReportContext(period=period, root=root, wording=wording or {})
    return ["".join(str(s) for s in block.segments) for block in situation(ctx)]
