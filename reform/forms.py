"""Forms of the CCHC pages: the dashboard and list filters (GET; an invalid value falls back to the
default and says why) and the score sheet of one unit (points typed the Vietnamese way: 8,75)."""

from decimal import Decimal

from django import forms

from core import formatting
from core.forms import FilterForm
from core.text import NormalizedTextMixin
from reform.models import Audience, IndexCode


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

