"""Reports follow time (issue 10, item 4): a role whose own unit closed keeps read access to the
reports of its time but approves and writes nothing any more."""

import datetime

import pytest
from django.urls import reverse

from core import services as core_services
from core.models import OrgUnit, OrgUnitKind, Role
from reports import selectors
from reports.models import SectionNarrative

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_office(demo):
    office = core_services.create_unit(code="SNV-CU", name="Phòng đã giải thể", kind=OrgUnitKind.OFFICE,
                                       parent=OrgUnit.objects.get(code="SNV"))
    return core_services.close_unit(office, last_day=datetime.date(2024, 12, 31))


def test_leader_of_a_closed_unit_reads_but_cannot_approve(client, demo, make_user, closed_office):
    leader = make_user("ld.cu", "SNV-CU", Role.LEADER)
    assert selectors.can_read(leader, demo)
    assert not selectors.can_approve(leader, demo)
    client.force_login(leader)
    response = client.get(reverse("reports:detail", args=[demo.pk]))
    assert response.status_code == 200 and response.context["can_approve"] is False
    assert client.post(reverse("reports:approve", args=[demo.pk])).status_code == 403
    demo.refresh_from_db()
    assert not demo.is_approved


def test_staff_of_a_closed_office_cannot_write_its_sections(client, demo, make_user, closed_office):
    staff = make_user("cv.cu", "SNV-CU", Role.STAFF)
    section = demo.sections.order_by("pk").first()
    section.office = closed_office
    section.save(update_fields=["office"])
    assert selectors.editable_office_ids(staff) == set()
    assert not selectors.can_edit_section(staff, demo, section)
    client.force_login(staff)
    before = SectionNarrative.objects.filter(report=demo, section=section).values_list("text", flat=True).first()
    response = client.post(reverse("reports:section_save", args=[demo.pk, section.pk]), {"text": "Nội dung mới"})
    assert response.status_code == 403
    after = SectionNarrative.objects.filter(report=demo, section=section).values_list("text", flat=True).first()
    assert after == before


def test_province_readers_keep_every_periods_reports(demo, users):
    assert demo in selectors.readable_reports(users["leader"])
    assert demo in selectors.readable_reports(users["staff_tcbc"])
    assert selectors.can_approve(users["leader"], demo)
