"""A user's memberships are kept in the shared cache between requests (core.access._memberships):
the query was one per request, ~4 % of the web workers' time under bench/load.py. A role given or
taken, or a unit renamed, is seen on the very next request; on a per-process cache nothing is kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Membership, OrgUnit, Role

pytestmark = pytest.mark.django_db

QUEUE = "/so-lieu/xet-duyet/"


def _membership_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response, [q["sql"] for q in ctx.captured_queries if 'FROM "core_membership"' in q["sql"]]


def test_a_second_request_reads_the_memberships_from_the_shared_cache(client, shared_cache, make_user):
    client.force_login(make_user("SNV-CCHC", Role.STAFF))
    assert client.get(QUEUE).status_code == 200
    response, queries = _membership_queries(client, QUEUE)
    assert response.status_code == 200 and queries == []


def test_a_role_taken_away_closes_the_page_on_the_next_request(client, shared_cache, make_user):
    reviewer = make_user("SNV-CCHC", Role.STAFF)
    client.force_login(reviewer)
    assert client.get(QUEUE).status_code == 200
    Membership.objects.filter(user=reviewer).delete()
    assert client.get(QUEUE).status_code == 403
    Membership.objects.create(user=reviewer, unit=OrgUnit.objects.get(code="SNV-CCHC"), role=Role.STAFF)
    assert client.get(QUEUE).status_code == 200
    membership = Membership.objects.get(user=reviewer)
    membership.role = Role.OFFICER
    membership.save()
    assert client.get(QUEUE).status_code == 403


def test_a_renamed_unit_shows_its_new_name_on_the_next_request(client, shared_cache, make_user):
    client.force_login(make_user("VITHANH", Role.OFFICER))
    old = OrgUnit.objects.get(code="VITHANH").name
    assert old in client.get("/so-lieu/").content.decode()  # the header names the unit; now kept
    unit = OrgUnit.objects.get(code="VITHANH")
    unit.name = "Đơn vị đổi tên thử"
    unit.save()
    page = client.get("/so-lieu/").content.decode()
    assert "Đơn vị đổi tên thử" in page


def test_on_a_per_process_cache_every_request_reads_the_memberships(client, settings, make_user):
    settings.CACHE_URL = None
    client.force_login(make_user("SNV-CCHC", Role.STAFF))
    client.get(QUEUE)
    response, queries = _membership_queries(client, QUEUE)
    assert response.status_code == 200 and len(queries) == 1
