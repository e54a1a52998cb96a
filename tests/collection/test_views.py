"""The collection pages: my forms, data entry (errors, conflicts, locks, workflow, Excel), value
history, review queue, completeness, the dashboard panel, notifications and the admin.

Fixtures (tests/collection/conftest.py): the demo org tree, 2021 periods and the standard
catalogue; VITHANH's officer and SNV-CCHC's staff (CCHC-DV is reviewed by SNV-CCHC).
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collection import selectors, services
from collection.models import (
    DataElement,
    DataSet,
    DataValue,
    DataValueChange,
    Section,
    SectionElement,
    Status,
    Submission,
)
from core import generations
from core import services as core_services
from core.models import Notification, OrgUnit, OrgUnitKind, Period, Role

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def el(code):
    return DataElement.objects.get(code=code)


def field(code, option=None):
    return f"v-{el(code).pk}-{option.pk if option else 0}"


def note(code):
    return f"c-{el(code).pk}-0"


def url(name, ds="CCHC-DV", unit="VITHANH", period="2021-H1"):
    return reverse(f"collection:{name}", args=[ds, unit, period])


def login(client, user):
    client.force_login(user)
    return client


def html(response):
    return response.content.decode()


GOOD = {"HS_TIEP_NHAN": "1.234", "HS_TRUC_TUYEN": "300", "HS_DA_GIAI_QUYET": "1.200", "HS_DUNG_HAN": "1.190",
        "HS_TRE_HAN": "10", "VB_KY_SO_TY_LE": "97,5"}


def post_data(values, version=0, action="luu", comments=None):
    data = {field(code): value for code, value in values.items()}
    for code, text in (comments or {}).items():
        data[note(code)] = text
    data["version"] = str(version)
    data["action"] = action
    return data


@pytest.fixture
def cchc(province):
    # 2021-H1 expired long ago; these tests are about entry, so this data set never expires.
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None
    ds.save()
    return ds


@pytest.fixture
def form(cchc, province, h1):
    return services.get_submission(cchc, province["VITHANH"], h1)


@pytest.fixture
def leader(make_user):
    return make_user("SNV", Role.LEADER)


@pytest.fixture
def admin_user(make_user):
    user = make_user("HG", Role.ADMIN, username="quantri-test")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def current_periods(province):
    year = timezone.localdate().year
    core_services.create_periods(year - 1)
    core_services.create_periods(year)
    return year


def submitted(form, officer, values=GOOD):
    services.save_values(form, officer, {(el(c), None): {"value": v} for c, v in values.items()},
                         expected_version=form.version)
    return services.submit(form, officer)


# ---------------------------------------------------------------------------------------------
# "Số liệu của đơn vị"
# ---------------------------------------------------------------------------------------------


def test_my_forms_lists_pending_forms_with_deadlines_and_recent_ones(client, current_periods, make_user, province):
    officer = make_user("SYT", Role.OFFICER)
    # An earlier form of the same unit, already approved.
    old = services.get_submission(DataSet.objects.get(code="CCHC-DV"), province["SYT"], Period.objects.get(code="2021-H1"))
    Submission.objects.filter(pk=old.pk).update(status=Status.APPROVED, submitted_at=timezone.now())
    response = login(client, officer).get(reverse("collection:my_forms"))
    assert response.status_code == 200
    body = html(response)
    assert "Số liệu của đơn vị" in body
    # SYT reports CCHC-DV and VTLT-DV (departments) for the open six-month period.
    today = timezone.localdate()
    current = Period.objects.filter(type="six_month", start__lte=today).order_by("-start").first()
    assert f'data-period="{current.code}"' in body
    assert 'data-form="CCHC-DV/SYT"' in body and 'data-form="VTLT-DV/SYT"' in body
    assert "Nhập số liệu" in body and "Chưa nhập" in body
    # The approved 2021 form is listed as recent, with its badge.
    assert 'data-period="2021-H1"' in body and "Đã phê duyệt" in body
    assert body.index(f'data-period="{current.code}"') < body.index('data-period="2021-H1"')
    # The latest sent forms are found by id, then read with their form, unit and period (joined into
    # the scope-filtered query they cost more to compile and plan than they bring).
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("collection:my_forms"))
    latest = [q["sql"] for q in ctx.captured_queries if '"submitted_at" DESC' in q["sql"]]
    assert len(latest) == 1 and latest[0].startswith('SELECT "collection_submission"."id" AS "pk" FROM'), latest


# ---------------------------------------------------------------------------------------------
# The data-entry page
# ---------------------------------------------------------------------------------------------


def test_entry_page_looks_like_the_paper_form(client, form, officer):
    response = login(client, officer).get(url("entry"))
    assert response.status_code == 200
    body = html(response)
    assert "Báo cáo kết quả cải cách hành chính của đơn vị" in body
    assert "Biểu mẫu: CCHC-DV" in body and "Thành phố Vị Thanh" in body and "6 tháng đầu năm 2021" in body
    # Sections are tables: STT, Chỉ tiêu, Đơn vị tính, the values.
    assert body.count('class="table table-bordered table-sm form-grid') == 9  # the Bộ Nội vụ outline (reform/catalogue.py)
    assert "III. Cải cách thủ tục hành chính" in body and "IV. Tiếp nhận và giải quyết hồ sơ thủ tục hành chính" in body
    assert "Đơn vị tính" in body and ">hồ sơ<" in body
    assert f'name="{field("HS_TIEP_NHAN")}"' in body and f'name="{note("HS_TIEP_NHAN")}"' in body
    assert 'name="version" value="0"' in body
    assert "Lưu nháp" in body and "Gửi báo cáo" in body
    assert "Tải biểu mẫu Excel" in body and 'accept=".xlsx' in body
    assert "Biểu mẫu đã khóa" not in body
    # Opening a form writes nothing: the submission row appears with the first save.
    response = client.get(url("entry", unit="VITHANH-HOALUU"))
    assert response.status_code == 200 and "Chưa nhập" in html(response)
    assert not Submission.objects.filter(unit__code="VITHANH-HOALUU").exists()


def test_disaggregated_elements_get_one_column_per_option(client, province, h1, make_user, in_2021):
    ds = DataSet.objects.get(code="CQDP")
    ds.expiry_days = None
    ds.save()
    officer = make_user("VITHANH", Role.OFFICER)
    body = html(login(client, officer).get(url("entry", ds="CQDP")))
    for label in ("Quốc hội", "Cấp tỉnh", "Cấp huyện", "Cấp xã"):
        assert f"<th scope=\"col\">{label}</th>" in body
    element = el("DB_TRUNG_CU")
    for option in element.combo.options.all():
        assert f'name="{field("DB_TRUNG_CU", option)}"' in body


def test_save_accepts_vietnamese_numbers_and_comments(client, form, officer):
    response = login(client, officer).post(url("entry"), post_data(GOOD, comments={"HS_TIEP_NHAN": "Số liệu từ phần mềm một cửa"}))
    assert response.status_code == 302 and response["Location"] == url("entry")
    values = {v.element.code: v for v in DataValue.objects.select_related("element")}
    assert values["HS_TIEP_NHAN"].numeric_value == 1234 and str(values["VB_KY_SO_TY_LE"].numeric_value) == "97.5000"
    assert values["HS_TIEP_NHAN"].comment == "Số liệu từ phần mềm một cửa"
    body = html(client.get(url("entry")))
    assert "Đã lưu nháp 6 thay đổi." in body
    assert 'value="1.234"' in body and 'value="97,5"' in body
    assert 'name="version" value="1"' in body
    assert "Số liệu từ phần mềm một cửa" in body


def test_bad_cells_are_marked_inline_and_the_typed_input_is_kept(client, form, officer):
    typed = dict(GOOD, HS_TIEP_NHAN="12a", HS_TRE_HAN="-3", HS_DUNG_HAN="1.5")
    response = login(client, officer).post(url("entry"), post_data(typed, comments={"HS_TRUC_TUYEN": "ghi chú nháp"}))
    assert response.status_code == 200
    body = html(response)
    assert "Có 3 ô số liệu không hợp lệ; chưa lưu số liệu nào." in body
    # Each bad cell: its input keeps what was typed, is marked is-invalid, with its reason.
    for code, raw in (("HS_TIEP_NHAN", "12a"), ("HS_TRE_HAN", "-3"), ("HS_DUNG_HAN", "1.5")):
        match = re.search(rf'<input type="text" name="{field(code)}"[^>]*>', body, re.S)
        assert match, code
        assert f'value="{raw}"' in match.group(0) and "is-invalid" in match.group(0), code
    assert body.count('data-testid="cell-error"') == 3
    assert "không được âm" in body and "dấu phẩy" in body
    # Good cells keep their input too (not saved, not lost), and so does the note.
    assert re.search(rf'name="{field("HS_TIEP_NHAN")}"', body)
    good = re.search(rf'<input type="text" name="{field("HS_DA_GIAI_QUYET")}"[^>]*>', body, re.S).group(0)
    assert 'value="1.200"' in good and "is-invalid" not in good
    assert "ghi chú nháp" in body
    assert 'name="version" value="0"' in body
    assert not DataValue.objects.exists() and not DataValueChange.objects.exists()


def test_conflict_is_explained_and_nothing_is_lost(client, form, officer, make_user):
    colleague = make_user("VITHANH", Role.OFFICER, username="dong-nghiep")
    colleague.first_name, colleague.last_name = "Bình", "Trần Văn"
    colleague.save()
    # Both open the form at version 0; the colleague saves first.
    services.save_values(form, colleague, {(el("HS_TIEP_NHAN"), None): {"value": "500"},
                                           (el("CKS_CAP"), None): {"value": "7"}}, expected_version=0)
    page = dict(GOOD, CKS_CAP="")  # what the officer's page still showed for CKS_CAP: empty
    response = login(client, officer).post(url("entry"), post_data(page, version=0))
    assert response.status_code == 200
    body = html(response)
    assert 'data-testid="conflict"' in body
    assert "Tổng số hồ sơ tiếp nhận: (trống) → 500" in body
    assert "Trần Văn Bình cũng vừa sửa ô này: (trống) → 500" in body
    # The officer's input is still on the page; the cell both changed is flagged and keeps theirs…
    tiep_nhan = re.search(rf'<input type="text" name="{field("HS_TIEP_NHAN")}"[^>]*>', body, re.S).group(0)
    assert 'value="1.234"' in tiep_nhan
    assert 'data-testid="cell-conflict"' in body
    # …the cell only the colleague changed now shows the colleague's value.
    cks = re.search(rf'<input type="text" name="{field("CKS_CAP")}"[^>]*>', body, re.S).group(0)
    assert 'value="7"' in cks
    # The token moved on, so saving again is a deliberate act; nothing of this post was saved.
    assert 'name="version" value="1"' in body
    assert DataValue.objects.get(element__code="HS_TIEP_NHAN").numeric_value == 500
    assert not DataValue.objects.filter(element__code="HS_DA_GIAI_QUYET").exists()


def test_missing_version_token_never_overwrites(client, form, officer):
    data = post_data(GOOD)
    del data["version"]
    response = login(client, officer).post(url("entry"), data)
    assert response.status_code == 200 and 'data-testid="conflict"' in html(response)
    assert not DataValue.objects.exists()


def test_submit_runs_the_rules_and_reports_violations(client, form, officer):
    bad = dict(GOOD, HS_DUNG_HAN="100")  # 100 + 10 != 1.200
    response = login(client, officer).post(url("entry"), post_data(bad, action="gui"))
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.status == Status.DRAFT and form.version == 1  # saved as a draft, not sent
    body = html(client.get(url("entry")))
    assert "Chưa gửi được vì số liệu chưa hợp lệ" in body
    assert 'data-testid="rules"' in body
    assert body.count('data-testid="rule-error"') == 1
    # The rule's message with the unit's figures (issue 16: validation people understand).
    assert "Số hồ sơ giải quyết trước hạn, đúng hạn cộng trễ hạn phải bằng số hồ sơ đã giải quyết (110 so với 1.200)" in body


def test_warning_rules_show_in_yellow(client, form, officer):
    values = dict(GOOD, HS_XIN_LOI="20")  # more apologies than late dossiers: a warning
    login(client, officer).post(url("entry"), post_data(values))
    body = html(client.get(url("entry")))
    assert body.count('data-testid="rule-warning"') == 1 and "list-group-item-warning" in body
    assert 'data-testid="rule-error"' not in body


def test_whole_workflow_through_the_pages(client, form, officer, cchc_staff):
    login(client, officer).post(url("entry"), post_data(GOOD, action="gui"))
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED
    body = html(client.get(url("entry")))
    assert "Đã gửi báo cáo." in body
    assert "Biểu mẫu đã khóa:" in body and "đang chờ Sở Nội vụ xét duyệt" in body
    assert 'name="' + field("HS_TIEP_NHAN") + '"' not in body  # read-only now
    assert 'data-testid="review-panel"' not in body  # officers don't review

    # The staff of the reviewing office sees the review panel; a return needs a reason.
    client.force_login(cchc_staff)
    body = html(client.get(url("entry")))
    assert 'data-testid="review-panel"' in body and "Phê duyệt" in body and "Trả lại" in body
    response = client.post(url("return"), {"reason": "   "})
    assert response.status_code == 400 and "Vui lòng ghi lý do trả lại" in html(response)
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED
    response = client.post(url("return"), {"reason": "Kiểm tra lại số hồ sơ trực tuyến."})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.status == Status.RETURNED

    # The officer sees why, and was notified.
    client.force_login(officer)
    body = html(client.get(url("entry")))
    assert 'data-testid="return-reason"' in body and "Kiểm tra lại số hồ sơ trực tuyến." in body
    assert "Biểu mẫu đã khóa" not in body and "Gửi báo cáo" in body
    assert Notification.objects.filter(user=officer, title__startswith="Báo cáo bị trả lại").exists()
    client.post(url("entry"), post_data(dict(GOOD, HS_TRUC_TUYEN="310"), version=1, action="gui"))
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED

    client.force_login(cchc_staff)
    assert client.post(url("approve")).status_code == 302
    form.refresh_from_db()
    assert form.status == Status.APPROVED
    body = html(client.get(url("entry")))
    assert "Biểu mẫu đã khóa:" in body and "đã được Sở Nội vụ phê duyệt" in body
    # Workflow history at the bottom: submit, return (with its reason), submit, approve.
    events = re.findall(r'<tr data-action="(\w+)">', body)
    assert events == ["submit", "return", "submit", "approve"]
    assert Notification.objects.filter(user=officer, title__startswith="Báo cáo đã được phê duyệt").exists()


def test_expired_form_is_read_only_and_says_why(client, province, h1, officer):
    # CCHC-DV locks 30 days after the deadline: 2021-H1 expired long ago.
    response = login(client, officer).get(url("entry"))
    body = html(response)
    assert response.status_code == 200
    assert 'data-testid="lock-reason"' in body
    assert "Biểu mẫu đã khóa:" in body and "Đã hết thời hạn nhập số liệu (hết ngày" in body
    assert "Liên hệ quản trị hệ thống nếu cần mở khóa." in body
    assert "Lưu nháp" not in body and f'name="{field("HS_TIEP_NHAN")}"' not in body
    # Posting anyway saves nothing and says why, keeping what was typed on the page.
    response = client.post(url("entry"), post_data(GOOD))
    assert response.status_code == 200
    assert "Không lưu được: Đã hết thời hạn nhập số liệu" in html(response)
    assert "1.234" in html(response)
    assert not DataValue.objects.exists()


def test_leader_and_staff_read_a_unit_form_read_only(client, form, officer, leader, cchc_staff):
    services.save_values(form, officer, {(el("HS_TIEP_NHAN"), None): {"value": "1.234", "comment": "từ phần mềm"}}, expected_version=0)
    for user in (leader, cchc_staff):
        body = html(login(client, user).get(url("entry")))
        assert 'data-testid="read-only"' in body
        assert '<span class="cell-value">1.234</span>' in body and "Ghi chú: từ phần mềm" in body
        assert "Lưu nháp" not in body and 'data-testid="review-panel"' not in body  # draft: nothing to review


def test_the_grid_shows_markup_in_a_note_as_text_to_the_unit_and_to_readers(client, form, officer, leader):
    """The grid is rendered by Jinja (collection/jinja2/): autoescaped like the rest of the page."""
    hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"
    services.save_values(form, officer, {(el("HS_TIEP_NHAN"), None): {"value": "7", "comment": hostile}},
                         expected_version=0)
    for user in (officer, leader):  # the editable grid (a textarea) and the read-only one (a div)
        body = html(login(client, user).get(url("entry")))
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(" in body and "&lt;img src=x onerror=alert(1)&gt;" in body


# ---------------------------------------------------------------------------------------------
# Excel round trip through the pages
# ---------------------------------------------------------------------------------------------


def _fill(data, values):
    from collection import excel

    loaded = excel.load_workbook_file(data)
    where = {(s.element_code, s.kind): s.cell for s in loaded.slots if s.option_code is None}
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[excel.FORM_SHEET]
    for code, value in values.items():
        ws[where[(code, excel.VALUE)]].value = value
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "bieu-mau.xlsx"
    return out


def test_excel_download_and_upload(client, form, officer):
    login(client, officer)
    response = client.get(url("excel_download"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "CCHC-DV_VITHANH_2021-H1.xlsx" in response["Content-Disposition"]
    data = b"".join(response.streaming_content) if response.streaming else response.content

    response = client.post(url("excel_upload"), {"file": _fill(data, {"HS_TIEP_NHAN": 1234, "HS_TRE_HAN": 10})})
    assert response.status_code == 302
    body = html(client.get(url("entry")))
    assert "Đã nhận tệp Excel: cập nhật 2 ô số liệu." in body
    assert DataValue.objects.get(element__code="HS_TIEP_NHAN").numeric_value == 1234
    assert DataValueChange.objects.filter(source="excel").count() == 2
    assert "Tải lên tệp Excel" in html(client.get(url("history")))


def test_excel_upload_with_bad_cells_offers_the_feedback_file(client, form, officer):
    login(client, officer)
    data = client.get(url("excel_download")).content
    response = client.post(url("excel_upload"), {"file": _fill(data, {"HS_TIEP_NHAN": "nhiều", "HS_TRE_HAN": 10})})
    assert response.status_code == 302
    body = html(client.get(url("entry")))
    assert 'data-testid="excel-errors"' in body and "chưa lưu số liệu nào" in body
    assert "Tổng số hồ sơ tiếp nhận" in body
    assert not DataValue.objects.exists()
    feedback = client.get(url("excel_feedback"))
    assert feedback.status_code == 200 and "_loi.xlsx" in feedback["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(feedback.content))
    assert "Lỗi" in wb.sheetnames


def test_excel_upload_of_something_else_is_refused_with_a_message(client, form, officer):
    login(client, officer)
    bogus = io.BytesIO(b"not a workbook")
    bogus.name = "bieu-mau.xlsx"
    client.post(url("excel_upload"), {"file": bogus})
    body = html(client.get(url("entry")))
    assert "Chưa tải lên được:" in body
    assert client.get(url("excel_feedback")).status_code == 404
    response = client.post(url("excel_upload"), {})
    assert response.status_code == 302
    assert "Vui lòng chọn tệp Excel" in html(client.get(url("entry")))


# ---------------------------------------------------------------------------------------------
# Value history
# ---------------------------------------------------------------------------------------------


def test_value_history_lists_every_change_and_filters_by_element(client, form, officer):
    login(client, officer).post(url("entry"), post_data(GOOD, comments={"HS_TIEP_NHAN": "lần 1"}))
    client.post(url("entry"), post_data(dict(GOOD, HS_TIEP_NHAN="1.300"), version=1))
    body = html(client.get(url("history")))
    assert 'data-testid="history"' in body
    for heading in ("Thời gian", "Người sửa", "Chỉ tiêu", "Giá trị cũ", "Giá trị mới", "Ghi chú", "Nguồn"):
        assert heading in body
    assert "Nhập trên Cổng" in body and "VITHANH Người" in body
    body = html(client.get(url("history") + "?chi-tieu=HS_TIEP_NHAN"))
    rows = re.findall(r"<tr>\s*<td class=\"text-nowrap\">", body)
    assert len(rows) == 2
    assert "1.234" in body and "1.300" in body and "lần 1" in body
    assert "Tổng số hồ sơ đã giải quyết" not in body.split('data-testid="history"')[1]
    assert client.get(url("history") + "?chi-tieu=KHONG_CO").status_code == 404


# ---------------------------------------------------------------------------------------------
# Review queue
# ---------------------------------------------------------------------------------------------


def test_review_queue_for_staff_of_the_reviewing_office(client, form, officer, cchc_staff, make_user, leader):
    submitted(form, officer)
    body = html(login(client, cchc_staff).get(reverse("collection:review_queue")))
    assert 'data-form="CCHC-DV/VITHANH/2021-H1"' in body and "Xét duyệt" in body
    other_staff = make_user("SNV-TCBC", Role.STAFF)
    body = html(login(client, other_staff).get(reverse("collection:review_queue")))
    assert "CCHC-DV/VITHANH" not in body and "Không có báo cáo nào đang chờ xét duyệt." in body
    assert login(client, leader).get(reverse("collection:review_queue")).status_code == 403
    assert login(client, officer).get(reverse("collection:review_queue")).status_code == 403


@pytest.fixture
def so_form(province, h1):
    """The Sở's own «thanh tra» form, reviewed by Thanh tra Sở (never expiring here)."""
    ds = DataSet.objects.get(code="TTRA-DON")
    ds.expiry_days = None
    ds.save()
    return services.get_submission(ds, province["SNV"], h1)


TTRA = {"DON_NHAN": "10", "DON_CHUYEN": "2", "DON_LUU": "8", "DON_GIAI_QUYET": "0", "TTRA_CUOC": "1"}


def test_four_eyes_the_submitter_gets_no_review_buttons_and_cannot_approve(client, so_form, make_user):
    filler = make_user("SNV-TTR", Role.STAFF, username="ttr-nhap")
    colleague = make_user("SNV-TTR", Role.STAFF, username="ttr-duyet")
    submitted(so_form, filler, TTRA)
    page = url("entry", ds="TTRA-DON", unit="SNV")
    body = html(login(client, filler).get(page))
    assert 'data-testid="review-panel"' not in body and 'data-testid="own-submission"' in body
    assert "TTRA-DON/SNV" not in html(client.get(reverse("collection:review_queue")))
    response = client.post(url("approve", ds="TTRA-DON", unit="SNV"), follow=True)
    assert "không tự phê duyệt được" in html(response)
    response = client.post(url("return", ds="TTRA-DON", unit="SNV"), {"reason": "Tự trả lại"}, follow=True)
    assert "không tự trả lại được" in html(response)
    so_form.refresh_from_db()
    assert so_form.status == Status.SUBMITTED

    body = html(login(client, colleague).get(page))
    assert 'data-testid="review-panel"' in body and 'data-testid="own-submission"' not in body
    assert 'data-form="TTRA-DON/SNV/2021-H1"' in html(client.get(reverse("collection:review_queue")))
    client.post(url("approve", ds="TTRA-DON", unit="SNV"))
    so_form.refresh_from_db()
    assert so_form.status == Status.APPROVED and so_form.reviewed_by == colleague


def test_staff_are_asked_only_for_the_so_forms_of_their_office(client, current_periods, make_user):
    # The Sở reports CQDP (reviewed by XDCQ), HOI-QUY (TCBC) and TTRA-DON (Thanh tra) itself.
    asked = {}
    for office in ("SNV-TCBC", "SNV-XDCQ", "SNV-TTR", "SNV-TDKT"):
        body = html(login(client, make_user(office, Role.STAFF)).get(reverse("collection:my_forms")))
        asked[office] = {code for code in ("CQDP", "HOI-QUY", "TTRA-DON") if f'data-form="{code}/SNV"' in body}
    assert asked == {"SNV-TCBC": {"HOI-QUY"}, "SNV-XDCQ": {"CQDP"}, "SNV-TTR": {"TTRA-DON"}, "SNV-TDKT": set()}


def test_a_return_reason_with_a_control_character_is_refused_not_a_500(client, form, officer, cchc_staff):
    submitted(form, officer)
    for bad in ("\x1b", "\x00"):  # Django's own check catches NUL; core.text the rest
        response = login(client, cchc_staff).post(url("return"), {"reason": f"Sai{bad}số"})
        assert response.status_code == 400 and "Chưa trả lại:" in html(response)
    assert "ký tự điều khiển" in html(response := client.post(url("return"), {"reason": "Sai\x1bsố"}))
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED


def test_a_comment_with_a_nul_is_refused_on_the_cell_not_a_500(client, form, officer):
    data = {"version": "0", field("HS_TIEP_NHAN"): "5", note("HS_TIEP_NHAN"): "ghi\x00chú"}
    response = login(client, officer).post(url("entry"), data)
    assert response.status_code == 200 and "ký tự điều khiển" in html(response)
    assert not DataValue.objects.filter(submission__pk=form.pk).exists()


# ---------------------------------------------------------------------------------------------
# Completeness
# ---------------------------------------------------------------------------------------------


def test_completeness_grid_drills_down_with_breadcrumbs_and_totals(client, form, officer, leader, h1):
    submitted(form, officer)
    base = reverse("collection:completeness") + "?bieu-mau=CCHC-DV&ky=2021-H1"
    body = html(login(client, leader).get(base))
    for heading in ("Đơn vị", "Phải báo cáo", "Đã gửi (%)", "Đúng hạn (%)", "Đã duyệt (%)", "Trạng thái"):
        assert f">{heading}</th>" in body
    assert 'data-unit="HG"' in body and 'data-testid="drill"' in body and 'data-testid="total"' in body
    body = html(client.get(base + "&don-vi=HG"))
    assert 'data-unit="VITHANH"' in body and 'data-unit="NGABAY"' in body
    assert "Ủy ban nhân dân tỉnh Hậu Giang" in body.split('data-testid="crumbs"')[1].split("</ol>")[0]
    row = body.split('data-unit="VITHANH"')[1].split("</tr>")[0]
    assert "Đã gửi, chờ xét duyệt" in row
    body = html(client.get(base + "&don-vi=VITHANH"))
    crumbs = body.split('data-testid="crumbs"')[1].split("</ol>")[0]
    assert "Ủy ban nhân dân tỉnh Hậu Giang" in crumbs and "Thành phố Vị Thanh" in crumbs
    assert 'data-unit="VITHANH-HOALUU"' in body


def test_completeness_defaults_to_the_first_data_set_and_latest_started_period(client, current_periods, leader):
    response = login(client, leader).get(reverse("collection:completeness"))
    assert response.status_code == 200
    first = DataSet.objects.filter(is_active=True).order_by("sort_order", "code").first()
    latest = Period.objects.filter(type=first.period_type, start__lte=timezone.localdate()).order_by("-start").first()
    assert response.context["data_set"] == first and response.context["period"] == latest


def test_completeness_for_an_officer_is_their_subtree_only(client, form, officer):
    base = reverse("collection:completeness") + "?bieu-mau=CCHC-DV&ky=2021-H1"
    body = html(login(client, officer).get(base))
    assert 'data-unit="VITHANH"' in body and 'data-unit="HG"' not in body and 'data-unit="NGABAY"' not in body
    assert client.get(base + "&don-vi=NGABAY").status_code == 404
    assert client.get(base + "&don-vi=HG").status_code == 404
    body = html(client.get(base + "&don-vi=VITHANH"))
    assert "Hậu Giang" not in body.split('data-testid="crumbs"')[1].split("</ol>")[0]


# ---------------------------------------------------------------------------------------------
# Dashboard panel and notifications
# ---------------------------------------------------------------------------------------------


def test_dashboard_panel_for_officer_lists_pending_overdue_and_returned(client, current_periods, make_user, province, cchc_staff):
    officer = make_user("SYT", Role.OFFICER)
    today = timezone.localdate()
    current = Period.objects.filter(type="six_month", start__lte=today).order_by("-start").first()
    vtlt = DataSet.objects.get(code="VTLT-DV")
    vtlt.deadline_days = (today - current.end).days - 2  # deadline two days ago: overdue
    vtlt.save()
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None
    ds.save()
    sub = services.get_submission(ds, province["SYT"], current)
    submitted(sub, officer)
    services.return_submission(sub, cchc_staff, "Thiếu số liệu chữ ký số.")

    body = html(login(client, officer).get(reverse("collection:dashboard")))
    assert 'data-testid="pending-forms"' in body
    assert "Báo cáo công tác văn thư, lưu trữ của đơn vị" in body and 'data-testid="overdue"' in body
    assert "Quá hạn 2 ngày" in body and "table-danger" in body
    assert 'data-testid="returned-forms"' in body and "Thiếu số liệu chữ ký số." in body
    assert 'data-testid="review-waiting"' not in body

    home = html(client.get(reverse("home")))
    # The first page shows the same forms as its own panel (collection/dashboard.py).
    assert 'data-panel="bieu-mau-can-gui"' in home and 'data-testid="notifications"' in home
    assert "Thiếu số liệu chữ ký số." in home


def test_a_returned_form_of_an_old_period_is_never_hidden_behind_all_sent(client, province, h1, make_user, cchc_staff):
    # Only 2021 periods exist: nothing is open today, but the 2021-H1 form was returned to the unit.
    officer = make_user("SYT", Role.OFFICER)
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None
    ds.save()
    sub = services.get_submission(ds, province["SYT"], h1)
    submitted(sub, officer)
    services.return_submission(sub, cchc_staff, "Thiếu số liệu chữ ký số.")
    body = html(login(client, officer).get(reverse("collection:dashboard")))
    assert "đã gửi đủ" not in body
    assert 'data-testid="returned-forms"' in body and "Thiếu số liệu chữ ký số." in body
    assert 'data-testid="returned-waiting"' in body
    home = html(client.get(reverse("home")))
    assert "Thiếu số liệu chữ ký số." in home and "đã gửi đủ" not in home
    forms = html(client.get(reverse("collection:my_forms")))
    assert "Không còn biểu mẫu nào phải gửi" not in forms and "Thiếu số liệu chữ ký số." in forms


def test_dashboard_panel_for_staff_counts_forms_waiting(client, form, officer, cchc_staff):
    submitted(form, officer)
    body = html(login(client, cchc_staff).get(reverse("collection:dashboard")))
    assert 'data-testid="review-waiting"' in body
    assert re.search(r'<span class="display-6 fw-bold text-danger">1</span>', body)


def test_notifications_show_on_home_and_open_marks_read(client, officer, make_user):
    n = Notification.objects.create(user=officer, title="Sắp đến hạn gửi báo cáo: CCHC", body="Còn 3 ngày.",
                                    link=url("entry"))
    other = Notification.objects.create(user=make_user("NGABAY", Role.OFFICER), title="Của người khác")
    body = html(login(client, officer).get(reverse("home")))
    assert "Sắp đến hạn gửi báo cáo: CCHC" in body and "Của người khác" not in body
    assert 'data-testid="unread-count">1<' in body
    assert client.post(reverse("collection:notification_open", args=[other.pk])).status_code == 404
    response = client.post(reverse("collection:notification_open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == url("entry")
    n.refresh_from_db()
    assert n.read_at is not None
    assert "Không có thông báo mới." in html(client.get(reverse("home")))
    assert client.get(reverse("collection:notification_open", args=[n.pk])).status_code == 405


# ---------------------------------------------------------------------------------------------
# Admin: an admin creates a data set and an element without code
# ---------------------------------------------------------------------------------------------

ADMIN_PAGES = ["dataset", "section", "dataelement", "categorycombo", "validationrule", "submission", "lockexception"]


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_admin_pages_load(client, form, officer, admin_user, model):
    submitted(form, officer)
    login(client, admin_user)
    assert client.get(f"/quan-tri/collection/{model}/").status_code == 200
    if model != "submission":
        assert client.get(f"/quan-tri/collection/{model}/add/").status_code == 200


def test_admin_change_pages_load(client, form, officer, admin_user):
    submitted(form, officer)
    login(client, admin_user)
    ds = DataSet.objects.get(code="CCHC-DV")
    body = html(client.get(f"/quan-tri/collection/dataset/{ds.pk}/change/"))
    assert "biểu mẫu" in body.lower() and "III. Cải cách thủ tục hành chính" in body
    section = Section.objects.filter(data_set=ds).first()
    assert client.get(f"/quan-tri/collection/section/{section.pk}/change/").status_code == 200
    body = html(client.get(f"/quan-tri/collection/submission/{form.pk}/change/"))
    assert "Quá trình xử lý" in body and "Gửi báo cáo" in body


def test_admin_creates_a_data_set_with_an_element_and_it_can_be_filled(client, province, admin_user, make_user):
    login(client, admin_user)
    response = client.post("/quan-tri/collection/dataelement/add/", {
        "code": "TN_SO_DOAN_VIEN", "name": "Số đoàn viên thanh niên", "unit_label": "người",
        "value_type": "integer", "aggregation": "sum", "combo": "", "min_value": "", "max_value": "", "description": "",
    })
    assert response.status_code == 302, html(response)[:3000]
    office = OrgUnit.objects.get(code="SNV-CCHC")
    response = client.post("/quan-tri/collection/dataset/add/", {
        "code": "THANH-NIEN", "name": "Báo cáo công tác thanh niên", "period_type": "six_month", "description": "",
        "is_active": "on", "sort_order": "9", "reporting_kinds": ["district"], "units": [],
        "reviewing_office": office.pk, "deadline_days": "", "expiry_days": "",
        "sections-TOTAL_FORMS": "1", "sections-INITIAL_FORMS": "0", "sections-MIN_NUM_FORMS": "0", "sections-MAX_NUM_FORMS": "1000",
        "sections-0-sort_order": "0", "sections-0-code": "chung", "sections-0-title": "I. Thanh niên",
        "rules-TOTAL_FORMS": "0", "rules-INITIAL_FORMS": "0", "rules-MIN_NUM_FORMS": "0", "rules-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, html(response)[:3000]
    section = Section.objects.get(data_set__code="THANH-NIEN")
    response = client.post(f"/quan-tri/collection/section/{section.pk}/change/", {
        "data_set": section.data_set_id, "code": "chung", "title": "I. Thanh niên", "sort_order": "0",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
        "items-0-sort_order": "0", "items-0-element": el("TN_SO_DOAN_VIEN").pk,
    })
    assert response.status_code == 302, html(response)[:3000]
    assert SectionElement.objects.filter(section=section, element__code="TN_SO_DOAN_VIEN").exists()
    # The new form is on the portal at once.
    officer = make_user("VITHANH", Role.OFFICER, username="cb-thanh-nien")
    body = html(login(client, officer).get(url("entry", ds="THANH-NIEN")))
    assert "Báo cáo công tác thanh niên" in body and "Số đoàn viên thanh niên" in body


def test_admin_lock_exception_records_who_granted_it(client, province, h1, admin_user):
    login(client, admin_user)
    ds = DataSet.objects.get(code="CCHC-DV")
    response = client.post("/quan-tri/collection/lockexception/add/", {
        "data_set": ds.pk, "unit": OrgUnit.objects.get(code="VITHANH").pk, "period": h1.pk,
        "until": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(), "reason": "Bổ sung số liệu",
    })
    assert response.status_code == 302, html(response)[:3000]
    from collection.models import LockException

    assert LockException.objects.get().granted_by == admin_user


# ---------------------------------------------------------------------------------------------
# SQL queries do not grow with the number of units
# ---------------------------------------------------------------------------------------------


def _add_units(n, h1):
    """`n` more units reporting CCHC-DV in 2021-H1: communes under VITHANH and NGABAY, and districts."""
    vithanh = OrgUnit.objects.get(code="VITHANH")
    ngabay = OrgUnit.objects.get(code="NGABAY")
    hg = OrgUnit.objects.get(code="HG")
    ds = DataSet.objects.get(code="CCHC-DV")
    start = OrgUnit.objects.count()
    for i in range(n):
        parent, kind = [(vithanh, OrgUnitKind.COMMUNE), (ngabay, OrgUnitKind.COMMUNE), (hg, OrgUnitKind.DISTRICT)][i % 3]
        unit = core_services.create_unit(code=f"THEM-{start + i}", name=f"Đơn vị thêm {start + i:03d}", kind=kind,
                                         parent=parent, valid_to=datetime.date(2025, 6, 30), rebuild=False)
        sub = Submission.objects.create(data_set=ds, unit=unit, period=h1,
                                        status=[Status.DRAFT, Status.SUBMITTED, Status.APPROVED][i % 3],
                                        first_submitted_at=timezone.now() if i % 3 else None)
        DataValue.objects.create(submission=sub, element=el("HS_TIEP_NHAN"), numeric_value=i)
    core_services.rebuild_ancestry()


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def test_entry_page_queries_do_not_grow_with_units(client, form, officer, cchc_staff, h1):
    submitted(form, officer)
    login(client, cchc_staff)
    client.get(url("entry"))  # warm up (session, content types)
    before = _queries(client, url("entry"))
    _add_units(30, h1)
    after = _queries(client, url("entry"))
    assert after == before, (before, after)
    assert before <= 25


def test_completeness_queries_do_not_grow_with_units(client, form, officer, leader, h1):
    submitted(form, officer)
    login(client, leader)
    paths = [reverse("collection:completeness") + "?bieu-mau=CCHC-DV&ky=2021-H1" + suffix
             for suffix in ("", "&don-vi=HG", "&don-vi=VITHANH")]
    client.get(paths[0])
    before = [_queries(client, p) for p in paths]
    _add_units(30, h1)
    after = [_queries(client, p) for p in paths]
    assert after == before, (before, after)
    assert max(before) <= 25


def test_my_forms_and_dashboard_queries_do_not_grow_with_units(client, current_periods, make_user):
    officer = make_user("SYT", Role.OFFICER)
    login(client, officer)
    client.get(reverse("collection:my_forms"))

    def counts():
        # The pending forms' plan read afresh (as after a catalogue edit), then kept.
        generations.bump(selectors.STRUCTURE_KEY)
        fresh = _queries(client, reverse("collection:my_forms"))
        kept = _queries(client, reverse("collection:my_forms"))
        return [fresh, kept, _queries(client, reverse("collection:dashboard"))]

    before = counts()
    assert before[1] < before[0]
    hg = OrgUnit.objects.get(code="HG")
    for i in range(30):
        core_services.create_unit(code=f"XA-THEM-{i}", name=f"Xã thêm {i}", kind=OrgUnitKind.COMMUNE, parent=hg, rebuild=False)
    core_services.rebuild_ancestry()
    after = counts()
    assert after == before, (before, after)


def test_entry_page_queries_do_not_grow_with_values(client, form, officer):
    login(client, officer)
    services.save_values(form, officer, {(el("HS_TIEP_NHAN"), None): {"value": "1"}}, expected_version=0)
    client.get(url("entry"))
    one = _queries(client, url("entry"))
    every = {(element, None): {"value": "1", "comment": "x"}
             for element in DataElement.objects.filter(placements__section__data_set=form.data_set)}
    services.save_values(form, officer, every, expected_version=1)
    assert _queries(client, url("entry")) == one
