"""Forms of the staffing pages: the GET filters (invalid values fall back to defaults) and the upload."""

from django import forms

from core import formatting
from core.forms import FilterForm, _bootstrap
from core.models import Period, PeriodType
from staffing.models import ActionType, Gender, ImportKind, Level, QuotaKind, StaffCategory


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


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Dữ liệu cần nhập", choices=ImportKind.choices)
    file = forms.FileField(label="Tệp Excel (.xlsx)", help_text="Dùng tệp mẫu của cổng; tối đa 20 MB.",
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["invalid_choice"] = "Vui lòng chọn loại dữ liệu cần nhập."
        self.fields["file"].error_messages["required"] = "Vui lòng chọn tệp Excel."
        self.fields["file"].error_messages["empty"] = "Tệp tải lên rỗng."
        _bootstrap(self)
