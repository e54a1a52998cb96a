"""The first page keeps a panel that declares the apps it reads (`reads=`) in the cache, and builds
it again as soon as a row of those apps or of core is saved, deleted or imported — per user and
day (core.dashboard, core.generations). A panel without `reads` is built on every view."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from collection.models import DataSet, Submission
from core import dashboard, generations
from core.dashboard import Figure, PanelData
from core.imports.signals import rows_written
from core.models import Membership, Notification, OrgUnit, OrgUnitKind, Period, Role
from plans.models import Plan
from staffing.models import Quota, QuotaKind

DAY = datetime.date(2026, 6, 15)


@pytest.fixture
def counted(db):
    """Two test panels, one reading `plans` (kept), one reading nothing declared (built every time),
    each counting its builds per user; removed from the registry afterwards."""
    calls = []

    def make(name):
        def build(user, today):
            calls.append((name, user.username, today))
            return PanelData(figures=[Figure("Số kế hoạch", Plan.objects.count(), "kế hoạch")])

        return build

    dashboard.all_panels()  # the apps' panels first: the test panels are added to a full registry
    dashboard.panel("thu-giu", "Khối giữ lại", audience=lambda scope: True, reads=("plans",))(make("kept"))
    dashboard.panel("thu-song", "Khối luôn dựng", audience=lambda scope: True)(make("live"))
    yield calls
    dashboard._PANELS.pop("thu-giu")
    dashboard._PANELS.pop("thu-song")


def _figures(user, today=DAY):
    built = {p.panel.key: p.data for p in dashboard.build_all(user, today)}
    return built["thu-giu"].figures[0].value, built["thu-song"].figures[0].value


def _builds(calls, name):
    return sum(1 for c in calls if c[0] == name)


@pytest.fixture
def people(db):
    User = get_user_model()
    unit = OrgUnit.objects.create(code="TG", name="Tỉnh Thử", kind=OrgUnitKind.PROVINCE, valid_from=datetime.date(2020, 1, 1))
    return User.objects.create_user("ld.thu", password="x"), User.objects.create_user("ld.khac", password="x"), unit


def test_a_kept_panel_is_built_once_until_its_app_changes(counted, people):
    leader, _other, unit = people
    assert _figures(leader) == (0, 0)
    assert _figures(leader) == (0, 0)
    assert _builds(counted, "kept") == 1 and _builds(counted, "live") == 2

    plan = Plan.objects.create(unit=unit, year=2026, title="Kế hoạch thử")  # a row of the app it reads
    assert _figures(leader) == (1, 1)
    assert _builds(counted, "kept") == 2

    plan.delete()
    assert _figures(leader) == (0, 0)
    assert _builds(counted, "kept") == 3


def test_writes_elsewhere_and_quiet_rows_keep_it(counted, people):
    leader, _other, unit = people
    period = Period.objects.create(type="annual", year=2026, number=1, code="2026-N", start=datetime.date(2026, 1, 1),
                                   end=datetime.date(2026, 12, 31), deadline=datetime.date(2027, 1, 15))
    office = OrgUnit.objects.create(code="TG-P", name="Phòng Thử", kind=OrgUnitKind.OFFICE, parent=unit,
                                    valid_from=datetime.date(2020, 1, 1))
    data_set = DataSet.objects.create(code="TH-1", name="Biểu thử", period_type="annual", reviewing_office=office)
    _figures(leader)
    # collection (every form saved or sent) and staffing are not read by the panel; a notification
    # says nothing a figure shows; an update() on another app sends no signal at all
    Submission.objects.create(data_set=data_set, unit=unit, period=period)
    Submission.objects.filter(unit=unit).update(version=2)
    Quota.objects.create(unit=unit, year=2026, kind=QuotaKind.CIVIL_SERVANT, assigned=5)
    Notification.objects.create(user=leader, title="Thông báo", body="")
    _figures(leader)
    assert _builds(counted, "kept") == 1 and _builds(counted, "live") == 2
    # core is always read (units, periods, memberships)
    Period.objects.filter(pk=period.pk).first().save()
    _figures(leader)
    assert _builds(counted, "kept") == 2


def test_kept_per_user_and_per_day_and_dropped_when_a_membership_changes(counted, people):
    leader, other, unit = people
    _figures(leader)
    _figures(other)  # another user never gets the first one's panel (another scope)
    assert [c[1] for c in counted if c[0] == "kept"] == ["ld.thu", "ld.khac"]
    _figures(leader, DAY + datetime.timedelta(days=1))  # overdue counts change with the day
    assert _builds(counted, "kept") == 3
    Membership.objects.create(user=leader, unit=unit, role=Role.LEADER)  # core: the scope changed
    _figures(leader)
    assert _builds(counted, "kept") == 4


def test_a_committed_import_builds_it_again(counted, people):
    leader, _other, _unit = people
    _figures(leader)
    rows_written.send(sender=Plan, model=Plan, kind="nhiem-vu", rows=3)  # bulk rows: no post_save
    _figures(leader)
    assert _builds(counted, "kept") == 2


def test_an_evicted_generation_never_serves_an_old_panel(counted, people):
    from django.core.cache import cache

    leader, _other, unit = people
    _figures(leader)
    cache.delete(generations.app_key("plans"))  # evicted (Redis under memory pressure)
    Plan.objects.bulk_create([Plan(unit=unit, year=2027, title="Không qua tín hiệu")])
    assert _figures(leader) == (1, 1)


def test_the_units_in_reach_are_kept_until_the_tree_or_a_membership_changes(client, people):
    from django.urls import reverse

    from core import services as core_services

    leader, _other, unit = people
    core_services.rebuild_ancestry()  # the province itself in the tree
    Membership.objects.create(user=leader, unit=unit, role=Role.LEADER)
    client.force_login(leader)

    def read_total():
        return client.get(reverse("home")).context["reach"]["totals"][0]["total"]

    before = read_total()
    assert before == 1 and read_total() == before
    core_services.create_unit(code="TG-X1", name="Xã Mới Thêm", kind=OrgUnitKind.COMMUNE, parent=unit)
    assert read_total() == before + 1  # a new unit under the leader's: counted at once
