"""Writes of the collection core: values (all-or-nothing, no lost update), workflow, locks."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from collection import expressions, reminders, selectors
from collection import rules as rules_text
from collection.models import (
    BulkLockException,
    DataValue,
    DataValueChange,
    LockException,
    Severity,
    Status,
    Submission,
    SubmissionEvent,
    ValueType,
)
from core import formatting, text
from core.access import scope_for
from core.lookups import pg_bulk_update
from core.selectors import full_name

# ---------------------------------------------------------------------------------------------
# Errors the UI, the Excel upload and the commands all report the same way
# ---------------------------------------------------------------------------------------------


class CollectionError(Exception):
    """A refusal with a Vietnamese message for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class PermissionDenied(CollectionError):
    pass


class Locked(CollectionError):
    pass


class Conflict(CollectionError):
    """Someone saved the form after this user loaded it."""

    def __init__(self, message, changes):
        super().__init__(message)
        self.changes = changes


class OwnSubmission(CollectionError):
    """Four eyes: whoever submitted a form may not approve or return it."""


class InvalidValues(CollectionError):
    """Some cells are wrong; `errors` maps (element_id, option_id) to a Vietnamese reason."""

    def __init__(self, errors):
        super().__init__(f"Có {len(errors)} ô số liệu không hợp lệ; chưa lưu số liệu nào.")
        self.errors = errors


# ---------------------------------------------------------------------------------------------
# Who may do what (built on the one scope helper)
# ---------------------------------------------------------------------------------------------


def can_enter(user, unit, period=None):
    """Officers of the unit (or above it during the period), staff for the Sở's own forms, admins.
    Without a period: on today's tree (the safe default)."""
    return scope_for(user).can_write(unit, during=period)


def can_review(user, data_set, unit, period=None, *, approves=None):
    """Only staff of the data set's reviewing office (or of the Sở above it) review; admins too.
    `approves`: `scope.can_approve(unit, during=period)` when the caller has already asked it."""
    from collection.selectors import reviewable_ids

    scope = scope_for(user)
    if scope.is_admin:
        return True
    if approves is None:
        approves = scope.can_approve(unit, during=period)
    # The ids read once per request: a review asks it in the view and again in the service.
    return approves and data_set.pk in reviewable_ids(user)


# ---------------------------------------------------------------------------------------------
# Submissions and locks
# ---------------------------------------------------------------------------------------------


def get_submission(data_set, unit, period):
    """The submission row, created as an empty draft on first access."""
    submission, _ = Submission.objects.get_or_create(data_set=data_set, unit=unit, period=period)
    return submission


def is_unlocked(data_set, unit, period, today):
    """An admin's exception lets `unit` enter `data_set` for `period` after expiry: one for that
    form and unit, or a bulk one naming the data set and the unit or its kind, in force today."""
    if LockException.objects.filter(data_set=data_set, unit=unit, period=period, until__gte=today).exists():
        return True
    bulk = BulkLockException.objects.in_force(today).filter(period=period, data_sets=data_set)
    if bulk.filter(units=unit).exists():
        return True
    return any(unit.kind in (kinds or []) for kinds in bulk.values_list("unit_kinds", flat=True))


def lock_reason(submission, today=None):
    """Why the form is read-only for data entry, in Vietnamese; None when it is open."""
    today = today or timezone.localdate()
    if submission.status == Status.APPROVED:
        when = formatting.short_date(timezone.localtime(submission.reviewed_at)) if submission.reviewed_at else ""
        on = f" ngày {when}" if when else ""
        return f"Biểu mẫu đã được Sở Nội vụ phê duyệt{on}; số liệu đã khóa."
    if submission.status == Status.SUBMITTED:
        return "Biểu mẫu đã gửi, đang chờ Sở Nội vụ xét duyệt; chỉ sửa được khi bị trả lại."
    expiry = submission.data_set.expiry_for(submission.period)
    if expiry is not None and today > expiry:
        if not is_unlocked(submission.data_set, submission.unit, submission.period, today):
            return (
                f"Đã hết thời hạn nhập số liệu (hết ngày {formatting.short_date(expiry)}). "
                "Liên hệ quản trị hệ thống nếu cần mở khóa."
            )
    return None


# What a stored number keeps (DataValue.numeric_value): more decimals would be rounded away
# silently (0,00000001 became 0), so they are refused instead.
DECIMAL_PLACES = DataValue._meta.get_field("numeric_value").decimal_places
NUMBER_LIMIT = Decimal(10) ** 15


def _stored_text(value, label):
    """`core.text.clean` for a value's text, as the ValueError parse_cell's callers expect."""
    try:
        return text.clean(value, label)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None


def parse_cell(element, raw):
    """Turn what the user typed into the stored value, or raise ValueError with a Vietnamese reason."""
    if raw is None:
        return None
    typed = formatting.nfc(str(raw)).strip()
    if typed == "":
        return None
    if element.value_type == ValueType.TEXT:
        return _stored_text(typed, element.name)
    if element.value_type == ValueType.BOOLEAN:
        return _yes_no(raw, typed, element.name)
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        number = Decimal(str(raw))
    else:
        number = formatting.parse_number(_stored_text(typed, element.name))
    if not number.is_finite():
        raise ValueError("Số quá lớn." if number.is_infinite() else f"«{typed}» không phải là số.")
    if abs(number) >= NUMBER_LIMIT:
        raise ValueError(f"Số quá lớn: giá trị phải nhỏ hơn {formatting.number(NUMBER_LIMIT)}.")
    if element.value_type == ValueType.INTEGER and number != number.to_integral_value():
        raise ValueError(f"«{typed}» không phải số nguyên.")
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if exponent < 0 else 0
    if places > DECIMAL_PLACES:
        raise ValueError(
            f"«{typed}» có {places} chữ số thập phân; số liệu chỉ lưu tối đa {DECIMAL_PLACES} chữ số sau dấu phẩy. "
            "Vui lòng nhập lại (làm tròn trước nếu cần), hệ thống không tự làm tròn."
        )
    if element.value_type == ValueType.PERCENT and not (0 <= number <= 100):
        raise ValueError(f"Tỷ lệ phải từ 0 đến 100, không phải {formatting.number(number)}.")
    if element.value_type in (ValueType.INTEGER, ValueType.MONEY) and number < 0:
        raise ValueError(f"Số liệu không được âm ({formatting.number(number)}).")
    return number


YES, NO = "Có", "Không"
_YES_NO = {"có": 1, "co": 1, "x": 1, "1": 1, "true": 1, "không": 0, "khong": 0, "0": 0, "false": 0}


def _yes_no(raw, typed, label):
    """A yes/no element: «Có»/«Không» (the form's select, an Excel cell, 1/0) → 1/0."""
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, (int, float, Decimal)) and raw in (0, 1):
        return Decimal(int(raw))
    typed = _stored_text(typed, label)  # a control character or lone surrogate is refused, never echoed
    answer = _YES_NO.get(typed.lower())
    if answer is None:
        raise ValueError(f"«{typed}» không phải câu trả lời Có/Không: chọn «{YES}» hoặc «{NO}».")
    return Decimal(answer)


def display_value(element, value):
    """A stored value as the form shows it (Vietnamese separators)."""
    if value is None or value == "":
        return ""
    if element.value_type == ValueType.TEXT:
        return value
    if element.value_type == ValueType.BOOLEAN:
        return YES if value else NO
    return formatting.number(value)


@dataclass
class SaveResult:
    changed: int
    version: int
    warnings: list = field(default_factory=list)


def _conflict_message(submission, since_version):
    changes = list(
        DataValueChange.objects.filter(submission=submission, version__gt=since_version)
        .select_related("user", "element", "option")
        .order_by("at", "id")
    )
    if not changes:
        return "Biểu mẫu vừa được lưu bởi người khác. Vui lòng tải lại trang.", []
    who = formatting.join_list(sorted({full_name(c.user) if c.user else "hệ thống" for c in changes}))
    last = timezone.localtime(changes[-1].at)
    lines = []
    for c in changes[:10]:
        label = c.element.name + (f" ({c.option.name})" if c.option else "")
        lines.append(f"{label}: {c.old_value or '(trống)'} → {c.new_value or '(trống)'}")
    more = f" và {len(changes) - 10} thay đổi khác" if len(changes) > 10 else ""
    message = (
        f"Không lưu được: {who} đã sửa biểu mẫu này lúc {last:%H:%M} ngày {last:%d/%m/%Y}, sau khi anh/chị mở trang. "
        f"Thay đổi của họ: {'; '.join(lines)}{more}. Vui lòng tải lại trang để xem số liệu mới rồi nhập lại."
    )
    return message, changes


def save_values(submission, user, entries, *, expected_version, source="web", check_permission=True):
    """Apply all `entries` or none.

    `entries` maps (element, option_or_None) to {"value": raw, "comment": text or None}.
    Raises PermissionDenied, Locked, Conflict or InvalidValues; returns SaveResult.
    """
    if check_permission and not can_enter(user, submission.unit, submission.period):
        raise PermissionDenied("Anh/chị không có quyền nhập số liệu cho đơn vị này.")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("data_set", "period", "unit").get(pk=submission.pk)
        reason = lock_reason(submission)
        if reason:
            raise Locked(reason)
        if expected_version is not None and submission.version != expected_version:
            message, changes = _conflict_message(submission, expected_version)
            raise Conflict(message, changes)

        parsed, errors, warnings = {}, {}, []
        for (element, option), entry in entries.items():
            key = (element.pk, option.pk if option else None)
            label = element.name + (f" ({option.name})" if option else "")
            try:
                comment = entry.get("comment")
                if comment is not None:
                    comment = _stored_text(comment, f"Ghi chú — {label}").strip()
                parsed[key] = (element, option, parse_cell(element, entry.get("value")), comment)
            except ValueError as exc:
                errors[key] = str(exc)
                continue
            value = parsed[key][2]
            if element.is_numeric and value is not None:
                if element.min_value is not None and value < element.min_value:
                    warnings.append(f"{element.name}: {formatting.number(value)} nhỏ hơn mức thường gặp ({formatting.number(element.min_value)}).")
                if element.max_value is not None and value > element.max_value:
                    warnings.append(f"{element.name}: {formatting.number(value)} lớn hơn mức thường gặp ({formatting.number(element.max_value)}).")
        if errors:
            raise InvalidValues(errors)

        # Each stored value's element is the entry's own (already loaded): no query per value.
        elements = {element.pk: element for element, _option in entries}
        existing = {}
        for v in submission.values.all():
            if v.element_id in elements:
                v.element = elements[v.element_id]
            existing[(v.element_id, v.option_id)] = v
        new_version = submission.version + 1
        to_create, to_update, to_delete, changes = [], [], [], []
        updated_fields = set()
        for key, (element, option, value, comment) in parsed.items():
            current = existing.get(key)
            old_value = display_value(element, current.value) if current else ""
            old_comment = current.comment if current else ""
            new_comment = old_comment if comment is None else comment
            new_value = display_value(element, value)
            if old_value == new_value and old_comment == new_comment:
                continue
            changes.append(
                DataValueChange(
                    submission=submission, element=element, option=option, old_value=old_value, new_value=new_value,
                    old_comment=old_comment, new_comment=new_comment, version=new_version, user=user, source=source,
                )
            )
            if value is None and not new_comment:
                if current:
                    to_delete.append(current.pk)
                continue
            numeric = value if element.is_numeric else None
            text = value if not element.is_numeric and value is not None else ""
            if current:
                for name, new in (("numeric_value", numeric), ("text_value", text), ("comment", new_comment)):
                    if getattr(current, name) != new:
                        setattr(current, name, new)
                        updated_fields.add(name)
                to_update.append(current)
            else:
                to_create.append(
                    DataValue(submission=submission, element=element, option=option, numeric_value=numeric,
                              text_value=text, comment=new_comment, updated_by=user)
                )
        if not changes:
            return SaveResult(changed=0, version=submission.version, warnings=warnings)
        DataValue.objects.filter(pk__in=to_delete).delete()
        DataValue.objects.bulk_create(to_create)
        if to_update and connection.vendor == "postgresql":
            # One UPDATE … FROM VALUES for every changed row (Django's bulk_update: a CASE per field
            # and row, ~15 % of a save's time when the whole form changes).
            now = timezone.now()
            for current in to_update:
                current.updated_by, current.updated_at = user, now
            pg_bulk_update(DataValue, to_update, ["numeric_value", "text_value", "comment", "updated_by", "updated_at"])
        elif to_update:
            # Who and when are the same for every row: one plain UPDATE; the CASE-per-row bulk
            # update only for the value fields that differ (its SQL costs per row and per field).
            DataValue.objects.filter(pk__in=[v.pk for v in to_update]).update(updated_by=user, updated_at=timezone.now())
            if updated_fields:
                DataValue.objects.bulk_update(to_update, sorted(updated_fields))
        DataValueChange.objects.bulk_create(changes)
        submission.version = new_version
        submission.save(update_fields=["version", "updated_at"])
        return SaveResult(changed=len(changes), version=new_version, warnings=warnings)


# ---------------------------------------------------------------------------------------------
# Validation rules
# ---------------------------------------------------------------------------------------------


@dataclass
class RuleResult:
    rule: object
    passed: bool
    left: Decimal | None
    right: Decimal | None
    explanation: str = ""
    sentence: str = ""  # the rule in words with its figures (collection/rules.py)

    @property
    def text(self):
        """What the unit reads: the rule's own message with the figures, else the sentence."""
        message = (self.rule.message or "").strip().rstrip(".;").rstrip()
        if not message:
            return self.sentence
        if self.left is None or self.right is None:
            return message
        return f"{message} ({formatting.number(self.left)} so với {formatting.number(self.right)})"

    @property
    def is_error(self):
        return self.rule.severity == Severity.ERROR

    @property
    def asks_explanation(self):
        """A broken warning the unit must explain before sending the form."""
        return not self.passed and not self.is_error and self.rule.needs_explanation

    @property
    def unexplained(self):
        return self.asks_explanation and not self.explanation.strip()


def _values_with_elements(submission):
    # The entry page has prefetched the values with their element and option: no second read.
    prefetched = "values" in getattr(submission, "_prefetched_objects_cache", {})
    return submission.values.all() if prefetched else submission.values.select_related("element", "option")


def run_rules(submission, values=None):
    """Evaluate every rule of the data set on the submission's values (`values`: already read)."""
    totals, by_option = {}, {}
    values = _values_with_elements(submission) if values is None else values
    for value in values:
        if value.numeric_value is None:
            continue
        code = value.element.code
        totals[code] = totals.get(code, Decimal(0)) + value.numeric_value
        if value.option_id:
            by_option[(code, value.option.code)] = value.numeric_value

    def lookup(code, option):
        return by_option.get((code, option)) if option else totals.get(code)

    explained = dict(submission.explanations.values_list("rule_id", "text")) if submission.pk else {}
    results = []
    structure = selectors.form_structure(submission.data_set)
    names = structure.names
    for rule in structure.rules:
        if rule.skip_if_any_missing and any(
            lookup(code, option) is None for code, option in expressions.references(f"{rule.left} {rule.right}")
        ):
            continue
        left, left_missing = expressions.evaluate(rule.left, lookup)
        right, right_missing = expressions.evaluate(rule.right, lookup)
        if left_missing and right_missing:
            continue
        results.append(RuleResult(rule, expressions.compare(left, rule.operator, right), left, right,
                                  explained.get(rule.pk, ""), rules_text.sentence(rule, left, right, names)))
    return results


def save_explanations(submission, user, texts):
    """Store the unit's explanation of each broken warning: `texts` maps rule id to text (blank
    removes it). Only rules of the form's data set; refused like any value once the form is locked."""
    from collection.models import RuleExplanation

    if not can_enter(user, submission.unit, submission.period):
        raise PermissionDenied("Anh/chị không có quyền nhập số liệu cho đơn vị này.")
    rules = {r.pk: r for r in submission.data_set.rules.filter(pk__in=list(texts))}
    cleaned = {}
    for rule_id, raw in texts.items():
        if rule_id not in rules:
            continue
        try:
            cleaned[rule_id] = text.clean(raw or "", f"Giải trình — {rules[rule_id].name}").strip()
        except ValidationError as error:
            raise CollectionError(error.messages[0]) from None
    with transaction.atomic():
        submission = _locked(submission)
        reason = lock_reason(submission)
        if reason:
            raise Locked(reason)
        existing = {e.rule_id: e for e in submission.explanations.all()}
        changed = 0
        for rule_id, value in cleaned.items():
            current = existing.get(rule_id)
            if not value:
                if current:
                    current.delete()
                    changed += 1
            elif current is None:
                RuleExplanation.objects.create(submission=submission, rule=rules[rule_id], text=value, updated_by=user)
                changed += 1
            elif current.text != value:
                current.text, current.updated_by = value, user
                current.save(update_fields=["text", "updated_by", "updated_at"])
                changed += 1
    return changed


# ---------------------------------------------------------------------------------------------
# Workflow: draft → submitted → returned → submitted → approved
# ---------------------------------------------------------------------------------------------


def _locked(submission):
    """The submission's row again, locked FOR UPDATE, keeping the data set, unit and period the
    caller already holds when the locked row still points at them (the checks and notices that
    follow read them; re-read, each was one more query)."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    for name in ("data_set", "unit", "period", "submitted_by"):
        descriptor = getattr(Submission, name)
        if descriptor.is_cached(submission) and getattr(locked, f"{name}_id") == getattr(submission, f"{name}_id"):
            setattr(locked, name, getattr(submission, name))
    return locked


def _event(submission, action, user, note=""):
    SubmissionEvent.objects.create(submission=submission, action=action, user=user, note=note)


@transaction.atomic
def submit(submission, user):
    if not can_enter(user, submission.unit, submission.period):
        raise PermissionDenied("Anh/chị không có quyền gửi báo cáo của đơn vị này.")
    submission = _locked(submission)
    if submission.status not in (Status.DRAFT, Status.RETURNED):
        raise CollectionError(f"Không thể gửi: biểu mẫu đang ở trạng thái «{submission.get_status_display()}».")
    reason = lock_reason(submission)
    if reason:
        raise Locked(reason)
    values = list(_values_with_elements(submission))  # read once: the emptiness check and the rules
    if not values:
        raise CollectionError("Biểu mẫu chưa có số liệu nào; vui lòng nhập trước khi gửi.")
    results = run_rules(submission, values)
    failures = [r for r in results if not r.passed and r.is_error]
    if failures:
        raise CollectionError("Chưa gửi được vì số liệu chưa hợp lệ: " + formatting.join_messages(r.text for r in failures))
    unexplained = [r for r in results if r.unexplained]
    if unexplained:
        raise CollectionError("Chưa gửi được: số liệu có chỗ chưa khớp, vui lòng ghi giải trình cho: "
                              + formatting.join_messages(r.text for r in unexplained))
    now = timezone.now()
    submission.status = Status.SUBMITTED
    submission.submitted_at = now
    submission.first_submitted_at = submission.first_submitted_at or now
    submission.submitted_by = user
    submission.save()
    _event(submission, SubmissionEvent.Action.SUBMIT, user)
    reminders.notify_arrival(submission)
    return submission


def is_own_submission(submission, user):
    """True when `user` sent the form now waiting: they may not review it themselves."""
    return bool(user and user.pk) and submission.submitted_by_id == user.pk


def _refuse_own(submission, user, verb):
    if is_own_submission(submission, user):
        raise OwnSubmission(
            f"Anh/chị đã gửi biểu mẫu này nên không tự {verb} được: "
            "một chuyên viên khác của phòng, ban xét duyệt phải kiểm tra (nguyên tắc bốn mắt)."
        )


@transaction.atomic
def return_submission(submission, user, reason):
    try:
        reason = text.clean(reason or "", "Lý do trả lại").strip()
    except ValidationError as error:
        raise CollectionError(error.messages[0]) from None
    if not can_review(user, submission.data_set, submission.unit, submission.period):
        raise PermissionDenied("Chỉ phòng, ban của Sở được giao xét duyệt biểu mẫu này mới được trả lại.")
    if not reason:
        raise CollectionError("Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì.")
    submission = _locked(submission)
    if submission.status != Status.SUBMITTED:
        raise CollectionError("Chỉ trả lại được biểu mẫu đã gửi và đang chờ xét duyệt.")
    _refuse_own(submission, user, "trả lại")
    submission.status = Status.RETURNED
    submission.return_reason = reason
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.save()
    _event(submission, SubmissionEvent.Action.RETURN, user, reason)
    reminders.notify_review(submission, returned=True)
    return submission


@transaction.atomic
def approve(submission, user):
    if not can_review(user, submission.data_set, submission.unit, submission.period):
        raise PermissionDenied("Chỉ phòng, ban của Sở được giao xét duyệt biểu mẫu này mới được phê duyệt.")
    submission = _locked(submission)
    if submission.status != Status.SUBMITTED:
        raise CollectionError("Chỉ phê duyệt được biểu mẫu đã gửi và đang chờ xét duyệt.")
    _refuse_own(submission, user, "phê duyệt")
    submission.status = Status.APPROVED
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.save()
    _event(submission, SubmissionEvent.Action.APPROVE, user)
    reminders.notify_review(submission, returned=False)
    return submission


@transaction.atomic
def grant_lock_exception(*, data_set, unit, period, until, reason, user):
    if not scope_for(user).is_admin:
        raise PermissionDenied("Chỉ quản trị hệ thống được mở khóa nhập liệu.")
    if until < timezone.localdate():
        raise CollectionError("Ngày hết hạn mở khóa phải từ hôm nay trở đi.")
    try:
        reason = text.clean(reason or "", "Lý do mở khóa").strip()
    except ValidationError as error:
        raise CollectionError(error.messages[0]) from None
    exception, _ = LockException.objects.update_or_create(
        data_set=data_set, unit=unit, period=period,
        defaults={"until": until, "reason": reason, "granted_by": user},
    )
    return exception



def _admin_only(user, verb="mở khóa nhập liệu"):
    if not scope_for(user).is_admin:
        raise PermissionDenied(f"Chỉ quản trị hệ thống được {verb}.")


@transaction.atomic
def grant_bulk_lock_exception(*, period, data_sets, until, reason, user, units=(), unit_kinds=()):
    """Open `period` for entry, until `until`, for the data sets named and the units named or of
    the kinds named (back-filling history in one step). Audited by simple-history."""
    from core.models import OrgUnitKind

    _admin_only(user)
    data_sets, units, unit_kinds = list(data_sets), list(units), sorted(set(unit_kinds))
    if not data_sets:
        raise CollectionError("Chọn ít nhất một biểu mẫu được mở.")
    if not units and not unit_kinds:
        raise CollectionError("Chọn ít nhất một đơn vị hoặc một loại đơn vị được mở.")
    unknown = set(unit_kinds) - set(OrgUnitKind.values)
    if unknown:
        raise CollectionError(f"Loại đơn vị không hợp lệ: {', '.join(sorted(unknown))}.")
    wrong = [d.code for d in data_sets if d.period_type != period.type]
    if wrong:
        raise CollectionError(f"Biểu mẫu {', '.join(wrong)} không báo cáo theo loại kỳ «{period.get_type_display()}».")
    if until < timezone.localdate():
        raise CollectionError("Ngày hết hạn mở khóa phải từ hôm nay trở đi.")
    try:
        reason = text.clean(reason or "", "Lý do mở khóa").strip()
    except ValidationError as error:
        raise CollectionError(error.messages[0]) from None
    if not reason:
        raise CollectionError("Vui lòng ghi lý do mở khóa (ví dụ: nhập bổ sung số liệu lịch sử).")
    exception = BulkLockException(period=period, until=until, reason=reason, granted_by=user, unit_kinds=unit_kinds)
    exception._history_user = user
    exception.save()
    exception.data_sets.set(data_sets)
    exception.units.set(units)
    return exception


@transaction.atomic
def close_bulk_lock_exception(exception, user):
    """Close an exception before its end date; the forms it opened lock again at once."""
    _admin_only(user, "đóng mở khóa nhập liệu")
    exception = BulkLockException.objects.select_for_update().get(pk=exception.pk)
    if exception.closed_at is None:
        exception.closed_at, exception.closed_by = timezone.now(), user
        exception._history_user = user
        exception.save(update_fields=["closed_at", "closed_by"])
    return exception
