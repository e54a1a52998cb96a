"""Forms of the archives pages: the register forms (web entry) and the list filters.

Dates and whole numbers are typed the Vietnamese way (05/01/2021, 3.316) with the project's
fields; metres take a decimal comma («46,4»), at most two places."""

import hashlib
from decimal import Decimal

from django import forms
from django.forms.models import model_to_dict

from archives.models import AccessRequest, AccessService, Accession, Fonds, WorkItem, WorkKind, WorkStatus
from archives.selectors import CENTRE_SUFFIX
from core import formatting
from core.access import ALWAYS, READ
from core.forms import FilterForm, _bootstrap
from core.models import OrgUnit
from core.text import NormalizedTextMixin
# The project's Vietnamese date / number / unit fields (they move to core with the import engine).
from staffing.forms import UnitChoiceField, VNDateField, VNNumberField


class MetresField(forms.Field):
    """Metres of records typed the Vietnamese way: «46,4», «1.234,25»; at most two decimals, not negative."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "Ví dụ: 46,4"})

    def prepare_value(self, value):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return formatting.number(value)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = formatting.parse_number(value)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        if number is None:
            return None
        if number < 0:
            raise forms.ValidationError("Số mét không được âm.", code="min_value")
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError("Số mét ghi tối đa hai chữ số sau dấu phẩy (ví dụ 2,65).", code="invalid")
        if number >= Decimal("10000000"):
            raise forms.ValidationError("Số mét quá lớn.", code="max_value")
        return number


def fingerprint(instance):
    """What the row held when the form was opened (the conflict guard compares it on save)."""
    data = model_to_dict(instance)
    return hashlib.sha256(repr(sorted(data.items())).encode()).hexdigest()[:32]


class RegisterForm(NormalizedTextMixin, forms.ModelForm):
    """Base of the archives register forms: units limited to the writer's reach (history included),
    required/choice messages in Vietnamese, the row's fingerprint in `version`."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = "Lựa chọn không thuộc phạm vi của anh/chị."
            elif isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = "Lựa chọn «%(value)s» không hợp lệ."
            if isinstance(field, forms.CharField) and getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"Tối đa {field.max_length} ký tự."
            label = (field.label or "").lower()
            field.error_messages["required"] = (f"Vui lòng chọn {label}." if isinstance(field, forms.ChoiceField)
                                                else f"Vui lòng nhập {label}.")
        if "unit" in self.fields:
            self.fields["unit"].queryset = self.unit_choices(scope)
        if "fonds" in self.fields:
            self.fields["fonds"].queryset = Fonds.objects.order_by("code")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = fingerprint(self.instance)
        _bootstrap(self)

    def unit_choices(self, scope):
        return scope.changing().units(READ, during=ALWAYS).order_by("sort_order", "name")


def _unit(label):
    return UnitChoiceField(OrgUnit.objects.none(), label=label, empty_label="— Chọn đơn vị —")


def _fonds():
    return forms.ModelChoiceField(Fonds.objects.none(), label="Phông", required=False, empty_label="— Không chọn —")


def _count(label, minimum=0, required=False):
    return VNNumberField(label=label, min_value=minimum, max_digits=9, required=required)


class WorkItemForm(RegisterForm):
    unit = _unit("Đơn vị")
    fonds = _fonds()
    metres = MetresField(label="Số mét giá", required=False)
    fonds_count = _count("Số phông")
    boxes = _count("Số hộp")
    pages = _count("Số trang")
    started_on = VNDateField(label="Ngày bắt đầu (tiếp nhận)")
    finished_on = VNDateField(label="Ngày hoàn thành (bàn giao)", required=False,
                              help_text="Chỉ ghi khi tình trạng là «Hoàn thành» hoặc «Hoàn thành và bàn giao».")

    class Meta:
        model = WorkItem
        fields = ["kind", "status", "unit", "fonds", "metres", "fonds_count", "boxes", "pages", "started_on",
                  "finished_on", "note"]


class AccessRequestForm(RegisterForm):
    unit = _unit("Lưu trữ phục vụ")
    fonds = _fonds()
    requested_on = VNDateField(label="Ngày yêu cầu")
    quantity = _count("Số lượt", minimum=1, required=True)

    class Meta:
        model = AccessRequest
        fields = ["service", "requester", "requested_on", "quantity", "unit", "fonds", "purpose"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quantity"].initial = 1
        archives = self.fields["unit"].queryset
        if not self.instance.pk and archives:
            self.initial.setdefault("unit", archives[0].pk)

    def unit_choices(self, scope):
        archive = OrgUnit.objects.filter(code__endswith=CENTRE_SUFFIX)
        return super().unit_choices(scope).filter(pk__in=archive.values("pk"))


class FondsForm(RegisterForm):
    unit = _unit("Cơ quan hình thành phông")
    metres = MetresField(label="Số mét giá", required=False)
    boxes = _count("Số hộp")
    files = _count("Số hồ sơ")

    class Meta:
        model = Fonds
        fields = ["code", "name", "unit", "metres", "boxes", "files", "start_year", "end_year", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = False

    def clean_metres(self):
        return self.cleaned_data.get("metres") or Decimal(0)

    def clean_boxes(self):
        return self.cleaned_data.get("boxes") or 0


class AccessionForm(RegisterForm):
    unit = _unit("Đơn vị giao nộp")
    fonds = _fonds()
    received_on = VNDateField(label="Ngày tiếp nhận")
    metres = MetresField(label="Số mét giá")
    boxes = _count("Số hộp")
    files = _count("Số hồ sơ")

    class Meta:
        model = Accession
        fields = ["unit", "fonds", "received_on", "metres", "boxes", "files", "note"]


class WorkFilterForm(FilterForm):
    kind = forms.ChoiceField(label="Loại công việc", choices=[("", "Tất cả các loại")] + WorkKind.choices, required=False)
    status = forms.ChoiceField(label="Tình trạng", choices=[("", "Tất cả")] + WorkStatus.choices, required=False)
    defaults = {"kind": "", "status": ""}


class AccessFilterForm(FilterForm):
    service = forms.ChoiceField(label="Hình thức khai thác", choices=[("", "Tất cả")] + AccessService.choices,
                                required=False)
    defaults = {"service": ""}


class EmptyFilterForm(FilterForm):
    defaults = {}
