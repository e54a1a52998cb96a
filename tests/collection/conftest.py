import datetime

import pytest
from django.contrib.auth import get_user_model

from collection import catalogue
from core import demo
from core.models import Membership, OrgUnit, Period, Role
from tests.conftest import seeded_per_module, use_seed


def seed_province():
    demo.seed_org_tree()
    demo.seed_periods(2021)
    catalogue.load_catalogue("SNV")


_province_seed = seeded_per_module(seed_province)


@pytest.fixture
def province(_province_seed, request):
    use_seed(request, seed_province)
    return {u.code: u for u in OrgUnit.objects.all()}


@pytest.fixture
def h1(province):
    return Period.objects.get(code="2021-H1")


@pytest.fixture
def make_user(province):
    def make(code, role, username=None):
        user = get_user_model().objects.create_user(username or f"{role}-{code}".lower(), first_name="Người", last_name=code)
        Membership.objects.create(user=user, unit=province[code], role=role)
        return user

    return make


@pytest.fixture
def in_2021(monkeypatch):
    """Access decided as on 1/6/2021, for tests of the 2021 workflow of Vị Thanh's officers: the
    district closed on 30/6/2025 and a closed unit's role writes nothing any more (core.access).
    tests/collection/test_scope_time.py checks that rule itself, on today's date."""
    from core import access

    monkeypatch.setattr(access, "today", lambda: datetime.date(2021, 6, 1))


@pytest.fixture
def officer(make_user, in_2021):
    """Vị Thanh's officer entering its 2021 forms, as in 2021."""
    return make_user("VITHANH", Role.OFFICER)


@pytest.fixture
def cchc_staff(make_user):
    return make_user("SNV-CCHC", Role.STAFF)
