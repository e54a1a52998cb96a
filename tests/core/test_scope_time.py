"""Scope follows time (issue 10, item 4): a role at a unit reaches a descendant only for the time it
was under the unit; a role whose own unit closed keeps its history read-only.

Small explicit trees built with core.services (moved, merged, closed units); the demo tree is
exercised by the collection, staffing and core view tests.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from core import services
from core.access import ALWAYS, APPROVE, READ, WRITE, scope_for
from core.models import Membership, OrgUnitKind, Role
from staffing.models import JobPositionApproval, Quota, QuotaKind, RecruitmentExam

pytestmark = pytest.mark.django_db

D = datetime.date
MOVE = D(2024, 1, 1)  # C moves from district A to district B
CLOSE = D(2024, 6, 30)  # district Z closes; its commune Y moves to B, X merges with W into V under B
REFORM = CLOSE + datetime.timedelta(days=1)
BEFORE = (D(2023, 1, 1), D(2023, 6, 30))
AFTER = (D(2024, 7, 1), D(2024, 12, 31))


@pytest.fixture
def tree():
    make = services.create_unit
    p = make(code="P", name="Tỉnh P", kind=OrgUnitKind.PROVINCE, rebuild=False)
    units = {"P": p}
    for code in ("A", "B", "Z"):
        units[code] = make(code=code, name=f"Huyện {code}", kind=OrgUnitKind.DISTRICT, parent=p, rebuild=False)
    for code, parent in (("C", "A"), ("W", "B"), ("X", "Z"), ("Y", "Z")):
        units[code] = make(code=code, name=f"Xã {code}", kind=OrgUnitKind.COMMUNE, parent=units[parent], rebuild=False)
    services.move_unit(units["C"], units["B"], on=MOVE, rebuild=False)
    units["V"] = services.merge_units([units["X"], units["W"]], on=REFORM, code="V", name="Xã V",
                                      kind=OrgUnitKind.COMMUNE, parent=units["B"], rebuild=False)
    services.move_unit(units["Y"], units["B"], on=REFORM, rebuild=False)
    services.close_unit(units["Z"], last_day=CLOSE, rebuild=False)
    services.rebuild_ancestry()
    for unit in units.values():
        unit.refresh_from_db()
    return units


def scope_of(tree, code, role=Role.OFFICER):
    user = get_user_model().objects.create_user(f"{role}-{code}-{Membership.objects.count()}")
    Membership.objects.create(user=user, unit=tree[code], role=role)
    return scope_for(user)


def codes(qs):
    return set(qs.values_list("code", flat=True))


# ---------------------------------------------------------------------------------------------
# Moved unit
# ---------------------------------------------------------------------------------------------


def test_old_parent_reaches_a_moved_unit_only_for_the_time_it_was_under_it(tree):
    a, b = scope_of(tree, "A"), scope_of(tree, "B")
    c = tree["C"]
    assert a.can_read(c, during=BEFORE) and a.can_write(c, during=BEFORE)
    assert not a.can_read(c, during=AFTER) and not a.can_write(c, during=AFTER)
    assert a.can_read(c, on=MOVE - datetime.timedelta(days=1)) and not a.can_read(c, on=MOVE)
    assert not a.can_read(c) and not a.can_write(c)  # no time given: today's tree
    assert "C" not in codes(a.units(READ)) and "C" in codes(a.units(READ, during=BEFORE))
    # The new parent: from the move on, not before.
    assert b.can_write(c, during=AFTER) and b.can_read(c)
    assert not b.can_read(c, during=BEFORE) and not b.can_write(c, during=BEFORE)
    # A window around the move overlaps both parents' time.
    assert a.can_read(c, during=(D(2023, 7, 1), D(2024, 6, 30))) and b.can_read(c, during=(D(2023, 7, 1), D(2024, 6, 30)))
    # The org tree with its history keeps the moved unit for the old parent.
    assert "C" in codes(a.units(READ, during=ALWAYS))


def test_dated_rows_follow_the_tree_of_their_own_date(tree, django_assert_num_queries):
    before = JobPositionApproval.objects.create(unit=tree["C"], approved_on=D(2023, 5, 1), positions=3)
    after = JobPositionApproval.objects.create(unit=tree["C"], approved_on=D(2024, 3, 1), positions=4)
    a, b = scope_of(tree, "A"), scope_of(tree, "B")
    a.roots(READ), b.roots(READ)
    with django_assert_num_queries(1):
        seen_by_a = list(a.filter(JobPositionApproval.objects.all(), READ, date_field="approved_on"))
    assert seen_by_a == [before]
    assert list(b.filter(JobPositionApproval.objects.all(), READ, date_field="approved_on")) == [after]
    # No time given: the unit's place today (B), whatever the rows' dates.
    assert set(b.filter(JobPositionApproval.objects.all(), READ)) == {before, after}
    assert not a.filter(JobPositionApproval.objects.all(), READ).exists()


def test_yearly_rows_follow_the_tree_of_their_year(tree):
    q2023 = Quota.objects.create(unit=tree["C"], year=2023, kind=QuotaKind.CIVIL_SERVANT, assigned=5)
    q2025 = Quota.objects.create(unit=tree["C"], year=2025, kind=QuotaKind.CIVIL_SERVANT, assigned=6)
    a, b = scope_of(tree, "A"), scope_of(tree, "B")
    assert list(a.filter(Quota.objects.all(), READ, year_field="year")) == [q2023]
    assert list(b.filter(Quota.objects.all(), READ, year_field="year")) == [q2025]


def test_rows_with_many_units_are_reached_through_any_unit_of_their_time(tree):
    exam = RecruitmentExam.objects.create(name="Thi 2023", kind="thi_tuyen", year=2023, held_on=D(2023, 5, 1))
    exam.units.set([tree["C"], tree["W"]])
    late = RecruitmentExam.objects.create(name="Thi 2025", kind="thi_tuyen", year=2025, held_on=D(2025, 5, 1))
    late.units.set([tree["C"]])
    a, b = scope_of(tree, "A"), scope_of(tree, "B")
    assert set(a.filter(RecruitmentExam.objects.all(), READ, unit_field="units", date_field="held_on")) == {exam}
    assert set(b.filter(RecruitmentExam.objects.all(), READ, unit_field="units", date_field="held_on")) == {exam, late}


# ---------------------------------------------------------------------------------------------
# Closed unit: history read-only
# ---------------------------------------------------------------------------------------------


def test_closed_units_officer_reads_its_history_and_writes_nothing(tree):
    z = scope_of(tree, "Z")
    assert codes(z.units(WRITE)) == set() and codes(z.units(WRITE, during=BEFORE)) == set()
    assert not z.can_write(tree["Z"], during=BEFORE) and not z.can_write(tree["Y"], during=BEFORE)
    assert z.can_read(tree["Z"], during=BEFORE) and z.can_read(tree["Y"], during=BEFORE)
    # The commune that moved on is not the closed district's after the move, nor today.
    assert not z.can_read(tree["Y"], during=AFTER) and not z.can_read(tree["Y"])
    # Today's tree keeps a closed unit where it stood on its last day.
    assert codes(z.units(READ)) == {"Z", "X"}
    assert z.roots(WRITE) == set()


def test_closed_units_leader_and_staff_approve_nothing(tree):
    leader = scope_of(tree, "Z", Role.LEADER)
    assert leader.can_read(tree["X"], during=BEFORE)
    assert not leader.can_approve(tree["X"], during=BEFORE) and not leader.can_approve(tree["Z"], during=BEFORE)
    assert leader.changing().units(READ).count() == 0


def test_open_units_role_still_writes_its_history(tree):
    b = scope_of(tree, "B")
    assert b.can_write(tree["W"], during=BEFORE) and b.can_write(tree["B"], during=BEFORE)


# ---------------------------------------------------------------------------------------------
# Merged units
# ---------------------------------------------------------------------------------------------


def test_merged_units_officer_keeps_read_only_history_and_never_reaches_the_successor(tree):
    x = scope_of(tree, "X")
    assert x.can_read(tree["X"], during=BEFORE) and not x.can_write(tree["X"], during=BEFORE)
    assert not x.can_read(tree["V"]) and not x.can_read(tree["V"], during=AFTER)


def test_successor_is_reached_from_its_start_and_its_parent_keeps_the_merged_history(tree):
    v, b = scope_of(tree, "V"), scope_of(tree, "B")
    assert v.can_write(tree["V"], during=AFTER) and not v.can_read(tree["X"], during=BEFORE)
    assert b.can_read(tree["W"], during=BEFORE) and b.can_read(tree["V"], during=AFTER)
    assert not b.can_read(tree["X"], during=BEFORE)  # X was Z's, never B's
    assert not b.can_read(tree["V"], during=BEFORE)  # V did not exist yet


def test_admin_reaches_everything_at_any_time(tree):
    user = get_user_model().objects.create_superuser("root", password="x-Không-đoán-được-1")
    scope = scope_for(user)
    assert scope.can_write(tree["Y"], during=BEFORE) and scope.can_approve(tree["Z"])
    assert codes(scope.units(READ, during=AFTER)) == {"P", "A", "B", "C", "Y", "V"}  # W and X closed before


def test_time_is_one_of_on_during_date_or_year(tree):
    a = scope_of(tree, "A")
    with pytest.raises(TypeError):
        a.filter(JobPositionApproval.objects.all(), READ, on=D(2023, 1, 1), date_field="approved_on")
    assert APPROVE not in {m.role for m in a.memberships}


# ---------------------------------------------------------------------------------------------
# Org-unit pages: the structure with its history; the reach table counts no writes for a closed role
# ---------------------------------------------------------------------------------------------


def test_org_pages_keep_the_history_and_the_home_reach_shows_a_closed_role_writes_nothing(client, tree):
    from django.urls import reverse

    z = scope_of(tree, "Z")
    client.force_login(z.user)
    rows = {row.unit.code for row in client.get(reverse("unit_list"), {"status": "all"}).context["rows"]}
    assert rows == {"Z", "X", "Y"}  # the tree with its history: Y moved away, V never was Z's
    assert client.get(reverse("unit_detail", args=["Y"])).status_code == 200  # Y was Z's until 30/6/2024
    assert client.get(reverse("unit_detail", args=["V"])).status_code == 404  # never Z's
    reach = client.get(reverse("home")).context["reach"]
    read, write, approve = reach["totals"]
    assert read["total"] == 3 and write["total"] == 0 and approve["total"] == 0


# ---------------------------------------------------------------------------------------------
# The same reach as a list of unit ids (`listed=True`, for large tables)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [64, 0])  # a short list through the unit index, a long one checked per row
def test_a_listed_filter_reaches_exactly_the_joined_units(tree, monkeypatch, limit):
    from core import access
    from core.models import OrgUnit

    monkeypatch.setattr(access, "LISTED_INDEX_LIMIT", limit)
    everyone = OrgUnit.objects.all()
    scopes = [scope_of(tree, code, role) for code in ("A", "B", "C", "Z", "Y", "V", "P")
              for role in (Role.OFFICER, Role.STAFF, Role.LEADER)]
    for scope in scopes:
        for action in (READ, WRITE, APPROVE):
            for when in ({}, {"on": MOVE}, {"on": CLOSE}, {"during": BEFORE}, {"during": AFTER}):
                joined = codes(scope.filter(everyone, action, unit_field="id", **when))
                assert codes(scope.filter(everyone, action, unit_field="id", listed=True, **when)) == joined, (
                    scope.memberships, action, when)


def test_a_long_listed_reach_is_one_array_typed_as_the_column(tree, monkeypatch):
    """A province's ~1,000 unit ids: one parameter, cast to the column's type. Before: one placeholder
    per id (~4 ms of Django per page), and then an `integer[]` that PostgreSQL checked element by element
    against the bigint column (not hashed: the register's count 3 → 30 ms at 20,000 people)."""
    from django.db import connection

    from core import access
    from core.models import OrgUnit

    if connection.vendor != "postgresql":
        pytest.skip("the array is the PostgreSQL path; SQLite keeps IN (…)")
    monkeypatch.setattr(access, "LISTED_INDEX_LIMIT", 0)
    scope = scope_of(tree, "P", Role.STAFF)
    qs = scope.filter(OrgUnit.objects.all(), READ, unit_field="id", listed=True)
    sql, params = qs.query.sql_with_params()
    assert "= ANY(%s::bigint[])" in sql and sql.count("%s") == 2, sql  # the `+ 0`, and the ids
    assert sorted(params[-1]) == sorted(scope.unit_ids(READ))
    assert codes(qs) == codes(scope.filter(OrgUnit.objects.all(), READ, unit_field="id"))


def test_a_text_array_is_not_cut_to_the_column_length(db):
    """`= ANY(%s::varchar(n)[])` would cut a code one character too long and match a stored one."""
    from django.db import connection
    from django.db.models import F

    from core.lookups import AnyOf, one_of
    from core.models import OrgUnit

    length = OrgUnit._meta.get_field("code").max_length
    OrgUnit.objects.create(code="X" * length, name="Đơn vị X", kind=OrgUnitKind.PROVINCE)
    assert not OrgUnit.objects.filter(one_of("code", ["X" * (length + 1)])).exists()
    assert OrgUnit.objects.filter(one_of("code", ["X" * length, "Y"])).count() == 1
    if connection.vendor == "postgresql":
        sql, _ = OrgUnit.objects.filter(AnyOf(F("code"), ["a"])).query.sql_with_params()
        assert "= ANY(%s::varchar[])" in sql
