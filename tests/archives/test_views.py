"""The archives pages (/luu-tru/, the register pattern of core.registers): who reads, who writes,
bad input, the conflict guard, history, the tabs."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from archives.models import AccessRequest, WorkItem, WorkKind
from core.models import Membership, OrgUnit, Role

pytestmark = pytest.mark.django_db

REGISTERS = ["cong-viec", "khai-thac", "phong", "giao-nop"]


def list_url(slug):
    return reverse("archives:register_list", args=[slug])


def add_url(slug):
    return reverse("archives:register_create", args=[slug])


def work_form(for_unit, **overrides):
    data = {"kind": "thay_hop", "status": "hoan_thanh", "unit": for_unit.pk, "fonds": "", "metres": "", "fonds_count": "",
            "boxes": "120", "pages": "", "started_on": "01/06/2021", "finished_on": "10/06/2021", "note": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("slug", REGISTERS)
def test_anonymous_is_sent_to_login(province, client, slug):
    for url in (list_url(slug), add_url(slug)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("slug", REGISTERS)
def test_leader_reads_but_does_not_write(province, login, slug):
    client = login("giamdoc")
    response = client.get(list_url(slug))
    assert response.status_code == 200 and 'data-testid="register-add"' not in response.content.decode()
    assert client.get(add_url(slug)).status_code == 403


def test_leader_post_is_refused_and_saves_nothing(province, login):
    before = WorkItem.objects.count()
    response = login("giamdoc").post(add_url("cong-viec"), work_form(OrgUnit.objects.get(code="SYT")))
    assert response.status_code == 403 and WorkItem.objects.count() == before


def test_staff_of_another_office_may_not_write(province, login):
    client = login("cv.tcbc")
    assert client.get(list_url("cong-viec")).status_code == 200
    assert client.post(add_url("cong-viec"), work_form(OrgUnit.objects.get(code="SYT"))).status_code == 403


def test_officer_of_another_unit_sees_only_their_rows_and_writes_nothing(province, login):
    client = login("cb.soyte")
    body = client.get(list_url("cong-viec")).content.decode()
    own = WorkItem.objects.filter(unit__code="SYT").count()
    assert f"Có {own:02d} dòng." in body or f"Có {own} dòng." in body
    other = WorkItem.objects.exclude(unit__code="SYT").first()
    assert client.get(reverse("archives:register_edit", args=["cong-viec", other.pk])).status_code == 404
    assert client.get(reverse("archives:register_delete", args=["cong-viec", other.pk])).status_code == 404
    assert client.post(add_url("cong-viec"), work_form(OrgUnit.objects.get(code="SYT"))).status_code == 403


def test_archive_staff_records_a_work_item(province, login):
    client = login("cv.luutru")
    response = client.post(add_url("cong-viec"), work_form(OrgUnit.objects.get(code="SYT"), metres="2,65"), follow=True)
    assert "Đã thêm công việc lưu trữ." in response.content.decode()
    row = WorkItem.objects.latest("pk")
    assert (row.kind, row.boxes, str(row.metres), row.unit.code) == (WorkKind.BOX_REPLACEMENT, 120, "2.65", "SYT")
    # The change history names who made it.
    edit = client.get(reverse("archives:register_edit", args=["cong-viec", row.pk])).content.decode()
    assert 'data-testid="register-history"' in edit and "Thêm mới" in edit


@pytest.mark.parametrize("overrides, field_error", [
    ({"metres": "2.65"}, "Số không hợp lệ"),                        # an English decimal point
    ({"metres": "1,234"}, "tối đa hai chữ số sau dấu phẩy"),
    ({"metres": "-3"}, "không được âm"),
    ({"finished_on": ""}, "phải có ngày hoàn thành"),
    ({"status": "dang_thuc_hien"}, "Chỉ ghi ngày hoàn thành"),
    ({"status": "ban_giao"}, "Chỉ công việc chỉnh lý"),
    ({"finished_on": "31/05/2021"}, "không được trước ngày bắt đầu"),
    ({"started_on": "31/02/2021"}, "không có thật"),
    ({"note": "ghi chú\x07"}, "ký tự"),
    ({"unit": "999999"}, "không thuộc phạm vi"),
])
def test_bad_input_is_refused_in_vietnamese_and_saves_nothing(province, login, overrides, field_error):
    before = WorkItem.objects.count()
    response = login("cv.luutru").post(add_url("cong-viec"), work_form(OrgUnit.objects.get(code="SYT"), **overrides))
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert WorkItem.objects.count() == before


def test_an_edit_made_meanwhile_is_not_overwritten(province, login):
    client = login("cv.luutru")
    row = WorkItem.objects.filter(kind=WorkKind.BOX_REPLACEMENT).first()
    url = reverse("archives:register_edit", args=["cong-viec", row.pk])
    form = client.get(url).context["form"]
    version = form.initial["version"]
    WorkItem.objects.filter(pk=row.pk).update(boxes=999)
    data = work_form(row.unit, boxes="100", started_on=row.started_on.strftime("%d/%m/%Y"),
                     finished_on=row.finished_on.strftime("%d/%m/%Y"), version=version)
    response = client.post(url, data)
    assert "đã được người khác sửa" in response.content.decode()
    assert WorkItem.objects.get(pk=row.pk).boxes == 999


def test_access_request_defaults_to_the_archive_centre(province, login):
    client = login("cv.cchc")
    form = client.get(add_url("khai-thac")).context["form"]
    centre = OrgUnit.objects.get(code="SNV-TTLT")
    assert form.initial["unit"] == centre.pk and list(form.fields["unit"].queryset) == [centre]
    response = client.post(add_url("khai-thac"), {"service": "doc_tai_cho", "requester": "Ông Lý Văn Hòa",
                                                  "requested_on": "02/06/2021", "quantity": "2", "unit": centre.pk,
                                                  "fonds": "", "purpose": ""})
    assert response.status_code == 302
    assert AccessRequest.objects.filter(requester="Ông Lý Văn Hòa", quantity=2).exists()


def test_a_fonds_in_use_is_not_deleted(province, login):
    from archives.models import Fonds

    fonds = Fonds.objects.first()
    WorkItem.objects.create(kind=WorkKind.DIGITIZATION, status="dang_thuc_hien", unit=OrgUnit.objects.get(code="SYT"),
                            fonds=fonds, started_on="2021-05-01")
    response = login("cv.luutru").post(reverse("archives:register_delete", args=["phong", fonds.pk]), follow=True)
    assert response.status_code == 200 and "Không xóa được" in response.content.decode()
    assert Fonds.objects.filter(pk=fonds.pk).exists()


def test_the_same_login_as_a_leader_reads_only(province, login):
    user = get_user_model().objects.get(username="cv.luutru")
    Membership.objects.filter(user=user).update(role=Role.LEADER)
    client = login("cv.luutru")
    assert client.get(list_url("cong-viec")).status_code == 200
    assert client.get(add_url("cong-viec")).status_code == 403


def test_the_tabs_offer_the_import_only_to_those_who_keep_the_registers(province, login):
    assert 'data-testid="tab-import"' in login("cv.luutru").get(list_url("khai-thac")).content.decode()
    assert 'data-testid="tab-import"' not in login("giamdoc").get(list_url("khai-thac")).content.decode()
