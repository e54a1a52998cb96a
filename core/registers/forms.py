"""Forms of the register pattern (`core.registers`): the list filter and the base of every
register form. Numbers are typed the Vietnamese way ("1.360", "20.412.619.000"), dates dd/mm/yyyy
(`core.imports.widgets.parse_date`, the one parser); every message is Vietnamese. The unit choices
are limited to the user's scope (`scope` keyword argument)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from core import formatting
from core.forms import DocumentChoiceField, FilterForm, _bootstrap
from core.imports.widgets import parse_date
from core.models import LegalDocument, OrgUnit
from core.pickers import PickerChoiceField, PickerMultipleChoiceField, UnitFilterField, unit_label  # noqa: F401
from core.registers.selectors import register_unit_choices
from core.registers.services import register_fingerprint
from core.text import NormalizedTextMixin


class RegisterListFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="Năm", coerce=int, required=False, empty_value=None)
    unit = UnitFilterField()
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": "Tên, nội dung… (có dấu hoặc không dấu)"}))
    defaults = {"year": None, "unit": "", "q": ""}

    def clean_q(self):
        return formatting.nfc(self.cleaned_data.get("q") or "").strip()

    def __init__(self, data=None, years=(), units=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [("", "Tất cả các năm")] + [(y, str(y)) for y in years]
        self.fields["unit"].set_units(units)


MIN_YEAR, MAX_YEAR = 1975, 2100
MAX_MONEY_DIGITS = 18


class VNDateField(forms.DateField):
    """A date typed dd/mm/yyyy (also d/m/yyyy, with "." or "-"); shown as dd/mm/yyyy."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "ngày/tháng/năm, ví dụ 05/01/2021",
                                                       "inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            day = parse_date(value)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from None
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            text = formatting.nfc(str(value)).strip()
            raise ValidationError(f"Năm của ngày «{text}» phải từ {MIN_YEAR} đến {MAX_YEAR}.", code="invalid")
        return day


class VNNumberField(forms.Field):
    """A whole number typed the Vietnamese way ("1.360"); shown with the dot grouping."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def __init__(self, *, min_value=0, max_digits=10, money=False, **kwargs):
        self.min_value, self.max_digits, self.money = min_value, max_digits, money
        super().__init__(**kwargs)

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
            raise ValidationError(str(exc), code="invalid") from None
        if number is None:
            return None
        if number != number.to_integral_value():
            what = "Số tiền tính bằng đồng, không có phần lẻ" if self.money else "Phải là số nguyên"
            raise ValidationError(f"{what}: «{formatting.nfc(value).strip()}».", code="invalid")
        number = int(number)
        if number < self.min_value:
            if self.min_value == 0:
                raise ValidationError("Không được nhập số âm.", code="min_value")
            raise ValidationError(f"Phải từ {formatting.number(self.min_value)} trở lên.", code="min_value")
        if len(str(number)) > self.max_digits:
            raise ValidationError(f"Số quá lớn (tối đa {self.max_digits} chữ số).", code="max_value")
        return Decimal(number) if self.money else number


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "Ví dụ: 2021",
                                                           "autocomplete": "off"}))
        super().__init__(min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)
        message = f"Năm phải là số từ {MIN_YEAR} đến {MAX_YEAR}."
        for code in ("invalid", "min_value", "max_value"):
            self.error_messages[code] = message

    def to_python(self, value):
        return super().to_python(formatting.nfc(value).strip() if isinstance(value, str) else value)


class UnitChoiceField(PickerChoiceField):
    """A unit in tree order, grouped by kind; searched when the user reaches many (core.pickers)."""


class UnitMultipleChoiceField(PickerMultipleChoiceField):
    pass


def register_formfield(db_field, **kwargs):
    """Form fields of the register forms: Vietnamese numbers and dates, scoped unit choices, the
    legal-document picker (the querysets are set by `RegisterForm.__init__`). An app with fields
    of its own wraps it (see staffing.forms.register_formfield)."""
    options = {"label": capfirst(db_field.verbose_name), "required": not db_field.blank,
               "help_text": db_field.help_text}
    if db_field.has_default() and not callable(db_field.default):
        options["initial"] = db_field.default
    if isinstance(db_field, models.ForeignKey):
        target = db_field.related_model
        if target is OrgUnit:
            return UnitChoiceField(OrgUnit.objects.none(), empty_label="— Chọn đơn vị —", **options)
        if target is LegalDocument:
            return DocumentChoiceField(LegalDocument.objects.none(), empty_label="— Không có —", **options)
    if isinstance(db_field, models.ManyToManyField) and db_field.related_model is OrgUnit:
        options["help_text"] = "Giữ phím Ctrl (hoặc ⌘) để chọn nhiều đơn vị."
        return UnitMultipleChoiceField(OrgUnit.objects.none(), **options)
    if isinstance(db_field, models.DateField):
        return VNDateField(**options)
    if db_field.name == "year":
        return YearField(**options)
    if isinstance(db_field, models.DecimalField):
        return VNNumberField(money=True, max_digits=min(db_field.max_digits, MAX_MONEY_DIGITS), **options)
    if isinstance(db_field, (models.PositiveIntegerField, models.PositiveSmallIntegerField)):
        minimum = 1 if db_field.name in ("quantity", "round_number") else 0
        return VNNumberField(min_value=minimum, max_digits=5 if isinstance(db_field, models.PositiveSmallIntegerField) else 9,
                             **options)
    return db_field.formfield(**kwargs)


def _required_message(field):
    label = (field.label or "").lower()
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return f"Vui lòng chọn {label}."
    return f"Vui lòng nhập {label}."


class RegisterForm(NormalizedTextMixin, forms.ModelForm):
    """Base of the register forms. `scope` limits units (to what the user reaches; an app limits
    its own fields in `scope_field`); `version` carries the row's fingerprint so that a concurrent
    edit is refused instead of silently overwritten (checked by `services.save_register_row`)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        units = register_unit_choices(scope)
        for name, field in self.fields.items():
            if self.scope_field(name, field):
                pass  # the app's own field, scoped by the app
            elif isinstance(field, (UnitChoiceField, UnitMultipleChoiceField)):
                field.queryset = units
                field.error_messages["invalid_choice"] = "Đơn vị đã chọn không thuộc phạm vi của anh/chị."
                field.error_messages["invalid_pk_value"] = "Đơn vị đã chọn không hợp lệ."
            elif isinstance(field, DocumentChoiceField):
                field.queryset = LegalDocument.objects.order_by("-issued_on", "number")
                field.error_messages["invalid_choice"] = "Văn bản đã chọn không có trong danh mục văn bản."
            elif isinstance(field, forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = "Lựa chọn không hợp lệ."
            elif isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", "— Chọn —" if field.required else "— Không chọn —"), *field.choices[1:]]
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = "Lựa chọn «%(value)s» không hợp lệ."
            if isinstance(field, forms.CharField) and getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"Tối đa {field.max_length} ký tự."
            field.error_messages["required"] = _required_message(field)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = register_fingerprint(self.instance)
        _bootstrap(self)

    def scope_field(self, name, field):
        """Hook: limit an app's own field to `self.scope` (e.g. people seen by name); True when
        the field was handled (its choices and messages are then the app's)."""
        return False

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and name != "version":
                cleaned[name] = formatting.nfc(value).strip()
        return cleaned
