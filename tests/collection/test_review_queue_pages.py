"""The review queue shows a page at a time (issue 17: at a province's scale an office had thousands
of forms waiting and the page rendered every one, ~8 s); the count still states them all."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from collection import selectors
from collection.models import DataSet, Status, Submission
from core import formatting
from core.models import Period, PeriodType

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded(province):
    """Every reporting unit's CCHC-DV sent for every six-month period: more than a page waits."""
    data_set = DataSet.objects.get(code="CCHC-DV")
    now = timezone.now()
    Submission.objects.bulk_create([
        Submission(data_set=data_set, unit=unit, period=period, status=Status.SUBMITTED, version=1,
                   submitted_at=now, first_submitted_at=now)
        for unit in province.values() if unit.kind != "office"
        for period in Period.objects.filter(type=PeriodType.SIX_MONTH)
    ], ignore_conflicts=True)
    return data_set


def test_the_review_queue_shows_a_page_at_a_time(client, crowded, cchc_staff, django_assert_max_num_queries):
    waiting = list(selectors.review_queue(cchc_staff))
    assert len(waiting) > 60  # the premise: more than one page
    client.force_login(cchc_staff)
    url = reverse("collection:review_queue")
    client.get(url)  # the session and the scope
    with django_assert_max_num_queries(12):
        first = client.get(url).content.decode()
    rows = re.findall(r'data-form="([^"]+)"', first)
    assert len(rows) == 50
    assert f"<strong>{formatting.number(len(waiting))}</strong>" in first  # the count is of all, not of the page
    seen = list(rows)
    page = 2
    while len(seen) < len(waiting):
        body = client.get(url, {"trang": page}).content.decode()
        seen += re.findall(r'data-form="([^"]+)"', body)
        page += 1
    expected = [f"{s.data_set.code}/{s.unit.code}/{s.period.code}" for s in waiting]
    assert seen == expected  # every form is on some page, in the queue's order (sent earliest first)
