"""The plan's appendix imported from .xlsx through the core import engine (plans.resources): dry
run, all-or-nothing, feedback file, the Vietnamese template, the import pages' permissions."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from core.imports import jobs, workbook
from plans import selectors, services
from plans.models import PlanField, Task
from plans.resources import KIND
from tests.plans.files import HUNGYEN_2022, appendix_rows, appendix_xlsx

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan(province, user):
    return services.create_plan(user("cv.tcbc"), unit=province["SNV"], year=2023, title="Kế hoạch năm 2023")


def test_the_145_task_file_checks_then_imports_with_the_appendix_counts(plan):
    data = appendix_xlsx()
    checked = jobs.run_import(KIND, data, dry_run=True)
    assert checked.ok and checked.new == 145 and checked.problems == []
    assert not Task.objects.filter(plan=plan).exists() and not PlanField.objects.filter(plan=plan).exists()  # a dry run

    # the engine may apply from the rows it kept after the check: they carry the fields and groups
    assert checked.table.dataset.headers[-3:] == ["STT lĩnh vực", "Lĩnh vực", "Nhóm"]
    done = jobs.run_import(KIND, None, dry_run=False, table=checked.table)
    assert done.saved and done.new == 145
    counts = [(f.number, f.name, f.total) for f in selectors.field_counts(plan)]
    assert counts == [(roman, name, n) for roman, name, n, _office in HUNGYEN_2022]
    task = Task.objects.filter(plan=plan, deadline_text="Quý II, III").first()
    assert task.due_date == D(2023, 9, 30)
    assert task in selectors.tasks(plan, overdue=True, today=D(2023, 10, 1))
    assert task not in selectors.tasks(plan, overdue=True, today=D(2023, 9, 30))
    assert Task.objects.get(plan=plan, field__number="II", number="18").group == "Công tác pháp chế"
    assert Task.objects.get(plan=plan, field__number="VII", number="16").group == "Quản lý Hội và Tổ chức phi chính phủ"
    assert Task.objects.filter(plan=plan, lead_office__code="SNV-TDKT").count() == 16


def test_a_bad_row_saves_nothing_and_the_feedback_names_it(plan):
    rows = appendix_rows()
    number, cells = rows[40]
    rows[40] = (number, cells[:4] + ["Phòng Không Có"] + cells[5:])
    outcome = jobs.run_import(KIND, appendix_xlsx(rows), dry_run=False)
    assert not outcome.saved
    assert [(p["row"], p["column"]) for p in outcome.problems] == [(number, "Đơn vị chủ trì")]
    assert not Task.objects.filter(plan=plan).exists() and not PlanField.objects.filter(plan=plan).exists()
    feedback = openpyxl.load_workbook(io.BytesIO(workbook.build_feedback(outcome.problems, outcome.table)))
    text = " ".join(str(c.value) for ws in feedback for row in ws.iter_rows() for c in row if c.value)
    assert "Phòng Không Có" in text and str(number) in text


def test_without_an_empty_plan_every_row_says_why(plan, user):
    services.import_tasks(user("cv.tcbc"), plan, [("I", "Lĩnh vực Văn phòng", [{"content": "Một nhiệm vụ"}])])
    outcome = jobs.run_import(KIND, appendix_xlsx(), dry_run=True)
    assert not outcome.ok and "Chưa có kế hoạch nào để nhập" in outcome.problems[0]["message"]


def test_the_template_is_the_appendix_table_in_vietnamese(login, plan):
    response = login("cv.tcbc").get(reverse("plans:import_template", args=[KIND]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content))
    assert [c.value for c in book["Phụ lục"][1]][:6] == ["STT", "Nội dung", "Thời gian hoàn thành", "Sản phẩm",
                                                          "Đơn vị chủ trì", "Đơn vị phối hợp"]
    guide = " ".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "Quý II, III" in guide and "số La Mã" in guide


def test_only_staff_of_the_so_open_the_import_pages(client, login, plan):
    url = reverse("plans:import_start")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert login("giamdoc").get(url).status_code == 403
    assert login("cb.soyte").get(url).status_code == 403
    assert login("cv.tcbc").get(url).status_code == 200


def test_the_import_pages_upload_check_and_confirm(login, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("cv.tcbc")
    upload = SimpleUploadedFile("phu-luc-2023.xlsx", appendix_xlsx(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = client.post(reverse("plans:import_start"), {"kind": KIND, "file": upload}, follow=True)
    assert response.status_code == 200
    assert not Task.objects.filter(plan=plan).exists()  # checked, waiting for confirmation
    job = response.context["job"]
    response = client.post(reverse("plans:import_confirm", args=[job.pk]), follow=True)
    assert response.status_code == 200
    job.refresh_from_db()

    assert Task.objects.filter(plan=plan).count() == 145
