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


# ---------------------------------------------------------------------------------------------
# Four eyes, silent changes, text Word cannot hold (issue 10, items 3, 5, 8)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def so_form(province, h1):
    """The Sở's own «thanh tra» form (reviewed by Thanh tra Sở), never expiring for these tests."""
    ds = DataSet.objects.get(code="TTRA-DON")
    ds.expiry_days = None
    ds.save()
    return services.get_submission(ds, province["SNV"], h1)


TTRA = dict(DON_NHAN="10", DON_CHUYEN="2", DON_LUU="8", DON_GIAI_QUYET="0", TTRA_CUOC="1")


def test_submitter_may_not_approve_or_return_their_own_submission(so_form, make_user):
    filler = make_user("SNV-TTR", Role.STAFF, username="ttr-nguoi-nhap")
    colleague = make_user("SNV-TTR", Role.STAFF, username="ttr-nguoi-duyet")
    services.save_values(so_form, filler, entries(**TTRA), expected_version=0)
    services.submit(so_form, filler)
    assert services.can_review(filler, so_form.data_set, so_form.unit)  # the office reviews this form…
    with pytest.raises(services.OwnSubmission, match="bốn mắt"):
        services.approve(so_form, filler)  # …but not the one who sent it
    with pytest.raises(services.OwnSubmission, match="không tự trả lại"):
        services.return_submission(so_form, filler, "Tự trả lại cho mình")
    so_form.refresh_from_db()
    assert so_form.status == Status.SUBMITTED and not so_form.events.filter(action__in=["approve", "return"]).exists()
    services.approve(so_form, colleague)
    so_form.refresh_from_db()
    assert so_form.status == Status.APPROVED and so_form.reviewed_by == colleague


@pytest.fixture
def archive_form(province, h1):
    ds = DataSet.objects.get(code="VTLT-DV")
    ds.expiry_days = None
    ds.save()
    return services.get_submission(ds, province["VITHANH"], h1)


@pytest.mark.parametrize("typed, places", [("0,00000001", 8), ("46,40001", 5), ("999.999.999.999.999,99995", 5)])
def test_decimals_with_more_places_than_stored_are_refused_not_rounded(archive_form, officer, typed, places):
    with pytest.raises(services.InvalidValues) as err:
        services.save_values(archive_form, officer, entries(LT_NOP_LUU_MET=typed), expected_version=0)
    reason = err.value.errors[(el("LT_NOP_LUU_MET").pk, None)]
    assert f"có {places} chữ số thập phân" in reason and f"tối đa {services.DECIMAL_PLACES} chữ số" in reason
    assert not DataValue.objects.filter(submission=archive_form).exists()


def test_decimals_within_the_stored_places_and_limit_are_kept_exactly(archive_form, officer):
    services.save_values(archive_form, officer, entries(LT_NOP_LUU_MET="46,4001", LT_CHINH_LY_MET="1,50000",
                                                        LT_HUY_MET="123.456.789,0123"), expected_version=0)
    stored = {v.element.code: v.numeric_value for v in archive_form.values.select_related("element")}
    assert stored == {"LT_NOP_LUU_MET": Decimal("46.4001"), "LT_CHINH_LY_MET": Decimal("1.5"),
                      "LT_HUY_MET": Decimal("123456789.0123")}
    with pytest.raises(services.InvalidValues) as err:
        services.save_values(archive_form, officer, entries(LT_TON_DONG_MET="1.000.000.000.000.000"), expected_version=1)
    assert "Số quá lớn" in err.value.errors[(el("LT_TON_DONG_MET").pk, None)]


@pytest.mark.parametrize("bad", ["\x00", "\x1a", "\x1b", "\ufffe", "\ud800"])
def test_control_characters_in_a_comment_are_refused_naming_the_cell(form, officer, bad):
    cells = {(el("HS_TIEP_NHAN"), None): {"value": "5", "comment": f"Ghi{bad}chú"}}
    with pytest.raises(services.InvalidValues) as err:
        services.save_values(form, officer, cells, expected_version=0)
    reason = err.value.errors[(el("HS_TIEP_NHAN").pk, None)]
    assert "«Ghi chú — Tổng số hồ sơ tiếp nhận»" in reason and "ký tự điều khiển" in reason
    assert not DataValue.objects.filter(submission=form).exists()


def test_comments_are_stored_in_nfc_and_a_return_reason_with_a_nul_is_refused(form, officer, cchc_staff):
    cells = {(el(c), None): {"value": v} for c, v in GOOD.items()}
    cells[(el("HS_TIEP_NHAN"), None)]["comment"] = "  Cafe\u0301 đã đối chiếu\r\n "
    services.save_values(form, officer, cells, expected_version=0)
    assert form.values.get(element__code="HS_TIEP_NHAN").comment == "Café đã đối chiếu"
    services.submit(form, officer)
    with pytest.raises(services.CollectionError, match="«Lý do trả lại»"):
        services.return_submission(form, cchc_staff, "Sai\x00số")
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED and form.return_reason == ""


def test_sqlite_immediate_transactions_turn_a_simultaneous_save_into_a_conflict(tmp_path, settings, django_db_blocker):
    """Two saves of one form at the same moment on SQLite, the way save_values runs: read the
    version, then write. With the project's SQLite options the second waits for the first and
    then sees the new version (the conflict message); with SQLite's default DEFERRED mode it
    failed with «database is locked» (HTTP 500)."""
    import threading

    from django.db import connections, transaction

    alias = "sqlite_probe"
    probe = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "probe.sqlite3"),
             "OPTIONS": {**settings.SQLITE_OPTIONS, "timeout": 5}}
    connections.settings[alias] = connections.configure_settings({"default": dict(probe), alias: probe})[alias]
    first_read, second_read = threading.Event(), threading.Event()
    outcome = {}

    def save(name, before_write, after_read):
        try:
            with transaction.atomic(using=alias):
                cursor = connections[alias].cursor()
                cursor.execute("SELECT version FROM form")
                version = cursor.fetchone()[0]
                after_read.set()
                before_write()
                if version != 0:
                    outcome[name] = "conflict"
                    return
                cursor.execute("UPDATE form SET version = version + 1")
            outcome[name] = "saved"
        except Exception as exc:  # what the view would turn into HTTP 500
            outcome[name] = f"error: {exc}"
        finally:
            connections[alias].close()

    try:
        with django_db_blocker.unblock():
            with connections[alias].cursor() as cursor:
                cursor.execute("CREATE TABLE form (version INTEGER)")
                cursor.execute("INSERT INTO form VALUES (0)")
            connections[alias].close()
            first = threading.Thread(target=save, args=("first", lambda: second_read.wait(0.5), first_read))
            second = threading.Thread(target=save, args=("second", lambda: None, second_read))
            first.start()
            first_read.wait(5)
            second.start()
            first.join(10)
            second.join(10)
    finally:
        del connections.settings[alias]
    assert outcome == {"first": "saved", "second": "conflict"}
