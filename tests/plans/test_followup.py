"""Directives (notice, items, reports, notifications, reminders), task follow-up rights, and the
report provider and indicators of the plans app."""

import datetime

import pytest
from django.utils import timezone

from core.models import Notification, Period
from core.reporting import ReportContext, Table, get_indicator, get_provider
from plans import selectors, services
from plans.models import DirectiveItem, Plan, Status, Task

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def notice(province, user):
    return services.create_directive(
        user("cv.tcbc"), unit=province["SNV"], number="215", symbol="TB-UBND", issued_on=D(2021, 9, 20),
        issuer="Ủy ban nhân dân tỉnh Hậu Giang", signer="Lê Tuấn Phú",
        subject="Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Nội vụ",
    )


def _item(notice, user, unit, deadline, content="Tham mưu sắp xếp, kiện toàn tổ chức bộ máy."):
    return services.save_directive_item(user("cv.tcbc"), notice, content=content, assignee=unit, deadline=deadline)


def test_a_notice_is_a_document_with_its_signer(notice):
    assert notice.document.short_citation() == "Thông báo số 215/TB-UBND"
    assert notice.signer == "Lê Tuấn Phú"


def test_the_same_notice_twice_is_refused(notice, province, user):
    with pytest.raises(services.PlansError, match="đã được nhập"):
        services.create_directive(user("cv.tcbc"), unit=province["SNV"], number="215", symbol="TB-UBND",
                                  issued_on=D(2021, 9, 20), issuer="Ủy ban nhân dân tỉnh Hậu Giang", signer="",
                                  subject="Kết luận")


def test_the_assignee_is_told_once_when_assigned(notice, province, user):
    item = _item(notice, user, province["SNV-CCHC"], D(2021, 10, 30))
    mine = Notification.objects.filter(user=user("cv.cchc"), key__startswith=f"chi-dao:giao:{item.pk}:")
    assert mine.count() == 1 and "nội dung 1 của Thông báo số 215/TB-UBND" in mine.get().title
    services.save_directive_item(user("cv.tcbc"), notice, item=item, content=item.content + " (sửa)",
                                 assignee=item.assignee, deadline=item.deadline)
    assert mine.count() == 1  # an edit keeping the assignee tells nobody again
    # a department's item is told to its officers
    theirs = _item(notice, user, province["SYT"], D(2021, 11, 30))
    assert Notification.objects.filter(user=user("cb.soyte"), key__startswith=f"chi-dao:giao:{theirs.pk}:").count() == 1


def test_overdue_items_and_their_reminders(notice, province, user):
    today = D(2021, 11, 1)
    late = _item(notice, user, province["SNV-CCHC"], D(2021, 10, 30))
    soon = _item(notice, user, province["SNV-CCHC"], D(2021, 11, 5), content="Tập trung cao cho công tác CCHC.")
    later = _item(notice, user, province["SNV-CCHC"], D(2021, 12, 31), content="Nâng cấp phần mềm.")
    assert list(selectors.overdue_directive_items(user("giamdoc"), today=today).filter(directive=notice)) == [late]
    assert soon in selectors.due_soon_directive_items(user("giamdoc"), today=today)

    result = services.remind_directives(today=today)
    keys = set(Notification.objects.filter(user=user("cv.cchc")).values_list("key", flat=True))
    assert f"chi-dao:qua-han:{late.pk}:2021-10-30" in keys
    assert f"chi-dao:sap-den-han:{soon.pk}:2021-11-05" in keys
    assert not any(k.split(":")[1] != "giao" and k.split(":")[2] == str(later.pk) for k in keys if k.startswith("chi-dao:"))
    assert result["notifications"] >= 2
    again = services.remind_directives(today=today)
    assert again["notifications"] == 0  # idempotent: a re-run tells nobody twice


def test_the_daily_beat_task_only_calls_the_reminder_service(notice, province, user, settings):
    from plans import tasks

    assert settings.CELERY_BEAT_SCHEDULE["nhac-han-chi-dao"]["task"] == "plans.remind_directives"
    late = _item(notice, user, province["SNV-TDKT"], timezone.localdate() - datetime.timedelta(days=1))
    result = tasks.remind_directives.delay().get()
    assert result["notifications"] >= 1
    assert Notification.objects.filter(user=user("cv.tdkt"), key__startswith=f"chi-dao:qua-han:{late.pk}:").count() == 1
    assert tasks.remind_directives.delay().get()["notifications"] == 0


def test_the_assignee_reports_progress_and_the_overdue_list_changes(notice, province, user):
    late = _item(notice, user, province["SNV-CCHC"], D(2021, 10, 30))
    with pytest.raises(services.NotAllowed):
        services.report_directive(user("cv.tcbc"), late, status=Status.DONE, text="Xong.")  # not the assignee
    with pytest.raises(services.NotAllowed):
        services.report_directive(user("giamdoc"), late, status=Status.DONE, text="Xong.")
    services.report_directive(user("cv.cchc"), late, status=Status.IN_PROGRESS, text="Đang thực hiện.", on=D(2021, 11, 1))
    assert late in selectors.overdue_directive_items(user("giamdoc"), today=D(2021, 11, 2))
    services.report_directive(user("cv.cchc"), late, status=Status.DONE, text="Đã hoàn thành.", on=D(2021, 11, 2))
    late.refresh_from_db()
    assert late.completed_on == D(2021, 11, 2) and late.reports.count() == 2
    assert late not in selectors.overdue_directive_items(user("giamdoc"), today=D(2021, 11, 3))


def test_an_officer_sees_only_the_items_assigned_to_its_unit(notice, province, user):
    mine = _item(notice, user, province["SYT"], D(2021, 10, 1))
    other = _item(notice, user, province["SNV-CCHC"], D(2021, 10, 1))
    assert set(selectors.overdue_directive_items(user("cb.soyte"), today=D(2021, 11, 1))) == {mine}
    assert other not in selectors.overdue_directive_items(user("cb.vithanh"), today=D(2021, 11, 1))
    assert not selectors.overdue_directive_items(user("cb.vithanh"), today=D(2021, 11, 1)).filter(pk=mine.pk).exists()
    services.report_directive(user("cb.soyte"), mine, status=Status.DONE, text="Sở Y tế đã hoàn thành.")


def test_the_demo_notice_has_overdue_items_today(province, user):
    overdue = list(selectors.overdue_directive_items(user("giamdoc")))
    assert len(overdue) == 2
    assert {i.assignee.code for i in overdue} == {"SNV-TCBC", "SNV-CCHC"}
    assert DirectiveItem.objects.filter(status=Status.DONE).count() == 1


def test_only_the_lead_office_follows_its_task(province, user):
    task = Task.objects.filter(plan__year=2022, lead_office__code="SNV-CCHC").first()
    with pytest.raises(services.NotAllowed):
        services.follow_task(user("cv.tcbc"), task, status=Status.DONE, text="Xong.")
    with pytest.raises(services.NotAllowed):
        services.follow_task(user("giamdoc"), task, status=Status.DONE, text="Xong.")
    services.follow_task(user("cv.cchc"), task, status=Status.DONE, text="Xong.", on=D(2022, 12, 1))
    task.refresh_from_db()
    assert task.status == Status.DONE and task.completed_on == D(2022, 12, 1)


# ---------------------------------------------------------------------------------------------
# Report provider and indicators
# ---------------------------------------------------------------------------------------------


def _ctx(province, code, **kwargs):
    return ReportContext(period=Period.objects.get(code=code), unit=province["SNV"], root=province["HG"], **kwargs)


def test_the_annual_report_prints_the_next_years_plan(province):
    blocks = get_provider("ke-hoach.nhiem-vu-trong-tam")(_ctx(province, "2021-Y"))
    sentence, table = blocks
    assert isinstance(table, Table)
    assert table.columns == ["STT", "Nội dung", "Thời gian hoàn thành", "Sản phẩm", "Đơn vị chủ trì"]
    assert table.caption == "Phụ lục: 30 NHIỆM VỤ TRỌNG TÂM CÔNG TÁC NGÀNH NỘI VỤ NĂM 2022"
    assert table.body[0] == ["I", "Lĩnh vực Công chức, viên chức (04 nhiệm vụ)", "", "", ""]
    assert table.body[1][0] == "1" and table.body[1][2] == "Quý I" and table.body[1][4] == "Phòng CCVC"
    assert ["VIII", "Lĩnh vực Cải cách hành chính - Văn thư lưu trữ (03 nhiệm vụ)", "", "", ""] in table.body
    assert len(table.body) == 30 + 9
    assert sentence.text.startswith("Năm 2022, ngành Nội vụ tập trung thực hiện 30 nhiệm vụ trọng tâm thuộc 09 lĩnh vực, gồm: "
                                    "lĩnh vực Công chức, viên chức 04 nhiệm vụ; lĩnh vực Thanh tra 04 nhiệm vụ;")


def test_a_six_month_report_prints_its_own_years_plan_and_nothing_without_one(province):
    assert get_provider("ke-hoach.nhiem-vu-trong-tam")(_ctx(province, "2021-H1")) == []
    blocks = get_provider("ke-hoach.nhiem-vu-trong-tam")(_ctx(province, "2022-H1"))
    assert blocks[1].caption.endswith("NĂM 2022")


def test_a_report_issued_by_a_unit_outside_the_so_prints_no_plan(province):
    ctx = ReportContext(period=Period.objects.get(code="2021-Y"), unit=province["VITHANH"], root=province["VITHANH"])
    assert get_provider("ke-hoach.nhiem-vu-trong-tam")(ctx) == []


def test_the_province_rewords_the_caption_and_the_sentence(province):
    wording = {"ke-hoach.nhiem-vu-trong-tam.tieu-de": "Phụ lục {text:nam}: các nhiệm vụ trọng tâm ({count:n})",
               "ke-hoach.nhiem-vu-trong-tam.so-luong": "Có {count:n|nhiệm vụ} trong năm {text:nam}."}
    sentence, table = get_provider("ke-hoach.nhiem-vu-trong-tam")(_ctx(province, "2021-Y", wording=wording))
    assert table.caption == "Phụ lục 2022: các nhiệm vụ trọng tâm (30)"
    assert sentence.text == "Có 30 nhiệm vụ trong năm 2022."


def test_indicators_overdue_tasks_and_done_percent(province):
    ctx = _ctx(province, "2022-Y")  # ends 14/12/2022: as of that day
    plan = Plan.objects.get(year=2022)
    stats = selectors.task_stats(plan, today=Period.objects.get(code="2022-Y").end)
    assert get_indicator("ke-hoach.nhiem-vu-qua-han").value(ctx) == stats["overdue"] > 0
    done = Task.objects.filter(plan=plan, status=Status.DONE).count()
    assert get_indicator("ke-hoach.ty-le-hoan-thanh").value(ctx) == round(100 * done / 30, 2)
    assert get_indicator("ke-hoach.nhiem-vu-qua-han").value(_ctx(province, "2021-Y")) is None  # no 2021 plan
    assert timezone.localdate() > D(2022, 12, 14)


def test_a_key_task_tells_its_lead_office_when_assigned_once_and_when_overdue(province, user):
    plan = Plan.objects.filter(year=2022).first()
    field = plan.fields.first()
    task = services.save_task(user("cv.tcbc"), plan, field=field, content="Rà soát vị trí việc làm.",
                              deadline_text="Tháng 3/2022", lead_office=province["SNV-CCHC"])
    mine = Notification.objects.filter(user=user("cv.cchc"), key=f"nhiem-vu:giao:{task.pk}:{province['SNV-CCHC'].pk}")
    assert mine.count() == 1 and mine.get().link == f"/ke-hoach/nhiem-vu/{task.pk}/"
    assert "Được giao chủ trì nhiệm vụ" in mine.get().title
    services.save_task(user("cv.tcbc"), plan, field=field, task=task, content="Rà soát vị trí việc làm (sửa).",
                       deadline_text="Tháng 3/2022", lead_office=province["SNV-CCHC"])
    assert mine.count() == 1  # an edit keeping the lead office tells nobody again
    result = services.remind_directives(today=D(2022, 4, 5))
    late = Notification.objects.get(user=user("cv.cchc"), key=f"nhiem-vu:qua-han:{task.pk}:{task.due_date.isoformat()}")
    assert late.title.startswith("Quá hạn: nhiệm vụ") and "đã quá" in late.body and result["tasks"] >= 1
    assert services.remind_directives(today=D(2022, 4, 5))["notifications"] == 0
    assert not Notification.objects.filter(user=user("cv.tcbc"), key__startswith=f"nhiem-vu:qua-han:{task.pk}:").exists()
