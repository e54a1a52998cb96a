import datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from core import demo
from core.models import Membership, OrgUnit, OrgUnitKind, Period

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_province_and_is_idempotent(capsys):
    call_command("seed_demo")
    counts = (OrgUnit.objects.count(), Period.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert (OrgUnit.objects.count(), Period.objects.count(), Membership.objects.count()) == counts
    out = capsys.readouterr().out
    assert demo.DEMO_PASSWORD in out and "giamdoc" in out

    d2021 = datetime.date(2021, 6, 1)
    d2026 = datetime.date(2026, 1, 1)
    districts_2021 = OrgUnit.objects.active_on(d2021).filter(kind=OrgUnitKind.DISTRICT)
    assert districts_2021.count() == 8
    assert not OrgUnit.objects.active_on(d2026).filter(kind=OrgUnitKind.DISTRICT).exists()
    assert OrgUnit.objects.active_on(d2021).filter(kind=OrgUnitKind.DEPARTMENT).count() >= 12
    assert OrgUnit.objects.filter(code__startswith="SNV-").count() == len(demo.OFFICES)
    # After the reform every active commune hangs directly under the province.
    province = OrgUnit.objects.get(code="HG")
    for commune in OrgUnit.objects.active_on(d2026).filter(kind=OrgUnitKind.COMMUNE):
        assert list(commune.ancestors(on=d2026)) == [province], commune.code
    assert set(OrgUnit.objects.get(code="X-HOALUU").predecessors.values_list("code", flat=True)) == {
        "VITHANH-HOALUU", "VITHANH-HOATIEN",
    }
    this_year = datetime.date.today().year
    assert {p.year for p in Period.objects.all()} == set(range(2021, this_year + 1))


def test_every_demo_login_works():
    call_command("seed_demo")
    request = RequestFactory().post("/dang-nhap/")
    for spec in demo.DEMO_USERS:
        user = authenticate(request, username=spec["username"], password=demo.DEMO_PASSWORD)
        assert user is not None, spec["username"]
        assert user.memberships.filter(role=spec["role"], unit__code=spec["unit"]).exists()
