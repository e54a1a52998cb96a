"""The one scope helper: who may read, write and approve which units (DESIGN §1)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from core import demo
from core.access import APPROVE, READ, WRITE, scope_for
from core.models import Membership, OrgUnit, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    demo.seed_org_tree()
    return {u.code: u for u in OrgUnit.objects.all()}


def user_with(units, code, role, username=None):
    user = get_user_model().objects.create_user(username or f"{role}-{code}", password="x-Không-đoán-được-1")
    Membership.objects.create(user=user, unit=units[code], role=role)
    return user


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_closed_district_officer_reads_its_history_and_writes_nothing(province):
    scope = scope_for(user_with(province, "VITHANH", Role.OFFICER))
    communes = {f"VITHANH-{c}" for c, _ in demo.DISTRICTS[0][2]}
    h1_2021 = (datetime.date(2020, 12, 15), datetime.date(2021, 6, 14))
    assert codes(scope.units(READ, during=h1_2021)) == {"VITHANH"} | communes
    # Today's tree: the district and the communes that closed with it; Tân Tiến moved to the province.
    assert codes(scope.units(READ)) == {"VITHANH"} | communes - {"VITHANH-TANTIEN"}
    assert not scope.can_read(province["VITHANH-TANTIEN"])
    # The district closed on 30/6/2025: its history is read-only.
    assert codes(scope.units(WRITE)) == set() and codes(scope.units(WRITE, during=h1_2021)) == set()
    assert not scope.can_write(province["VITHANH-TANTIEN"], during=h1_2021)
    assert codes(scope.units(APPROVE)) == set()
    # Closed units are in scope for their history: the district and its merged communes have 2021 data.
    assert province["VITHANH"].is_closed
    assert scope.can_read(province["VITHANH-HOALUU"], during=h1_2021) and province["VITHANH-HOALUU"].is_closed
    # Another district, the new post-reform commune and the province itself are not.
    for other in ("NGABAY", "NGABAY-LAIHIEU", "X-HOALUU", "HG", "SNV", "SYT"):
        assert not scope.can_read(province[other], during=h1_2021), other
        assert not scope.can_read(province[other]), other
        assert not scope.can_write(province[other]), other
    assert not scope.can_approve(province["VITHANH"])


def test_district_officer_scope_by_date_follows_the_reform(province):
    scope = scope_for(user_with(province, "VITHANH", Role.OFFICER))
    on_2021 = codes(scope.units(READ, on=datetime.date(2021, 6, 1)))
    on_2026 = codes(scope.units(READ, on=datetime.date(2026, 1, 1)))
    assert "VITHANH-TANTIEN" in on_2021
    assert on_2026 == set()


def test_commune_officer_reaches_only_itself(province):
    scope = scope_for(user_with(province, "VITHANH-HOALUU", Role.OFFICER))
    assert codes(scope.units(READ)) == {"VITHANH-HOALUU"}
    assert not scope.can_read(province["VITHANH"])


def test_province_leader_reads_everything_including_closed_units(province):
    scope = scope_for(user_with(province, "SNV", Role.LEADER))
    assert codes(scope.units(READ)) == set(province)
    assert scope.can_read(province["NGABAY"]) and province["NGABAY"].is_closed
    assert scope.can_read(province["SKHDT"])  # merged department, still readable for its history
    assert codes(scope.units(WRITE)) == set()


def test_office_staff_read_and_approve_the_province_but_write_only_inside_the_so(province):
    scope = scope_for(user_with(province, "SNV-TCBC", Role.STAFF))
    assert codes(scope.units(READ)) == set(province)
    assert scope.can_approve(province["VITHANH-HOALUU"])
    assert codes(scope.units(WRITE)) == {"SNV"} | {f"SNV-{suffix}" for suffix, *_ in demo.OFFICES}
    assert not scope.can_write(province["SYT"])
    assert not scope.can_write(province["VITHANH"])


def test_department_officer_does_not_reach_other_departments(province):
    scope = scope_for(user_with(province, "SYT", Role.OFFICER))
    assert codes(scope.units(READ)) == {"SYT"}


def test_admin_reaches_all(province):
    user = user_with(province, "HG", Role.ADMIN)
    scope = scope_for(user)
    assert scope.is_admin
    assert codes(scope.units(APPROVE)) == set(province)


def test_user_without_membership_reaches_nothing(province):
    user = get_user_model().objects.create_user("nobody", password="x-Không-đoán-được-1")
    scope = scope_for(user)
    assert not scope.units(READ).exists()
    assert not scope.can_read(province["HG"])


def test_anonymous_reaches_nothing(province):
    from django.contrib.auth.models import AnonymousUser

    assert not scope_for(AnonymousUser()).units(READ).exists()


def test_inactive_user_reaches_nothing(province):
    user = user_with(province, "SNV", Role.LEADER)
    user.is_active = False
    assert not scope_for(user).units(READ).exists()


def test_roles_combine(province):
    user = user_with(province, "SYT", Role.OFFICER, username="two-roles")
    Membership.objects.create(user=user, unit=province["X-HOALUU"], role=Role.OFFICER)
    scope = scope_for(user)
    assert scope.can_write(province["SYT"]) and scope.can_write(province["X-HOALUU"])
    assert not scope.can_read(province["SGDDT"])


def test_filter_restricts_any_queryset_by_unit_field(province):
    scope = scope_for(user_with(province, "VITHANH", Role.OFFICER))
    memberships = Membership.objects.all()
    Membership.objects.create(user=get_user_model().objects.create_user("a"), unit=province["NGABAY"], role=Role.OFFICER)
    visible = scope.filter(memberships, READ)
    assert {m.unit.code for m in visible} == {"VITHANH"}


def test_scope_is_computed_once_per_user_object(province, django_assert_num_queries):
    user = user_with(province, "VITHANH", Role.OFFICER)
    scope_for(user)
    with django_assert_num_queries(0):
        assert scope_for(user).roles == {Role.OFFICER}


def test_staff_role_only_inside_home_affairs(province):
    user = get_user_model().objects.create_user("s")
    with pytest.raises(ValidationError):
        Membership(user=user, unit=province["SYT"], role=Role.STAFF).full_clean()
    Membership(user=user, unit=province["SNV-TDKT"], role=Role.STAFF).full_clean()
