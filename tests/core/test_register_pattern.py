"""The register pattern (core.registers): a register declared here — a form and a Register in a
RegisterSet, mounted under /thu-so/ by this module's URLconf — gets the list, create, edit and
delete pages, the conflict guard, the history panel, scoped units and office-only writes."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import include, path, reverse

from core import demo as core_demo
from core.registers import Register, RegisterSet, date, number, text
from core.registers.forms import RegisterForm, register_formfield
from homeaffairs import urls as project_urls
from staffing.models import JobPositionApproval
from tests.conftest import seeded_per_module, use_seed

pytestmark = pytest.mark.django_db


class ApprovalForm(RegisterForm):
    class Meta:
        model = JobPositionApproval
        fields = ["unit", "approved_on", "positions", "is_adjustment"]
        formfield_callback = register_formfield


REGISTERS = RegisterSet(app="thu_so", title="Sổ thử", offices=("SNV-TDKT",), registers=[
    Register(slug="phe-duyet", model=JobPositionApproval, form_class=ApprovalForm, title="Phê duyệt (thử)",
             noun="phê duyệt thử", add_label="Thêm phê duyệt thử",
             columns=(date("Ngày", "approved_on"), text("Đơn vị", "unit.name"), number("Số vị trí", "positions")),
             ordering=("-approved_on",), year_field="approved_on", year_is_date=True, select_related=("unit",)),
], edit_denied="Chỉ Ban Thi đua - Khen thưởng được sửa sổ thử.")

urlpatterns = [path("thu-so/", include((REGISTERS.urls(), "thu_so"))), *project_urls.urlpatterns]

_seed = seeded_per_module(lambda: core_demo.seed(until_year=2022))


@pytest.fixture
def province(_seed, request, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ROOT_URLCONF = __name__
    use_seed(request, lambda: core_demo.seed(until_year=2022))


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def url(name, *args):
    return reverse(f"thu_so:{name}", args=["phe-duyet", *args])


def post(unit_pk, **extra):
    return {"unit": unit_pk, "approved_on": "05/01/2021", "positions": "1.360", **extra}


def unit(code):
    from core.models import OrgUnit

    return OrgUnit.objects.get(code=code)


def test_the_office_creates_edits_and_deletes_with_history(province, client):
    login(client, "cv.tdkt")
    response = client.post(url("register_create"), post(unit("SYT").pk))
    assert response.status_code == 302 and response["Location"] == f"{url('register_list')}?year=2021"
    row = JobPositionApproval.objects.get()
    assert (row.unit.code, row.approved_on, row.positions) == ("SYT", datetime.date(2021, 1, 5), 1360)
    html = client.get(url("register_list")).content.decode()
    assert "Sổ thử" in html and "05/01/2021" in html and "1.360" in html
    edit = client.get(url("register_edit", row.pk))
    version = edit.context["form"].initial["version"]
    assert client.post(url("register_edit", row.pk), post(unit("SYT").pk, positions="12", version=version)).status_code == 302
    row.refresh_from_db()
    assert row.positions == 12
    history = client.get(url("register_edit", row.pk)).context["history"]
    assert [h["what"] for h in history] == ["Sửa", "Thêm mới"]
    # The form opened before that edit is refused, not silently applied.
    response = client.post(url("register_edit", row.pk), post(unit("SYT").pk, positions="99", version=version))
    assert response.status_code == 200 and "đã được người khác sửa" in response.content.decode()
    assert JobPositionApproval.objects.get().positions == 12
    assert client.post(url("register_delete", row.pk)).status_code == 302
    assert not JobPositionApproval.objects.exists()


def test_bad_input_is_refused_in_vietnamese(province, client):
    login(client, "cv.tdkt")
    response = client.post(url("register_create"), post(unit("SYT").pk, approved_on="31/02/2021", positions="-3"))
    errors = response.context["form"].errors
    assert errors["approved_on"] == ["Ngày «31/02/2021» không có thật."]
    assert errors["positions"] == ["Không được nhập số âm."]
    assert not JobPositionApproval.objects.exists()


@pytest.mark.parametrize("username", ["cv.tcbc", "giamdoc", "cb.soyte"])
def test_others_read_but_do_not_write(province, client, username):
    row = JobPositionApproval.objects.create(unit=unit("SYT"), approved_on=datetime.date(2021, 1, 5), positions=3)
    login(client, username)
    assert client.get(url("register_list")).status_code == 200
    for target in [url("register_create"), url("register_edit", row.pk), url("register_delete", row.pk)]:
        response = client.get(target)
        assert response.status_code == 403 and "Chỉ Ban Thi đua - Khen thưởng được sửa sổ thử." in response.content.decode()
    assert client.post(url("register_delete", row.pk)).status_code == 403
    assert JobPositionApproval.objects.filter(pk=row.pk).exists()


def test_units_and_rows_are_limited_to_the_readers_scope(province, client):
    own = JobPositionApproval.objects.create(unit=unit("SYT"), approved_on=datetime.date(2021, 1, 5), positions=3)
    other = JobPositionApproval.objects.create(unit=unit("STP"), approved_on=datetime.date(2021, 1, 6), positions=4)
    login(client, "cb.soyte")
    rows = {row for row, _cells in client.get(url("register_list")).context["table"]}
    assert own in rows and other not in rows
    assert client.get(url("register_edit", other.pk)).status_code == 404  # out of reach: 404 before 403
    anonymous = client.__class__()
    target = url("register_list")
    response = anonymous.get(target)
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={target}"


def test_admin_writes_and_the_staffing_set_is_untouched(province, client):
    login(client, "quantri")
    assert client.post(url("register_create"), post(unit("STP").pk)).status_code == 302
    from staffing import registers as staffing_registers

    # Declaring another set over the same model leaves staffing's rules with staffing.
    assert staffing_registers.REGISTERS["vi-tri-viec-lam"].owner is staffing_registers.REGISTER_SET
    assert REGISTERS["phe-duyet"].owner is REGISTERS


def test_register_rows_are_found_by_name_in_any_case_with_or_without_accents(province, client):
    """Issue 16 item 2: «đặng», «NGUYỄN», «nguyen» find «… Nguyễn Văn Đặng» in a register's text columns."""
    from core.models import OrgUnit
    from core.registers import selectors

    hg = unit("HG")
    named = OrgUnit.objects.create(code="T-NVD", name="Ban dự án Nguyễn Văn Đặng", kind=hg.kind, parent=hg)
    JobPositionApproval.objects.create(unit=named, approved_on=datetime.date(2021, 3, 1), positions=3)
    JobPositionApproval.objects.create(unit=unit("SYT"), approved_on=datetime.date(2021, 3, 2), positions=4)
    register = REGISTERS.registers[0]
    assert selectors.search_fields(register) == ("unit__name",)
    login(client, "quantri")
    for q, found in (("đặng", True), ("NGUYỄN", True), ("nguyen", True), ("Nguyễn Văn", True), ("dang nguyen", True),
                     ("y te", False), ("Trần", False)):
        response = client.get(url("register_list"), {"q": q})
        assert response.status_code == 200
        units = {row.unit.code for row, _cells in response.context["table"]}
        assert ("T-NVD" in units) is found and ("SYT" in units) is (q == "y te"), (q, units)
    assert 'name="q"' in client.get(url("register_list")).content.decode()
