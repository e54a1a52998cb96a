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
def officer(make_user):
    return make_user("VITHANH", Role.OFFICER)


@pytest.fixture
def cchc_staff(make_user):
    return make_user("SNV-CCHC", Role.STAFF)
