"""The office responsible for a domain is a setting a province changes, not a code in the apps."""

import pytest
from django.test import override_settings

from core.access import responsible_offices, scope_for
from core.models import Membership, OrgUnit, OrgUnitKind, Role
from religion import permissions as religion


def test_defaults_name_the_demo_offices():
    assert responsible_offices("religion") == ("SNV-TG",)
    assert responsible_offices("archives") == ("SNV-TTLT", "SNV-CCHC")
    assert responsible_offices("unknown") == ()


@pytest.mark.django_db
def test_a_province_that_codes_its_religion_office_otherwise_gives_it_the_registers(django_user_model):
    root = OrgUnit.objects.create(code="SNV", name="Sở Nội vụ", kind=OrgUnitKind.HOME_AFFAIRS)
    board = OrgUnit.objects.create(code="SNV-BTG", name="Ban Tôn giáo", kind=OrgUnitKind.OFFICE, parent=root)
    user = django_user_model.objects.create_user("cv.btg", password="x")
    Membership.objects.create(user=user, unit=board, role=Role.STAFF)

    assert not religion.can_edit_registers(scope_for(user))
    with override_settings(RESPONSIBLE_OFFICES={"religion": ("SNV-BTG",)}):
        user._portal_scope = None
        assert religion.can_edit_registers(scope_for(user))
