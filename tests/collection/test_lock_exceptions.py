"""Issue 18 item 6, back-filling history: one bulk lock exception opens a past period for the data
sets, units and unit kinds it names — nothing else — until its end date or until closed; every
change is audited (simple-history); the admin builds it with checkboxes and a unit picker."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from collection import services
from collection.models import BulkLockException, DataSet
from core.models import OrgUnitKind, Period, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_user):
    user = make_user("HG", Role.ADMIN, username="quantri-mo-khoa")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def forms(province):
    # CCHC-DV and VTLT-DV of 2021-H1 expired long ago (30 days after their deadline).
    return {code: DataSet.objects.get(code=code) for code in ("CCHC-DV", "VTLT-DV")}


def locked(data_set, unit, period, today=None):
    return services.lock_reason(services.get_submission(data_set, unit, period), today=today) is not None


def test_a_bulk_exception_opens_exactly_what_it_names(province, h1, forms, admin_user):
    cchc, vtlt = forms["CCHC-DV"], forms["VTLT-DV"]
    commune, district, other_district = province["VITHANH-HOALUU"], province["VITHANH"], province["CHAUTHANH"]
    department = province["SYT"]
    assert locked(cchc, commune, h1) and locked(cchc, district, h1)
    services.grant_bulk_lock_exception(
        period=h1, data_sets=[cchc], unit_kinds=[OrgUnitKind.COMMUNE], units=[district],
        until=timezone.localdate() + datetime.timedelta(days=10), reason="Nhập bổ sung số liệu năm 2021.",
        user=admin_user)
    # Opened: every commune (by kind) and the district named.
    assert not locked(cchc, commune, h1)
    assert not locked(cchc, province["CHAUTHANH-NGASAU"], h1)
    assert not locked(cchc, district, h1)
    # Nothing else: another district, a department, another form, another period.
    assert locked(cchc, other_district, h1) and locked(cchc, department, h1)
    assert locked(vtlt, district, h1)
    h2 = Period.objects.get(code="2021-H2")
    assert locked(cchc, commune, h2)


def test_it_closes_at_its_end_date_or_when_closed_and_every_change_is_audited(province, h1, forms, admin_user):
    cchc, unit = forms["CCHC-DV"], province["VITHANH"]
    until = timezone.localdate() + datetime.timedelta(days=3)
    exception = services.grant_bulk_lock_exception(period=h1, data_sets=[cchc], units=[unit], until=until,
                                                   reason="Bổ sung lịch sử.", user=admin_user)
    assert not locked(cchc, unit, h1, today=until)
    assert locked(cchc, unit, h1, today=until + datetime.timedelta(days=1))  # its end date passed
    services.close_bulk_lock_exception(exception, admin_user)
    assert locked(cchc, unit, h1)  # closed early: locked again at once
    exception.refresh_from_db()
    assert exception.closed_by == admin_user and not exception.is_open
    history = list(exception.history.order_by("history_date"))
    # Created (with its data sets and units, kept as they were), then closed; each by the admin.
    assert history[0].history_type == "+" and history[-1].history_type == "~"
    assert history[0].closed_at is None and history[-1].closed_at is not None
    assert history[-1].data_sets.count() == 1 and history[-1].units.count() == 1
    assert all(h.history_user == admin_user for h in history)


def test_refusals_are_clear_and_save_nothing(province, h1, forms, admin_user, make_user):
    cchc = forms["CCHC-DV"]
    ok = {"period": h1, "data_sets": [cchc], "units": [province["VITHANH"]],
          "until": timezone.localdate(), "reason": "Bổ sung.", "user": admin_user}
    cases = [
        ({"user": make_user("VITHANH", Role.OFFICER)}, services.PermissionDenied, "Chỉ quản trị"),
        ({"data_sets": []}, services.CollectionError, "ít nhất một biểu mẫu"),
        ({"units": [], "unit_kinds": []}, services.CollectionError, "ít nhất một đơn vị"),
        ({"unit_kinds": ["huyen"]}, services.CollectionError, "Loại đơn vị không hợp lệ"),
        ({"period": Period.objects.get(code="2021-Y")}, services.CollectionError, "không báo cáo theo loại kỳ"),
        ({"until": timezone.localdate() - datetime.timedelta(days=1)}, services.CollectionError, "từ hôm nay"),
        ({"reason": "Bổ\x00sung"}, services.CollectionError, "Lý do mở khóa"),
    ]
    for change, error, message in cases:
        with pytest.raises(error, match=message):
            services.grant_bulk_lock_exception(**{**ok, **change})
    assert not BulkLockException.objects.exists()


def test_admin_opens_many_with_checkboxes_and_closes_them(client, province, h1, forms, admin_user):
    client.force_login(admin_user)
    add = reverse("admin:collection_bulklockexception_add")
    page = client.get(add).content.decode()
    assert 'type="checkbox" name="unit_kinds" value="commune"' in page
    assert 'type="checkbox" name="data_sets"' in page and "Cấp xã" in page
    until = (timezone.localdate() + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    base = {"period": h1.pk, "data_sets": [forms["CCHC-DV"].pk, forms["VTLT-DV"].pk], "until": until,
            "reason": "Nhập bổ sung số liệu 2021."}
    refused = client.post(add, base)  # neither a unit nor a kind
    assert refused.status_code == 200 and "Chọn ít nhất một loại đơn vị hoặc một đơn vị" in refused.content.decode()
    assert client.post(add, {**base, "unit_kinds": ["district"]}).status_code == 302
    exception = BulkLockException.objects.get()
    assert exception.granted_by == admin_user and exception.unit_kinds == ["district"]
    assert not locked(forms["VTLT-DV"], province["VITHANH"], h1)
    listing = client.get(reverse("admin:collection_bulklockexception_changelist")).content.decode()
    assert "Đang mở" in listing and "CCHC-DV, VTLT-DV" in listing
    client.post(reverse("admin:collection_bulklockexception_changelist"),
                {"action": "close_selected", "_selected_action": [exception.pk]})
    assert locked(forms["VTLT-DV"], province["VITHANH"], h1)
    history = client.get(reverse("admin:collection_bulklockexception_history", args=[exception.pk]))
    assert history.status_code == 200
