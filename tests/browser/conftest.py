"""Fixtures shared by the browser tests (the browser and page fixtures are in tests/conftest.py)."""

import io

import pytest
from django.core.management import call_command

from tests.snapshots import seed_or_restore


def seed_demo():
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def report(settings, tmp_path, transactional_db):
    """The demo province seeded for a live server, and its Sở's six-month report of 2021-H1."""
    from reports.models import Report

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_PDF_PREVIEW = False
    seed_or_restore(seed_demo)
    return Report.objects.get(kind__code="six_month", period__code="2021-H1", unit__code="SNV")
