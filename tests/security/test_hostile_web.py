"""Hostile input through the web and the imports (issue 17 item 4): form posts of the entry form, the
JSON import, register and notification text, and the hostile upload files of bench/hostile_uploads.py
(small sizes, tests/core/hostile.py) through the real upload views. Every answer is a page or a
redirect with a Vietnamese message — never a 500 — and a refusal saves nothing (all or nothing)."""

import datetime
import json
import urllib.parse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collection import exchange, services
from collection.models import DataElement, DataSet, DataValue, DataValueChange, Submission
from core.models import ImportJob, Notification, Role
from tests.core import hostile

pytestmark = pytest.mark.django_db

# Few examples, no deadline: each one is an HTTP request on the shared 2-core machine.
WEB = settings(max_examples=15, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

PIECES = ["0", "1", "12", "1.234", "46,4", "-", "+", "%", ".", ",", " ", "\u00a0", "\u2212", "1e999", "NaN", "∞",
          "<script>alert(1)</script>", "<b>", "&amp;", "\"", "'", "\x00", "\x1b", "\x07", "\x7f", "\ufffe", "\ud800",
          "Nguyễn", "e\u0301", "١٢", "9" * 40]
HOSTILE = st.one_of(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), st.text(max_size=40))
# Text a database can hold (PostgreSQL refuses NUL; a lone surrogate cannot be encoded): what might
# have slipped in past the forms, e.g. from an old import.
STORABLE = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
MARKUP = st.lists(st.sampled_from(["<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=1>",
                                   "&lt;", "Đơn vị", "\x1b", "\x0b", "\ufffe", "{{ 7|add:7 }}", "{% now 'Y' %}"]),
                  min_size=1, max_size=4).map("".join) | STORABLE


def snapshot():
    return sorted((v.submission_id, v.element_id, v.option_id, v.numeric_value, v.text_value, v.comment)
                  for v in DataValue.objects.all())


# --------------------------------------------------------------------------------------------- entry form


@pytest.fixture
def entry(province, h1, officer, client):
    DataSet.objects.filter(code="CCHC-DV").update(expiry_days=None)  # 2021-H1 is long past
    ds = DataSet.objects.get(code="CCHC-DV")
    form = services.get_submission(ds, province["VITHANH"], h1)
    client.force_login(officer)
    return {"url": reverse("collection:entry", args=["CCHC-DV", "VITHANH", "2021-H1"]), "form": form, "client": client,
            "elements": {code: DataElement.objects.get(code=code) for code in ("HS_TIEP_NHAN", "VB_KY_SO_TY_LE")}}


def _version(form):
    return Submission.objects.filter(pk=form.pk).values_list("version", flat=True).first() or 0


@WEB
@given(count=HOSTILE, rate=HOSTILE)
def test_any_entry_post_saves_everything_or_nothing_and_never_500(entry, count, rate):
    elements = entry["elements"]
    before = snapshot()
    data = {f"v-{elements['HS_TIEP_NHAN'].pk}-0": count, f"v-{elements['VB_KY_SO_TY_LE'].pk}-0": rate,
            "version": str(_version(entry["form"])), "action": "luu"}
    # Sent as raw bytes: a lone surrogate arrives as the invalid UTF-8 a browser could send.
    body = urllib.parse.urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in data.items()})
    response = entry["client"].post(entry["url"], body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert snapshot() == before, "a refused post saved part of the form"
        page = response.content.decode()
        assert "<script>alert(1)</script>" not in page
    else:
        saved = {v.element.code: v.numeric_value for v in
                 DataValue.objects.filter(submission=entry["form"]).select_related("element")}
        for code, raw in (("HS_TIEP_NHAN", count), ("VB_KY_SO_TY_LE", rate)):
            typed = raw.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            expected = services.parse_cell(elements[code], typed)
            assert saved.get(code) == expected


def test_a_post_with_a_stale_or_hostile_version_is_a_message_not_a_500(entry):
    elements = entry["elements"]
    for version in ("abc", "-1", "99999999999999999999999", "\x00", ""):
        response = entry["client"].post(entry["url"], {f"v-{elements['HS_TIEP_NHAN'].pk}-0": "5", "version": version,
                                                      "action": "luu"})
        assert response.status_code in (200, 302, 409), (version, response.status_code)


# --------------------------------------------------------------------------------------------- JSON import

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | HOSTILE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE, inner, max_size=3), max_leaves=6)


@pytest.fixture
def open_sets(province, h1):
    DataSet.objects.filter(code__in=["CCHC-DV", "CQDP"]).update(expiry_days=None)


@WEB
@given(records=st.lists(st.fixed_dictionaries({
    "data_set": st.sampled_from(["CCHC-DV", "CQDP", "KHONG-CO"]) | HOSTILE,
    "unit": st.sampled_from(["VITHANH", "NGABAY"]) | HOSTILE,
    "period": st.sampled_from(["2021-H1"]) | HOSTILE,
    "element": st.sampled_from(["HS_TIEP_NHAN", "VB_KY_SO_TY_LE", "DB_TRUNG_CU"]) | HOSTILE,
    "option": st.none() | st.sampled_from(["huyen"]) | HOSTILE,
    "value": JSON_VALUES,
}, optional={"comment": JSON_VALUES}), min_size=1, max_size=4), raw_format=st.booleans())
def test_the_json_import_saves_all_or_nothing_and_refuses_in_vietnamese(open_sets, tmp_path_factory, records,
                                                                        raw_format):
    before = snapshot()
    document = {"format": exchange.FORMAT if raw_format else "x", "values": records}
    path = tmp_path_factory.mktemp("json") / "values.json"
    path.write_bytes(json.dumps(document, ensure_ascii=True, allow_nan=True).encode())
    try:
        report = exchange.import_values(path)
    except exchange.ImportFailed as exc:
        message = str(exc)
        message.encode("utf-8")
        assert "chưa lưu số liệu nào" in message or "Tệp" in message, message
        assert snapshot() == before
        return
    assert report.rows == len(records)


# --------------------------------------------------------------------------------------------- text in pages


@pytest.fixture
def officer_client(province, make_user, client):
    user = make_user("VITHANH", Role.OFFICER, username="cb.thongbao")
    client.force_login(user)
    return user, client


@pytest.fixture
def religion_client(province, make_user, client):
    client.force_login(make_user("SNV-TG", Role.STAFF, username="cv.tg.thu"))
    return client


TAGS = ("<script>alert('x')</script>", "<img src=x onerror", "<svg onload")


@WEB
@given(title=MARKUP, body=MARKUP)
def test_notification_text_is_escaped_on_the_first_page(officer_client, title, body):
    user, client = officer_client
    Notification.objects.filter(user=user).delete()
    Notification.objects.create(user=user, title=title[:200] or "x", body=body, link="/")
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert not any(tag in page for tag in TAGS)


@WEB
@given(description=MARKUP)
def test_register_text_is_escaped_in_its_list(province, religion_client, description):
    from religion.models import Incident

    Incident.objects.all().delete()
    Incident.objects.create(occurred_on=datetime.date(2021, 3, 1), unit=province["VITHANH"],
                            description=(description or "x")[:500])
    response = religion_client.get(reverse("religion:register_list", args=["vu-viec"]) + "?year=2021")
    assert response.status_code == 200
    page = response.content.decode()
    assert not any(tag in page for tag in TAGS)
    if "<script>" in description:
        assert "&lt;script&gt;" in page  # shown, escaped — not dropped


# --------------------------------------------------------------------------------------------- hostile files

HOSTILE_FILES = {
    "far_cell": lambda: hostile.far_cell(),
    "rows_without_r": lambda: hostile.rows_without_r(rows=200_000, cells=10),
    "deflate_bomb": lambda: hostile.deflate_bomb(70 * 1024 * 1024),
    "huge_shared_strings": lambda: hostile.huge_shared_strings(1_010_000),
    "shared_string_copies": lambda: hostile.shared_string_copies(100_000, 2_000),
    "macro": lambda: hostile.macro(),
    "corrupt_zip": lambda: hostile.corrupt_zip(),
    "duplicated_r": lambda: hostile.duplicated_r(),
    "docx_bomb": lambda: hostile.docx_bomb(70 * 1024 * 1024),
    "empty": lambda: b"",
    "not_a_zip": lambda: "<script>alert(1)</script>".encode(),
}


@pytest.fixture(scope="module")
def hostile_files():
    return {name: make() for name, make in HOSTILE_FILES.items()}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_a_hostile_file_uploaded_to_a_form_is_refused_in_vietnamese_and_saves_nothing(entry, hostile_files, name):
    url = reverse("collection:excel_upload", args=["CCHC-DV", "VITHANH", "2021-H1"])
    before = snapshot()
    upload = SimpleUploadedFile("bieu-mau.xlsx", hostile_files[name])
    response = entry["client"].post(url, {"file": upload}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    # the refusal is said in Vietnamese: the reader's reason, or the upload form's own
    assert "Chưa tải lên được" in page or "Tệp tải lên không có nội dung" in page, page[-2000:]
    assert "Đã nhận tệp Excel" not in page and "Traceback" not in page
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_a_hostile_file_uploaded_to_a_register_import_is_refused_in_vietnamese_and_saves_nothing(
        province, make_user, client, hostile_files, name):
    from staffing.models import CivilServant

    staff = make_user("SNV-TCBC", Role.STAFF)
    client.force_login(staff)
    url = reverse("staffing:import_start")
    kind = client.get(url).context["form"].fields["kind"].choices[0][0]
    jobs_before, people_before = ImportJob.objects.count(), CivilServant.objects.count()
    upload = SimpleUploadedFile("cong-chuc.xlsx", hostile_files[name])
    response = client.post(url, {"kind": kind, "file": upload}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Traceback" not in page
    assert CivilServant.objects.count() == people_before
    job = ImportJob.objects.order_by("-pk").first()
    if ImportJob.objects.count() > jobs_before:  # refused after upload: the job says why, nothing applied
        assert job.status in ("failed", "error", "that_bai") or job.errors or job.message, job.status
        assert job.counts.get("created", 0) == 0 if isinstance(job.counts, dict) else True
    else:
        form = response.context["form"]
        assert form.errors["file"], "refused without a reason"


# --------------------------------------------------------------------------------------------- register form posts

DATES = st.sampled_from(["01/03/2021", "1/3/2021", "2021-03-01", "31/02/2021", "00/00/0000", "99/99/99999"]) | HOSTILE


@WEB
@given(occurred=DATES, resolved=DATES | st.just(""), description=HOSTILE | MARKUP, handling=HOSTILE,
       complex_=st.sampled_from(["on", "", "\x00", "1"]))
def test_any_register_post_saves_a_clean_row_or_nothing_and_never_500(province, religion_client, occurred, resolved,
                                                                    description, handling, complex_):
    from core import text
    from religion.models import HistoricalIncident, Incident

    before = (Incident.objects.count(), HistoricalIncident.objects.count())
    data = {"occurred_on": occurred, "unit": str(province["VITHANH"].pk), "religion": "", "description": description,
            "is_complex": complex_, "handling": handling, "resolved_on": resolved}
    body = urllib.parse.urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in data.items()})
    response = religion_client.post(reverse("religion:register_create", args=["vu-viec"]), body,
                                    content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert (Incident.objects.count(), HistoricalIncident.objects.count()) == before, "a refused post saved"
        assert not any(tag in response.content.decode() for tag in TAGS)
    else:
        row = Incident.objects.order_by("-pk").first()
        assert text.first_forbidden(row.description) is None and text.first_forbidden(row.handling) is None
        assert row.resolved_on is None or row.resolved_on >= row.occurred_on
