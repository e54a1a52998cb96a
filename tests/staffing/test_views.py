"""Every staffing URL × every role: who sees named people, who sees aggregates only, who imports."""

import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import OrgUnit
from staffing import services
from core.models import ImportJob, ImportStatus
from staffing.models import CivilServant, PersonnelAction
from tests.staffing.files import CS_HEADERS, civil_servant_rows, workbook

pytestmark = pytest.mark.django_db

USERS = ["quantri", "giamdoc", "cv.tcbc", "cv.tdkt", "cb.vithanh", "cb.hoaluu", "cb.soyte"]
OFFICER_ROOTS = {"cb.vithanh": "VITHANH", "cb.hoaluu": "VITHANH-HOALUU", "cb.soyte": "SYT"}
SEES_ALL = ["quantri", "cv.tcbc", "cv.tdkt"]


@pytest.fixture
def job(province):
    user = get_user_model().objects.get(username="cv.tcbc")
    rows = civil_servant_rows(5)
    rows[1][2] = "sai ngày"
    upload = SimpleUploadedFile("thu.xlsx", workbook(CS_HEADERS, rows))
    return services.start_import(user, "cong_chuc", upload)


def subtree_ids(code):
    """The unit's current subtree: what it ever had, less the units open today but elsewhere (moved)."""
    unit = OrgUnit.objects.get(code=code)
    today = timezone.localdate()
    moved = OrgUnit.objects.active_on(today).exclude(pk__in=unit.descendants(on=today).values("pk"))
    return set(unit.descendants().exclude(pk__in=moved.values("pk")).values_list("pk", flat=True))


def person_in(code):
    return CivilServant.objects.filter(unit__code=code, active=True).order_by("ma_so").first()


def urls(job_pk, ma_so):
    return [
        reverse("staffing:civil_servant_list"),
        reverse("staffing:civil_servant_detail", args=[ma_so]),
        reverse("staffing:civil_servant_export"),
        reverse("staffing:action_list"),
        reverse("staffing:quota_list"),
        reverse("staffing:import_start"),
        reverse("staffing:import_template", args=["cong_chuc"]),
        reverse("staffing:import_job", args=[job_pk]),
        reverse("staffing:import_feedback", args=[job_pk]),
    ]


def test_urls_are_vietnamese():
    assert reverse("staffing:civil_servant_list") == "/to-chuc-can-bo/cong-chuc/"
    assert reverse("staffing:import_start") == "/to-chuc-can-bo/nhap-excel/"
    assert reverse("staffing:quota_list") == "/to-chuc-can-bo/bien-che/"


def test_anonymous_is_sent_to_login(client, job):
    for url in urls(job.pk, "HG000001"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}", url
    url = reverse("staffing:import_confirm", args=[job.pk])
    assert client.post(url).status_code == 302
    assert job.__class__.objects.get(pk=job.pk).status == job.status


# ---------------------------------------------------------------------------------------------
# The register: named people only for staff and officers of the person's unit (or above it)
# ---------------------------------------------------------------------------------------------


def listed(client, **params):
    response = client.get(reverse("staffing:civil_servant_list"), {"trang": 1, **params})
    assert response.status_code == 200
    codes = []
    page = response.context["page_obj"]
    for number in page.paginator.page_range:
        codes += [p.ma_so for p in page.paginator.page(number).object_list]
    return response, codes


@pytest.mark.parametrize("username", SEES_ALL)
def test_staff_and_admin_see_the_whole_register(login, province, username):
    response, codes = listed(login(username))
    assert len(codes) == CivilServant.objects.filter(active=True).count()
    assert 'data-person="HG000001"' in response.content.decode()


@pytest.mark.parametrize("username", list(OFFICER_ROOTS))
def test_officers_see_only_their_units(login, province, username):
    client = login(username)
    response, codes = listed(client)
    allowed = subtree_ids(OFFICER_ROOTS[username])
    expected = set(CivilServant.objects.filter(active=True, unit__in=allowed).values_list("ma_so", flat=True))
    assert codes and set(codes) == expected
    html = response.content.decode()
    outsider = person_in("SGDDT")
    assert f'data-person="{outsider.ma_so}"' not in html
    # Nobody of another unit opens, whatever the URL.
    assert client.get(reverse("staffing:civil_servant_detail", args=[outsider.ma_so])).status_code == 404
    own = CivilServant.objects.filter(unit__in=allowed).first()
    assert client.get(reverse("staffing:civil_servant_detail", args=[own.ma_so])).status_code == 200
    # Searching for an outsider by name or code finds nothing.
    _, found = listed(client, q=outsider.ma_so)
    assert found == []


def test_officer_of_a_district_sees_its_communes_but_a_commune_officer_not_the_district(login, province):
    district_person = person_in("VITHANH")
    commune_person = person_in("VITHANH-HOALUU")
    client = login("cb.vithanh")
    assert client.get(reverse("staffing:civil_servant_detail", args=[commune_person.ma_so])).status_code == 200
    client = login("cb.hoaluu")
    assert client.get(reverse("staffing:civil_servant_detail", args=[district_person.ma_so])).status_code == 404


def test_leader_sees_aggregates_only(login, province):
    client = login("giamdoc")
    response = client.get(reverse("staffing:civil_servant_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="aggregates-only"' in html and "data-person" not in html
    assert not re.search(r"HG\d{6}", html)  # no personal codes
    user_names = {"Nguyễn Văn Minh"}
    for person in CivilServant.objects.filter(active=True).order_by("ma_so")[:40]:
        if person.full_name not in user_names:
            assert person.full_name not in html, person.full_name
    summary = response.context["summary"]
    # «Đang công tác» today, in units still open today (the districts closed on 30/6/2025 count nobody).
    assert summary["total"] == CivilServant.objects.in_service().filter(unit__valid_to__gte=datetime.date.today()).count()
    assert summary["total"] < CivilServant.objects.filter(active=True).count()
    assert dict((c["value"], c["count"]) for c in summary["categories"])["cap_xa"] == CivilServant.objects.in_service(
    ).filter(category="cap_xa", unit__valid_to__gte=datetime.date.today()).count()
    # No named page, no list export, no names among the actions.
    assert client.get(reverse("staffing:civil_servant_detail", args=["HG000001"])).status_code == 404
    assert client.get(reverse("staffing:civil_servant_export")).status_code == 403
    response = client.get(reverse("staffing:action_list"), {"period": "2021-H1"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="action-counts"' in html and 'data-testid="action-rows"' not in html
    assert not re.search(r"HG\d{6}", html)
    named = PersonnelAction.objects.filter(person__isnull=False).select_related("person").first()
    assert named.person.full_name not in html


def test_action_counts_on_the_page(login, province):
    response = login("cv.tcbc").get(reverse("staffing:action_list"), {"period": "2021-H1"})
    rows = {r["type"]: r for r in response.context["count_rows"]}
    assert rows["nghi_huu"]["total"] == 10 and rows["nang_luong_truoc_han"]["cells"][2] == 120
    assert rows["nang_luong_truoc_han"]["cells"][0] + rows["nang_luong_truoc_han"]["cells"][1] == 1360 + 95
    assert 'data-testid="action-rows"' in response.content.decode()


def test_action_rows_mark_cases_settled_by_decision(login, province):
    response = login("cv.tcbc").get(reverse("staffing:action_list"),
                                     {"period": "2021-H1", "action_type": "nang_luong_thuong_xuyen", "level": "tinh"})
    rows = list(response.context["page_obj"].object_list)
    decided = [a for a in rows if a.handling == "quyet_dinh"]
    assert decided and len(decided) < len(rows)
    assert response.content.decode().count('title="Ban hành quyết định">Quyết định</span>') == len(decided)


def test_officer_actions_are_scoped(login, province):
    response = login("cb.soyte").get(reverse("staffing:action_list"))
    actions = list(response.context["page_obj"].paginator.object_list)
    assert actions and {a.unit.code for a in actions} == {"SYT"}


def test_export_is_scoped(login, province):
    response = login("cb.soyte").get(reverse("staffing:civil_servant_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    units = {row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert units == {"SYT"}
    assert [c.value for c in sheet[1]] == CS_HEADERS


def test_quota_table_for_every_role(login, province):
    for username in USERS:
        response = login(username).get(reverse("staffing:quota_list"), {"year": 2021})
        assert response.status_code == 200, username
        units = {row["unit"].code for row in response.context["table"]["rows"]}
        if username in OFFICER_ROOTS:
            assert units <= {u.code for u in OrgUnit.objects.filter(pk__in=subtree_ids(OFFICER_ROOTS[username]))}
        else:
            assert "SYT" in units and "VITHANH" in units
    html = login("cb.soyte").get(reverse("staffing:quota_list"), {"year": 2021}).content.decode()
    assert 'data-unit="SYT"' in html and 'data-unit="SGDDT"' not in html


# ---------------------------------------------------------------------------------------------
# Import pages: staff of the Sở only
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["giamdoc", "cb.vithanh", "cb.hoaluu", "cb.soyte"])
def test_officers_and_leaders_cannot_import(login, job, username):
    client = login(username)
    for url in [reverse("staffing:import_start"), reverse("staffing:import_template", args=["cong_chuc"]),
                reverse("staffing:import_job", args=[job.pk]), reverse("staffing:import_feedback", args=[job.pk])]:
        assert client.get(url).status_code == 403, url
    upload = SimpleUploadedFile("x.xlsx", workbook(CS_HEADERS, civil_servant_rows(2)))
    assert client.post(reverse("staffing:import_start"), {"kind": "cong_chuc", "file": upload}).status_code == 403
    assert client.post(reverse("staffing:import_confirm", args=[job.pk])).status_code == 403
    assert not ImportJob.objects.exclude(pk=job.pk).exists()


def test_import_tab_only_for_staff(login, province):
    assert 'data-testid="tab-import"' in login("cv.tcbc").get(reverse("staffing:quota_list")).content.decode()
    assert 'data-testid="tab-import"' not in login("cb.soyte").get(reverse("staffing:quota_list")).content.decode()


def test_another_staff_members_job_is_not_found(login, job):
    client = login("cv.tdkt")
    assert client.get(reverse("staffing:import_job", args=[job.pk])).status_code == 404
    assert client.post(reverse("staffing:import_confirm", args=[job.pk])).status_code == 404
    assert login("quantri").get(reverse("staffing:import_job", args=[job.pk])).status_code == 200


def test_upload_preview_confirm(login, province):
    client = login("cv.tcbc")
    assert client.get(reverse("staffing:import_start")).status_code == 200
    template = client.get(reverse("staffing:import_template", args=["cong_chuc"]))
    assert template.status_code == 200 and "mau-nhap-cong-chuc.xlsx" in template["Content-Disposition"]
    upload = SimpleUploadedFile("danh-sach.xlsx", workbook(CS_HEADERS, civil_servant_rows(12)))
    response = client.post(reverse("staffing:import_start"), {"kind": "cong_chuc", "file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("staffing:import_job", args=[job.pk])
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="preview"' in html and 'data-count="new">12<' in html and 'data-testid="confirm"' in html
    assert not CivilServant.objects.filter(ma_so__startswith="TEST").exists()
    response = client.post(reverse("staffing:import_confirm", args=[job.pk]), follow=True)
    html = response.content.decode()
    assert "Đã nhập 12 dòng: thêm mới 12, cập nhật 0, không thay đổi 0." in html
    assert CivilServant.objects.filter(ma_so__startswith="TEST").count() == 12
    # htmx polls the status block alone.
    partial = client.get(reverse("staffing:import_job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="import-status" data-status="done"')


def test_upload_with_errors_offers_feedback(login, job):
    client = login("cv.tcbc")
    html = client.get(reverse("staffing:import_job", args=[job.pk])).content.decode()
    assert job.status == ImportStatus.INVALID and 'data-testid="feedback"' in html and 'data-testid="confirm"' not in html
    assert 'data-row="3"' in html and "Ngày «sai ngày» không đúng định dạng" in html
    response = client.get(reverse("staffing:import_feedback", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [r[0] for r in book["Lỗi"].iter_rows(min_row=2, values_only=True)] == [3]


def test_not_an_excel_file(login, province):
    client = login("cv.tcbc")
    upload = SimpleUploadedFile("x.xlsx", b"hello")
    response = client.post(reverse("staffing:import_start"), {"kind": "cong_chuc", "file": upload})
    assert response.status_code == 200 and "Tệp không phải bảng tính Excel .xlsx" in response.content.decode()
    assert not ImportJob.objects.exists()


# ---------------------------------------------------------------------------------------------
# SQL queries do not grow with the register
# ---------------------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("username", ["cv.tcbc", "giamdoc", "cb.vithanh"])
def test_query_count_independent_of_register_size(login, province, username):
    client = login(username)
    pages = [reverse("staffing:civil_servant_list"), reverse("staffing:action_list") + "?period=2021-H1",
             reverse("staffing:quota_list")]
    before = [_queries(client, url) for url in pages]
    services.run_import("cong_chuc", workbook(CS_HEADERS, civil_servant_rows(400)), dry_run=False)
    assert [_queries(client, url) for url in pages] == before
    assert max(before) <= 15, before
