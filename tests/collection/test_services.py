"""Values are saved all-or-nothing, never overwritten silently; the workflow is enforced."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from collection import services
from collection.models import DataElement, DataSet, DataValue, DataValueChange, LockException, Status
from core.models import Role


@pytest.fixture
def form(province, h1):
    # 2021-H1 expired long ago; these tests are about entry, so this form never expires.
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None
    ds.save()
    return services.get_submission(ds, province["VITHANH"], h1)


def el(code):
    return DataElement.objects.get(code=code)


def entries(**values):
    return {(el(code), None): {"value": value} for code, value in values.items()}


GOOD = dict(HS_TIEP_NHAN="1.234", HS_DA_GIAI_QUYET="1.200", HS_DUNG_HAN="1.190", HS_TRE_HAN="10", HS_TRUC_TUYEN="300")


def test_save_parses_vietnamese_numbers_and_records_history(form, officer):
    result = services.save_values(form, officer, entries(**GOOD, VB_KY_SO_TY_LE="97,5"), expected_version=0)
    assert result.changed == 6 and result.version == 1
    values = {v.element.code: v.numeric_value for v in form.values.select_related("element")}
    assert values["HS_TIEP_NHAN"] == Decimal("1234") and values["VB_KY_SO_TY_LE"] == Decimal("97.5")
    change = DataValueChange.objects.get(element__code="HS_TIEP_NHAN")
    assert (change.old_value, change.new_value, change.user) == ("", "1.234", officer)

    services.save_values(form, officer, entries(HS_TIEP_NHAN="1.300"), expected_version=1)
    latest = DataValueChange.objects.filter(element__code="HS_TIEP_NHAN").first()
    assert (latest.old_value, latest.new_value, latest.version) == ("1.234", "1.300", 2)


def test_bad_cells_save_nothing_and_are_each_explained(form, officer):
    bad = entries(HS_TIEP_NHAN="12a", HS_TRE_HAN="-3", HS_DUNG_HAN="1.5", HS_TRUC_TUYEN="100", VB_KY_SO_TY_LE="120")
    with pytest.raises(services.InvalidValues) as err:
        services.save_values(form, officer, bad, expected_version=0)
    assert set(err.value.errors) == {(el(c).pk, None) for c in ("HS_TIEP_NHAN", "HS_TRE_HAN", "HS_DUNG_HAN", "VB_KY_SO_TY_LE")}
    assert "không được âm" in err.value.errors[(el("HS_TRE_HAN").pk, None)]
    assert "dấu phẩy" in err.value.errors[(el("HS_DUNG_HAN").pk, None)]
    assert "từ 0 đến 100" in err.value.errors[(el("VB_KY_SO_TY_LE").pk, None)]
    assert not DataValue.objects.exists() and not DataValueChange.objects.exists()
    form.refresh_from_db()
    assert form.version == 0


def test_second_editor_is_refused_and_told_who_changed_what(form, officer, make_user):
    colleague = make_user("VITHANH", Role.OFFICER, username="dong-nghiep")
    # Both open the form at version 0; the colleague saves first.
    services.save_values(form, colleague, entries(HS_TIEP_NHAN="500"), expected_version=0)
    with pytest.raises(services.Conflict) as err:
        services.save_values(form, officer, entries(HS_TIEP_NHAN="600"), expected_version=0)
    message = err.value.message
    assert "VITHANH Người" in message and "Tổng số hồ sơ tiếp nhận: (trống) → 500" in message
    assert form.values.get(element__code="HS_TIEP_NHAN").numeric_value == 500


def test_officer_of_another_unit_cannot_save(province, h1, make_user):
    ds = DataSet.objects.get(code="CCHC-DV")
    form = services.get_submission(ds, province["NGABAY"], h1)
    stranger = make_user("VITHANH", Role.OFFICER)
    with pytest.raises(services.PermissionDenied):
        services.save_values(form, stranger, entries(HS_TIEP_NHAN="1"), expected_version=0)


def test_workflow_submit_return_resubmit_approve_locks(form, officer, cchc_staff, make_user):
    services.save_values(form, officer, entries(**GOOD), expected_version=0)
    services.submit(form, officer)
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED
    assert "chờ Sở Nội vụ xét duyệt" in services.lock_reason(form)

    # An officer never approves; staff of another office can't either; a leader can't.
    for outsider in (officer, make_user("SNV-TDKT", Role.STAFF), make_user("SNV", Role.LEADER)):
        with pytest.raises(services.PermissionDenied):
            services.approve(form, outsider)
    with pytest.raises(services.CollectionError, match="lý do"):
        services.return_submission(form, cchc_staff, "  ")
    services.return_submission(form, cchc_staff, "Số hồ sơ trực tuyến chưa khớp phần mềm một cửa.")
    form.refresh_from_db()
    assert form.status == Status.RETURNED and "một cửa" in form.return_reason
    assert services.lock_reason(form) is None

    services.save_values(form, officer, entries(HS_TRUC_TUYEN="320"), expected_version=form.version)
    services.submit(form, officer)
    services.approve(form, cchc_staff)
    form.refresh_from_db()
    assert form.status == Status.APPROVED
    assert "đã khóa" in services.lock_reason(form)
    with pytest.raises(services.Locked):
        services.save_values(form, officer, entries(HS_TIEP_NHAN="1"), expected_version=form.version)
    assert [e.action for e in form.events.all()] == ["submit", "return", "submit", "approve"]


def test_error_rules_block_submission_warnings_do_not(form, officer):
    services.save_values(form, officer, entries(HS_TIEP_NHAN="100", HS_DA_GIAI_QUYET="90", HS_DUNG_HAN="80",
                                                HS_TRE_HAN="5"), expected_version=0)
    with pytest.raises(services.CollectionError, match="đúng hạn cộng trễ hạn"):
        services.submit(form, officer)
    services.save_values(form, officer, entries(HS_TRE_HAN="10", HS_XIN_LOI="12"), expected_version=1)
    results = services.run_rules(form)
    assert [r.rule.severity for r in results if not r.passed] == ["warning"]
    services.submit(form, officer)


def test_empty_form_cannot_be_submitted(form, officer):
    with pytest.raises(services.CollectionError, match="chưa có số liệu"):
        services.submit(form, officer)


def test_expiry_locks_and_admin_exception_reopens(form, officer, make_user):
    form.data_set.expiry_days = 30
    form.data_set.save()
    assert "hết thời hạn" in services.lock_reason(form)  # 2021-H1 expired long ago
    admin = make_user("HG", Role.ADMIN)
    with pytest.raises(services.PermissionDenied):
        services.grant_lock_exception(data_set=form.data_set, unit=form.unit, period=form.period,
                                      until=timezone.localdate(), reason="x", user=officer)
    services.grant_lock_exception(data_set=form.data_set, unit=form.unit, period=form.period,
                                  until=timezone.localdate() + datetime.timedelta(days=3), reason="Bổ sung", user=admin)
    assert services.lock_reason(form) is None
    LockException.objects.update(until=timezone.localdate() - datetime.timedelta(days=1))
    assert services.lock_reason(form) is not None
