"""Fixtures of the CCHC index and dashboard tests (imported by tests/reform/test_index*.py,
test_dashboard*.py and test_permissions*.py): the demo province with the collection demo values,
the units' CCHC-DV forms and the reform index demo, seeded once per module (tests/conftest.py «Shared seed»)."""

import pytest
from django.contrib.auth import get_user_model

from collection import demo as collection_demo
from core import demo as core_demo
from reform import demo as reform_demo
from tests.conftest import seeded_per_module, use_seed


def seed_province():
    core_demo.seed(until_year=2022)
    collection_demo.seed(until_year=2022)
    reform_demo.seed(until_year=2022)  # the units' CCHC-DV forms, then the index, inspections, initiatives


_reform_seed = seeded_per_module(seed_province)


@pytest.fixture
def province(_reform_seed, request):
    use_seed(request, seed_province)
    from core.models import OrgUnit

    return OrgUnit.objects.get(code="HG")


@pytest.fixture
def login(client):
    def as_user(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return as_user


@pytest.fixture
def user():
    def get(username):
        return get_user_model().objects.get(username=username)

    return get
