"""Scope on every collection URL: out-of-scope units answer 404 and nothing is written; users in
scope without the right answer 403 and nothing changes; anonymous users are sent to sign in.
"""

import io

import pytest
from django.urls import reverse

from collection import excel, services
from collection.models import DataElement, DataSet, DataValue, DataValueChange, Status, Submission
from core.models import Role

pytestmark = pytest.mark.django_db

FORM_ARGS = ["CCHC-DV", "VITHANH", "2021-H1"]
FORM_URLS = ["entry", "approve", "return", "excel_download", "excel_upload", "excel_feedback", "history"]


def url(name, args=FORM_ARGS):
    return reverse(f"collection:{name}", args=args)


def el(code):
    return DataElement.objects.get(code=code)


@pytest.fixture
def form(province, h1):
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None
    ds.save()
    return services.get_submission(ds, province["VITHANH"], h1)


@pytest.fixture
def stranger(make_user):
    """An officer of another district."""
    return make_user("NGABAY", Role.OFFICER)


def entry_post(version=0):
    return {f"v-{el('HS_TIEP_NHAN').pk}-0": "999", "version": str(version), "action": "luu"}


def xlsx(submission, value=999):
    import openpyxl

    data = excel.build_workbook(submission)
    loaded = excel.load_workbook_file(data)
    cell = next(s.cell for s in loaded.slots if s.element_code == "HS_TIEP_NHAN" and s.kind == excel.VALUE)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb[excel.FORM_SHEET][cell].value = value
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "bieu-mau.xlsx"
    return out


def submitted(form, officer):
    services.save_values(form, officer, {(el("HS_TIEP_NHAN"), None): {"value": "10"}}, expected_version=0)
    return services.submit(form, officer)


# ---------------------------------------------------------------------------------------------
# Anonymous
# ---------------------------------------------------------------------------------------------

PAGES = [reverse("collection:my_forms"), reverse("collection:review_queue"), reverse("collection:completeness"),
         reverse("collection:dashboard"), reverse("collection:notifications_read_all"),
         reverse("collection:notification_open", args=[1])] + [url(name) for name in FORM_URLS]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login_everywhere(client, form, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"
    assert not DataValue.objects.exists()


# ---------------------------------------------------------------------------------------------
# An officer of another unit: 404 for everything, nothing written
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["entry", "excel_download", "excel_feedback", "history"])
def test_officer_cannot_read_another_units_form(client, form, stranger, name):
    client.force_login(stranger)
    response = client.get(url(name))
    assert response.status_code == 404
    body = response.content.decode()
    assert "Vị Thanh" not in body and "Không tìm thấy trang" in body


def test_officer_cannot_write_another_units_form(client, form, stranger):
    client.force_login(stranger)
    assert client.post(url("entry"), entry_post()).status_code == 404
    assert client.post(url("entry"), dict(entry_post(), action="gui")).status_code == 404
    assert not DataValue.objects.exists() and not DataValueChange.objects.exists()
    form.refresh_from_db()
    assert form.status == Status.DRAFT and form.version == 0


def test_officer_cannot_upload_into_another_units_form(client, form, officer, stranger):
    upload = xlsx(form)
    client.force_login(stranger)
    assert client.post(url("excel_upload"), {"file": upload}).status_code == 404
    assert not DataValue.objects.exists()
    # The same file from the unit's own officer goes in: the refusal was about scope, not the file.
    client.force_login(officer)
    upload.seek(0)
    assert client.post(url("excel_upload"), {"file": upload}).status_code == 302
    assert DataValue.objects.get(element__code="HS_TIEP_NHAN").numeric_value == 999


def test_officer_cannot_review_another_units_form(client, form, officer, stranger):
    submitted(form, officer)
    client.force_login(stranger)
    assert client.post(url("approve")).status_code == 404
    assert client.post(url("return"), {"reason": "Sai"}).status_code == 404
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED


def test_commune_officer_cannot_open_the_district_form_but_district_officer_opens_the_communes(client, form, make_user, province, officer):
    commune_officer = make_user("VITHANH-HOALUU", Role.OFFICER)
    client.force_login(commune_officer)
    assert client.get(url("entry")).status_code == 404
    assert client.get(url("entry", ["CCHC-DV", "VITHANH-HOALUU", "2021-H1"])).status_code == 200
    client.force_login(officer)
    response = client.get(url("entry", ["CCHC-DV", "VITHANH-HOALUU", "2021-H1"]))
    assert response.status_code == 200 and "Lưu nháp" in response.content.decode()


def test_forms_a_unit_does_not_report_do_not_exist(client, form, officer):
    client.force_login(officer)
    # TTRA-DON is the Sở's own form; CCHC-DV is six-monthly, not annual; unknown codes.
    for args in (["TTRA-DON", "VITHANH", "2021-H1"], ["CCHC-DV", "VITHANH", "2021-Y"],
                 ["KHONG-CO", "VITHANH", "2021-H1"], ["CCHC-DV", "KHONG-CO", "2021-H1"], ["CCHC-DV", "VITHANH", "1999-H1"]):
        assert client.get(url("entry", args)).status_code == 404, args
        assert client.post(url("entry", args), entry_post()).status_code == 404, args
    assert not Submission.objects.exclude(pk=form.pk).exists()


# ---------------------------------------------------------------------------------------------
# Staff, leaders: read, but write and review only what is theirs
# ---------------------------------------------------------------------------------------------


def test_staff_of_another_office_cannot_approve_or_return(client, form, officer, make_user):
    submitted(form, officer)
    tcbc = make_user("SNV-TCBC", Role.STAFF)
    client.force_login(tcbc)
    response = client.get(url("entry"))
    assert response.status_code == 200 and 'data-testid="review-panel"' not in response.content.decode()
    assert client.post(url("approve")).status_code == 403
    assert client.post(url("return"), {"reason": "Không đúng"}).status_code == 403
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED and form.reviewed_by is None


def test_reviewing_staff_cannot_enter_a_units_values(client, form, cchc_staff):
    client.force_login(cchc_staff)
    assert client.post(url("entry"), entry_post()).status_code == 403
    assert client.post(url("excel_upload"), {"file": xlsx(form)}).status_code == 403
    assert not DataValue.objects.exists()


def test_leader_cannot_approve_return_or_enter(client, form, officer, make_user):
    submitted(form, officer)
    leader = make_user("SNV", Role.LEADER)
    client.force_login(leader)
    assert client.get(url("entry")).status_code == 200
    assert client.get(url("history")).status_code == 200
    assert client.post(url("approve")).status_code == 403
    assert client.post(url("return"), {"reason": "Không đúng"}).status_code == 403
    assert client.post(url("entry"), entry_post(form.version)).status_code == 403
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED
    assert DataValue.objects.get(element__code="HS_TIEP_NHAN").numeric_value == 10


def test_officer_cannot_approve_their_own_form(client, form, officer):
    submitted(form, officer)
    client.force_login(officer)
    assert client.post(url("approve")).status_code == 403
    assert client.post(url("return"), {"reason": "tự trả"}).status_code == 403
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED


def test_approve_and_return_are_post_only(client, form, officer, cchc_staff):
    submitted(form, officer)
    client.force_login(cchc_staff)
    assert client.get(url("approve")).status_code == 405
    assert client.get(url("return")).status_code == 405
    assert client.get(url("excel_upload")).status_code == 405
    form.refresh_from_db()
    assert form.status == Status.SUBMITTED


def test_readers_download_the_workbook_without_creating_the_form(client, province, h1, make_user):
    leader = make_user("SNV", Role.LEADER)
    client.force_login(leader)
    path = url("excel_download", ["CCHC-DV", "NGABAY", "2021-H1"])
    response = client.get(path)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert not Submission.objects.filter(unit__code="NGABAY").exists()
    # Reading is not writing: no upload, no feedback.
    assert client.post(url("excel_upload", ["CCHC-DV", "NGABAY", "2021-H1"]), {}).status_code == 403
