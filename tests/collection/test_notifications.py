"""Issue 16 item 1: the people who act are told — the submitter and the unit's officers when a form
is returned or approved, the reviewing office when one arrives — through the one service
(core.notifications), e-mailed after commit, never breaking the action; the notification page
(mark read, mark all read) and the unread count in the header."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from collection import services
from collection.models import DataElement, DataSet
from core import notifications
from core.models import Notification, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, in_2021):
    district = make_user("VITHANH", Role.OFFICER)  # writes its communes' forms too
    district.email = "hong@vithanh.example"
    district.save()
    commune = make_user("VITHANH-HOALUU", Role.OFFICER)
    commune.email = "tam@hoaluu.example"
    commune.save()
    reviewer = make_user("SNV-CCHC", Role.STAFF)
    reviewer.email = "cv@snv.example"
    reviewer.save()
    other_office = make_user("SNV-TCBC", Role.STAFF)
    return {"district": district, "commune": commune, "reviewer": reviewer, "other_office": other_office}


@pytest.fixture
def commune_form(province, h1):
    ds = DataSet.objects.get(code="CCHC-DV")
    ds.expiry_days = None
    ds.save()
    return services.get_submission(ds, province["VITHANH-HOALUU"], h1)


def send(form, user):
    el = DataElement.objects.get(code="HS_TIEP_NHAN")
    services.save_values(form, user, {(el, None): {"value": "5"}}, expected_version=form.version)
    return services.submit(form, user)


def notes(user, prefix):
    return list(Notification.objects.filter(user=user, key__startswith=prefix))


def test_the_reviewing_office_is_told_when_a_form_arrives_and_the_link_opens_it(people, commune_form, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(commune_form, people["district"])
    [note] = notes(people["reviewer"], f"xet-duyet:den:{commune_form.pk}:")
    assert note.title == "Báo cáo mới chờ xét duyệt: Báo cáo kết quả cải cách hành chính của đơn vị"
    assert commune_form.unit.name in note.body and "6 tháng đầu năm 2021" in note.body
    assert note.link == "/so-lieu/CCHC-DV/VITHANH-HOALUU/2021-H1/"
    # Only the office responsible for the data set; never the submitter.
    assert not Notification.objects.filter(user=people["other_office"]).exists()
    assert not notes(people["district"], "xet-duyet:den:")
    assert [m.to for m in mail.outbox] == [["cv@snv.example"]]


def test_a_return_tells_the_submitter_and_the_units_officers_once(people, commune_form):
    send(commune_form, people["district"])
    form = services.return_submission(commune_form, people["reviewer"], "Thiếu số hồ sơ trực tuyến.")
    for who in ("district", "commune"):  # the district officer sent it; the commune's officer owns it
        [note] = notes(people[who], f"xet-duyet:tra-lai:{form.pk}:")
        assert note.title.startswith("Báo cáo bị trả lại") and "Lý do: Thiếu số hồ sơ trực tuyến." in note.body
        assert note.link == "/so-lieu/CCHC-DV/VITHANH-HOALUU/2021-H1/"
    assert not notes(people["reviewer"], "xet-duyet:tra-lai:")
    # Resubmitted, the reviewers are told again («gửi lại»); approved, the new submitter (the
    # commune's officer) is told, the district officer who no longer sent it is not.
    send(form, people["commune"])
    arrivals = Notification.objects.filter(user=people["reviewer"], key__startswith=f"xet-duyet:den:{form.pk}:")
    assert arrivals.count() == 2 and arrivals.first().title.startswith("Báo cáo gửi lại")
    services.approve(form, people["reviewer"])
    [approved] = notes(people["commune"], f"xet-duyet:phe-duyet:{form.pk}:")
    assert approved.title.startswith("Báo cáo đã được phê duyệt")
    assert not notes(people["district"], f"xet-duyet:phe-duyet:{form.pk}:")


def test_mail_goes_only_after_commit_and_a_failing_mail_server_never_breaks_the_return(people, commune_form, monkeypatch,
                                                                                       django_capture_on_commit_callbacks):
    send(commune_form, people["district"])
    mail.outbox.clear()
    # Rolled back: nobody is told, in the portal or by mail.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.return_submission(commune_form, people["reviewer"], "Sai.")
            raise RuntimeError
    assert not Notification.objects.filter(key__startswith="xet-duyet:tra-lai:").exists() and not mail.outbox
    assert not callbacks  # a rolled-back savepoint drops its e-mails

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        form = services.return_submission(commune_form, people["reviewer"], "Sai số liệu.")
    assert form.status == "returned"
    assert len(notes(people["commune"], f"xet-duyet:tra-lai:{form.pk}:")) == 1 and not mail.outbox


def test_one_service_is_idempotent_by_key(people):
    msg = notifications.Message(people["commune"], "Tiêu đề", "Nội dung", "/so-lieu/", "thu:1")
    assert notifications.deliver([msg, msg]) == (1, 1)
    assert notifications.deliver([msg]) == (0, 0)
    assert Notification.objects.filter(user=people["commune"], key="thu:1").count() == 1


def test_notification_page_marks_read_one_or_all_and_the_header_counts_unread(client, people):
    user = people["commune"]
    for i in range(3):
        notifications.deliver([notifications.Message(user, f"Thông báo {i}", "", "/so-lieu/", f"k:{i}")])
    client.force_login(user)
    page = client.get(reverse("collection:notifications")).content.decode()
    assert 'data-testid="header-unread">3' in page and page.count('data-testid="notification-row"') == 3
    first = Notification.objects.filter(user=user).order_by("id").first()
    client.post(reverse("collection:notification_read", args=[first.pk]), {"next": reverse("collection:notifications")})
    first.refresh_from_db()
    assert first.read_at is not None
    page = client.get(reverse("collection:notifications") + "?loc=chua-doc").content.decode()
    assert 'data-testid="header-unread">2' in page and page.count('data-testid="notification-row"') == 2
    # Opening follows the link and marks it read; someone else's notification is not found.
    second = Notification.objects.filter(user=user, read_at__isnull=True).first()
    assert client.post(reverse("collection:notification_open", args=[second.pk])).url == "/so-lieu/"
    assert client.post(reverse("collection:notification_read", args=[second.pk + 999])).status_code == 404
    response = client.post(reverse("collection:notifications_read_all"), {"next": reverse("collection:notifications")})
    assert response.url == reverse("collection:notifications")
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert 'data-testid="header-unread"' not in client.get(reverse("collection:notifications")).content.decode()
