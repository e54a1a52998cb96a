"""The register's invariants and the proposal flow's services: the double-award rule (service and
database), bulk rows, recipient kinds, the award type catalogue, all-or-nothing writes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.models import Notification, OrgUnit
from emulation import services
from emulation.models import (
    AwardDecision,
    AwardItem,
    AwardLevel,
    AwardType,
    DecisionStatus,
    Occasion,
    Proposal,
    ProposalStatus,
    RecipientKind,
)
from emulation.services import ItemData

pytestmark = pytest.mark.django_db
T, C, H = RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL, RecipientKind.HOUSEHOLD


def _type(code):
    return AwardType.objects.get(code=code)


def _decision(board, items, number="901", period="năm 2025"):
    return services.create_decision(board, items=items, number=number, symbol="QĐ-UBND",
                                    decided_on=datetime.date(2026, 1, 20), received_on=datetime.date(2026, 1, 5),
                                    level=AwardLevel.PROVINCE, occasion=Occasion.ANNUAL,
                                    proposing_unit=OrgUnit.objects.get(code="P-VITHANH"), status=DecisionStatus.AWARDED,
                                    achievement_period=period)


def test_the_catalogue_holds_the_law(province):
    assert AwardType.objects.filter(code__startswith="huan-chuong-lao-dong-").count() == 3
    third = _type("huan-chuong-lao-dong-hang-ba")
    assert (third.award_class, third.level) == ("hạng Ba", AwardLevel.STATE)
    flag = _type("co-thi-dua-tinh")
    assert flag.for_collective and not flag.for_individual and flag.level == AwardLevel.PROVINCE
    assert _type("bang-khen-chu-tich-tinh").for_household
    assert _type("giay-khen").level == AwardLevel.GRASSROOTS


def test_the_same_person_cannot_get_the_same_award_twice_for_one_achievement(province, logins):
    board = logins["board"]
    bk = _type("bang-khen-chu-tich-tinh")
    _decision(board, [ItemData(bk, C, "Nguyễn Thị Bích Ngọc")])
    with pytest.raises(ValidationError) as error:
        _decision(board, [ItemData(bk, C, "Lê Văn Tâm"), ItemData(bk, C, "  nguyễn thị  bích ngọc ")], number="902")
    message = " ".join(error.value.messages)
    assert "Dòng 2: Nguyễn Thị Bích Ngọc đã được Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in message
    assert "Quyết định số 901/QĐ-UBND" in message
    # All or nothing: the refused decision left nothing behind (not even its good row).
    assert not AwardDecision.objects.filter(number="902").exists()
    assert not AwardItem.objects.filter(recipient_name="Lê Văn Tâm").exists()
    # Another achievement period, or another award type, is another award.
    _decision(board, [ItemData(bk, C, "Nguyễn Thị Bích Ngọc")], number="903", period="năm 2026")
    _decision(board, [ItemData(_type("chien-si-thi-dua-tinh"), C, "Nguyễn Thị Bích Ngọc")], number="904")


def test_twice_in_one_list_is_refused(province, logins):
    bk = _type("bang-khen-chu-tich-tinh")
    with pytest.raises(ValidationError, match="Dòng 2: Trần Văn An đã có ở dòng 1"):
        _decision(logins["board"], [ItemData(bk, C, "Trần Văn An"), ItemData(bk, C, "Trần Văn An")])


def test_the_database_holds_the_rule(province, logins):
    bk = _type("bang-khen-chu-tich-tinh")
    decision = _decision(logins["board"], [ItemData(bk, C, "Phạm Minh Khoa")])
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardItem.objects.create(decision=decision, award_type=bk, recipient_kind=C, recipient_name="Phạm  Minh Khoa",
                                 achievement_period="năm 2025")


def test_bulk_rows_and_recipient_kinds(province, logins):
    board = logins["board"]
    bk = _type("bang-khen-chu-tich-tinh")
    # Bulk rows carry no name and are never double awards.
    _decision(board, [ItemData(bk, T, quantity=12), ItemData(bk, T, quantity=12)])
    with pytest.raises(ValidationError, match="số lượng phải là 1"):
        _decision(board, [ItemData(bk, C, "Võ Thị Hoa", quantity=3)], number="905")
    with pytest.raises(ValidationError, match="Cờ thi đua của Ủy ban nhân dân tỉnh không tặng cho cá nhân"):
        _decision(board, [ItemData(_type("co-thi-dua-tinh"), C, "Võ Thị Hoa")], number="906")
    with pytest.raises(ValidationError, match="không được chứa ký tự điều khiển|ký tự"):
        _decision(board, [ItemData(bk, C, "Võ\x07 Thị Hoa")], number="907")


def test_only_the_board_writes_the_register(province, logins):
    with pytest.raises(PermissionDenied):
        _decision(logins["staff_other"], [ItemData(_type("giay-khen"), C, "Ai Đó")])
    with pytest.raises(PermissionDenied):
        _decision(logins["officer"], [ItemData(_type("giay-khen"), C, "Ai Đó")])


def _file(user, unit="P-VITHANH", name="Huỳnh Thanh Sơn"):
    return services.file_proposal(user, OrgUnit.objects.get(code=unit), title="Đề nghị khen thưởng năm 2025",
                                  occasion=Occasion.ANNUAL, achievement_period="năm 2025",
                                  items=[ItemData(_type("bang-khen-chu-tich-tinh"), C, name, achievement="Xuất sắc")])


def test_proposal_flow_with_notifications(province, logins):
    officer, board = logins["officer"], logins["board"]
    proposal = _file(officer)
    assert Notification.objects.filter(user=board, link=f"/thi-dua/de-nghi/{proposal.pk}/").exists()
    with pytest.raises(ValidationError, match="lý do"):
        services.return_proposal(board, proposal, "  ")
    services.return_proposal(board, proposal, "Thiếu bản thành tích có xác nhận của đơn vị.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED
    note = Notification.objects.get(user=officer, title="Hồ sơ đề nghị khen thưởng bị trả lại")
    assert "Thiếu bản thành tích" in note.body
    # Returned: the board cannot accept it until the unit resubmits.
    with pytest.raises(PermissionDenied):
        services.accept_proposal(board, proposal, number="15", symbol="QĐ-UBND", decided_on=datetime.date(2026, 2, 2),
                                 authority="Chủ tịch Ủy ban nhân dân tỉnh", level=AwardLevel.PROVINCE)
    services.resubmit_proposal(officer, proposal, title=proposal.title, occasion=Occasion.ANNUAL,
                               achievement_period="năm 2025",
                               items=[ItemData(_type("bang-khen-chu-tich-tinh"), C, "Huỳnh Thanh Sơn", achievement="Bổ sung")])
    decision = services.accept_proposal(board, proposal, number="15", symbol="QĐ-UBND",
                                        decided_on=datetime.date(2026, 2, 2), authority="Chủ tịch Ủy ban nhân dân tỉnh",
                                        level=AwardLevel.PROVINCE)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decision == decision
    assert decision.status == DecisionStatus.AWARDED and decision.proposing_unit.code == "P-VITHANH"
    assert list(decision.items.values_list("recipient_name", "quantity")) == [("Huỳnh Thanh Sơn", 1)]
    assert Notification.objects.filter(user=officer, title="Hồ sơ đề nghị khen thưởng đã có quyết định").exists()
    # Filing the same person again for the same achievement is refused at once.
    with pytest.raises(ValidationError, match="không khen hai lần"):
        _file(officer)


def test_an_officer_files_only_for_its_own_units(province, logins):
    with pytest.raises(PermissionDenied):
        _file(logins["officer_other"], unit="P-VITHANH")
    with pytest.raises(PermissionDenied):
        _file(logins["leader"], unit="SNV")
    # A closed unit's role writes nothing: Vị Thanh (district) closed on 30/6/2025.
    with pytest.raises(PermissionDenied):
        _file(logins["officer"], unit="VITHANH")


def test_the_board_reviews_only_what_waits(province, logins):
    proposal = _file(logins["officer"])
    with pytest.raises(PermissionDenied):
        services.return_proposal(logins["staff_other"], proposal, "Không phải việc của phòng này.")
    with pytest.raises(PermissionDenied):
        services.return_proposal(logins["officer"], proposal, "Tự trả lại.")
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.SUBMITTED


def test_the_admin_form_says_the_double_award_rule(province, logins):
    bk = _type("bang-khen-chu-tich-tinh")
    decision = _decision(logins["board"], [ItemData(bk, C, "Đinh Công Tráng")])
    again = AwardItem(decision=decision, award_type=bk, recipient_kind=C, recipient_name="đinh công tráng",
                      achievement_period="năm 2025")
    with pytest.raises(ValidationError, match="không khen hai lần cho cùng một thành tích"):
        again.full_clean()


def test_an_admin_edits_the_catalogue(client, logins):
    client.force_login(logins["admin"])
    flag = _type("co-thi-dua-tinh")
    assert client.get(f"/quan-tri/emulation/awardtype/{flag.pk}/change/").status_code == 200
    assert client.get("/quan-tri/emulation/awarddecision/").status_code == 200
    client.force_login(logins["board"])
    assert client.get(f"/quan-tri/emulation/awardtype/{flag.pk}/change/").status_code == 302  # not staff of the admin site
