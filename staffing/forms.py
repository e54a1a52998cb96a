"""Forms of the staffing pages: the GET filters (invalid values fall back to defaults) and the
register forms (web entry of the registers, on `core.registers.forms`)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.utils.text import capfirst

from core import formatting
from core.forms import FilterForm
from core.pickers import PickerChoiceField, UnitFilterField
from core.models import Period, PeriodType
from core.registers.forms import RegisterForm as CoreRegisterForm
from core.registers.forms import VNNumberField
from core.registers.forms import register_formfield as core_register_formfield
from staffing import selectors
from staffing.pickers import people_for
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
    action_type_choices,
    level_of_unit,
)


class RegisterFilterForm(FilterForm):
    q = forms.CharField(label="Họ tên hoặc mã số", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Nguyễn Văn An hoặc HG000123"}))
    unit = UnitFilterField(source="don-vi-nhan-su")
    category = forms.ChoiceField(label="Đối tượng", choices=[("", "Tất cả đối tượng")] + StaffCategory.choices, required=False)
    gender = forms.ChoiceField(label="Giới tính", choices=[("", "Tất cả")] + Gender.choices, required=False)
    defaults = {"q": "", "unit": "", "category": "", "gender": ""}

    def __init__(self, data=None, units=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"].set_units(units)

    def clean_q(self):
        return formatting.nfc(self.cleaned_data.get("q") or "").strip()


def period_choices():
    periods = Period.objects.filter(type__in=[PeriodType.SIX_MONTH, PeriodType.ANNUAL, PeriodType.CALENDAR_YEAR]).order_by(
        "-year", "type", "number")
    return [(p.code, f"{p.label[:1].upper()}{p.label[1:]} ({p.range_label})") for p in periods]


class ActionFilterForm(FilterForm):
    period = forms.ChoiceField(label="Kỳ", required=False)
    action_type = forms.ChoiceField(label="Loại quyết định", choices=[("", "Tất cả các loại")] + ActionType.choices,
                                    required=False)  # and the data types: __init__
    level = forms.ChoiceField(label="Cấp", choices=[("", "Tất cả các cấp")] + Level.choices, required=False)
    defaults = {"period": "", "action_type": "", "level": ""}

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["period"].choices = [("", "Tất cả các kỳ")] + period_choices()
        self.fields["action_type"].choices = [("", "Tất cả các loại")] + action_type_choices()


class QuotaFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="Năm", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label="Loại biên chế", choices=[("", "Tất cả các loại")] + QuotaKind.choices, required=False)
    defaults = {"year": None, "kind": ""}

    def __init__(self, data=None, years=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


# ---------------------------------------------------------------------------------------------
# Register forms (web entry of the registers: quotas, streamlining, restructuring, job positions,
# exams, training, postgraduate support, single personnel actions), on core.registers.forms; only
# the person field (a civil servant by mã số, among those the user sees by name) is staffing's.
# ---------------------------------------------------------------------------------------------


class PersonCodeField(PickerChoiceField):
    """A person chosen by name or mã số (a picker: the register has thousands of people); the
    option's value is the mã số."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, source="nguoi", to_field_name="ma_so", **kwargs)
        self.error_messages["invalid_choice"] = (
            "Không tìm thấy cán bộ, công chức, viên chức có mã số «%(value)s» trong phạm vi của anh/chị.")

    def to_python(self, value):
        if isinstance(value, str):
            value = formatting.nfc(value).strip()
        return super().to_python(value)


class PercentField(forms.Field):
    """A percentage typed the Vietnamese way («10,23»), from 0 to 100."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def prepare_value(self, value):
        return formatting.number(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = formatting.parse_number(value)
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        if number is None:
            return None
        if not 0 <= number <= 100:
            raise forms.ValidationError("Tỷ lệ phải từ 0 đến 100 (%).", code="invalid")
        return number.quantize(Decimal("0.01"))


def register_formfield(db_field, **kwargs):
    """core's register fields, a civil servant chosen by mã số, a percentage, a count of decisions."""
    if db_field.name == "roadmap_cut":
        return PercentField(label=capfirst(db_field.verbose_name), required=False, help_text=db_field.help_text)
    if db_field.name == "decisions":
        return VNNumberField(min_value=1, max_digits=9, label=capfirst(db_field.verbose_name), required=False,
                             help_text=db_field.help_text)
    if isinstance(db_field, models.ForeignKey) and db_field.related_model is CivilServant:
        return PersonCodeField(
            CivilServant.objects.none(), label="Người (họ tên hoặc mã số CBCCVC)", required=not db_field.blank,
            empty_label="— Không gắn với một người —", help_text="Để trống nếu dòng gộp nhiều trường hợp; khi có mã số thì số trường hợp là 1.")
    return core_register_formfield(db_field, **kwargs)


class RegisterForm(CoreRegisterForm):
    """A staffing register form: people limited to those the user may see by name."""

    def _post_clean(self):
        date_field = getattr(self.instance, "date_field", "")
        if date_field:
            self.instance._date_failed = date_field in self.errors
        super()._post_clean()

    def scope_field(self, name, field):
        if name == "dated_period":
            field.queryset = Period.objects.order_by("-start", "type")
            field.empty_label = "— Có ngày cụ thể —"
            return True
        if not isinstance(field, PersonCodeField):
            return False
        field.queryset = people_for(self.scope)
        if self.instance.pk and getattr(self.instance, f"{name}_id", None):
            self.initial[name] = getattr(self.instance, name).ma_so  # the options' values are mã số
        return True


def _one_person_one_case(form, cleaned):
    person, quantity = cleaned.get("person"), cleaned.get("quantity")
    if person is not None and quantity not in (None, 1):
        form.add_error("quantity", "Dòng gắn với một người thì số trường hợp phải là 1.")


class QuotaForm(RegisterForm):
    class Meta:
        model = Quota
        fields = ["unit", "year", "kind", "assigned", "used_entered", "used_from_register", "decision", "term",
                  "term_assigned", "roadmap_cut", "note"]
        formfield_callback = register_formfield
        error_messages = {NON_FIELD_ERRORS: {
            "unique_together": "Đơn vị này đã có biên chế cùng loại trong năm đã chọn; hãy sửa dòng đã có thay vì thêm mới.",
        }}


class StreamliningCaseForm(RegisterForm):
    class Meta:
        model = StreamliningCase
        fields = ["year", "round_number", "stage", "decree", "unit", "person", "quantity", "amount", "decided_on",
                  "dated_period", "decision", "note"]
        formfield_callback = register_formfield

    def clean(self):
        cleaned = super().clean()
        _one_person_one_case(self, cleaned)
        return cleaned


class RestructuringEventForm(RegisterForm):
    class Meta:
        model = RestructuringEvent
        fields = ["unit", "kind", "target", "quantity", "decided_on", "dated_period", "decision", "description"]
        formfield_callback = register_formfield


class JobPositionApprovalForm(RegisterForm):
    class Meta:
        model = JobPositionApproval
        fields = ["unit", "approved_on", "dated_period", "positions", "is_adjustment", "decision"]
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
        fields = ["person", "unit", "quantity", "decided_on", "dated_period", "amount", "decision"]
        formfield_callback = register_formfield

    def clean(self):
        cleaned = super().clean()
        _one_person_one_case(self, cleaned)
        return cleaned


class PersonnelActionForm(RegisterForm):
    class Meta:
        model = PersonnelAction
        fields = ["action_type", "level", "person", "quantity", "decisions", "unit", "rank_title", "authority",
                  "handling", "decision_number", "effective_date", "dated_period", "decision", "note"]
        formfield_callback = register_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The built-in types and the data types an admin added (ActionKind): read per form.
        self.fields["action_type"] = forms.ChoiceField(
            label="Loại", choices=[("", "— Chọn —"), *action_type_choices()],
            error_messages={"required": "Vui lòng chọn loại.", "invalid_choice": "Lựa chọn «%(value)s» không hợp lệ."})
        self.fields["action_type"].widget.attrs["class"] = "form-select"
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
