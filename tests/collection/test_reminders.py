"""Deadline reminders: in-portal notifications and e-mails to the unit's officers, once per form
and kind, "sắp đến hạn" before the deadline and "quá hạn" after it; a daily celery beat task."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from collection import reminders, services, tasks
from collection.models import DataElement, DataSet, Status
from core.models import Notification, Role

pytestmark = pytest.mark.django_db

D = datetime.date
# 2021-H1 ends 14/6/2021; six-month deadline 5 days later: 19/6/2021. CCHC-DV locks 30 days after.
DEADLINE = D(2021, 6, 19)


@pytest.fixture
def people(make_user, in_2021):
    vithanh = make_user("VITHANH", Role.OFFICER)
    vithanh.email = "hong@vithanh.example"
    vithanh.save()
    no_mail = make_user("VITHANH", Role.OFFICER, username="khong-thu")
    commune = make_user("VITHANH-HOALUU", Role.OFFICER)
    commune.email = "tam@hoaluu.example"
    commune.save()
    staff = make_user("SNV-CCHC", Role.STAFF)
    staff.email = "cv@snv.example"
    staff.save()
    return {"vithanh": vithanh, "no_mail": no_mail, "commune": commune, "staff": staff}


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """E-mails leave when the transaction commits: run the callbacks as a commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def only(data_set_codes):
    DataSet.objects.exclude(code__in=data_set_codes).update(is_active=False)


def test_due_soon_notifies_each_officer_of_the_unit_and_emails_those_with_an_address(province, h1, people, commit):
    only(["CCHC-DV"])
    with commit():
        result = reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=2))
    vithanh_notes = Notification.objects.filter(user=people["vithanh"])
    assert vithanh_notes.count() == 1
    note = vithanh_notes.get()
    assert note.title == "Sắp đến hạn gửi báo cáo: Báo cáo kết quả cải cách hành chính của đơn vị"
    assert "Thành phố Vị Thanh" in note.body and "6 tháng đầu năm 2021" in note.body
    assert "19/06/2021" in note.body and "còn 2 ngày" in note.body
    assert note.link == "/so-lieu/CCHC-DV/VITHANH/2021-H1/" and note.read_at is None
    assert Notification.objects.filter(user=people["no_mail"]).count() == 1
    # The commune officer is reminded of the commune's own form, not the district's.
    commune_notes = Notification.objects.filter(user=people["commune"])
    assert [n.link for n in commune_notes] == ["/so-lieu/CCHC-DV/VITHANH-HOALUU/2021-H1/"]
    # Staff are not reporters.
    assert not Notification.objects.filter(user=people["staff"]).exists()
    assert result["notifications"] == 3 and result["emails"] == 2
    assert result["forms"] >= 2  # every unit still to report, officers or not
    assert sorted(m.to[0] for m in mail.outbox) == ["hong@vithanh.example", "tam@hoaluu.example"]
    message = next(m for m in mail.outbox if m.to == ["hong@vithanh.example"])
    assert message.subject == note.title
    assert note.body in message.body and "/so-lieu/CCHC-DV/VITHANH/2021-H1/" in message.body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_email_links_are_absolute_with_the_portal_address(province, h1, people, settings, commit):
    settings.PORTAL_BASE_URL = "https://congbaocao.snv.example.gov.vn/"
    only(["CCHC-DV"])
    with commit():
        reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=2))
    message = next(m for m in mail.outbox if m.to == ["hong@vithanh.example"])
    assert "https://congbaocao.snv.example.gov.vn/so-lieu/CCHC-DV/VITHANH/2021-H1/" in message.body
    # The in-portal notification keeps the relative link.
    assert Notification.objects.filter(user=people["vithanh"]).get().link == "/so-lieu/CCHC-DV/VITHANH/2021-H1/"


def test_reminders_are_idempotent(province, h1, people, commit):
    only(["CCHC-DV"])
    with commit():
        first = reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=3))
    assert first["notifications"] == 3
    with commit():
        again = reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=3))
        next_day = reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=2))
    assert again["notifications"] == next_day["notifications"] == 0
    assert again["emails"] == next_day["emails"] == 0
    assert Notification.objects.count() == 3 and len(mail.outbox) == 2


def test_too_early_nothing_is_sent(province, h1, people):
    only(["CCHC-DV"])
    result = reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=4))
    assert result == {"forms": 0, "notifications": 0, "emails": 0}
    assert reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=10), days_before=10)["notifications"] == 3


def test_overdue_wording_and_a_second_notification_kind(province, h1, people, commit):
    only(["CCHC-DV"])
    with commit():
        reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=1))
        reminders.remind_deadlines(today=DEADLINE + datetime.timedelta(days=6))
        reminders.remind_deadlines(today=DEADLINE + datetime.timedelta(days=7))  # still once
    notes = list(Notification.objects.filter(user=people["vithanh"]).order_by("id"))
    assert [n.title.split(":")[0] for n in notes] == ["Sắp đến hạn gửi báo cáo", "Quá hạn gửi báo cáo"]
    overdue = notes[1]
    assert "Đã quá hạn gửi biểu mẫu CCHC-DV" in overdue.body and "6 ngày" in overdue.body
    assert "hạn gửi ngày 19/06/2021" in overdue.body
    assert "Đề nghị đơn vị khẩn trương hoàn thành và gửi báo cáo." in overdue.body
    assert "Sau ngày 19/07/2021 biểu mẫu sẽ bị khóa nhập liệu." in overdue.body
    assert mail.outbox[-1].subject.startswith("Quá hạn gửi báo cáo")


def test_units_that_sent_are_not_reminded_and_returned_forms_are_with_the_reason(province, h1, people):
    only(["CCHC-DV"])
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None  # 2021-H1 must still be open for entry today to submit it
    ds.save()
    hs = DataElement.objects.get(code="HS_TIEP_NHAN")
    district = services.get_submission(ds, province["VITHANH"], h1)
    services.save_values(district, people["vithanh"], {(hs, None): {"value": "10"}}, expected_version=0)
    services.submit(district, people["vithanh"])
    commune = services.get_submission(ds, province["VITHANH-HOALUU"], h1)
    services.save_values(commune, people["commune"], {(hs, None): {"value": "3"}}, expected_version=0)
    services.submit(commune, people["commune"])
    services.return_submission(commune, people["staff"], "Thiếu số hồ sơ trực tuyến.")

    reminders.remind_deadlines(today=DEADLINE - datetime.timedelta(days=1))
    assert not Notification.objects.filter(user=people["vithanh"]).exists()
    note = Notification.objects.get(user=people["commune"], key__startswith="han:")
    assert "Báo cáo đang bị trả lại, lý do: Thiếu số hồ sơ trực tuyến." in note.body
    commune.refresh_from_db()
    assert commune.status == Status.RETURNED


def test_expired_forms_and_old_periods_are_left_alone(province, h1, people):
    only(["CCHC-DV"])
    # CCHC-DV locks 30 days after the deadline: no point reminding then.
    assert reminders.remind_deadlines(today=DEADLINE + datetime.timedelta(days=31))["notifications"] == 0
    # Without expiry, a form overdue for more than the grace period is not reminded either.
    DataSet.objects.filter(code="CCHC-DV").update(expiry_days=None)
    late = reminders.OVERDUE_GRACE_DAYS + 1
    assert reminders.remind_deadlines(today=DEADLINE + datetime.timedelta(days=late))["notifications"] == 0


def test_closed_units_are_not_reminded(province, people):
    from core import services as core_services

    only(["CCHC-DV"])
    core_services.create_periods(2025)
    # 2025-H1 (deadline 19/6/2025): VITHANH still existed until 30/6/2025 …
    assert reminders.remind_deadlines(today=D(2025, 6, 17))["notifications"] == 3
    Notification.objects.all().delete()
    # … but on 1/7/2025 the districts were abolished: nobody is reminded for a unit that is gone.
    reminders.remind_deadlines(today=D(2025, 7, 2))
    assert not Notification.objects.filter(user=people["vithanh"]).exists()


def test_celery_task_runs_the_service_and_is_scheduled_daily_at_seven(province, people):
    result = tasks.send_deadline_reminders.delay(days_before=3).get()
    assert set(result) == {"forms", "notifications", "emails"}
    assert tasks.send_deadline_reminders.name == "collection.send_deadline_reminders"
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "collection.send_deadline_reminders")
    schedule = entry["schedule"]
    assert schedule.hour == {7} and schedule.minute == {0}


def test_review_notices_go_to_the_units_officers(province, h1, people):
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None
    ds.save()
    form = services.get_submission(ds, province["VITHANH"], h1)
    hs = DataElement.objects.get(code="HS_TIEP_NHAN")
    services.save_values(form, people["vithanh"], {(hs, None): {"value": "5"}}, expected_version=0)
    services.submit(form, people["vithanh"])
    form = services.return_submission(form, people["staff"], "Sai số liệu.")
    # The return itself told them (core.notifications); telling again sends nothing twice.
    assert reminders.notify_review(form, returned=True) == (0, 0)
    assert Notification.objects.filter(key__startswith=f"xet-duyet:tra-lai:{form.pk}:").count() == 2
    note = Notification.objects.get(user=people["vithanh"])
    assert note.title.startswith("Báo cáo bị trả lại") and "Lý do: Sai số liệu." in note.body
    assert not Notification.objects.filter(user=people["commune"]).exists()
