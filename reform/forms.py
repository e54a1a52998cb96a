"""Forms of the CCHC pages: the dashboard and list filters (GET; an invalid value falls back to the
default and says why) and the score sheet of one unit (points typed the Vietnamese way: 8,75)."""

from decimal import Decimal

from django import forms
from django.db import models
from django.utils.text import capfirst

from core import formatting
from core.forms import FilterForm
from core.models import OrgUnit
from core.registers.forms import RegisterForm, register_formfield
from core.text import NormalizedTextMixin
from reform import selectors
from reform.models import (
    Audience,
    Criterion,
    IndexCode,
    IndexResult,
    Initiative,
    InspectionPlan,
    InspectionVisit,
    UnitIndexSet,
)


class PointsField(forms.CharField):
    """Points as typed («8,75», «8.75»); the service checks the range against the criterion."""

    def __init__(self, *args, maximum, **kwargs):
        super().__init__(*args, required=False, max_length=12, **kwargs)
        self.maximum = maximum
        self.widget.attrs.update({"inputmode": "decimal", "class": "form-control form-control-sm text-end",
                                  "placeholder": f"≤ {formatting.number(maximum)}"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            points = formatting.parse_number(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if points is None:
            return None
        if points < 0:
            raise forms.ValidationError("Điểm không được âm.")
        if points > self.maximum:
            raise forms.ValidationError(f"Vượt điểm tối đa {formatting.number(self.maximum)}.")
        return points


class DashboardForm(FilterForm):
    period = forms.ChoiceField(label="Kỳ báo cáo", required=False)
    group = forms.ChoiceField(label="Nhóm đơn vị", choices=[("", "Tất cả")] + Audience.choices, required=False)
    index_year = forms.TypedChoiceField(label="Năm chỉ số CCHC", coerce=int, required=False, empty_value=None)
    on_time_min = forms.DecimalField(label="Ngưỡng tỷ lệ đúng hạn (%)", required=False, min_value=0, max_value=100,
                                     decimal_places=2, localize=True,
                                     error_messages={"invalid": "Nhập một số, ví dụ 95 hoặc 97,5.",
                                                     "min_value": "Ngưỡng không nhỏ hơn 0.",
                                                     "max_value": "Ngưỡng không lớn hơn 100."})
    index_min = forms.DecimalField(label="Ngưỡng điểm chỉ số CCHC", required=False, min_value=0, max_value=100,
                                   decimal_places=2, localize=True,
                                   error_messages={"invalid": "Nhập một số, ví dụ 80 hoặc 82,5.",
                                                   "min_value": "Ngưỡng không nhỏ hơn 0.",
                                                   "max_value": "Ngưỡng không lớn hơn 100."})

    def __init__(self, data=None, periods=(), years=(), defaults=None, **kwargs):
        super().__init__(data, **kwargs)
        self.defaults = dict(defaults or {})
        self.fields["period"].choices = [(p.code, p.label.capitalize()) for p in periods]
        self.fields["index_year"].choices = [(y, str(y)) for y in years]
        for name in ("on_time_min", "index_min"):
            self.fields[name].widget.attrs["placeholder"] = formatting.number(self.defaults.get(name, Decimal(0)))


class IndexResultFilterForm(FilterForm):
    index = forms.ChoiceField(label="Chỉ số", choices=[("", "Tất cả các chỉ số")] + IndexCode.choices, required=False)
    defaults = {"index": ""}


class YearFilterForm(FilterForm):
    year = forms.TypedChoiceField(label="Năm", coerce=int, required=False, empty_value=None)
    defaults = {"year": None}

    def __init__(self, data=None, years=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [("", "Tất cả các năm")] + [(y, str(y)) for y in years]


class ScoreSheetForm(NormalizedTextMixin, forms.Form):
    """Self-assessed and appraised points of one unit, two fields per leaf criterion."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = [c for c in criteria if c.is_leaf]
        for c in self.leaves:
            row = scores.get(c.pk)
            self.fields[f"self_{c.pk}"] = PointsField(label=f"Tự đánh giá {c.code}", maximum=c.max_points)
            self.fields[f"appraised_{c.pk}"] = PointsField(label=f"Thẩm định {c.code}", maximum=c.max_points)
            if row is not None:
                self.initial[f"self_{c.pk}"] = formatting.number(row.self_score) if row.self_score is not None else ""
                self.initial[f"appraised_{c.pk}"] = (formatting.number(row.appraised_score)
                                                     if row.appraised_score is not None else "")
        self.criteria = criteria
        for c in criteria:
            if c.is_leaf:
                c.self_field = self[f"self_{c.pk}"]
                c.appraised_field = self[f"appraised_{c.pk}"]

    def scores(self):
        """{criterion_id: (self, appraised)} for the service."""
        return {c.pk: (self.cleaned_data.get(f"self_{c.pk}"), self.cleaned_data.get(f"appraised_{c.pk}"))
                for c in self.leaves}



# ---------------------------------------------------------------------------------------------
# Register forms (core.registers): index results, criteria sets and criteria, inspection plans
# and visits, initiatives. Points and scores take decimals typed the Vietnamese way («84,71»).
# ---------------------------------------------------------------------------------------------


class VNDecimalField(forms.Field):
    """A number with up to two decimals typed the Vietnamese way («84,71», «1.234,5»)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, max_value=None, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
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
            raise forms.ValidationError("Không được nhập số âm.", code="min_value")
        if number != number.quantize(Decimal("0.01")):
            raise forms.ValidationError("Tối đa hai chữ số thập phân.", code="invalid")
        if self.max_value is not None and number > self.max_value:
            raise forms.ValidationError(f"Không lớn hơn {formatting.number(self.max_value)}.", code="max_value")
        return number


def reform_formfield(db_field, **kwargs):
    """The register fields of core, with decimals for points and scores."""
    if isinstance(db_field, models.DecimalField):
        return VNDecimalField(label=capfirst(db_field.verbose_name), required=not db_field.blank,
                              help_text=db_field.help_text, max_value=Decimal(10) ** (db_field.max_digits - 2))
    return register_formfield(db_field, **kwargs)


class IndexResultForm(RegisterForm):
    class Meta:
        model = IndexResult
        fields = ["unit", "index", "year", "score", "rank", "of_n", "source", "note"]
        formfield_callback = reform_formfield

    def scope_field(self, name, field):
        if name == "unit":  # the province only: national indices rank provinces
            field.queryset = OrgUnit.objects.filter(pk__in=[p.pk for p in [selectors.province()] if p is not None])
            field.empty_label = None
            field.error_messages["invalid_choice"] = "Kết quả chỉ số là của tỉnh."
            return True
        return False

    def clean(self):
        cleaned = super().clean()
        rank, of_n = cleaned.get("rank"), cleaned.get("of_n")
        if rank and of_n and rank > of_n:
            self.add_error("rank", f"Thứ hạng {rank} lớn hơn tổng số {of_n} tỉnh, thành.")
        if not rank and "rank" not in self.errors:
            self.add_error("rank", "Thứ hạng bắt đầu từ 1.")
        return cleaned


class UnitIndexSetForm(RegisterForm):
    class Meta:
        model = UnitIndexSet
        fields = ["year", "audience", "title", "decision", "unit"]
        formfield_callback = reform_formfield


class CriterionForm(RegisterForm):
    class Meta:
        model = Criterion
        fields = ["index_set", "parent", "code", "title", "max_points", "sort_order"]
        formfield_callback = reform_formfield

    def scope_field(self, name, field):
        if name == "index_set":
            field.queryset = UnitIndexSet.objects.order_by("-year", "audience")
            return True
        if name == "parent":
            field.queryset = Criterion.objects.select_related("index_set").order_by("-index_set__year", "sort_order")
            field.label_from_instance = lambda c: f"{c.index_set.year} · {c.index_set.get_audience_display()} · {c}"
            field.empty_label = "— Không (lĩnh vực) —"
            return True
        return False

    def clean(self):
        cleaned = super().clean()
        parent, index_set = cleaned.get("parent"), cleaned.get("index_set")
        if parent is not None and index_set is not None and parent.index_set_id != index_set.pk:
            self.add_error("parent", "Tiêu chí cha phải thuộc cùng bộ tiêu chí.")
        if parent is not None and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", "Tiêu chí không thể là cha của chính nó.")
        if parent is not None and parent.scores.exists():
            self.add_error("parent", f"Tiêu chí {parent.code} đã có điểm của đơn vị: không thêm tiêu chí con.")
        return cleaned


class InspectionPlanForm(RegisterForm):
    class Meta:
        model = InspectionPlan
        fields = ["year", "title", "document", "issued_on", "unit"]
        formfield_callback = reform_formfield


class InspectionVisitForm(RegisterForm):
    class Meta:
        model = InspectionVisit
        fields = ["plan", "unit", "visited_on", "findings", "recommendations"]
        formfield_callback = reform_formfield

    def scope_field(self, name, field):
        if name == "plan":
            field.queryset = InspectionPlan.objects.order_by("-year", "-issued_on")
            return True
        return False

    def clean(self):
        cleaned = super().clean()
        plan, day = cleaned.get("plan"), cleaned.get("visited_on")
        if plan is not None and day is not None and day.year != plan.year:
            self.add_error("visited_on", f"Ngày kiểm tra phải trong năm {plan.year} của kế hoạch.")
        return cleaned


class InitiativeForm(RegisterForm):
    class Meta:
        model = Initiative
        fields = ["year", "unit", "title", "decision", "recognised_on"]
        formfield_callback = reform_formfield

    def clean(self):
        cleaned = super().clean()
        year, day = cleaned.get("year"), cleaned.get("recognised_on")
        if year and day and day.year < year:
            self.add_error("recognised_on", f"Sáng kiến năm {year} không thể được công nhận trước năm {year}.")
        return cleaned
