"""The structure of a plan's appendix table (plans.appendix.walk, pure) and the service that fills
an empty plan (plans.services.import_tasks): fields, sub-headings and tasks of the 145-task Hưng
Yên shape; a bad task saves nothing; only the Sở's staff import, only into an empty plan."""

import datetime

import pytest

from plans import appendix, services
from plans.models import Plan, Task
from tests.plans.files import HUNGYEN_2022, appendix_rows

D = datetime.date


def _lines(rows):
    body = rows[3:]  # after the two title rows and the header
    return [(appendix.clean_cell(c[0]), appendix.clean_cell(c[1]), any(appendix.clean_cell(x) for x in c[2:]))
            for _n, c in body]


def test_the_walk_finds_the_appendix_fields_groups_and_tasks():
    events = list(appendix.walk(_lines(appendix_rows())))
    fields = [f for kind, _p, f, _g in events if kind == appendix.FIELD]
    assert [(number, name, stated) for number, name, stated in fields] == [
        (roman, name, n) for roman, name, n, _office in HUNGYEN_2022]
    tasks = [(f[0], g) for kind, _p, f, g in events if kind == appendix.TASK]
    assert len(tasks) == 145
    assert [sum(1 for number, _g in tasks if number == roman) for roman, *_x in HUNGYEN_2022] == [
        n for _r, _n, n, _o in HUNGYEN_2022]
    groups = {g for number, g in tasks if number == "VII"}
    assert groups == {"Tổ chức bộ máy", "Quản lý biên chế", "Quản lý Hội và Tổ chức phi chính phủ"}  # one typed in STT
    assert {g for number, g in tasks if number == "II"} == {
        "Công tác thanh tra, kiểm tra", "Công tác tiếp công dân; giải quyết đơn thư khiếu nại, tố cáo", "Công tác pháp chế"}


@pytest.mark.parametrize("stt, content, rest, kind", [
    ("I", "Lĩnh vực Công chức, viên chức (13 nhiệm vụ)", False, appendix.FIELD),
    ("XIV", "Lĩnh vực khác", False, appendix.FIELD),
    ("", "Công tác pháp chế", False, appendix.HEADING),
    ("Quản lý Hội và Tổ chức phi chính phủ", "", False, appendix.HEADING),
    ("6", "Tham mưu UBND tỉnh ban hành Đề án tinh giản biên chế", False, appendix.TASK),  # no deadline: still a task
    ("1", "Tiếp công dân", True, appendix.TASK),
    ("I", "Một việc có hạn", True, appendix.TASK),  # a Roman number with a deadline is a task numbered «I»
])
def test_classify(stt, content, rest, kind):
    assert appendix.classify(stt, content, rest) == kind


def test_a_heading_starting_with_linh_vuc_opens_a_field_and_a_count_is_split_off():
    events = list(appendix.walk([("", "Lĩnh vực Văn phòng (17 nhiệm vụ)", False), ("1", "Việc", True),
                                 ("", "Lĩnh vực Thi đua", False), ("1", "Việc khác", True)]))
    assert [f for kind, _p, f, _g in events if kind == appendix.FIELD] == [
        ("", "Lĩnh vực Văn phòng", 17), ("", "Lĩnh vực Thi đua", None)]
    assert appendix.clean_cell("<i>Công tác  pháp chế</i>") == "Công tác pháp chế"


def test_a_task_before_any_field_has_no_field():
    events = list(appendix.walk([("1", "Việc", True)]))
    assert events == [(appendix.TASK, 0, None, "")]


# ---------------------------------------------------------------------------------------------
# The service (database)
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def plan(province, user):
    return services.create_plan(user("cv.tcbc"), unit=province["SNV"], year=2023, title="Kế hoạch năm 2023")


def _sections(province, n=3):
    return [("I", "Lĩnh vực Tổ chức, biên chế", [
        {"number": str(i), "content": f"Nhiệm vụ {i}", "deadline_text": "Quý II, III", "lead_office": province["SNV-TCBC"]}
        for i in range(1, n + 1)])]


@pytest.mark.django_db
def test_a_bad_task_saves_nothing(plan, province, user):
    sections = _sections(province)
    sections[-1][2][-1]["content"] = "Nội dung có ký tự \x1b lạ"
    with pytest.raises(services.PlansError) as error:
        services.import_tasks(user("cv.tcbc"), plan, sections)
    assert "nội dung nhiệm vụ" in str(error.value)
    assert not Task.objects.filter(plan=plan).exists() and not plan.fields.exists()


@pytest.mark.django_db
def test_a_plan_with_tasks_is_not_imported_into(plan, province, user):
    assert services.import_tasks(user("cv.tcbc"), plan, _sections(province)) == 3
    assert Task.objects.filter(plan=plan, deadline_text="Quý II, III").first().due_date == D(2023, 9, 30)
    with pytest.raises(services.PlansError, match="đã có nhiệm vụ"):
        services.import_tasks(user("cv.tcbc"), plan, _sections(province))
    assert Task.objects.filter(plan=plan).count() == 3


@pytest.mark.django_db
def test_only_staff_of_the_so_import(plan, province, user):
    for username in ("giamdoc", "cb.soyte"):
        with pytest.raises(services.NotAllowed):
            services.import_tasks(user(username), plan, _sections(province))
    assert not Task.objects.filter(plan=plan).exists()


@pytest.mark.django_db
def test_the_demo_plan(province):
    from plans import selectors

    plan = Plan.objects.get(unit=province["SNV"], year=2022)
    fields = selectors.field_counts(plan, today=D(2023, 1, 1))
    assert len(fields) == 9 and sum(f.total for f in fields) == 30
    assert sum(f.overdue for f in fields) > 0  # late tasks stay on the overdue list
    assert Task.objects.get(plan=plan, deadline_text="Quý II, III", field__number="III").due_date == D(2022, 9, 30)
