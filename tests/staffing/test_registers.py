"""The registers kept in web forms (staffing.registers): every register × every role, validation in
Vietnamese with nothing saved, create / edit / delete, concurrent edits, CSRF, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import services as core_services
from core.models import OrgUnit, OrgUnitKind
from staffing import registers
from staffing.models import (
    CivilServant,
    JobPositionApproval,
    PersonnelAction,
    PostgraduateSupport,
    Quota,
    RecruitmentExam,
    RestructuringEvent,
    StreamliningCase,
    TrainingCourse,
    TrainingPlan,
    level_of_unit,
)

EDIT_DENIED = registers.REGISTER_SET.edit_denied

pytestmark = pytest.mark.django_db

REGISTERS = list(registers.REGISTERS.values())
SLUGS = [r.slug for r in REGISTERS]
EDITORS = ["cv.tcbc", "cv.tdkt", "quantri"]
OWN, OTHER = "SYT", "SGDDT"  # cb.soyte's unit, and a unit outside it
D = datetime.date


def unit(code):
    return OrgUnit.objects.get(code=code)


# ---------------------------------------------------------------------------------------------
# One sample row and one valid POST per register (a new register must add its own here)
# ---------------------------------------------------------------------------------------------


def make_row(slug, code):
    u = unit(code)
    if slug == "bien-che":
        year = 2030 + Quota.objects.filter(unit=u, year__gte=2030, kind="cong_chuc").count()
        return Quota.objects.create(unit=u, year=year, kind="cong_chuc", assigned=10, used_entered=8)
    if slug == "tinh-gian-bien-che":
        return StreamliningCase.objects.create(year=2023, round_number=3, stage="ra_soat", unit=u, quantity=2,
                                               decided_on=D(2023, 7, 1))
    if slug == "sap-xep-bo-may":
        return RestructuringEvent.objects.create(unit=u, kind="thanh_lap", quantity=1, decided_on=D(2023, 7, 1))
    if slug == "vi-tri-viec-lam":
        return JobPositionApproval.objects.create(unit=u, approved_on=D(2023, 7, 1), positions=12)
    if slug == "thi-tuyen":
        exam = RecruitmentExam.objects.create(name=f"Kỳ thi thử {code}", kind="xet_tuyen", year=2023,
                                              held_on=D(2023, 7, 1), participants=10, passed=4)
        exam.units.add(u)
        return exam
    if slug == "ke-hoach-dao-tao":
        return TrainingPlan.objects.create(year=2030, classes=5, budget=Decimal(1_000_000), issued_on=D(2030, 1, 5), unit=u)
    if slug == "lop-dao-tao":
        return TrainingCourse.objects.create(name=f"Lớp thử {code}", unit=u, start=D(2023, 7, 1), end=D(2023, 7, 5))
    if slug == "sau-dai-hoc":
        return PostgraduateSupport.objects.create(unit=u, quantity=3, decided_on=D(2023, 7, 1), amount=Decimal(90_000_000))
    if slug == "bien-dong":
        return PersonnelAction.objects.create(action_type="nghi_huu", level=level_of_unit(u), quantity=2, unit=u,
                                              decision_number=f"{PersonnelAction.objects.count()}/QĐ-{code}",
                                              effective_date=D(2023, 7, 1))
    raise AssertionError(f"Thiếu mẫu cho sổ {slug}")


def valid_post(slug, code):
    pk = unit(code).pk
    return {
        "bien-che": {"unit": pk, "year": "2031", "kind": "vien_chuc", "assigned": "1.360", "used_entered": "1.200",
                     "term": "2026-2031", "note": "Thêm từ biểu mẫu"},
        "tinh-gian-bien-che": {"year": "2024", "round_number": "1", "stage": "phe_duyet", "decree": "29/2023/NĐ-CP",
                               "unit": pk, "quantity": "1.360", "amount": "20.412.619.000", "decided_on": "22/03/2024"},
        "sap-xep-bo-may": {"unit": pk, "kind": "sap_nhap", "target": "su_nghiep", "quantity": "11",
                           "decided_on": "05/04/2024", "description": "Sáp nhập các trung tâm"},
        "vi-tri-viec-lam": {"unit": pk, "approved_on": "10/02/2024", "positions": "46", "is_adjustment": "on"},
        "thi-tuyen": {"name": "Kỳ thi tuyển công chức năm 2024", "kind": "thi_tuyen", "audience": "cong_chuc",
                      "year": "2024", "held_on": "16/10/2024", "participants": "212", "passed": "58", "units": [pk]},
        "ke-hoach-dao-tao": {"year": "2031", "classes": "354", "budget": "20.412.619.000", "issued_on": "20/01/2031",
                             "unit": pk},
        "lop-dao-tao": {"name": "Bồi dưỡng kỹ năng lãnh đạo", "unit": pk, "start": "08/03/2024", "end": "17/04/2024",
                        "participants": "120", "budget": "150.000.000"},
        "sau-dai-hoc": {"unit": pk, "quantity": "21", "decided_on": "25/01/2024", "amount": "630.000.000"},
        "bien-dong": {"action_type": "thuyen_chuyen", "unit": pk, "quantity": "54", "decision_number": "12/QĐ-SNV",
                      "effective_date": "15/03/2024", "authority": "Giám đốc Sở Nội vụ", "handling": "quyet_dinh"},
    }[slug]


def url(name, register, pk=None):
    slug = register.slug if hasattr(register, "slug") else register
    return reverse(f"staffing:{name}", args=[slug] if pk is None else [slug, pk])


def row_urls(register, pk):
    return [url("register_edit", register, pk), url("register_delete", register, pk)]


def snapshot(row):
    from staffing.services import register_fingerprint

    model = type(row)
    fresh = model.objects.filter(pk=row.pk).first()
    return None if fresh is None else register_fingerprint(fresh)


def version_of(client, register, pk):
    response = client.get(url("register_edit", register, pk))
    assert response.status_code == 200
    return response.context["form"].initial["version"]


def listed_pks(client, register, row):
    """Pks of `register` the client sees on the register's list page (all pages)."""
    if register.slug == "bien-che":
        response = client.get(reverse("staffing:quota_list"), {"year": row.year})
        assert response.status_code == 200
        return {r["quota"].pk for r in response.context["table"]["rows"]}
    if register.slug == "bien-dong":
        response = client.get(reverse("staffing:action_list"))
        assert response.status_code == 200
        page = response.context.get("page_obj")
        return set() if page is None else {a.pk for a in page.paginator.object_list}
    response = client.get(url("register_list", register))
    assert response.status_code == 200
    return {r.pk for r in response.context["page_obj"].paginator.object_list}


@pytest.fixture
def rows(province):
    """{slug: (own row at SYT, other row at SGDDT)}."""
    return {slug: (make_row(slug, OWN), make_row(slug, OTHER)) for slug in SLUGS}


def test_every_register_has_samples_and_vietnamese_urls(province):
    assert set(SLUGS) == {"bien-che", "tinh-gian-bien-che", "sap-xep-bo-may", "vi-tri-viec-lam", "thi-tuyen",
                          "ke-hoach-dao-tao", "lop-dao-tao", "sau-dai-hoc", "bien-dong"}
    for slug in SLUGS:
        assert make_row(slug, OWN).pk and valid_post(slug, OWN)
    assert url("register_list", "tinh-gian-bien-che") == "/to-chuc-can-bo/tinh-gian-bien-che/"
    assert url("register_create", "bien-che") == "/to-chuc-can-bo/bien-che/them/"
    assert url("register_edit", "bien-che", 5) == "/to-chuc-can-bo/bien-che/5/sua/"
    assert url("register_delete", "thi-tuyen", 5) == "/to-chuc-can-bo/thi-tuyen/5/xoa/"


def test_unknown_register_is_404(login, province):
    assert login("cv.tcbc").get("/to-chuc-can-bo/khong-co/").status_code == 404
    assert login("cv.tcbc").get("/to-chuc-can-bo/khong-co/them/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Every register × every role
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_anonymous_is_sent_to_login(client, rows, slug):
    register = registers.REGISTERS[slug]
    own, _ = rows[slug]
    before = snapshot(own)
    count = register.model.objects.count()
    for target in [url("register_list", register), url("register_create", register), *row_urls(register, own.pk)]:
        response = client.get(target)
        assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={target}", target
        assert client.post(target, valid_post(slug, OWN)).status_code == 302
    assert register.model.objects.count() == count and snapshot(own) == before


@pytest.mark.parametrize("slug", SLUGS)
def test_officer_reads_own_rows_only_and_never_writes(login, rows, slug):
    register = registers.REGISTERS[slug]
    own, other = rows[slug]
    client = login("cb.soyte")
    seen = listed_pks(client, register, own)
    assert own.pk in seen and other.pk not in seen
    assert all(register.model.objects.get(pk=pk) for pk in seen)
    # Another unit's row: not found, whatever the method.
    for target in row_urls(register, other.pk):
        assert client.get(target).status_code == 404, target
        assert client.post(target, valid_post(slug, OTHER)).status_code == 404, target
    # Its own unit's row, and new rows: forbidden, with the reason in Vietnamese.
    before = (snapshot(own), snapshot(other), register.model.objects.count())
    for target in [url("register_create", register), *row_urls(register, own.pk)]:
        response = client.get(target)
        assert response.status_code == 403, target
        assert EDIT_DENIED in response.content.decode()
        assert client.post(target, valid_post(slug, OWN)).status_code == 403, target
    assert (snapshot(own), snapshot(other), register.model.objects.count()) == before


@pytest.mark.parametrize("slug", SLUGS)
def test_commune_officer_sees_nothing_of_the_departments(login, rows, slug):
    register = registers.REGISTERS[slug]
    own, other = rows[slug]
    client = login("cb.hoaluu")
    seen = listed_pks(client, register, own)
    assert own.pk not in seen and other.pk not in seen
    for target in row_urls(register, own.pk):
        assert client.get(target).status_code == 404


@pytest.mark.parametrize("slug", SLUGS)
def test_leader_reads_but_cannot_write(login, rows, slug):
    register = registers.REGISTERS[slug]
    own, other = rows[slug]
    client = login("giamdoc")
    before = (snapshot(own), snapshot(other), register.model.objects.count())
    if register.personal:
        # Rows naming people are personal data: a leader sees the counts, not the rows.
        assert listed_pks(client, register, own) == set()
        for target in row_urls(register, own.pk):
            assert client.get(target).status_code == 404
            assert client.post(target, valid_post(slug, OWN)).status_code == 404
    else:
        assert {own.pk, other.pk} <= listed_pks(client, register, own)
        for target in row_urls(register, own.pk):
            response = client.get(target)
            assert response.status_code == 403 and EDIT_DENIED in response.content.decode(), target
            assert client.post(target, valid_post(slug, OWN)).status_code == 403, target
    response = client.get(url("register_create", register))
    assert response.status_code == 403 and EDIT_DENIED in response.content.decode()
    assert client.post(url("register_create", register), valid_post(slug, OWN)).status_code == 403
    assert (snapshot(own), snapshot(other), register.model.objects.count()) == before


@pytest.mark.parametrize("username", EDITORS)
@pytest.mark.parametrize("slug", SLUGS)
def test_staff_and_admin_create_edit_delete(login, rows, slug, username):
    register = registers.REGISTERS[slug]
    own, other = rows[slug]
    client = login(username)
    assert {own.pk, other.pk} <= listed_pks(client, register, own)

    # Create.
    response = client.get(url("register_create", register))
    assert response.status_code == 200 and 'data-testid="register-form"' in response.content.decode()
    count = register.model.objects.count()
    response = client.post(url("register_create", register), valid_post(slug, OTHER))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert register.model.objects.count() == count + 1
    created = register.model.objects.order_by("-pk").first()
    assert response["Location"] == register.list_url(register.year_of(created))
    assert "Đã thêm" in client.get(response["Location"]).content.decode()

    # Edit the sample row (move it to the other unit, with the values of the valid post).
    data = {**valid_post(slug, OTHER), "version": version_of(client, register, own.pk)}
    if slug == "bien-che":
        data["year"] = "2032"  # the created row holds (SGDDT, 2031, viên chức)
    if slug == "bien-dong":
        data["decision_number"] = "13/QĐ-SNV"  # the created row holds the natural key of the valid post
    response = client.post(url("register_edit", register, own.pk), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    own.refresh_from_db()
    if register.unit_many:
        assert [u.code for u in own.units.all()] == [OTHER]
    else:
        assert own.unit.code == OTHER

    # Delete: GET only asks; POST deletes.
    response = client.get(url("register_delete", register, own.pk))
    assert response.status_code == 200 and 'data-testid="confirm-delete"' in response.content.decode()
    assert register.model.objects.filter(pk=own.pk).exists()
    response = client.post(url("register_delete", register, own.pk))
    assert response.status_code == 302 and not register.model.objects.filter(pk=own.pk).exists()
    assert "Đã xóa" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("username", ["quantri", "giamdoc", "cv.tcbc", "cb.soyte", "cb.hoaluu"])
def test_tabs_lead_to_every_register(login, province, username):
    html = login(username).get(reverse("staffing:quota_list")).content.decode()
    for register in registers.tabs():
        assert f'href="{url("register_list", register)}"' in html
        assert login(username).get(url("register_list", register)).status_code == 200
    editor = username in EDITORS
    assert ('data-testid="register-add"' in html) is editor
    html = login(username).get(url("register_list", "tinh-gian-bien-che")).content.decode()
    assert ('data-testid="register-add"' in html) is editor and ('data-action="edit"' in html) is editor


# ---------------------------------------------------------------------------------------------
# Validation: a clear Vietnamese message, nothing saved
# ---------------------------------------------------------------------------------------------


def refused(client, register, data, pk=None):
    """POST `data`; assert the form came back with errors and return them as {field: [messages]}."""
    model = registers.REGISTERS[register].model
    count = model.objects.count()
    target = url("register_create", register) if pk is None else url("register_edit", register, pk)
    response = client.post(target, data)
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert model.objects.count() == count
    return {k: list(v) for k, v in response.context["form"].errors.items()}


def test_bad_numbers_and_dates_are_explained(login, province):
    client = login("cv.tcbc")
    data = valid_post("tinh-gian-bien-che", OWN)
    errors = refused(client, "tinh-gian-bien-che", {**data, "amount": "-5.000", "quantity": "0",
                                                    "decided_on": "31/02/2024", "year": "20x4"})
    assert errors["amount"] == ["Không được nhập số âm."]
    assert errors["quantity"] == ["Phải từ 1 trở lên."]
    assert errors["decided_on"] == ["Ngày «31/02/2024» không có thật."]
    assert errors["year"] == ["Năm phải là số từ 1975 đến 2100."]
    errors = refused(client, "tinh-gian-bien-che", {**data, "quantity": "1.5", "decided_on": "2024-03-22",
                                                    "amount": "1.000,5"})
    assert errors["quantity"][0].startswith("Số không hợp lệ: «1.5».")
    assert errors["decided_on"] == ["Ngày «2024-03-22» không đúng định dạng ngày/tháng/năm (ví dụ 05/01/2021)."]
    assert errors["amount"] == ["Số tiền tính bằng đồng, không có phần lẻ: «1.000,5»."]
    errors = refused(client, "tinh-gian-bien-che", {k: v for k, v in data.items() if k not in ("unit", "decided_on")})
    # No day: a day, or the period when the source gives none (issue 18).
    assert errors["unit"] == ["Vui lòng chọn đơn vị."] and errors["decided_on"] == [
        "Nhập ngày thực hiện, hoặc chọn kỳ khi văn bản nguồn không ghi ngày cụ thể."]
    errors = refused(client, "tinh-gian-bien-che", {**data, "stage": "khong-co"})
    assert errors["stage"] == ["Lựa chọn «khong-co» không hợp lệ."]


def test_unit_outside_the_scope_is_refused(login, province):
    other = core_services.create_unit(code="LA", name="Ủy ban nhân dân tỉnh Long An", kind=OrgUnitKind.PROVINCE)
    client = login("cv.tcbc")
    response = client.get(url("register_create", "sap-xep-bo-may"))
    offered = {u.pk for u in response.context["form"].fields["unit"].queryset}
    assert unit("SYT").pk in offered and other.pk not in offered
    for slug in ["sap-xep-bo-may", "thi-tuyen", "bien-che"]:
        data = valid_post(slug, OWN)
        data["units" if slug == "thi-tuyen" else "unit"] = [other.pk] if slug == "thi-tuyen" else other.pk
        errors = refused(client, slug, data)
        assert errors["units" if slug == "thi-tuyen" else "unit"] == ["Đơn vị đã chọn không thuộc phạm vi của anh/chị."]
    # An admin reaches every unit.
    data = valid_post("sap-xep-bo-may", OWN)
    assert login("quantri").post(url("register_create", "sap-xep-bo-may"), {**data, "unit": other.pk}).status_code == 302


def test_rules_of_each_register(login, province):
    client = login("cv.tcbc")
    existing = Quota.objects.filter(year=2021).select_related("unit").first()
    errors = refused(client, "bien-che", {**valid_post("bien-che", existing.unit.code), "year": "2021",
                                          "kind": existing.kind})
    assert errors["__all__"] == ["Đơn vị này đã có biên chế cùng loại trong năm đã chọn; hãy sửa dòng đã có thay vì thêm mới."]
    errors = refused(client, "lop-dao-tao", {**valid_post("lop-dao-tao", OWN), "end": "01/03/2024"})
    assert errors["end"] == ["Ngày kết thúc phải từ ngày bắt đầu trở về sau."]
    errors = refused(client, "thi-tuyen", {**valid_post("thi-tuyen", OWN), "passed": "300"})
    assert errors["passed"] == ["Số người trúng tuyển không được lớn hơn số người tham gia."]
    errors = refused(client, "sau-dai-hoc", {**valid_post("sau-dai-hoc", OWN), "person": "KHONG-CO"})
    assert errors["person"] == ["Không tìm thấy cán bộ, công chức, viên chức có mã số «KHONG-CO» trong phạm vi của anh/chị."]
    person = CivilServant.objects.filter(unit__code=OWN).first()
    errors = refused(client, "tinh-gian-bien-che", {**valid_post("tinh-gian-bien-che", OWN), "person": person.ma_so})
    assert errors["quantity"] == ["Dòng gắn với một người thì số trường hợp phải là 1."]
    # One person, one case: saved, and shown again by mã số when edited.
    data = {**valid_post("tinh-gian-bien-che", OWN), "person": f" {person.ma_so} ", "quantity": "1"}
    assert client.post(url("register_create", "tinh-gian-bien-che"), data).status_code == 302
    case = StreamliningCase.objects.get(person=person)
    assert client.get(url("register_edit", "tinh-gian-bien-che", case.pk)).context["form"]["person"].value() == person.ma_so
    # A personnel action repeating another's natural key.
    client.post(url("register_create", "bien-dong"), valid_post("bien-dong", OWN))
    errors = refused(client, "bien-dong", valid_post("bien-dong", OWN))
    assert errors["__all__"][0].startswith("Đã có quyết định cùng loại, đơn vị, số quyết định, ngày hiệu lực")
    action = PersonnelAction.objects.get(decision_number="12/QĐ-SNV")
    assert action.level == level_of_unit(unit(OWN)) and action.group == "nhan_su"


def test_concurrent_edit_is_refused_not_overwritten(login, province):
    case = make_row("tinh-gian-bien-che", OWN)
    client = login("cv.tcbc")
    version = version_of(client, "tinh-gian-bien-che", case.pk)
    StreamliningCase.objects.filter(pk=case.pk).update(quantity=7)  # someone else saves meanwhile
    data = {**valid_post("tinh-gian-bien-che", OWN), "version": version}
    errors = refused(client, "tinh-gian-bien-che", data, pk=case.pk)
    assert errors["__all__"] == ["Không lưu được: dòng này đã được người khác sửa sau khi anh/chị mở trang. "
                                 "Hãy mở lại trang để xem số liệu mới rồi sửa tiếp."]
    case.refresh_from_db()
    assert case.quantity == 7
    # With the fresh version it saves.
    data["version"] = version_of(client, "tinh-gian-bien-che", case.pk)
    assert client.post(url("register_edit", "tinh-gian-bien-che", case.pk), data).status_code == 302
    case.refresh_from_db()
    assert case.quantity == 1360 and case.amount == Decimal("20412619000")


def test_edit_page_shows_who_changed_the_row(login, province):
    client = login("cv.tcbc")
    response = client.post(url("register_create", "tinh-gian-bien-che"), valid_post("tinh-gian-bien-che", OWN))
    assert response.status_code == 302
    case = StreamliningCase.objects.order_by("-pk").first()
    data = {**valid_post("tinh-gian-bien-che", OWN), "quantity": "12",
            "version": version_of(client, "tinh-gian-bien-che", case.pk)}
    assert client.post(url("register_edit", "tinh-gian-bien-che", case.pk), data).status_code == 302
    records = list(case.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"] and [r.quantity for r in records] == [1360, 12]
    assert {r.history_user.username for r in records} == {"cv.tcbc"}
    page = client.get(url("register_edit", "tinh-gian-bien-che", case.pk)).content.decode()
    history = page.split('data-testid="register-history"')[1]
    from core.selectors import full_name

    name = full_name(records[0].history_user)
    assert history.index("Sửa") < history.index("Thêm mới") and history.count(name) == 2


def test_edit_form_shows_vietnamese_numbers_and_dates(login, province):
    plan = TrainingPlan.objects.get(year=2021)
    html = login("cv.tcbc").get(url("register_edit", "ke-hoach-dao-tao", plan.pk)).content.decode()
    assert 'value="20.412.619.000"' in html and 'value="354"' in html and 'value="20/01/2021"' in html
    assert 'value="2021"' in html


def test_delete_needs_post_with_csrf(login, province):
    case = make_row("tinh-gian-bien-che", OWN)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(get_user_model().objects.get(username="cv.tcbc"))
    assert strict.post(url("register_delete", "tinh-gian-bien-che", case.pk)).status_code == 403
    assert login("cv.tcbc").put(url("register_delete", "tinh-gian-bien-che", case.pk)).status_code == 405
    assert StreamliningCase.objects.filter(pk=case.pk).exists()


# ---------------------------------------------------------------------------------------------
# Lists: Vietnamese formatting, filters, pagination, a fixed number of queries
# ---------------------------------------------------------------------------------------------


def test_list_formats_filters_and_paginates(login, province):
    client = login("cv.tcbc")
    html = client.get(url("register_list", "ke-hoach-dao-tao")).content.decode()
    assert "20.412.619.000 đồng" in html and ">354<" in html and "20/01/2021" in html
    response = client.get(url("register_list", "tinh-gian-bien-che"), {"year": 2021, "unit": "SYT"})
    cases = list(response.context["page_obj"].paginator.object_list)
    assert cases and {c.unit.code for c in cases} == {"SYT"} and {c.year for c in cases} == {2021}
    response = client.get(url("register_list", "thi-tuyen"), {"unit": "LONGMY"})
    assert [e.name for e in response.context["page_obj"].object_list] == ["Kỳ thi tuyển viên chức năm 2020"]
    StreamliningCase.objects.bulk_create([
        StreamliningCase(year=2025, round_number=1, stage="ra_soat", unit=unit(OWN), quantity=1, decided_on=D(2025, 1, 2))
        for _ in range(60)])
    response = client.get(url("register_list", "tinh-gian-bien-che"), {"year": 2025})
    assert len(response.context["page_obj"].object_list) == 50 and response.context["page_obj"].paginator.num_pages == 2
    assert "Trang 1/2" in response.content.decode()
    response = client.get(url("register_list", "tinh-gian-bien-che"), {"year": 2025, "trang": 2})
    assert len(response.context["page_obj"].object_list) == 10


def _queries(client, target):
    client.get(target)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("username", ["cv.tcbc", "cb.soyte"])
def test_list_queries_do_not_grow_with_rows(login, province, username):
    client = login(username)
    for slug in SLUGS:
        make_row(slug, OWN)  # every list has a row to show
    pages = [url("register_list", r) for r in registers.tabs()]
    before = [_queries(client, target) for target in pages]
    for slug in SLUGS:
        for _ in range(3):
            make_row(slug, OWN)
            make_row(slug, "VITHANH")
    assert [_queries(client, target) for target in pages] == before
    assert max(before) <= 15, before
