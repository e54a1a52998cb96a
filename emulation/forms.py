"""Forms of the emulation pages: Vietnamese labels and messages; every text passes core.text."""

import datetime

from django import forms
from django.forms import formset_factory

from core.models import OrgUnit
from core.pickers import PickerChoiceField
from core.text import NormalizedTextMixin
from emulation.models import AwardLevel, AwardType, Occasion, RecipientKind
from emulation.services import ItemData

DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


def _style(form):
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class ProposalForm(NormalizedTextMixin, forms.Form):
    unit = PickerChoiceField(OrgUnit.objects.none(), source="don-vi-de-nghi", label="Đơn vị đề nghị",
                             empty_label="— Chọn đơn vị —", error_messages={"required": "Vui lòng chọn đơn vị đề nghị.",
                                                  "invalid_choice": "Đơn vị này không thuộc phạm vi của bạn."})
    title = forms.CharField(label="Tên hồ sơ", max_length=300, error_messages={"required": "Vui lòng nhập tên hồ sơ."})
    occasion = forms.ChoiceField(label="Dịp khen thưởng", choices=Occasion.choices)
    achievement_period = forms.CharField(label="Thời gian đạt thành tích", max_length=60,
                                         help_text="Ví dụ: năm 2025; năm học 2024 - 2025",
                                         error_messages={"required": "Vui lòng nhập thời gian đạt thành tích."})

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrgUnit.objects.none()
        _style(self)


class ProposalItemForm(NormalizedTextMixin, forms.Form):
    award_type = forms.ModelChoiceField(label="Danh hiệu, hình thức đề nghị", queryset=AwardType.objects.filter(active=True),
                                        required=False)
    recipient_kind = forms.ChoiceField(label="Đối tượng", choices=RecipientKind.choices)
    recipient_name = forms.CharField(label="Tên tập thể, cá nhân", max_length=255, required=False)
    achievement = forms.CharField(label="Thành tích", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        data = super().clean()
        if not data.get("recipient_name") and not data.get("award_type"):
            return data  # an empty row: skipped
        if not data.get("recipient_name"):
            self.add_error("recipient_name", "Vui lòng nhập tên tập thể, cá nhân.")
        if not data.get("award_type"):
            self.add_error("award_type", "Vui lòng chọn danh hiệu, hình thức đề nghị.")
        elif data.get("recipient_kind") and not data["award_type"].allows(data["recipient_kind"]):
            self.add_error("recipient_kind", f"{data['award_type'].name} không tặng cho "
                                             f"{RecipientKind(data['recipient_kind']).label.lower()}.")
        return data

    def item(self):
        data = self.cleaned_data
        if not data or not data.get("recipient_name"):
            return None
        return ItemData(award_type=data["award_type"], recipient_kind=data["recipient_kind"],
                        recipient_name=data["recipient_name"], achievement=data.get("achievement", ""))


ProposalItemFormSet = formset_factory(ProposalItemForm, extra=3, max_num=200, validate_max=True)


def items_of(formset):
    return [i for i in (f.item() for f in formset.forms) if i is not None]


class ReturnForm(NormalizedTextMixin, forms.Form):
    reason = forms.CharField(label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                             error_messages={"required": "Vui lòng ghi lý do trả lại hồ sơ để đơn vị bổ sung."})


class AcceptForm(NormalizedTextMixin, forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=30, error_messages={"required": "Vui lòng nhập số quyết định."})
    symbol = forms.CharField(label="Ký hiệu", max_length=40, initial="QĐ-UBND", required=False)
    decided_on = forms.DateField(label="Ngày quyết định", widget=DATE_INPUT, initial=datetime.date.today,
                                 error_messages={"required": "Vui lòng nhập ngày quyết định.",
                                                 "invalid": "Ngày không hợp lệ."})
    level = forms.ChoiceField(label="Cấp quyết định", choices=AwardLevel.choices, initial=AwardLevel.PROVINCE)
    authority = forms.CharField(label="Người, cơ quan quyết định", max_length=200,
                                initial="Chủ tịch Ủy ban nhân dân tỉnh")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class StatisticsForm(forms.Form):
    """The window (a period, or the emulation year) and the filters of the statistics page."""

    period = forms.ChoiceField(label="Kỳ", required=False)
    unit = PickerChoiceField(OrgUnit.objects.none(), label="Phạm vi (đơn vị đề nghị)", required=False,
                             empty_label="Toàn bộ phạm vi được xem")
    level = forms.ChoiceField(label="Cấp quyết định", choices=[("", "Tất cả")] + AwardLevel.choices, required=False)
    occasion = forms.ChoiceField(label="Dịp khen thưởng", choices=[("", "Tất cả")] + Occasion.choices, required=False)

    def __init__(self, *args, periods=(), units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.label[:1].upper() + p.label[1:] + f" ({p.range_label})") for p in periods]
        if units is not None:
            self.fields["unit"].queryset = units
        _style(self)


class DecisionFilterForm(NormalizedTextMixin, forms.Form):
    year = forms.IntegerField(label="Năm", required=False, min_value=1990, max_value=2100)
    q = forms.CharField(label="Tìm", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


# ---------------------------------------------------------------------------------------------
# Register forms (core.registers): decisions, their items, cluster members, movements
# ---------------------------------------------------------------------------------------------

from core.registers.forms import RegisterForm, register_formfield  # noqa: E402
from emulation.models import AwardDecision, AwardItem, ClusterMembership, EmulationMovement  # noqa: E402
from emulation.pickers import decisions_for  # noqa: E402


class DecisionForm(RegisterForm):
    class Meta:
        model = AwardDecision
        fields = ["number", "symbol", "decided_on", "status", "level", "authority", "occasion", "proposing_unit",
                  "received_on", "forwarded_on", "subject", "achievement_period", "movement"]
        formfield_callback = register_formfield


class AwardItemForm(RegisterForm):
    """One recipient (or a bulk row) of a decision; the double-award rule is said here, naming the
    decision that already holds the award."""

    class Meta:
        model = AwardItem
        fields = ["decision", "award_type", "recipient_kind", "recipient_name", "recipient_unit", "quantity",
                  "achievement_period", "achievement"]
        formfield_callback = register_formfield

    # Searched, never listed: the register holds every decision (core.pickers, emulation/pickers.py).
    decision = PickerChoiceField(AwardDecision.objects.none(), source="quyet-dinh-khen-thuong", label="Quyết định",
                                 empty_label="— Chọn quyết định —")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions_for(None)
        self.fields["decision"].error_messages["invalid_choice"] = "Quyết định đã chọn không có trong sổ khen thưởng."
        self.fields["award_type"].queryset = AwardType.objects.filter(active=True) | AwardType.objects.filter(
            pk=self.instance.award_type_id or 0)
        self.fields["achievement_period"].help_text = "Để trống: theo thời gian thành tích của quyết định."

    def clean(self):
        data = super().clean()
        decision, award_type, kind = data.get("decision"), data.get("award_type"), data.get("recipient_kind")
        name, unit = data.get("recipient_name", ""), data.get("recipient_unit")
        if not (decision and award_type and kind):
            return data
        period = data.get("achievement_period") or decision.achievement_period
        data["achievement_period"] = self.instance.achievement_period = period
        if not award_type.allows(kind):
            self.add_error("recipient_kind", f"{award_type.name} không tặng cho {RecipientKind(kind).label.lower()}.")
        if name and (data.get("quantity") or 1) != 1:
            self.add_error("quantity", "Dòng ghi tên một tập thể, cá nhân thì số lượng phải là 1.")
        from emulation.services import double_awards

        for message in double_awards([ItemData(award_type, kind, name, unit, achievement_period=period)],
                                     exclude_item=self.instance.pk):
            self.add_error("recipient_name", message.split(": ", 1)[1])
        return data


class ClusterMembershipForm(RegisterForm):
    class Meta:
        model = ClusterMembership
        fields = ["cluster", "year", "unit", "role"]
        formfield_callback = register_formfield


class MovementForm(RegisterForm):
    class Meta:
        model = EmulationMovement
        fields = ["name", "kind", "launched_by", "launched_on", "ends_on", "unit", "document"]
        formfield_callback = register_formfield

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("launched_on") and data["ends_on"] < data["launched_on"]:
            self.add_error("ends_on", "Ngày kết thúc phải sau ngày phát động.")
        return data
