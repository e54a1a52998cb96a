"""Fixtures of the emulation tests: the demo province seeded once per module (tests/conftest.py
«Shared seed»), the demo logins by role, and an officer of another unit."""

import pytest
from django.contrib.auth import get_user_model

from core.models import Membership, OrgUnit, Role
from tests.reports.conftest import PASSWORD, seed_demo  # noqa: F401 - one seed for the report tests and these
from tests.conftest import seeded_per_module, use_seed

_emulation_seed = seeded_per_module(seed_demo)


@pytest.fixture
def province(_emulation_seed, request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_PDF_PREVIEW = False
    use_seed(request, seed_demo)


@pytest.fixture
def logins(province):
    User = get_user_model()
    other = User.objects.create_user("cb.ngabay", password=PASSWORD, first_name="Cán bộ", last_name="Ngã Bảy")
    Membership.objects.create(user=other, unit=OrgUnit.objects.get(code="P-NGABAY"), role=Role.OFFICER)
    return {
        "admin": User.objects.get(username="quantri"),
        "leader": User.objects.get(username="giamdoc"),
        "board": User.objects.get(username="cv.tdkt"),
        "staff_other": User.objects.get(username="cv.tcbc"),
        "officer": User.objects.get(username="cb.vithanh"),
        "officer_other": other,
    }
