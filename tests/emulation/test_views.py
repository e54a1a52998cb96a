"""Every /thi-dua/ page by role: anonymous, an officer of another unit, a leader (read-only), the
responsible office's staff (Ban TĐKT), another office's staff, the proposing officer."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from core.models import Notification, OrgUnit
from emulation import services
from emulation.models import AwardType, Occasion, Proposal, ProposalStatus, RecipientKind
from emulation.services import ItemData

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(logins):
    return services.file_proposal(
        logins["officer"], OrgUnit.objects.get(code="P-VITHANH"), title="Đề nghị khen thưởng năm 2025 của phường",
        occasion=Occasion.ANNUAL, achievement_period="năm 2025",
        items=[ItemData(AwardType.objects.get(code="bang-khen-chu-tich-tinh"), RecipientKind.INDIVIDUAL, "Lâm Thị Mộng")])


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


READ_PAGES = ["emulation:index", "emulation:proposals", "emulation:decisions", "emulation:clusters",
              "emulation:statistics", "emulation:statistics_xlsx"]


@pytest.mark.parametrize("name", READ_PAGES)
def test_anonymous_goes_to_the_login_page(client, province, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.parametrize("role", ["admin", "leader", "board", "staff_other", "officer", "officer_other"])
@pytest.mark.parametrize("name", READ_PAGES)
def test_every_role_reads_the_pages(client, logins, role, name):
    assert _get(client, logins[role], reverse(name)).status_code == 200


def test_a_user_without_a_role_is_refused(client, province, django_user_model):
    nobody = django_user_model.objects.create_user("khong.vai.tro", password="x")
    assert _get(client, nobody, reverse("emulation:index")).status_code == 403


def test_an_officer_sees_only_its_units_proposals(client, logins, proposal):
    url = reverse("emulation:proposal", args=[proposal.pk])
    assert _get(client, logins["officer"], url).status_code == 200
    assert _get(client, logins["officer_other"], url).status_code == 404
    listing = _get(client, logins["officer_other"], reverse("emulation:proposals")).content.decode()
    assert proposal.title not in listing
    assert proposal.title in _get(client, logins["officer"], reverse("emulation:proposals")).content.decode()
    for role in ("board", "leader", "admin", "staff_other"):
        assert _get(client, logins[role], url).status_code == 200, role


@pytest.mark.parametrize("role", ["leader", "staff_other", "officer", "officer_other"])
def test_only_the_board_returns_or_accepts(client, logins, proposal, role):
    client.force_login(logins[role])
    expected = 404 if role == "officer_other" else 403
    r = client.post(reverse("emulation:proposal_return", args=[proposal.pk]), {"reason": "Không được"})
    assert r.status_code == expected
    r = client.post(reverse("emulation:proposal_accept", args=[proposal.pk]),
                    {"number": "1", "symbol": "QĐ-UBND", "decided_on": "2026-02-01", "level": "tinh",
                     "authority": "Chủ tịch Ủy ban nhân dân tỉnh"})
    assert r.status_code == expected
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


def test_anonymous_cannot_post(client, proposal):
    r = client.post(reverse("emulation:proposal_return", args=[proposal.pk]), {"reason": "x"})
    assert r.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


def test_filing_page_by_role(client, logins):
    assert _get(client, logins["officer"], reverse("emulation:proposal_create")).status_code == 200
    assert _get(client, logins["leader"], reverse("emulation:proposal_create")).status_code == 403


def _form(unit, rows, **extra):
    data = {"unit": unit.pk, "title": "Đề nghị tặng Bằng khen", "occasion": "tong_ket",
            "achievement_period": "năm 2025", "doi_tuong-TOTAL_FORMS": str(len(rows)), "doi_tuong-INITIAL_FORMS": "0",
            **extra}
    for i, row in enumerate(rows):
        for k, v in row.items():
            data[f"doi_tuong-{i}-{k}"] = v
    return data


def test_the_whole_flow_over_http(client, logins):
    officer, board = logins["officer"], logins["board"]
    unit = OrgUnit.objects.get(code="P-VITHANH")
    bk = AwardType.objects.get(code="bang-khen-chu-tich-tinh")
    client.force_login(officer)
    # A bad row is refused in Vietnamese, nothing stored.
    r = client.post(reverse("emulation:proposal_create"), _form(unit, [
        {"award_type": AwardType.objects.get(code="co-thi-dua-tinh").pk, "recipient_kind": "ca_nhan",
         "recipient_name": "Tô Văn Bé"}]))
    assert r.status_code == 200 and "không tặng cho cá nhân" in r.content.decode()
    assert not Proposal.objects.filter(title="Đề nghị tặng Bằng khen").exists()
    # Another unit than its own is not a choice.
    r = client.post(reverse("emulation:proposal_create"), _form(OrgUnit.objects.get(code="SYT"), [
        {"award_type": bk.pk, "recipient_kind": "ca_nhan", "recipient_name": "Tô Văn Bé"}]))
    assert r.status_code == 200 and "không thuộc phạm vi" in r.content.decode()
    r = client.post(reverse("emulation:proposal_create"), _form(unit, [
        {"award_type": bk.pk, "recipient_kind": "ca_nhan", "recipient_name": "Tô Văn Bé", "achievement": "Tốt"},
        {"award_type": "", "recipient_kind": "tap_the", "recipient_name": ""}]))
    proposal = Proposal.objects.get(title="Đề nghị tặng Bằng khen")
    assert r.status_code == 302 and proposal.items.count() == 1
    client.force_login(board)
    r = client.post(reverse("emulation:proposal_return", args=[proposal.pk]), {"reason": ""})
    assert r.status_code == 200 and "Vui lòng ghi lý do" in r.content.decode()
    client.post(reverse("emulation:proposal_return", args=[proposal.pk]), {"reason": "Bổ sung thành tích."})
    client.force_login(officer)
    assert Notification.objects.filter(user=officer, body__contains="Bổ sung thành tích.").exists()
    page = client.get(reverse("emulation:proposal_resubmit", args=[proposal.pk])).content.decode()
    assert "Bổ sung thành tích." in page and "Tô Văn Bé" in page
    r = client.post(reverse("emulation:proposal_resubmit", args=[proposal.pk]), _form(unit, [
        {"award_type": bk.pk, "recipient_kind": "ca_nhan", "recipient_name": "Tô Văn Bé", "achievement": "Rất tốt"}],
        title="Đề nghị tặng Bằng khen (bổ sung)"))
    assert r.status_code == 302
    client.force_login(board)
    r = client.post(reverse("emulation:proposal_accept", args=[proposal.pk]),
                    {"number": "77", "symbol": "QĐ-UBND", "decided_on": "2026-02-10", "level": "tinh",
                     "authority": "Chủ tịch Ủy ban nhân dân tỉnh"})
    proposal.refresh_from_db()
    assert r.status_code == 302 and proposal.status == ProposalStatus.ACCEPTED
    assert "Quyết định số 77/QĐ-UBND" in client.get(r["Location"]).content.decode()


def test_statistics_page_and_export(client, logins):
    client.force_login(logins["leader"])
    page = client.get(reverse("emulation:statistics"), {"period": "2021-H1"}).content.decode()
    assert 'data-testid="decision-count">150<' in page
    assert 'id="du-lieu-bieu-do"' in page and "chart.umd.js" in page
    r = client.get(reverse("emulation:statistics_xlsx"), {"period": "2021-H1"})
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    bk = rows["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"]
    assert bk[-1] == 1122 and bk[-4:-1] == (396, 726, 0)
    assert rows["Tập thể lao động xuất sắc"][-1] == 134
    # The emulation year 2021 (1/12/2020 – 30/11/2021) is another window.
    year = client.get(reverse("emulation:statistics"), {"period": "2021-TD"}).content.decode()
    assert "01/12/2020" in year and 'data-testid="decision-count">150<' not in year


def test_statistics_follow_the_readers_scope(client, logins):
    client.force_login(logins["officer_other"])  # Phường Ngã Bảy: no 2021 decisions of its own
    page = client.get(reverse("emulation:statistics"), {"period": "2021-H1"}).content.decode()
    assert 'data-testid="decision-count">0<' in page


@pytest.mark.parametrize("name,params", [("emulation:statistics", {"period": "2021-H1"}),
                                         ("emulation:decisions", {}), ("emulation:proposals", {}),
                                         ("emulation:index", {})])
def test_queries_do_not_grow_with_the_units(client, logins, name, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import services as core_services
    from core.models import OrgUnitKind
    from emulation.models import AwardLevel, DecisionStatus

    client.force_login(logins["leader"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name), params).status_code == 200
        return len(queries)

    before = count()
    province = OrgUnit.objects.get(code="HG")
    bk = AwardType.objects.get(code="bang-khen-chu-tich-tinh")
    for i in range(12):
        unit = core_services.create_unit(code=f"XTEST{i}", name=f"Xã Thử {i}", kind=OrgUnitKind.COMMUNE, parent=province,
                                         valid_from=datetime.date(2000, 1, 1))
        services.create_decision(None, items=[ItemData(bk, RecipientKind.COLLECTIVE, quantity=2)], number=f"T{i}",
                                 decided_on=datetime.date(2021, 3, 1), received_on=datetime.date(2021, 2, 1),
                                 level=AwardLevel.PROVINCE, occasion=Occasion.SUDDEN, proposing_unit=unit,
                                 status=DecisionStatus.AWARDED)
        services.file_proposal(logins["admin"], unit, title=f"Hồ sơ thử {i}", occasion=Occasion.SUDDEN,
                               achievement_period="năm 2021", items=[ItemData(bk, RecipientKind.INDIVIDUAL, f"Người {i}")])
    assert count() == before


def test_decision_search_by_recipient(client, logins):
    client.force_login(logins["board"])
    page = client.get(reverse("emulation:decisions"), {"q": "Trần Văn Sáu"}).content.decode()
    assert "Đề nghị tặng thưởng Huân chương Kháng chiến" in page
    assert page.count("<tr>") - 1 == 1  # the header row and the one decision


def test_a_returned_proposal_reaches_its_officer_by_mail_as_well(logins, proposal, django_capture_on_commit_callbacks):
    """Before: the board's return was told in the portal only (e-mail switched off for proposals)."""
    from django.core import mail

    officer = logins["officer"]
    officer.email = "cb@vithanh.example"
    officer.save(update_fields=["email"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_proposal(logins["board"], proposal, "Bổ sung thành tích.")
    assert [m.to for m in mail.outbox] == [["cb@vithanh.example"]]
    assert "Bổ sung thành tích." in mail.outbox[0].body and f"/thi-dua/de-nghi/{proposal.pk}/" in mail.outbox[0].body
