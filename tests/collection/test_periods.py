"""Issue 16 item 6: the unit's forms page reaches every period with entry open or past (filtered
by year and type), not only the open ones; period labels that would read the same are told apart
on pages while reports keep their wording."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from collection import services
from collection.models import DataSet
from core import services as core_services
from core.models import OrgUnitKind, Period, PeriodType, Role

pytestmark = pytest.mark.django_db


def test_labels_that_collide_are_told_apart_and_reports_keep_theirs(province):
    annual = Period.objects.get(type=PeriodType.ANNUAL, year=2021)
    calendar = Period.objects.get(type=PeriodType.CALENDAR_YEAR, year=2021)
    assert annual.label == calendar.label == "năm 2021"  # the report's wording
    assert str(annual) == annual.display_label == "năm 2021 (báo cáo năm)"
    assert str(calendar) == "năm 2021 (năm dương lịch)"
    assert str(Period.objects.get(code="2021-H1")) == "6 tháng đầu năm 2021"
    assert len({str(p) for p in Period.objects.all()}) == Period.objects.count()


@pytest.fixture
def officer(make_user, province):
    core_services.create_periods(timezone.localdate().year)
    return make_user("SYT", Role.OFFICER)


def test_the_forms_page_lists_every_period_started_and_filters_by_year_and_type(client, officer):
    client.force_login(officer)
    page = client.get(reverse("collection:my_forms")).content.decode()
    for code in ("2021-H1", "2021-H2"):  # long past: still reachable
        assert f'data-period-link="{code}"' in page
    future = Period.objects.filter(start__gt=timezone.localdate()).first()
    if future:
        assert f'data-period-link="{future.code}"' not in page  # not started: not listed
    page = client.get(reverse("collection:my_forms"), {"nam": "2021", "loai": "six_month"}).content.decode()
    links = [c for c in Period.objects.values_list("code", flat=True) if f'data-period-link="{c}"' in page]
    assert sorted(links) == ["2021-H1", "2021-H2"]


def test_a_past_period_shows_every_form_locked_until_an_admin_opens_it(client, officer, province, make_user):
    client.force_login(officer)
    url = reverse("collection:my_forms")
    page = client.get(url, {"ky": "2021-H1"}).content.decode()
    assert 'data-form="CCHC-DV/SYT"' in page and 'data-form="VTLT-DV/SYT"' in page
    assert page.count("Đã khóa, chưa gửi") == 2 and "Nhập số liệu</a>" not in page
    admin = make_user("HG", Role.ADMIN, username="qt-ky")
    services.grant_bulk_lock_exception(period=Period.objects.get(code="2021-H1"),
                                       data_sets=[DataSet.objects.get(code="CCHC-DV")],
                                       unit_kinds=[OrgUnitKind.DEPARTMENT],
                                       until=timezone.localdate() + datetime.timedelta(days=7),
                                       reason="Nhập bổ sung.", user=admin)
    page = client.get(url, {"ky": "2021-H1"}).content.decode()
    assert page.count("Đã khóa, chưa gửi") == 1 and page.count("Nhập số liệu</a>") == 1
    assert client.get(url, {"ky": "khong-co"}).status_code == 404
