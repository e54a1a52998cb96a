"""The plans pages and who may use them: anonymous (to the login page), an officer of another
unit (404: not in its reach), a leader (reads, never writes: 403), the Sở's staff (edit the plan
and notices), the lead office's / assigned office's staff (status, notes, progress reports)."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Directive, DirectiveItem, Plan, Status, Task

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def demo(province):
    plan = Plan.objects.get(year=2022)
    directive = Directive.objects.get()
    return {
        "plan": plan,
        "cchc_task": Task.objects.filter(plan=plan, lead_office__code="SNV-CCHC").order_by("order").first(),
        "directive": directive,
        "cchc_item": DirectiveItem.objects.filter(directive=directive, assignee__code="SNV-CCHC").order_by("number").first(),
    }


def _urls(demo):
    plan, task, directive, item = demo["plan"], demo["cchc_task"], demo["directive"], demo["cchc_item"]
    return {
        "plan_list": reverse("plans:plan_list"),
        "overdue": reverse("plans:overdue"),
        "plan_detail": reverse("plans:plan_detail", args=[plan.pk]),
        "task_create": reverse("plans:task_create", args=[plan.pk]),
        "task_edit": reverse("plans:task_edit", args=[plan.pk, task.pk]),
        "task_detail": reverse("plans:task_detail", args=[task.pk]),
        "directive_list": reverse("plans:directive_list"),
        "directive_detail": reverse("plans:directive_detail", args=[directive.pk]),
        "item_report": reverse("plans:item_report", args=[item.pk]),
    }


def test_anonymous_goes_to_the_login_page(client, demo):
    for name, url in _urls(demo).items():
        response = client.post(url) if name == "item_report" else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_an_officer_of_another_unit_sees_nothing_of_the_so(login, demo):
    client = login("cb.vithanh")
    urls = _urls(demo)
    body = client.get(urls["plan_list"]).content.decode()
    assert demo["plan"].title not in body
    assert demo["directive"].document.reference not in client.get(urls["directive_list"]).content.decode()
    for name in ("plan_detail", "task_create", "task_edit", "task_detail", "directive_detail"):
        assert client.get(urls[name]).status_code == 404, name
    assert client.post(urls["item_report"], {}).status_code == 404
    assert client.post(urls["plan_list"], {"year": 2030, "title": "X"}).status_code == 403
    assert client.post(urls["directive_list"], {"number": "1"}).status_code == 403
    assert "Không có nhiệm vụ quá hạn" in client.get(urls["overdue"]).content.decode()


def test_a_leader_reads_everything_and_writes_nothing(login, demo):
    client = login("giamdoc")
    urls = _urls(demo)
    for name in ("plan_list", "overdue", "plan_detail", "task_detail", "directive_list", "directive_detail"):
        assert client.get(urls[name]).status_code == 200, name
    detail = client.get(urls["plan_detail"]).content.decode()
    assert 'data-testid="task-add"' not in detail and 'data-testid="follow-form"' not in client.get(urls["task_detail"]).content.decode()
    assert client.get(urls["task_create"]).status_code == 403
    assert client.get(urls["task_edit"]).status_code == 403
    assert client.post(urls["task_detail"], {"status": Status.DONE, "text": "Xong."}).status_code == 403
    assert client.post(urls["plan_list"], {"year": 2030, "title": "Kế hoạch 2030"}).status_code == 403
    assert client.post(urls["directive_detail"], {"content": "X", "assignee": "SNV-CCHC"}).status_code == 403
    assert client.post(urls["item_report"], {f"bc{demo['cchc_item'].pk}-status": Status.DONE}).status_code == 403
    assert not demo["cchc_item"].reports.filter(author__username="giamdoc").exists()


def test_the_plan_page_counts_per_field_and_filters(login, demo):
    client = login("giamdoc")
    url = _urls(demo)["plan_detail"]
    body = client.get(url).content.decode()
    assert 'data-field="Lĩnh vực Công chức, viên chức"' in body and 'data-testid="field-totals"' in body
    cchc = demo["cchc_task"].lead_office
    only = client.get(url, {"office": cchc.code}).context["tasks"]
    assert only and all(t.lead_office_id == cchc.pk for t in only)
    overdue = client.get(url, {"overdue": "on"}).context["tasks"]
    assert overdue and all(t.is_overdue for t in overdue)
    done = client.get(url, {"status": Status.DONE}).context["tasks"]
    assert done and all(t.status == Status.DONE for t in done)
    # a bad filter value falls back to everything, never a 500
    assert client.get(url, {"field": "x\x00", "status": "nope"}).status_code == 200


def test_staff_of_the_so_add_and_edit_tasks(login, demo):
    client = login("cv.tcbc")
    urls = _urls(demo)
    field = demo["plan"].fields.get(number="VII")
    response = client.post(urls["task_create"], {
        "field": field.pk, "content": "Tham mưu giao biên chế năm 2023", "deadline_text": "Quý II, III",
        "lead_office": "SNV-TCBC", "products": "Tờ trình",
    })
    assert response.status_code == 302
    task = Task.objects.get(content="Tham mưu giao biên chế năm 2023")
    assert task.due_date == D(2022, 9, 30) and task.field == field and task.number == "5"
    response = client.post(urls["task_create"], {"new_field": "Lĩnh vực Công tác thanh niên", "content": "Đối thoại",
                                                  "deadline_text": "Tháng 6, 12"})
    assert response.status_code == 302
    assert Task.objects.get(content="Đối thoại").due_date == D(2022, 12, 31)
    # a control character is refused with a Vietnamese message, nothing saved
    response = client.post(urls["task_edit"], {"field": field.pk, "content": "Sai\x1b"})
    assert response.status_code == 200 and "Nội dung" in response.content.decode()
    demo["cchc_task"].refresh_from_db()
    assert "\x1b" not in demo["cchc_task"].content


def test_only_the_lead_office_marks_its_task_done(login, demo):
    task = demo["cchc_task"]
    url = _urls(demo)["task_detail"]
    assert login("cv.tcbc").post(url, {"status": Status.DONE, "text": "Xong.", "on": "2022-12-01"}).status_code == 403
    client = login("cv.cchc")
    assert 'data-testid="follow-form"' in client.get(url).content.decode()
    response = client.post(url, {"status": Status.DONE, "text": "Đã hoàn thành.", "on": "2022-12-01"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Status.DONE and task.notes.filter(text="Đã hoàn thành.").exists()


def test_the_assigned_office_reports_progress(login, demo):
    item = demo["cchc_item"]
    urls = _urls(demo)
    prefix = f"bc{item.pk}"
    data = {f"{prefix}-status": Status.DONE, f"{prefix}-text": "Đã khắc phục các tiêu chí.", f"{prefix}-on": ""}
    assert login("cv.tcbc").post(urls["item_report"], data).status_code == 403  # another office
    client = login("cv.cchc")
    page = client.get(urls["directive_detail"]).content.decode()
    assert page.count('data-testid="report-form"') == DirectiveItem.objects.filter(
        directive=item.directive, assignee__code="SNV-CCHC").count()
    response = client.post(urls["item_report"], data)
    assert response.status_code == 302 and response["Location"].endswith(f"#noi-dung-{item.number}")
    item.refresh_from_db()
    assert item.status == Status.DONE and item.reports.get().author.username == "cv.cchc"
    # an empty report is refused with a message, nothing saved
    client.post(urls["item_report"], {f"{prefix}-status": Status.DONE, f"{prefix}-text": ""})
    assert item.reports.count() == 1


def test_an_officer_reports_on_an_item_assigned_to_its_unit(login, demo, province, user):
    from plans import services

    item = services.save_directive_item(user("cv.tcbc"), demo["directive"], content="Sở Y tế rà soát vị trí việc làm.",
                                        assignee=province["SYT"], deadline=D(2021, 12, 31))
    client = login("cb.soyte")
    url = reverse("plans:directive_detail", args=[demo["directive"].pk])
    page = client.get(url)
    assert page.status_code == 200 and len(page.context["items"]) == DirectiveItem.objects.filter(directive=demo["directive"]).count()
    prefix = f"bc{item.pk}"
    assert client.post(reverse("plans:item_report", args=[item.pk]),
                       {f"{prefix}-status": Status.IN_PROGRESS, f"{prefix}-text": "Đang rà soát."}).status_code == 302
    assert login("cb.vithanh").get(url).status_code == 404


def test_staff_enter_a_notice_and_its_items(login, demo):
    client = login("cv.tcbc")
    response = client.post(reverse("plans:directive_list"), {
        "number": "301", "symbol": "TB-UBND", "issued_on": "2022-03-01", "issuer": "Ủy ban nhân dân tỉnh Hậu Giang",
        "signer": "Đồng Văn Thanh", "subject": "Kết luận của Chủ tịch UBND tỉnh",
    })
    assert response.status_code == 302
    directive = Directive.objects.get(document__number="301")
    url = reverse("plans:directive_detail", args=[directive.pk])
    response = client.post(url, {"content": "Rà soát đề án vị trí việc làm.", "assignee": "SNV-TCBC", "deadline": "2022-06-30"})
    assert response.status_code == 302
    assert directive.items.get().assignee.code == "SNV-TCBC"
    assert client.post(url, {"content": "", "assignee": "SNV-TCBC"}).status_code == 200  # errors shown, no 500


def test_the_plan_page_queries_do_not_grow_with_its_tasks(login, demo, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans import services

    client = login("cv.cchc")
    url = _urls(demo)["plan_detail"]
    client.get(url)  # warm the session and the scope
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    field = demo["plan"].fields.get(number="VIII")
    for i in range(20):
        services.save_task(user("cv.tcbc"), demo["plan"], field=field, content=f"Nhiệm vụ thêm {i}",
                           deadline_text="Quý IV", lead_office=demo["cchc_task"].lead_office)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_notice_page_queries_do_not_grow_with_its_items_for_an_officer(login, demo, province, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans import services

    def add():
        services.save_directive_item(user("cv.tcbc"), demo["directive"], content="Sở Y tế thực hiện.",
                                     assignee=province["SYT"], deadline=D(2030, 1, 1))

    add()
    client = login("cb.soyte")
    url = reverse("plans:directive_detail", args=[demo["directive"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for _ in range(5):
        add()
    with CaptureQueriesContext(connection) as after:
        page = client.get(url)
    assert page.content.decode().count('data-testid="report-form"') == 6
    assert len(after.captured_queries) == len(before.captured_queries)
