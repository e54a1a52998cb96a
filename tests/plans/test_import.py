"""Reading a plan's appendix table and importing it (plans.appendix, plans.services.import_tasks):
the 145-task Hưng Yên shape reproduces the appendix's per-field counts; «Quý II, III» is due
30/9 and overdue after it; a bad row saves nothing."""

import datetime

import pytest

from plans import appendix, selectors, services
from plans.models import Plan, Status, Task
from tests.plans.files import HUNGYEN_2022, appendix_rows

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def plan(province, user):
    return services.create_plan(user("cv.tcbc"), unit=province["SNV"], year=2023, title="Kế hoạch năm 2023")


def _parse(plan, rows=None):
    return appendix.parse(rows if rows is not None else appendix_rows(), selectors.office_lookup(plan))


def test_the_145_task_appendix_reproduces_its_per_field_counts(plan, user):
    parsed = _parse(plan)
    assert parsed.problems == []
    assert parsed.warnings == []  # every field's stated count («(13 nhiệm vụ)») matches its rows
    assert services.import_tasks(user("cv.tcbc"), plan, parsed.as_import()) == 145

    counts = [(f.number, f.name, f.total) for f in selectors.field_counts(plan)]
    assert counts == [(roman, name, n) for roman, name, n, _office in HUNGYEN_2022]
    assert sum(n for *_x, n in counts) == 145
    # sub-headings are groups inside their field, not fields of their own
    tcbc = Task.objects.filter(plan=plan, field__number="VII")
    assert tcbc.get(number="1").group == "Tổ chức bộ máy"
    assert tcbc.get(number="16").group == "Quản lý Hội và Tổ chức phi chính phủ"
    assert Task.objects.get(plan=plan, field__number="II", number="18").group == "Công tác pháp chế"
    # the lead office as typed (name, short name or code) is the Sở's office
    assert {t.lead_office.code for t in Task.objects.filter(plan=plan, field__number="IX")} == {"SNV-TDKT"}
    assert Task.objects.filter(plan=plan, field__number="VI").first().lead_office.code == "SNV-VP"


def test_quy_ii_iii_is_due_at_the_end_of_q3_and_overdue_after_it(plan, user):
    services.import_tasks(user("cv.tcbc"), plan, _parse(plan).as_import())
    task = Task.objects.filter(plan=plan, deadline_text="Quý II, III").first()
    assert task.due_date == D(2023, 9, 30)
    leader = user("giamdoc")
    assert task not in selectors.overdue_tasks(leader, today=D(2023, 9, 30))
    assert task in selectors.overdue_tasks(leader, today=D(2023, 10, 1))
    assert task in selectors.tasks(plan, overdue=True, today=D(2023, 10, 1))
    assert task in selectors.due_soon_tasks(leader, today=D(2023, 9, 20))
    # open-ended deadlines are never overdue
    assert not selectors.tasks(plan, overdue=True, today=D(2030, 1, 1)).filter(deadline_text="Thường xuyên").exists()
    # done, it leaves the list
    services.follow_task(user("quantri"), task, status=Status.DONE, text="Đã hoàn thành.", on=D(2023, 10, 5))
    assert task not in selectors.overdue_tasks(leader, today=D(2023, 10, 6))


def test_an_unknown_office_is_a_problem_naming_the_row(plan):
    rows = appendix_rows()
    number, cells = rows[5]
    rows[5] = (number, cells[:4] + ["Phòng Không Có"] + cells[5:])
    parsed = _parse(plan, rows)
    assert [(p.row, p.column) for p in parsed.problems] == [(number, "Đơn vị chủ trì")]
    assert "Phòng Không Có" in parsed.problems[0].message


def test_a_stated_count_that_differs_is_a_warning(plan):
    fields = [("I", "Lĩnh vực Văn phòng", 16, "Văn phòng Sở")]
    rows = appendix_rows(fields)
    number, cells = rows[3]
    rows[3] = (number, ["I", "Lĩnh vực Văn phòng (17 nhiệm vụ)"] + cells[2:])  # the appendix says 17, lists 16
    parsed = _parse(plan, rows)
    assert parsed.problems == []
    assert len(parsed.warnings) == 1 and "17" in parsed.warnings[0].message and "16" in parsed.warnings[0].message
    assert parsed.sections[0].name == "Lĩnh vực Văn phòng"


def test_a_file_without_the_header_is_refused(plan):
    parsed = _parse(plan, [(1, ["Số", "Việc"]), (2, ["1", "Một việc"])])
    assert parsed.problems and "STT" in parsed.problems[0].message


def test_a_bad_row_saves_nothing(plan, user):
    sections = _parse(plan).as_import()
    sections[-1][2][-1]["content"] = "Nội dung có ký tự \x1b lạ"
    with pytest.raises(services.PlansError) as error:
        services.import_tasks(user("cv.tcbc"), plan, sections)
    assert "nội dung nhiệm vụ" in str(error.value)
    assert not Task.objects.filter(plan=plan).exists() and not plan.fields.exists()


def test_a_plan_with_tasks_is_not_imported_into(plan, user):
    sections = _parse(plan).as_import()
    services.import_tasks(user("cv.tcbc"), plan, sections)
    with pytest.raises(services.PlansError, match="đã có nhiệm vụ"):
        services.import_tasks(user("cv.tcbc"), plan, sections)
    assert Task.objects.filter(plan=plan).count() == 145


def test_only_staff_of_the_so_import(plan, user):
    sections = _parse(plan).as_import()
    for username in ("giamdoc", "cb.soyte"):
        with pytest.raises(services.NotAllowed):
            services.import_tasks(user(username), plan, sections)
    assert not Task.objects.filter(plan=plan).exists()


def test_the_demo_plan(province):
    plan = Plan.objects.get(unit=province["SNV"], year=2022)
    fields = selectors.field_counts(plan, today=D(2023, 1, 1))
    assert len(fields) == 9 and sum(f.total for f in fields) == 30
    assert sum(f.overdue for f in fields) > 0  # late tasks stay on the overdue list
    assert Task.objects.get(plan=plan, deadline_text="Quý II, III", field__number="III").due_date == D(2022, 9, 30)
