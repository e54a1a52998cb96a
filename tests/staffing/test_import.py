"""Excel imports: all-or-nothing, row-level Vietnamese reasons, natural keys, idempotent re-import."""

import io

import openpyxl
import pytest

from core.models import OrgUnit
from staffing import services
from core.models import ImportJob, ImportStatus
from staffing.models import CivilServant, PersonnelAction, Quota
from tests.staffing.files import (
    CS_HEADERS,
    PA_HEADERS,
    QUOTA_HEADERS,
    action_rows,
    civil_servant_rows,
    workbook,
)

pytestmark = pytest.mark.django_db


def snapshot(model):
    return sorted(tuple(row.values()) for row in model.objects.values())


# ---------------------------------------------------------------------------------------------
# 50-row files with exactly 4 bad rows: nothing saved, exactly those rows reported
# ---------------------------------------------------------------------------------------------


def test_civil_servant_file_with_four_bad_rows_saves_nothing(province):
    rows = civil_servant_rows(50)
    rows[4][2] = "31/02/1980"  # file row 6: a date that does not exist
    rows[11][5] = "KHONG-CO"  # file row 13: unknown unit code
    rows[20][0] = rows[3][0]  # file row 22: same mã số as file row 5
    rows[37][3] = "Khác"  # file row 39: gender not in the list
    before = snapshot(CivilServant)

    outcome = services.run_import("cong_chuc", workbook(CS_HEADERS, rows), dry_run=False)

    assert snapshot(CivilServant) == before  # nothing saved, not even the 46 good rows
    assert not outcome.saved
    assert outcome.bad_rows == [6, 13, 22, 39]
    reasons = {p["row"]: (p["column"], p["message"]) for p in outcome.problems}
    assert len(outcome.problems) == 4
    assert reasons[6] == ("Ngày sinh", "Ngày «31/02/1980» không có thật.")
    assert reasons[13] == ("Mã đơn vị", "Không có đơn vị mã «KHONG-CO».")
    assert reasons[22] == ("Mã số CBCCVC", "Trùng với dòng 5 trong tệp (cùng mã số CBCCVC).")
    assert reasons[39][0] == "Giới tính" and reasons[39][1].startswith("Giới tính «Khác» không hợp lệ; chọn một trong: Nam; Nữ")


def test_action_file_with_four_bad_rows_saves_nothing(province):
    rows = action_rows(50)
    rows[2][PA_HEADERS.index("Ngày hiệu lực")] = "2023-03-05"  # file row 4: not dd/mm/yyyy
    rows[9][2] = "XYZ"  # file row 11: unknown unit code
    rows[30] = list(rows[17])  # file row 32: same action as file row 19
    rows[44][4] = "-3"  # file row 46: negative quantity
    before = snapshot(PersonnelAction)

    outcome = services.run_import("bien_dong", workbook(PA_HEADERS, rows), dry_run=False)

    assert snapshot(PersonnelAction) == before
    assert outcome.bad_rows == [4, 11, 32, 46]
    reasons = {p["row"]: p["message"] for p in outcome.problems}
    assert reasons[4] == ("Ngày «2023-03-05» không đúng định dạng ngày/tháng/năm (ví dụ 05/01/2021). "
                          "Nếu văn bản không ghi ngày, ghi kỳ, ví dụ «6 tháng đầu năm 2023».")
    assert reasons[11] == "Không có đơn vị mã «XYZ»."
    assert reasons[32].startswith("Trùng với dòng 19 trong tệp")
    assert reasons[46] == "Số trường hợp phải từ 1 trở lên (đang ghi -3)."
    assert len(outcome.problems) == 4


def test_feedback_workbook_lists_each_bad_row_with_its_reason(province):
    rows = civil_servant_rows(50)
    rows[4][2] = "31/02/1980"
    rows[11][5] = "KHONG-CO"
    outcome = services.run_import("cong_chuc", workbook(CS_HEADERS, rows), dry_run=True)
    book = openpyxl.load_workbook(io.BytesIO(services.build_feedback(outcome.problems, outcome.table)))
    errors = [r for r in book["Lỗi"].iter_rows(min_row=2, values_only=True)]
    assert errors == [
        (6, "Ngày sinh", "31/02/1980", "Ngày «31/02/1980» không có thật."),
        (13, "Mã đơn vị", "KHONG-CO", "Không có đơn vị mã «KHONG-CO»."),
    ]
    bad = list(book["Dòng lỗi"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in bad] == [6, 13]
    assert bad[0][1] == rows[4][0] and "không có thật" in bad[0][-1]


def test_people_named_in_actions_must_exist_and_person_rows_have_quantity_one(province):
    rows = action_rows(3)
    rows[0][3] = "HG000001"  # exists in the demo register
    rows[0][2] = CivilServant.objects.get(ma_so="HG000001").unit.code  # an action is filed under the person's unit
    rows[0][4] = "1"
    rows[1][3] = "KHONGCO"
    rows[2][3] = "HG000002"
    rows[2][4] = "5"
    outcome = services.run_import("bien_dong", workbook(PA_HEADERS, rows), dry_run=True)
    reasons = {p["row"]: p["message"] for p in outcome.problems}
    assert reasons == {
        3: "Không có cán bộ, công chức, viên chức mã số «KHONGCO» trong danh sách.",
        4: "Dòng có mã số CBCCVC thì số trường hợp phải là 1.",
    }


# ---------------------------------------------------------------------------------------------
# Clean files: import, re-import changes nothing, edits update in place
# ---------------------------------------------------------------------------------------------


def test_clean_file_imports_and_reimport_changes_nothing(province):
    data = workbook(CS_HEADERS, civil_servant_rows(50))
    preview = services.run_import("cong_chuc", data, dry_run=True)
    assert preview.ok and preview.counts() == {"total": 50, "new": 50, "update": 0, "skip": 0, "invalid": 0}
    assert not CivilServant.objects.filter(ma_so__startswith="TEST").exists()  # a dry run saves nothing
    assert [p["status_label"] for p in preview.preview] == ["Thêm mới"] * 10

    first = services.run_import("cong_chuc", data, dry_run=False)
    assert first.saved and first.new == 50
    person = CivilServant.objects.select_related("unit").get(ma_so="TEST00003")
    assert person.full_name == "Nguyễn Văn Thử 3" and person.unit.code == "P-VITHANH" and person.category == "cong_chuc"
    assert person.gender == "nu" and str(person.birth_date) == "1973-04-04" and person.education == "dai_hoc"
    after_first = snapshot(CivilServant)

    second = services.run_import("cong_chuc", data, dry_run=False)
    assert second.counts() == {"total": 50, "new": 0, "update": 0, "skip": 50, "invalid": 0}
    assert snapshot(CivilServant) == after_first

    rows = civil_servant_rows(50)
    rows[7][1] = "Trần Thị Đổi Tên"
    third = services.run_import("cong_chuc", workbook(CS_HEADERS, rows), dry_run=False)
    assert (third.new, third.updated, third.unchanged) == (0, 1, 49)
    assert CivilServant.objects.get(ma_so="TEST00007").full_name == "Trần Thị Đổi Tên"
    assert CivilServant.objects.filter(ma_so__startswith="TEST").count() == 50


def test_action_reimport_matches_natural_key(province):
    rows = action_rows(20)
    rows[0][4] = "1.360"  # Vietnamese thousands
    data = workbook(PA_HEADERS, rows)
    assert services.run_import("bien_dong", data, dry_run=False).new == 20
    action = PersonnelAction.objects.get(decision_number="500/QĐ-TEST")
    assert action.quantity == 1360 and action.group == "tien_luong" and action.level == "tinh"
    assert PersonnelAction.objects.get(decision_number="503/QĐ-TEST").level == "huyen"  # VITHANH is a district
    # «Hình thức giải quyết»: blank is an appraisal, «Ban hành quyết định» a decision.
    assert action.handling == "quyet_dinh"
    assert PersonnelAction.objects.get(decision_number="501/QĐ-TEST").handling == "tham_dinh"
    before = snapshot(PersonnelAction)
    again = services.run_import("bien_dong", data, dry_run=False)
    assert again.counts()["skip"] == 20 and snapshot(PersonnelAction) == before
    rows[5][4] = "9"
    changed = services.run_import("bien_dong", workbook(PA_HEADERS, rows), dry_run=False)
    assert (changed.new, changed.updated) == (0, 1)


def test_action_file_without_the_handling_column_still_imports(province):
    """Files made from the template before «Hình thức giải quyết» existed stay valid."""
    column = PA_HEADERS.index("Hình thức giải quyết")
    headers = PA_HEADERS[:column] + PA_HEADERS[column + 1:]
    rows = [row[:column] + row[column + 1:] for row in action_rows(5)]
    outcome = services.run_import("bien_dong", workbook(headers, rows), dry_run=False)
    assert outcome.ok and outcome.new == 5
    assert set(PersonnelAction.objects.filter(decision_number__endswith="/QĐ-TEST").values_list("handling", flat=True)) == {
        "tham_dinh"}


def test_quota_import_by_unit_year_kind(province):
    rows = [
        ["SYT", "2023", "Biên chế công chức", "30", "28", "Không", "2022-2026", ""],
        ["SYT", "2023", "Số lượng người làm việc (viên chức)", "3.905", "", "Có", "", ""],
        ["VITHANH", "2023", "hợp đồng", "6", "6", "", "", ""],
    ]
    outcome = services.run_import("bien_che", workbook(QUOTA_HEADERS, rows), dry_run=False)
    assert outcome.ok and outcome.new == 3
    quota = Quota.objects.get(unit__code="SYT", year=2023, kind="vien_chuc")
    assert quota.assigned == 3905 and quota.used_from_register and quota.used_entered is None
    rows[0][3] = "29"
    outcome = services.run_import("bien_che", workbook(QUOTA_HEADERS, rows), dry_run=False)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 2)
    assert Quota.objects.get(unit__code="SYT", year=2023, kind="cong_chuc").assigned == 29


def test_export_reimports_unchanged(province):
    people = CivilServant.objects.filter(unit__code__in=["SYT", "VITHANH"]).select_related("unit")
    data = services.export_workbook("cong_chuc", people)
    outcome = services.run_import("cong_chuc", data, dry_run=False)
    assert outcome.ok, outcome.problems[:3]
    assert outcome.counts()["skip"] == people.count() and outcome.new == outcome.updated == 0


def test_rows_outside_the_importers_units_are_refused(province):
    allowed = set(OrgUnit.objects.get(code="SYT").descendants().values_list("pk", flat=True))
    rows = civil_servant_rows(3)  # SYT, SGDDT, STP
    outcome = services.run_import("cong_chuc", workbook(CS_HEADERS, rows), unit_ids=allowed, dry_run=False)
    assert outcome.bad_rows == [3, 4]
    assert outcome.problems[0]["message"] == "Đơn vị «SGDDT» không thuộc phạm vi quản lý của anh/chị."


@pytest.mark.parametrize("data,message", [
    (b"not an excel file", "Tệp không phải bảng tính Excel .xlsx"),
    (workbook(["A", "B"], [[1, 2]]), "Không tìm thấy dòng tiêu đề cột"),
    (workbook(["Mã số CBCCVC", "Họ và tên"], [["X1", "Y"]]), "Tệp thiếu cột: «Ngày sinh»; «Giới tính»; «Mã đơn vị»; «Đối tượng»."),
    (workbook(CS_HEADERS, []), "Tệp không có dòng dữ liệu nào."),
])
def test_unusable_files(province, data, message):
    with pytest.raises(services.InvalidFile) as exc:
        services.run_import("cong_chuc", data)
    assert message in exc.value.message


def test_template_has_vietnamese_headers_and_lists(province):
    book = openpyxl.load_workbook(io.BytesIO(services.build_template("cong_chuc")))
    assert [c.value for c in book["Dữ liệu"][1]] == CS_HEADERS
    assert "Hướng dẫn" in book.sheetnames
    assert len(book["Dữ liệu"].data_validations.dataValidation) >= 4
    # An empty template round-trips into "no data", not a crash.
    with pytest.raises(services.InvalidFile):
        services.run_import("cong_chuc", services.build_template("cong_chuc"))


def test_feedback_cells_never_become_formulas(province):
    problems = [{"row": 2, "column": "Mã đơn vị", "value": "=cmd|' /C calc'!A0", "message": "Không có đơn vị mã «=cmd»."}]
    book = openpyxl.load_workbook(io.BytesIO(services.build_feedback(problems)))
    cell = book["Lỗi"]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


# ---------------------------------------------------------------------------------------------
# Import jobs: inline for small files, Celery (eager in tests) for large ones
# ---------------------------------------------------------------------------------------------


class Upload(io.BytesIO):
    def __init__(self, data, name="danh-sach.xlsx"):
        super().__init__(data)
        self.name, self.size = name, len(data)


def staff():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="cv.tcbc")


def test_job_flow_small_file(province):
    job = services.start_import(staff(), "cong_chuc", Upload(workbook(CS_HEADERS, civil_servant_rows(30))))
    assert job.status == ImportStatus.READY and job.counts["new"] == 30 and len(job.preview) == 10
    assert not CivilServant.objects.filter(ma_so__startswith="TEST").exists()
    job = services.confirm_import(staff(), job)
    assert job.status == ImportStatus.DONE
    assert job.message == "Đã nhập 30 dòng: thêm mới 30, cập nhật 0, không thay đổi 0."
    assert CivilServant.objects.filter(ma_so__startswith="TEST").count() == 30
    with pytest.raises(services.InvalidState):
        services.confirm_import(staff(), job)  # a second confirmation changes nothing


def test_job_with_errors_keeps_feedback(province):
    rows = civil_servant_rows(10)
    rows[1][2] = "hôm qua"
    job = services.start_import(staff(), "cong_chuc", Upload(workbook(CS_HEADERS, rows)))
    assert job.status == ImportStatus.INVALID and job.feedback
    assert job.errors == [{"row": 3, "column": "Ngày sinh", "value": "hôm qua",
                           "message": "Ngày «hôm qua» không đúng định dạng ngày/tháng/năm (ví dụ 05/01/2021)."}]
    with pytest.raises(services.InvalidState):
        services.confirm_import(staff(), job)


def dispatches(callbacks):
    """The on-commit callbacks that hand the job to a worker (the import's own commit adds others:
    rows_written, the table's VACUUM, the report cache's generation)."""
    return [c for c in callbacks if c.__qualname__.split(".")[0] in ("start_import", "confirm_import")]


def test_large_file_runs_as_task(province, django_capture_on_commit_callbacks):
    data = workbook(CS_HEADERS, civil_servant_rows(services.ASYNC_THRESHOLD))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.start_import(staff(), "cong_chuc", Upload(data))
    assert len(callbacks) == 1  # checked by core.tasks.check_import
    job.refresh_from_db()
    assert job.status == ImportStatus.READY and job.counts["new"] == services.ASYNC_THRESHOLD
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.confirm_import(staff(), job)
    assert len(dispatches(callbacks)) == 1  # applied by core.tasks.apply_import (its commit adds its own callbacks)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert CivilServant.objects.filter(ma_so__startswith="TEST").count() == services.ASYNC_THRESHOLD
    # A killed worker's retry: the task runs again and changes nothing.
    from core import tasks

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.IMPORTING)
    assert tasks.apply_import(job.pk)["status"] == ImportStatus.DONE
    assert CivilServant.objects.filter(ma_so__startswith="TEST").count() == services.ASYNC_THRESHOLD


def test_large_file_without_a_size_is_read_once(province, django_capture_on_commit_callbacks, monkeypatch):
    """A file that states no size (no <dimension>, as streaming writers make it) is read at upload
    to count its rows; the worker then checks those rows instead of reading the file again."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append(CS_HEADERS)
    for row in civil_servant_rows(services.ASYNC_THRESHOLD):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    from core.imports import reader as xlsx

    assert xlsx.last_row(data, prefer_sheet="Dữ liệu") is None
    reads = []
    real = xlsx.iter_rows
    monkeypatch.setattr(xlsx, "iter_rows", lambda *a, **k: reads.append(1) or real(*a, **k))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.start_import(staff(), "cong_chuc", Upload(data))
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.READY and job.counts["new"] == services.ASYNC_THRESHOLD
    assert len(reads) == 1


def test_skip_preview_checks_and_saves_in_one_pass(province, django_capture_on_commit_callbacks):
    bad = civil_servant_rows(10)
    bad[4][2] = "31/02/1980"
    job = services.start_import(staff(), "cong_chuc", Upload(workbook(CS_HEADERS, bad)), skip_preview=True)
    assert job.status == ImportStatus.INVALID and job.feedback and job.errors[0]["row"] == 6
    assert not CivilServant.objects.filter(ma_so__startswith="TEST").exists()

    job = services.start_import(staff(), "cong_chuc", Upload(workbook(CS_HEADERS, civil_servant_rows(10))),
                                skip_preview=True)
    assert job.status == ImportStatus.DONE and job.counts["new"] == 10
    assert CivilServant.objects.filter(ma_so__startswith="TEST").count() == 10
    with pytest.raises(services.InvalidState):  # nothing left to confirm
        services.confirm_import(staff(), job)

    # A large file goes through the worker the same way.
    data = workbook(CS_HEADERS, civil_servant_rows(services.ASYNC_THRESHOLD, start=100))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.start_import(staff(), "cong_chuc", Upload(data), skip_preview=True)
    assert len(dispatches(callbacks)) == 1  # the task (its import's commit adds its own callbacks)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.counts["new"] == services.ASYNC_THRESHOLD
    # A re-delivered task after the job ended changes nothing.
    from core import tasks

    before = CivilServant.objects.count()
    assert tasks.check_import(job.pk)["status"] == ImportStatus.DONE
    assert CivilServant.objects.count() == before


def test_odd_text_survives_the_bulk_write(province):
    """New rows go to PostgreSQL through COPY: backslashes, tabs, line breaks and a literal «\\N»
    come back exactly, and an empty optional cell is an empty string, not NULL."""
    rows = civil_servant_rows(3)
    rows[0][7] = "Chuyên viên\\chính"
    rows[1][7] = "\\N"
    rows[2][8] = "Trưởng phòng\tKế hoạch\nTổng hợp"
    rows[2][7] = ""
    outcome = services.run_import("cong_chuc", workbook(CS_HEADERS, rows), dry_run=False)
    assert outcome.saved and outcome.new == 3
    people = {p.ma_so: p for p in CivilServant.objects.filter(ma_so__startswith="TEST")}
    assert people["TEST00000"].rank_title == "Chuyên viên\\chính"
    assert people["TEST00001"].rank_title == "\\N"
    assert people["TEST00002"].position == "Trưởng phòng\tKế hoạch\nTổng hợp"
    assert people["TEST00002"].rank_title == ""


def test_officers_and_leaders_cannot_import(province):
    from django.contrib.auth import get_user_model

    for username in ("cb.vithanh", "cb.soyte", "giamdoc"):
        user = get_user_model().objects.get(username=username)
        with pytest.raises(services.PermissionDenied):
            services.start_import(user, "cong_chuc", Upload(workbook(CS_HEADERS, civil_servant_rows(2))))
