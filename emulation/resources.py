"""The .xlsx import of award decisions and their items, on the shared engine (`core.imports`).

One row per item (a named recipient, or a bulk row with «Số lượng»); the decision's columns are
repeated on each of its rows. A decision is known by its number, symbol and date: rows naming a
decision already in the register add items to it (its other columns must agree), rows naming a new
one create it — all or nothing, only when no row is wrong. The double-award rule holds against the
register and within the file (the engine's duplicate check over the recipient's identity).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models.functions import Upper
from import_export import fields

from core import text
from core.imports import registry
from core.imports.resources import ImportResource, chunks, resource_meta
from core.imports.widgets import (
    ChoiceWidget,
    LookupWidget,
    TextWidget,
    UnitCodeWidget,
    VNDateWidget,
    VNIntegerWidget,
    cell_text,
    key_text,
)
from emulation.permissions import OFFICES
from emulation.models import (
    AwardDecision,
    AwardItem,
    AwardLevel,
    AwardType,
    DecisionStatus,
    Occasion,
    RecipientKind,
    recipient_key,
)

DEFAULT_AUTHORITY = "Chủ tịch Ủy ban nhân dân tỉnh"
NUMBER, SYMBOL, DATE = "Số quyết định", "Ký hiệu", "Ngày quyết định"
TYPE, KIND, NAME, RECIPIENT_UNIT, PERIOD = ("Danh hiệu, hình thức", "Đối tượng", "Tên tập thể, cá nhân",
                                            "Mã đơn vị của đối tượng", "Thời gian đạt thành tích")


class AwardTypeWidget(LookupWidget):
    cache = "award_types"
    missing = "Không có danh hiệu, hình thức «{}» (ghi đúng tên hoặc mã trong danh mục)."
    attr = "name"


def _decision_key(number, symbol, day):
    return (key_text(number), key_text(symbol), day)


class AwardItemResource(ImportResource):
    decision_number = fields.Field("decision_number", NUMBER, widget=TextWidget(30))
    decision_symbol = fields.Field("decision_symbol", SYMBOL, widget=TextWidget(40))
    decision_date = fields.Field("decision_date", DATE, widget=VNDateWidget())
    decision_level = fields.Field("decision_level", "Cấp quyết định", widget=ChoiceWidget(AwardLevel.choices, "Cấp quyết định"))
    decision_authority = fields.Field("decision_authority", "Người quyết định", widget=TextWidget(200))
    decision_occasion = fields.Field("decision_occasion", "Dịp khen thưởng", widget=ChoiceWidget(Occasion.choices, "Dịp khen thưởng"))
    decision_unit = fields.Field("decision_unit", "Mã đơn vị đề nghị", widget=UnitCodeWidget(None))
    decision_subject = fields.Field("decision_subject", "Trích yếu", widget=TextWidget(500))
    award_type = fields.Field("award_type", TYPE, widget=AwardTypeWidget(None))
    recipient_kind = fields.Field("recipient_kind", KIND, widget=ChoiceWidget(RecipientKind.choices, KIND))
    recipient_name = fields.Field("recipient_name", NAME, widget=TextWidget(255))
    recipient_unit = fields.Field("recipient_unit", RECIPIENT_UNIT, widget=UnitCodeWidget(None))
    quantity = fields.Field("quantity", "Số lượng", widget=VNIntegerWidget())
    achievement_period = fields.Field("achievement_period", PERIOD, widget=TextWidget(60))
    achievement = fields.Field("achievement", "Thành tích", widget=TextWidget(2000))

    Meta = resource_meta(AwardItem, ["award_type"], (
        "decision_number", "decision_symbol", "decision_date", "decision_level", "decision_authority",
        "decision_occasion", "decision_unit", "decision_subject", "award_type", "recipient_kind", "recipient_name",
        "recipient_unit", "quantity", "achievement_period", "achievement",
    ))
    update_fields = ()
    required = ("award_type", "recipient_kind")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.award_types = {}
        self.decisions = {}      # {decision key: AwardDecision} stored ones the file names
        self.new_decisions = {}  # {decision key: unsaved AwardDecision}
        self.awarded = {}        # {(award type id, recipient key, period): AwardItem} already in the register

    # --- keys ------------------------------------------------------------------------------
    def raw_key(self, row):
        """A named recipient's identity (the double-award rule within the file); None for bulk rows."""
        name = " ".join(cell_text(row.get(NAME)).split()).casefold()
        if not name:
            return None
        return (key_text(row.get(TYPE)), cell_text(row.get(KIND)).casefold(), name, key_text(row.get(RECIPIENT_UNIT)),
                cell_text(row.get(PERIOD)).casefold())

    def duplicate_label(self):
        return "cùng tập thể, cá nhân, cùng danh hiệu, hình thức và thời gian thành tích: không khen hai lần"

    def load_existing(self, dataset):
        """Never updates a stored item: loads the catalogue, the decisions and the awards the file names."""
        for t in AwardType.objects.all():
            self.award_types[t.code.upper()] = t
            self.award_types[key_text(t.name)] = t
        headers = dataset.headers

        def col(name):
            return dataset.get_col(headers.index(name)) if name in headers else [None] * len(dataset)

        numbers = {key_text(v) for v in col(NUMBER) if key_text(v)}
        for chunk in chunks(numbers):
            for d in AwardDecision.objects.annotate(key=Upper("number")).filter(key__in=chunk, decided_on__isnull=False):
                self.decisions[_decision_key(d.number, d.symbol, d.decided_on)] = d
        keys = set()
        for unit_code, name, kind in zip(col(RECIPIENT_UNIT), col(NAME), col(KIND)):
            unit = self.units_by_code.get(key_text(unit_code))
            kind_value = self.fields["recipient_kind"].widget.lookup.get(cell_text(kind).casefold(), "")
            k = recipient_key(kind_value, cell_text(name), unit.pk if unit else None)
            if k:
                keys.add(k)
        for chunk in chunks(keys):
            for item in AwardItem.objects.filter(recipient_key__in=chunk).select_related("decision"):
                self.awarded[(item.award_type_id, item.recipient_key, item.achievement_period)] = item
        return {}

    # --- rules -----------------------------------------------------------------------------
    def check(self, instance, row, errors):
        for attribute, label in (("recipient_name", NAME), ("achievement", "Thành tích"),
                                 ("achievement_period", PERIOD), ("decision_subject", "Trích yếu"),
                                 ("decision_authority", "Người quyết định")):
            value = getattr(instance, attribute, "") or ""
            try:
                setattr(instance, attribute, text.clean(value, label).strip())
            except ValidationError as error:
                errors.setdefault(attribute, []).append(error)
        decision = self._decision(instance, errors)
        if decision is not None:
            instance.decision = decision
            if not instance.achievement_period:
                instance.achievement_period = decision.achievement_period
        if instance.quantity is None:
            instance.quantity = 1
        if instance.quantity < 1:
            errors.setdefault("quantity", []).append(ValidationError("Số lượng phải từ 1 trở lên."))
        elif instance.recipient_name and instance.quantity != 1:
            errors.setdefault("quantity", []).append(
                ValidationError("Dòng ghi tên một tập thể, cá nhân thì số lượng là 1 (dòng gộp: để trống tên)."))
        award_type = instance.award_type if instance.award_type_id and "award_type" not in errors else None
        if award_type is not None and instance.recipient_kind and not award_type.allows(instance.recipient_kind):
            errors.setdefault("recipient_kind", []).append(ValidationError(
                f"{award_type.name} không tặng cho {RecipientKind(instance.recipient_kind).label.lower()}."))
        instance.recipient_key = recipient_key(instance.recipient_kind, instance.recipient_name, instance.recipient_unit_id)
        if instance.recipient_key and award_type is not None:
            earlier = self.awarded.get((award_type.pk, instance.recipient_key, instance.achievement_period))
            if earlier is not None:
                where = earlier.decision.reference or f"hồ sơ của {earlier.decision.proposing_unit}"
                errors.setdefault("recipient_name", []).append(ValidationError(
                    f"{earlier.recipient_name} đã được {award_type.name} cho thành tích {earlier.achievement_period} "
                    f"tại {where}; không khen hai lần cho cùng một thành tích."))

    def _decision(self, instance, errors):
        number, symbol, day = (getattr(instance, "decision_number", ""), getattr(instance, "decision_symbol", ""),
                               getattr(instance, "decision_date", None))
        missing = [label for label, value in ((NUMBER, number), (DATE, day)) if not value]
        if "decision_date" in errors:
            return None
        if missing:
            errors.setdefault("decision_number", []).append(ValidationError("Thiếu " + " và ".join(m.lower() for m in missing) + "."))
            return None
        key = _decision_key(number, symbol, day)
        level = getattr(instance, "decision_level", "") or AwardLevel.PROVINCE
        occasion = getattr(instance, "decision_occasion", "")
        unit = getattr(instance, "decision_unit", None)
        stored = self.decisions.get(key)
        if stored is not None:
            differs = [label for label, new, old in (("cấp quyết định", level, stored.level),
                                                     ("dịp khen thưởng", occasion or stored.occasion, stored.occasion),
                                                     ("đơn vị đề nghị", unit.pk if unit else stored.proposing_unit_id,
                                                      stored.proposing_unit_id)) if new != old]
            if differs:
                errors.setdefault("decision_number", []).append(ValidationError(
                    f"{stored.reference} đã có trong sổ với {', '.join(differs)} khác dòng này."))
                return None
            return stored
        if not occasion:
            errors.setdefault("decision_occasion", []).append(ValidationError("Thiếu dịp khen thưởng."))
        if unit is None and "decision_unit" not in errors:
            errors.setdefault("decision_unit", []).append(ValidationError("Thiếu mã đơn vị đề nghị."))
        if not occasion or unit is None:
            return None
        new = self.new_decisions.get(key)
        if new is None:
            new = self.new_decisions[key] = AwardDecision(
                number=number, symbol=symbol, decided_on=day, received_on=day, level=level,
                authority=getattr(instance, "decision_authority", "") or DEFAULT_AUTHORITY, occasion=occasion,
                proposing_unit=unit, status=DecisionStatus.AWARDED, subject=getattr(instance, "decision_subject", ""),
                achievement_period=getattr(instance, "achievement_period", ""))
        elif (new.level, new.occasion, new.proposing_unit_id) != (level, occasion, unit.pk):
            errors.setdefault("decision_number", []).append(ValidationError(
                "Các dòng của cùng một quyết định phải cùng cấp quyết định, dịp khen thưởng và đơn vị đề nghị."))
            return None
        return new

    # --- writes ----------------------------------------------------------------------------
    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not dry_run and not self.invalid_rows and self.create_instances:
            # Called once per batch of rows (core.imports.resources.FLUSH_ROWS): only the decisions not yet saved.
            AwardDecision.objects.bulk_create([d for d in self.new_decisions.values() if d.pk is None])
            for item in self.create_instances:
                item.decision_id = item.decision.pk
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)


registry.register(registry.ImportKind(
    key="quyet_dinh_khen_thuong", label="Quyết định khen thưởng và đối tượng được khen", resource=AwardItemResource,
    app="emulation", offices=OFFICES,
    guide=[
        "Mỗi dòng là một đối tượng được khen (một tập thể, cá nhân hoặc hộ gia đình có tên), hoặc một dòng gộp "
        "nhiều đối tượng: để trống «Tên tập thể, cá nhân» và ghi «Số lượng».",
        "Các cột của quyết định (số, ký hiệu, ngày, cấp, dịp, mã đơn vị đề nghị) ghi lại trên mỗi dòng của quyết định đó; "
        "quyết định chưa có trong sổ được tạo mới, quyết định đã có được thêm đối tượng.",
        "Ngày ghi theo dạng ngày/tháng/năm (ví dụ 15/03/2021). «Danh hiệu, hình thức» ghi đúng tên trong danh mục "
        "(ví dụ: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh).",
        "Một tập thể, cá nhân không được khen hai lần cùng danh hiệu, hình thức cho cùng thời gian thành tích: "
        "dòng như vậy bị từ chối, và cả tệp không được ghi cho đến khi sửa xong.",
    ],
    denied="Chỉ chuyên viên Ban Thi đua - Khen thưởng được nhập quyết định khen thưởng từ Excel.",
    text_columns=(NUMBER, SYMBOL, "Mã đơn vị đề nghị", RECIPIENT_UNIT),
    done_link=("emulation:decisions", "Xem quyết định khen thưởng"),
))
