"""Forms of the staffing pages: the GET filters (invalid values fall back to defaults), the upload, and
the register forms (web entry of the registers)."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.text import capfirst

from core import formatting
from core.access import READ
from core.forms import DocumentChoiceField, FilterForm, _bootstrap
from core.models import FOREVER, LegalDocument, OrgUnit, Period, PeriodType
from staffing import selectors
from staffing.models import (
    ActionType,
    CivilServant,
    Gender,
    JobPositionApproval,
    Level,
    PersonnelAction,
    PostgraduateSupport,
    Quota,
    QuotaKind,
    RecruitmentExam,
    RestructuringEvent,
    StaffCategory,
    StreamliningCase,
    TrainingCourse,
    TrainingPlan,
    level_of_unit,
)


class RegisterFilterForm(FilterForm):
    q = forms.CharField(label="Họ tên hoặc mã số", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Nguyễn Văn An hoặc HG000123"}))
    unit = forms.ChoiceField(label="Đơn vị", required=False)
    category = forms.ChoiceField(label="Đối tượng", choices=[("", "Tất cả đối tượng")] + StaffCategory.choices, required=False)
    gender = forms.ChoiceField(label="Giới tính", choices=[("", "Tất cả")] + Gender.choices, required=False)
    defaults = {"q": "", "unit": "", "category": "", "gender": ""}

    def __init__(self, data=None, units=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"].choices = [("", "Tất cả đơn vị")] + [(u.code, u.name) for u in units]

    def clean_q(self):
        return formatting.nfc(self.cleaned_data.get("q") or "").strip()


def period_choices():
    periods = Period.objects.filter(type__in=[PeriodType.SIX_MONTH, PeriodType.ANNUAL, PeriodType.CALENDAR_YEAR]).order_by(
        "-year", "type", "number")
    return [(p.code, f"{p.label[:1].upper()}{p.label[1:]} ({p.range_label})") for p in periods]


class ActionFilterForm(FilterForm):
    period = forms.ChoiceField(label="Kỳ", required=False)
    action_type = forms.ChoiceField(label="Loại quyết định", choices=[("", "Tất cả các loại")] + ActionType.choices,
                                    required=False)
    level = forms.ChoiceField(label="Cấp", choices=[("", "Tất cả các cấp")] + Level.choices, required=False)
    defaults = {"period": "", "action_type": "", "level": ""}

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period"].choices = [("", "Tất cả các kỳ")] + period_choices()


class QuotaFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="Năm", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label="Loại biên chế", choices=[("", "Tất cả các loại")] + QuotaKind.choices, required=False)
    defaults = {"year": None, "kind": ""}

    def __init__(self, data=None, years=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class RegisterListFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="Năm", coerce=int, required=False, empty_value=None)
    unit = forms.ChoiceField(label="Đơn vị", required=False)
    defaults = {"year": None, "unit": ""}

    def __init__(self, data=None, years=(), units=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [("", "Tất cả các năm")] + [(y, str(y)) for y in years]
        self.fields["unit"].choices = [("", "Tất cả đơn vị")] + [(u.code, u.name) for u in units]


# ---------------------------------------------------------------------------------------------
# Register forms (web entry of the registers: quotas, streamlining, restructuring, job positions,
# exams, training, postgraduate support, single personnel actions). Numbers are typed the
# Vietnamese way ("1.360", "20.412.619.000"), dates dd/mm/yyyy; every message is Vietnamese.
# The unit and person choices are limited to the user's scope (`scope` keyword argument).
# ---------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
MIN_YEAR, MAX_YEAR = 1975, 2100
MAX_MONEY_DIGITS = 18


class VNDateField(forms.DateField):
    """A date typed dd/mm/yyyy (also d/m/yyyy, with "." or "-"); shown as dd/mm/yyyy."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "ngày/tháng/năm, ví dụ 05/01/2021",
                                                       "inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = formatting.nfc(value).strip()
        match = _DATE_RE.fullmatch(text)
        if not match:
            raise ValidationError(f"Ngày «{text}» không đúng định dạng ngày/tháng/năm (ví dụ 05/01/2021).", code="invalid")
        day, month, year = (int(g) for g in match.groups())
        try:
            day = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(f"Ngày «{text}» không có thật.", code="invalid") from None
        if not MIN_YEAR <= day.year <= MAX_YEAR:
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


def unit_label(unit):
    if unit.valid_to != FOREVER:
        return f"{unit.name} (đến {formatting.short_date(unit.valid_to)})"
    return unit.name


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class PersonCodeField(forms.ModelChoiceField):
    """A person chosen by their mã số (a text box: the register has thousands of people)."""

    widget = forms.TextInput(attrs={"placeholder": "Mã số CBCCVC, ví dụ HG000123", "autocomplete": "off"})

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="ma_so", **kwargs)
        self.error_messages["invalid_choice"] = (
            "Không tìm thấy cán bộ, công chức, viên chức có mã số «%(value)s» trong phạm vi của anh/chị.")

    def to_python(self, value):
        if isinstance(value, str):
            value = formatting.nfc(value).strip()
        return super().to_python(value)


def register_formfield(db_field, **kwargs):
    """Form fields of the register forms: Vietnamese numbers and dates, scoped unit/person choices
    (the querysets are set by `RegisterForm.__init__`)."""
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
        if target is CivilServant:
            options["label"] = "Người (mã số CBCCVC)"
            options["help_text"] = "Để trống nếu dòng gộp nhiều trường hợp; khi có mã số thì số trường hợp là 1."
            return PersonCodeField(CivilServant.objects.none(), **options)
    if isinstance(db_field, models.ManyToManyField) and db_field.related_model is OrgUnit:
        options["help_text"] = "Giữ phím Ctrl (hoặc ⌘) để chọn nhiều đơn vị."
        return UnitMultipleChoiceField(OrgUnit.objects.none(), widget=forms.SelectMultiple(attrs={"size": 8}), **options)
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


class RegisterForm(forms.ModelForm):
    """Base of the register forms. `scope` limits units (to what the user reaches) and people (to
    whom the user may see by name); `version` carries the row's fingerprint so that a concurrent
    edit is refused instead of silently overwritten (checked by `services.save_register_row`)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        units = selectors.register_unit_choices(scope)
        for name, field in self.fields.items():
            if isinstance(field, (UnitChoiceField, UnitMultipleChoiceField)):
                field.queryset = units
                field.error_messages["invalid_choice"] = "Đơn vị đã chọn không thuộc phạm vi của anh/chị."
                field.error_messages["invalid_pk_value"] = "Đơn vị đã chọn không hợp lệ."
            elif isinstance(field, DocumentChoiceField):
                field.queryset = LegalDocument.objects.order_by("-issued_on", "number")
                field.error_messages["invalid_choice"] = "Văn bản đã chọn không có trong danh mục văn bản."
            elif isinstance(field, PersonCodeField):
                field.queryset = selectors.personal_scope(scope).filter(CivilServant.objects.all(), READ, unit_field="unit")
                if self.instance.pk and getattr(self.instance, f"{name}_id", None):
                    self.initial[name] = getattr(self.instance, name).ma_so
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
            from staffing import services

            self.initial["version"] = services.register_fingerprint(self.instance)
        _bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and name != "version":
                cleaned[name] = formatting.nfc(value).strip()
        return cleaned


def _one_person_one_case(form, cleaned):
    person, quantity = cleaned.get("person"), cleaned.get("quantity")
    if person is not None and quantity not in (None, 1):
        form.add_error("quantity", "Dòng gắn với một người thì số trường hợp phải là 1.")


class QuotaForm(RegisterForm):
    class Meta:
        model = Quota
        fields = ["unit", "year", "kind", "assigned", "used_entered", "used_from_register", "decision", "term", "note"]
        formfield_callback = register_formfield
        error_messages = {NON_FIELD_ERRORS: {
            "unique_together": "Đơn vị này đã có biên chế cùng loại trong năm đã chọn; hãy sửa dòng đã có thay vì thêm mới.",
        }}


class StreamliningCaseForm(RegisterForm):
    class Meta:
        model = StreamliningCase
        fields = ["year", "round_number", "stage", "decree", "unit", "person", "quantity", "amount", "decided_on",
                  "decision", "note"]
        formfield_callback = register_formfield

    def clean(self):
        cleaned = super().clean()
        _one_person_one_case(self, cleaned)
        return cleaned


class RestructuringEventForm(RegisterForm):
    class Meta:
        model = RestructuringEvent
        fields = ["unit", "kind", "target", "quantity", "decided_on", "decision", "description"]
        formfield_callback = register_formfield


class JobPositionApprovalForm(RegisterForm):
    class Meta:
        model = JobPositionApproval
        fields = ["unit", "approved_on", "positions", "is_adjustment", "decision"]
        formfield_callback = register_formfield


class RecruitmentExamForm(RegisterForm):
    class Meta:
        model = RecruitmentExam
        fields = ["name", "kind", "audience", "year", "held_on", "participants", "passed", "units", "document"]
        formfield_callback = register_formfield

    def clean(self):
        cleaned = super().clean()
        participants, passed = cleaned.get("participants"), cleaned.get("passed")
        if participants is not None and passed is not None and passed > participants:
            self.add_error("passed", "Số người trúng tuyển không được lớn hơn số người tham gia.")
        return cleaned


class TrainingPlanForm(RegisterForm):
    class Meta:
        model = TrainingPlan
        fields = ["year", "classes", "budget", "issued_on", "unit", "decision"]
        formfield_callback = register_formfield


class TrainingCourseForm(RegisterForm):
    class Meta:
        model = TrainingCourse
        fields = ["plan", "name", "unit", "start", "end", "participants", "budget"]
        formfield_callback = register_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = TrainingPlan.objects.order_by("-year", "-issued_on")
        self.fields["plan"].empty_label = "— Không thuộc kế hoạch —"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "Ngày kết thúc phải từ ngày bắt đầu trở về sau.")
        return cleaned


class PostgraduateSupportForm(RegisterForm):
    class Meta:
        model = PostgraduateSupport
        fields = ["person", "unit", "quantity", "decided_on", "amount", "decision"]
        formfield_callback = register_formfield

    def clean(self):
        cleaned = super().clean()
        _one_person_one_case(self, cleaned)
        return cleaned


class PersonnelActionForm(RegisterForm):
    class Meta:
        model = PersonnelAction
        fields = ["action_type", "level", "person", "quantity", "unit", "rank_title", "authority", "handling",
                  "decision_number", "effective_date", "decision", "note"]
        formfield_callback = register_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        level.required = False
        level.choices = [("", "— Theo loại đơn vị —"), *[c for c in level.choices if c[0]]]
        level.help_text = "Để trống thì lấy theo loại đơn vị (xã, huyện, tỉnh)."

    def clean(self):
        cleaned = super().clean()
        _one_person_one_case(self, cleaned)
        unit = cleaned.get("unit")
        if not cleaned.get("level") and unit is not None:
            cleaned["level"] = level_of_unit(unit)
        person = cleaned.get("person")
        key = {"action_type": cleaned.get("action_type"), "unit": unit, "effective_date": cleaned.get("effective_date"),
               "decision_number": cleaned.get("decision_number", ""), "row_key": person.ma_so if person else ""}
        if all(v is not None for v in key.values()):
            clash = PersonnelAction.objects.filter(**key)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(None, "Đã có quyết định cùng loại, đơn vị, số quyết định, ngày hiệu lực"
                                     f"{' và người' if person else ''} này; hãy sửa dòng đã có thay vì thêm mới.")
        return cleaned
