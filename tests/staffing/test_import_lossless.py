"""Issue 10, item 6: imports that lose nothing.

On update a blank cell keeps the stored value and «(xóa)» clears it; the preview shows «Trường: cũ
→ mới»; an active person is not put in a closed unit; a personnel action's unit is the person's
unit at its effective date (web form and import alike)."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from staffing import services
from staffing.models import ActionType, CivilServant, PersonnelAction
from tests.staffing.files import CS_HEADERS, PA_HEADERS, civil_servant_rows, workbook

pytestmark = pytest.mark.django_db

ENTRY = CS_HEADERS.index("Ngày tuyển dụng")
NAME = CS_HEADERS.index("Họ và tên")
UNIT = CS_HEADERS.index("Mã đơn vị")
ACTIVE = CS_HEADERS.index("Đang công tác")


def one_person(changes=None):
    changes = changes or {}
    row = civil_servant_rows(1)[0]
    for index, value in changes.items():
        row[index] = value
    return row


def imported(rows, dry_run=False):
    return services.run_import("cong_chuc", workbook(CS_HEADERS, rows), dry_run=dry_run)


def test_blank_cell_on_update_keeps_the_stored_entry_date(province):
    assert imported([one_person()]).saved
    stored = CivilServant.objects.get(ma_so="TEST00000").entry_date
    assert stored == datetime.date(2000, 9, 1)

    outcome = imported([one_person({ENTRY: None})])

    assert outcome.ok and outcome.counts()["skip"] == 1  # nothing changed
    assert CivilServant.objects.get(ma_so="TEST00000").entry_date == stored


def test_other_blank_cells_on_update_keep_their_values_too(province):
    assert imported([one_person()]).saved
    row = one_person()
    for header in ("Ngạch, chức danh nghề nghiệp", "Trình độ chuyên môn", "Lý luận chính trị", "Đang công tác", "Dân tộc"):
        row[CS_HEADERS.index(header)] = ""
    assert imported([row]).counts()["skip"] == 1
    person = CivilServant.objects.get(ma_so="TEST00000")
    assert (person.rank_title, person.education, person.political_theory, person.active) == (
        "Chuyên viên", "dai_hoc", "trung_cap", True)


def test_clear_marker_clears_the_stored_value_and_the_preview_says_old_to_new(province):
    assert imported([one_person()]).saved

    preview = imported([one_person({ENTRY: "(xóa)"})], dry_run=True)
    assert preview.ok and preview.preview[0]["status_label"] == "Cập nhật"
    assert preview.preview[0]["changes"] == [{"field": "Ngày tuyển dụng", "old": "01/09/2000", "new": "(trống)"}]
    assert CivilServant.objects.get(ma_so="TEST00000").entry_date is not None  # a dry run saves nothing

    assert imported([one_person({ENTRY: " (Xóa) "})]).saved
    assert CivilServant.objects.get(ma_so="TEST00000").entry_date is None


def test_clear_marker_in_a_required_column_is_refused(province):
    assert imported([one_person()]).saved
    outcome = imported([one_person({NAME: "(xóa)"})])
    assert not outcome.saved
    assert outcome.problems == [{"row": 2, "column": "Họ và tên", "value": "(xóa)",
                                 "message": "Cột «Họ và tên» không xóa được bằng «(xóa)»; ghi giá trị mới."}]
    assert CivilServant.objects.get(ma_so="TEST00000").full_name == "Nguyễn Văn Thử 0"


def test_preview_lists_every_changed_field_of_an_updated_row(province, client):
    assert imported([one_person()]).saved
    row = one_person({NAME: "Nguyễn Văn Đổi", UNIT: "SGDDT", ENTRY: "02/10/2001"})
    user = get_user_model().objects.get(username="cv.tcbc")
    job = services.start_import(user, "cong_chuc", SimpleUploadedFile("sua.xlsx", workbook(CS_HEADERS, [row])))

    assert job.preview[0]["changes"] == [
        {"field": "Họ và tên", "old": "Nguyễn Văn Thử 0", "new": "Nguyễn Văn Đổi"},
        {"field": "Mã đơn vị", "old": "SYT", "new": "SGDDT"},
        {"field": "Ngày tuyển dụng", "old": "01/09/2000", "new": "02/10/2001"},
    ]
    client.force_login(user)
    html = client.get(reverse("staffing:import_job", args=[job.pk])).content.decode()
    assert "Họ và tên: Nguyễn Văn Thử 0 → Nguyễn Văn Đổi" in html
    assert "Mã đơn vị: SYT → SGDDT" in html and "Ngày tuyển dụng: 01/09/2000 → 02/10/2001" in html


def test_the_marker_is_documented_in_the_template_and_on_the_upload_page(province, login):
    guide = openpyxl.load_workbook(io.BytesIO(services.build_template("cong_chuc")))["Hướng dẫn"]
    text = "\n".join(str(c.value) for c in guide["A"] if c.value)
    assert "ô để trống thì giữ nguyên" in text and "«(xóa)»" in text
    html = login("cv.tcbc").get(reverse("staffing:import_start")).content.decode()
    assert 'data-testid="clear-marker"' in html and "<code>(xóa)</code>" in html


def test_an_active_person_is_not_put_in_a_unit_closed_before_the_import(province):
    outcome = imported([one_person({UNIT: "VITHANH"})])  # the district closed on 30/6/2025
    assert not outcome.saved and outcome.bad_rows == [2]
    problem = outcome.problems[0]
    assert problem["column"] == "Mã đơn vị" and problem["message"].startswith(
        "Đơn vị «VITHANH» chỉ hoạt động đến hết ngày 30/06/2025")
    assert not CivilServant.objects.filter(ma_so="TEST00000").exists()
    # Not active: the history of a closed unit may still be recorded.
    assert imported([one_person({UNIT: "VITHANH", ACTIVE: "Không"})]).saved
    # Moving a stored person into the closed unit is refused the same way.
    assert imported([one_person()]).saved
    assert not imported([one_person({UNIT: "VITHANH"})]).saved


# ---------------------------------------------------------------------------------------------
# A personnel action's unit is the person's unit at its effective date
# ---------------------------------------------------------------------------------------------


def vithanh_person():
    return CivilServant.objects.filter(unit__code="VITHANH", active=True).order_by("ma_so").first()


def action_row(person, unit_code, action_type="Bổ nhiệm, bổ nhiệm lại", day="15/03/2024", number="77/QĐ-TEST"):
    row = [""] * len(PA_HEADERS)
    values = {"Loại quyết định": action_type, "Mã đơn vị": unit_code, "Mã số CBCCVC": person.ma_so, "Số trường hợp": "1",
              "Số quyết định": number, "Ngày hiệu lực": day}
    for header, value in values.items():
        row[PA_HEADERS.index(header)] = value
    return row


def test_import_refuses_an_action_filed_under_a_unit_the_person_never_worked_in(province):
    person = vithanh_person()
    outcome = services.run_import("bien_dong", workbook(PA_HEADERS, [action_row(person, "SYT")]), dry_run=False)
    assert not outcome.saved
    assert outcome.problems[0]["column"] == "Mã đơn vị"
    assert outcome.problems[0]["message"].startswith("Đơn vị của quyết định phải là đơn vị của người này vào ngày hiệu lực")
    assert not PersonnelAction.objects.filter(person=person, unit__code="SYT").exists()
    # Under the person's own unit it is accepted.
    assert services.run_import("bien_dong", workbook(PA_HEADERS, [action_row(person, "VITHANH")]), dry_run=False).saved


def test_a_transfer_names_the_unit_left_or_joined_and_earlier_actions_follow_it(province):
    person = vithanh_person()
    # Transferred to Sở Y tế on 01/06/2024, filed under the unit the person left (still their unit).
    rows = [action_row(person, "VITHANH", "Thuyên chuyển", "01/06/2024", "90/QĐ-TEST")]
    assert services.run_import("bien_dong", workbook(PA_HEADERS, rows), dry_run=False).saved
    CivilServant.objects.filter(pk=person.pk).update(unit=person.unit.__class__.objects.get(code="SYT"))
    # After the move: an appointment at Sở Y tế is fine, and one dated before the transfer at Vị Thanh too.
    rows = [action_row(person, "SYT", day="01/08/2024", number="91/QĐ-TEST"),
            action_row(person, "VITHANH", day="01/02/2024", number="92/QĐ-TEST")]
    outcome = services.run_import("bien_dong", workbook(PA_HEADERS, rows), dry_run=False)
    assert outcome.saved, outcome.problems
    # After the transfer, Vị Thanh is no longer the person's unit.
    late = [action_row(person, "VITHANH", day="01/09/2024", number="93/QĐ-TEST")]
    assert not services.run_import("bien_dong", workbook(PA_HEADERS, late), dry_run=False).saved


def test_web_form_refuses_an_action_under_another_unit_and_its_officer_never_sees_the_name(province, login):
    person = vithanh_person()
    client = login("cv.tcbc")
    syt = person.unit.__class__.objects.get(code="SYT")
    data = {"action_type": ActionType.APPOINTMENT, "unit": syt.pk, "person": person.ma_so, "quantity": "1",
            "decision_number": "15/QĐ-SYT", "effective_date": "15/03/2024", "handling": "quyet_dinh"}
    response = client.post(reverse("staffing:register_create", args=["bien-dong"]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["unit"][0].startswith("Đơn vị của quyết định phải là đơn vị của người này")
    assert not PersonnelAction.objects.filter(person=person).exclude(unit=person.unit).exists()
    # Under the person's unit the same form saves.
    response = client.post(reverse("staffing:register_create", args=["bien-dong"]), {**data, "unit": person.unit_id})
    assert response.status_code == 302
    assert PersonnelAction.objects.filter(person=person, decision_number="15/QĐ-SYT").exists()
    # Sở Y tế's officer never sees the name (nothing was filed under Sở Y tế).
    html = login("cb.soyte").get(reverse("staffing:action_list")).content.decode()
    assert person.full_name not in html
