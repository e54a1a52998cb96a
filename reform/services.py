"""Writes of the administrative reform (CCHC) app. Every write checks `selectors.can_manage` and is
all-or-nothing: a bad value is a Vietnamese `ReformError` naming it, and nothing is saved."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from core import text
from core.access import scope_for
from core.errors import PermissionDenied as CorePermissionDenied
from core.errors import UserError
from core.formatting import number, parse_number
from reform import selectors
from reform.models import Criterion, IndexResult, Initiative, InspectionPlan, InspectionVisit, UnitIndexSet, UnitScore


class ReformError(UserError):
    """A refusal of the CCHC writes (the core base: a Vietnamese `message`, nothing saved)."""


class PermissionDenied(ReformError, CorePermissionDenied):
    pass


def _require(user):
    if not selectors.can_manage(scope_for(user)):
        raise PermissionDenied("Chỉ chuyên viên Phòng Cải cách hành chính của Sở Nội vụ được cập nhật mục này.")


def _points(value, label):
    """A points value from a number or Vietnamese text ("8,5"); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except ValueError as exc:
            raise ReformError(f"«{label}»: {exc}") from None
        if value is None:
            return None
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError):
        raise ReformError(f"«{label}»: «{value}» không phải là số.") from None
    if value < 0:
        raise ReformError(f"«{label}» không được âm.")
    if value != value.quantize(Decimal("0.01")):
        raise ReformError(f"«{label}» chỉ được có tối đa hai chữ số thập phân.")
    return value


def _full_clean(instance):
    try:
        instance.full_clean()
    except ValidationError as exc:
        messages = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "message_dict") else exc.messages
        raise ReformError(" ".join(messages)) from None


def _texts(fields, model):
    """Every text passes the one normaliser (control characters refused, naming the field)."""
    out = {}
    for name, value in fields.items():
        if isinstance(value, str):
            try:
                value = text.clean(value, str(model._meta.get_field(name).verbose_name))
            except ValidationError as exc:
                raise ReformError(exc.messages[0]) from None
        out[name] = value
    return out


@transaction.atomic
def save(user, model, instance=None, **fields):
    """Create (instance None) or update one row of a CCHC register, validated as a whole."""
    _require(user)
    fields = _texts(fields, model)
    obj = instance if instance is not None else model()
    for name, value in fields.items():
        setattr(obj, name, value)
    _full_clean(obj)
    obj.save()
    return obj


@transaction.atomic
def delete(user, instance):
    _require(user)
    instance.delete()


def save_index_result(user, instance=None, **fields):
    return save(user, IndexResult, instance, **fields)


def save_initiative(user, instance=None, **fields):
    return save(user, Initiative, instance, **fields)


def save_inspection_plan(user, instance=None, **fields):
    return save(user, InspectionPlan, instance, **fields)


def save_inspection_visit(user, instance=None, **fields):
    return save(user, InspectionVisit, instance, **fields)


def save_index_set(user, instance=None, **fields):
    return save(user, UnitIndexSet, instance, **fields)


@transaction.atomic
def save_criterion(user, instance=None, **fields):
    """A criterion; its parent must be in the same set, and a criterion already scored may not get
    children (scores live on leaves)."""
    criterion = save(user, Criterion, instance, **fields)
    parent = criterion.parent
    if parent is not None:
        if parent.index_set_id != criterion.index_set_id:
            raise ReformError("Tiêu chí cha phải thuộc cùng bộ tiêu chí.")
        if parent.scores.exists():
            raise ReformError(f"Tiêu chí {parent.code} đã có điểm của đơn vị: không thêm tiêu chí con vào tiêu chí đã chấm.")
    return criterion


def tree_problems(index_set):
    """Parents whose maximum differs from the sum of their children's maxima (a warning list)."""
    criteria = selectors.criteria_tree(index_set)
    sums = {}
    for c in criteria:
        if c.parent_id:
            sums[c.parent_id] = sums.get(c.parent_id, Decimal(0)) + c.max_points
    return [f"Tiêu chí {c.code}: điểm tối đa {number(c.max_points)} khác tổng điểm tối đa các tiêu chí con ({number(sums[c.pk])})."
            for c in criteria if c.pk in sums and sums[c.pk] != c.max_points]


@transaction.atomic
def save_unit_scores(user, index_set, unit, scores):
    """Save one unit's points on the set's leaf criteria, all or nothing.

    `scores`: {criterion_id: (self_score, appraised_score)}, numbers or Vietnamese text; empty
    clears. Every value is checked (a leaf of this set, 0 ≤ points ≤ maximum) before anything is
    written; the errors are listed together. Returns the number of rows changed."""
    _require(user)
    leaves = {c.pk: c for c in selectors.criteria_tree(index_set) if c.is_leaf}
    errors, parsed = [], {}
    for criterion_id, pair in scores.items():
        criterion = leaves.get(int(criterion_id))
        if criterion is None:
            errors.append(f"Tiêu chí #{criterion_id} không phải tiêu chí chấm điểm của bộ tiêu chí này.")
            continue
        values = []
        for label, raw in zip(("điểm tự đánh giá", "điểm thẩm định"), pair):
            name = f"{label} tiêu chí {criterion.code}"
            try:
                value = _points(raw, name)
            except ReformError as exc:
                errors.append(exc.message)
                value = None
            else:
                if value is not None and value > criterion.max_points:
                    errors.append(f"«{name.capitalize()}» ({number(value)}) vượt điểm tối đa {number(criterion.max_points)}.")
            values.append(value)
        parsed[criterion.pk] = values
    if errors:
        raise ReformError(" ".join(errors))
    existing = selectors.unit_scores(index_set, unit)
    changed = 0
    for criterion_id, (self_score, appraised) in parsed.items():
        row = existing.get(criterion_id)
        if self_score is None and appraised is None:
            if row is not None:
                row.delete()
                changed += 1
            continue
        if row is None:
            UnitScore.objects.create(criterion_id=criterion_id, unit=unit, self_score=self_score, appraised_score=appraised)
            changed += 1
        elif (row.self_score, row.appraised_score) != (self_score, appraised):
            row.self_score, row.appraised_score = self_score, appraised
            row.save(update_fields=["self_score", "appraised_score"])
            changed += 1
    return changed


# ---------------------------------------------------------------------------------------------
# The dashboard's .xlsx export: the very rows and rounded numbers the page shows
# ---------------------------------------------------------------------------------------------

DASHBOARD_COLUMNS = [
    ("Đơn vị", None), ("Hồ sơ tiếp nhận", "received"), ("Tiếp nhận trực tuyến", "online"),
    ("Đã giải quyết", "resolved"), ("Đúng hạn (kể cả trước hạn)", "on_time"), ("Tỷ lệ đúng hạn (%)", "on_time_rate"),
    ("Tỷ lệ trực tuyến (%)", "online_share"), ("Điểm chỉ số CCHC", "index_score"), ("Xếp hạng", "index_rank"),
    ("Dưới ngưỡng", None),
]


def dashboard_workbook(board):
    """A workbook of `board` (a `selectors.Dashboard`): one row per unit, numbers as numbers."""
    import io

    import openpyxl
    from openpyxl.styles import Font, PatternFill

    from collection.excel import safe_text

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Cải cách hành chính"
    period = board.period.label if board.period else "—"
    from reform.models import Audience

    group = f" ({Audience(board.group).label})" if board.group else ""
    sheet.append([f"Kết quả cải cách hành chính theo đơn vị{group}, {period}; chỉ số CCHC năm {board.index_year or '—'}"])
    sheet.append([f"Ngưỡng: tỷ lệ đúng hạn {number(board.on_time_min)}%, điểm chỉ số {number(board.index_min)}"])
    sheet.append([label for label, _ in DASHBOARD_COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    low = PatternFill("solid", fgColor="FDE2E1")
    for row in board.rows:
        values = [safe_text(row.unit.name)]
        for _label, attr in DASHBOARD_COLUMNS[1:-1]:
            value = getattr(row, attr)
            values.append(None if value is None else (int(value) if attr in ("received", "online", "resolved", "on_time",
                                                                              "index_rank") else float(value)))
        reasons = []
        if row.low_on_time:
            reasons.append("tỷ lệ đúng hạn")
        if row.low_index:
            reasons.append("điểm chỉ số")
        values.append(", ".join(reasons))
        sheet.append(values)
        if row.highlighted:
            for cell in sheet[sheet.max_row]:
                cell.fill = low
    for column, width in zip("ABCDEFGHIJ", (42, 14, 14, 14, 16, 14, 14, 14, 10, 24)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=4, min_col=6, max_col=8):
        for cell in row:
            cell.number_format = "0.00"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
