"""Writes of the emulation app: decisions with their items, and the proposal flow.

Every write is all-or-nothing (one transaction) and refuses bad input with a Vietnamese
`ValidationError`; the double-award rule is checked here first (naming the recipient) and held by
the database (`AwardItem` unique constraint) for anything that slips past.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.notifications import Message, deliver
from core import text
from core.access import scope_for
from core.models import Membership, Role
from emulation import permissions
from emulation.models import (
    AwardDecision,
    AwardItem,
    AwardType,
    DecisionStatus,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RecipientKind,
    recipient_key,
)


@dataclass
class ItemData:
    """One row of a decision or a proposal, before it is stored."""

    award_type: AwardType
    recipient_kind: str
    recipient_name: str = ""
    recipient_unit: object = None
    quantity: int = 1
    achievement: str = ""
    achievement_period: str = ""


def _clean_item(item, where):
    item.recipient_name = text.clean(item.recipient_name or "", f"{where}: tên tập thể, cá nhân").strip()
    item.achievement = text.clean(item.achievement or "", f"{where}: thành tích").strip()
    item.achievement_period = text.clean(item.achievement_period or "", f"{where}: thời gian đạt thành tích").strip()
    if item.quantity is None or item.quantity < 1:
        raise ValidationError(f"{where}: số lượng phải từ 1 trở lên.")
    if item.recipient_name and item.quantity != 1:
        raise ValidationError(f"{where}: dòng ghi tên một tập thể, cá nhân thì số lượng phải là 1.")
    if not item.award_type.allows(item.recipient_kind):
        raise ValidationError(f"{where}: {item.award_type.name} không tặng cho "
                              f"{RecipientKind(item.recipient_kind).label.lower()}.")
    return item


def double_awards(items, exclude_decision=None, exclude_item=None):
    """Vietnamese messages for the named rows of `items` that already received the same award type
    for the same achievement period (in the register, or twice within `items`)."""
    messages, seen, wanted = [], {}, Q()
    for i, item in enumerate(items, start=1):
        key = recipient_key(item.recipient_kind, item.recipient_name, getattr(item.recipient_unit, "pk", item.recipient_unit))
        if not key:
            continue
        ident = (item.award_type.pk, key, item.achievement_period)
        if ident in seen:
            messages.append((i, f"Dòng {i}: {item.recipient_name} đã có ở dòng {seen[ident]} với cùng "
                                f"{item.award_type.name} cho cùng thời gian thành tích."))
            continue
        seen[ident] = i
        wanted |= Q(award_type_id=item.award_type.pk, recipient_key=key, achievement_period=item.achievement_period)
    if not seen:
        return [m for _i, m in messages]
    existing = AwardItem.objects.filter(wanted).select_related("decision", "award_type")
    if exclude_decision is not None:
        existing = existing.exclude(decision=exclude_decision)
    if exclude_item is not None:
        existing = existing.exclude(pk=exclude_item)
    found = {(e.award_type_id, e.recipient_key, e.achievement_period): e for e in existing}
    for ident, i in seen.items():
        if ident in found:
            e = found[ident]
            where = e.decision.reference or f"hồ sơ của {e.decision.proposing_unit}"
            period = f" ({e.achievement_period})" if e.achievement_period else ""
            messages.append((i, f"Dòng {i}: {e.recipient_name} đã được {e.award_type.name} cho thành tích{period} "
                                f"tại {where}; không khen hai lần cho cùng một thành tích."))
    return [m for _i, m in sorted(messages, key=lambda pair: pair[0])]


def check_double_award(items, exclude_decision=None):
    messages = double_awards(items, exclude_decision=exclude_decision)
    if messages:
        raise ValidationError(messages)


def _require_board(user):
    if not permissions.can_write_registers(scope_for(user)):
        raise PermissionDenied("Chỉ chuyên viên Ban Thi đua - Khen thưởng được cập nhật sổ khen thưởng.")


@transaction.atomic
def create_decision(user, *, items, **fields):
    """A decision and its items in one go (`user` None: the demo or an import already checked)."""
    if user is not None:
        _require_board(user)
    for name in ("number", "symbol", "authority", "subject", "achievement_period"):
        if name in fields:
            fields[name] = text.clean(fields[name] or "", AwardDecision._meta.get_field(name).verbose_name).strip()
    decision = AwardDecision(**fields)
    decision.full_clean()
    rows = [_clean_item(item, f"Dòng {i}") for i, item in enumerate(items, start=1)]
    for row in rows:
        row.achievement_period = row.achievement_period or decision.achievement_period
    check_double_award(rows)
    decision.save()
    _save_items(decision, rows)
    return decision


def _save_items(decision, rows):
    objects = [AwardItem(decision=decision, award_type=r.award_type, recipient_kind=r.recipient_kind,
                         recipient_name=r.recipient_name, recipient_unit=r.recipient_unit, quantity=r.quantity,
                         achievement=r.achievement, achievement_period=r.achievement_period,
                         recipient_key=recipient_key(r.recipient_kind, r.recipient_name,
                                                     getattr(r.recipient_unit, "pk", r.recipient_unit)))
               for r in rows]
    try:
        with transaction.atomic():
            AwardItem.objects.bulk_create(objects)
    except IntegrityError:  # a concurrent write got there first: the rule still holds
        raise ValidationError("Một đối tượng trong danh sách vừa được khen cùng hình thức cho cùng thành tích; "
                              "vui lòng tải lại trang và kiểm tra.") from None


@transaction.atomic
def update_decision(user, decision, *, items=None, **fields):
    _require_board(user)
    for name, value in fields.items():
        if isinstance(value, str):
            value = text.clean(value, AwardDecision._meta.get_field(name).verbose_name).strip()
        setattr(decision, name, value)
    decision.full_clean()
    decision.save()
    if items is not None:
        rows = [_clean_item(item, f"Dòng {i}") for i, item in enumerate(items, start=1)]
        for row in rows:
            row.achievement_period = row.achievement_period or decision.achievement_period
        check_double_award(rows, exclude_decision=decision)
        decision.items.all().delete()
        _save_items(decision, rows)
    return decision


@transaction.atomic
def delete_decision(user, decision):
    _require_board(user)
    Proposal.objects.filter(decision=decision).update(decision=None, status=ProposalStatus.SUBMITTED)
    decision.delete()


# ---------------------------------------------------------------------------------------------
# Proposals: filed by a unit, reviewed by Ban TĐKT
# ---------------------------------------------------------------------------------------------


def _proposal_link(proposal):
    return reverse("emulation:proposal", args=[proposal.pk])


def _board_users(unit):
    """The open staff roles of Ban TĐKT (who review what units file)."""
    today = timezone.localdate()
    return {m.user for m in Membership.objects.filter(
        role=Role.STAFF, unit__code__in=permissions.OFFICES,
        unit__valid_from__lte=today, unit__valid_to__gte=today, user__is_active=True).select_related("user")}


def _notify(users, proposal, title, body, event):
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    deliver([Message(user=u, title=title, body=body, link=_proposal_link(proposal),
                     key=f"tdkt:ho-so:{proposal.pk}:{event}:{stamp}") for u in users if u is not None])


def _clean_proposal_fields(title, achievement_period):
    title = text.clean(title or "", "Tên hồ sơ").strip()
    achievement_period = text.clean(achievement_period or "", "Thời gian đạt thành tích").strip()
    if not title:
        raise ValidationError("Vui lòng nhập tên hồ sơ.")
    if not achievement_period:
        raise ValidationError("Vui lòng nhập thời gian đạt thành tích (ví dụ: năm 2025).")
    return title, achievement_period


def _proposal_rows(items, achievement_period):
    if not items:
        raise ValidationError("Hồ sơ phải có ít nhất một đối tượng đề nghị khen thưởng.")
    rows = []
    for i, item in enumerate(items, start=1):
        item.quantity = 1
        item.achievement_period = achievement_period
        row = _clean_item(item, f"Đối tượng {i}")
        if not row.recipient_name:
            raise ValidationError(f"Đối tượng {i}: vui lòng nhập tên tập thể, cá nhân.")
        rows.append(row)
    # A recipient who already received the award for this achievement is refused at filing time.
    check_double_award(rows)
    return rows


@transaction.atomic
def file_proposal(user, unit, *, title, occasion, achievement_period, items):
    scope = scope_for(user)
    if not permissions.can_file_proposal(scope, unit):
        raise PermissionDenied("Bạn không được gửi hồ sơ đề nghị cho đơn vị này.")
    title, achievement_period = _clean_proposal_fields(title, achievement_period)
    rows = _proposal_rows(items, achievement_period)
    proposal = Proposal.objects.create(unit=unit, title=title, occasion=occasion, achievement_period=achievement_period,
                                       submitted_by=user, submitted_at=timezone.now())
    _save_proposal_items(proposal, rows)
    _notify(_board_users(unit), proposal, f"Hồ sơ đề nghị khen thưởng mới: {unit.name}",
            f"{unit.name} gửi hồ sơ «{title}».", "gui")
    return proposal


def _save_proposal_items(proposal, rows):
    ProposalItem.objects.bulk_create([
        ProposalItem(proposal=proposal, award_type=r.award_type, recipient_kind=r.recipient_kind,
                     recipient_name=r.recipient_name, achievement=r.achievement) for r in rows])


@transaction.atomic
def resubmit_proposal(user, proposal, *, title, occasion, achievement_period, items):
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not permissions.can_resubmit_proposal(scope_for(user), proposal):
        raise PermissionDenied("Hồ sơ này không gửi lại được (chỉ hồ sơ bị trả lại, do đơn vị đề nghị gửi lại).")
    title, achievement_period = _clean_proposal_fields(title, achievement_period)
    rows = _proposal_rows(items, achievement_period)
    proposal.items.all().delete()
    _save_proposal_items(proposal, rows)
    proposal.title, proposal.occasion, proposal.achievement_period = title, occasion, achievement_period
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_by, proposal.submitted_at = user, timezone.now()
    proposal.save()
    _notify(_board_users(proposal.unit), proposal, f"Hồ sơ đề nghị khen thưởng gửi lại: {proposal.unit.name}",
            f"{proposal.unit.name} gửi lại hồ sơ «{title}» sau khi bổ sung.", "gui-lai")
    return proposal


def _lock_for_review(user, proposal):
    proposal = Proposal.objects.select_for_update().select_related("unit").get(pk=proposal.pk)
    if not permissions.can_review_proposal(scope_for(user), proposal):
        raise PermissionDenied("Chỉ chuyên viên Ban Thi đua - Khen thưởng thẩm định hồ sơ đang chờ thẩm định.")
    return proposal


@transaction.atomic
def return_proposal(user, proposal, reason):
    proposal = _lock_for_review(user, proposal)
    reason = text.clean(reason or "", "Lý do trả lại").strip()
    if not reason:
        raise ValidationError("Vui lòng ghi lý do trả lại hồ sơ để đơn vị bổ sung.")
    proposal.status, proposal.return_reason = ProposalStatus.RETURNED, reason
    proposal.reviewed_by, proposal.reviewed_at = user, timezone.now()
    proposal.save()
    _notify([proposal.submitted_by], proposal, "Hồ sơ đề nghị khen thưởng bị trả lại",
            f"Hồ sơ «{proposal.title}» bị trả lại: {reason}", "tra-lai")
    return proposal


@transaction.atomic
def accept_proposal(user, proposal, *, number, symbol, decided_on, authority, level):
    """The proposal becomes an awarded decision with its recipients as items."""
    proposal = _lock_for_review(user, proposal)
    items = [ItemData(award_type=i.award_type, recipient_kind=i.recipient_kind, recipient_name=i.recipient_name,
                      achievement=i.achievement, achievement_period=proposal.achievement_period)
             for i in proposal.items.select_related("award_type")]
    decision = create_decision(None, items=items, number=number, symbol=symbol, decided_on=decided_on,
                               received_on=timezone.localdate(proposal.submitted_at) if proposal.submitted_at else decided_on,
                               authority=authority, level=level, occasion=proposal.occasion,
                               proposing_unit=proposal.unit, status=DecisionStatus.AWARDED,
                               subject=proposal.title, achievement_period=proposal.achievement_period)
    proposal.status, proposal.decision, proposal.return_reason = ProposalStatus.ACCEPTED, decision, ""
    proposal.reviewed_by, proposal.reviewed_at = user, timezone.now()
    proposal.save()
    _notify([proposal.submitted_by], proposal, "Hồ sơ đề nghị khen thưởng đã có quyết định",
            f"Hồ sơ «{proposal.title}» đã được khen thưởng theo {decision.reference}.", "quyet-dinh")
    return decision
