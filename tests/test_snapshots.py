"""tests/snapshots.py: a seed put back from its copy leaves the database as the seed itself would."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from core import demo
from core.models import OrgUnit, OrgUnitAncestry
from tests.core.test_views import build_portal_tree
from tests import snapshots
from tests.snapshots import seed_or_restore

runs = []


def seed():
    runs.append(1)
    build_portal_tree()


def state():
    units = sorted(OrgUnit.objects.values_list("code", "name", "parent__code", "valid_from", "valid_to"))
    ancestry = sorted(OrgUnitAncestry.objects.values_list("ancestor__code", "descendant__code", "depth"))
    users = sorted(get_user_model().objects.values_list("username", "memberships__unit__code"))
    return units, ancestry, users


@pytest.mark.django_db(transaction=True)
def test_a_restored_seed_is_what_the_seed_wrote_and_the_database_goes_on():
    runs.clear()
    call_command("flush", interactive=False, stdout=io.StringIO())  # the state a transactional test ends in
    seed_or_restore(seed)
    first = state()
    call_command("flush", interactive=False, stdout=io.StringIO())
    assert OrgUnit.objects.count() == 0
    seed_or_restore(seed)
    assert state() == first and first[0]
    assert get_user_model().objects.get(username="giamdoc").check_password(demo.DEMO_PASSWORD)
    # PostgreSQL: the second time came from the copy; elsewhere the seed ran again.
    assert len(runs) == (1 if connection.vendor == "postgresql" else 2)
    # New rows take ids past the copied ones, and content types are read as they now are.
    hg = OrgUnit.objects.get(code="HG")
    OrgUnit.objects.create(code="MOI", name="Đơn vị mới", kind=hg.kind, parent=hg)
    assert ContentType.objects.get_for_model(OrgUnit).pk == ContentType.objects.filter(
        app_label="core", model="orgunit").values_list("pk", flat=True).get()


@pytest.mark.django_db
def test_inside_a_transaction_the_seed_just_runs():
    runs.clear()
    copies = dict(snapshots._copies)
    seed_or_restore(seed)
    assert len(runs) == 1 and snapshots._copies == copies  # run, not copied: the rows roll back
