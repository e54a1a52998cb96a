"""Forms of the plans pages: filters (bad values fall back to defaults), plan, task, progress note,
notice, item and progress report. Text passes `core.text` (NormalizedTextMixin first)."""

from django import forms

from core.forms import DocumentChoiceField, FilterForm, _bootstrap
from core.models import LegalDocument
from core.pickers import UnitCodeField
from core.text import NormalizedTextMixin
from plans.models import Status

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PortalForm(NormalizedTextMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class TaskFilterForm(FilterForm):
    field = forms.ChoiceField(label="Lĩnh vực", required=False)
    status = forms.ChoiceField(label="Tình trạng", required=False, choices=[("", "Tất cả")] + Status.choices)
    office = forms.ChoiceField(label="Đơn vị chủ trì", required=False)
    overdue = forms.BooleanField(label="Chỉ nhiệm vụ quá hạn", required=False)
    defaults = {"field": "", "status": "", "office": "", "overdue": False}

    def __init__(self, data=None, fields=(), offices=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["field"].choices = [("", "Tất cả lĩnh vực")] + [(str(f.pk), f.name) for f in fields]
        self.fields["office"].choices = [("", "Tất cả đơn vị")] + [(u.code, u.short_name or u.name) for u in offices]


class PlanForm(PortalForm):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    title = forms.CharField(label="Tên kế hoạch", max_length=300)
    basis = DocumentChoiceField(label="Văn bản ban hành kế hoạch", queryset=LegalDocument.objects.all(), required=False)


class TaskForm(PortalForm):
    field = forms.ChoiceField(label="Lĩnh vực")
    new_field = forms.CharField(label="hoặc lĩnh vực mới", max_length=300, required=False,
                                help_text="Ghi tên lĩnh vực mới nếu chưa có trong danh sách.")
    number = forms.CharField(label="STT", max_length=10, required=False)
    group = forms.CharField(label="Nhóm (tiêu đề phụ)", max_length=300, required=False)
    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}))
    deadline_text = forms.CharField(label="Thời gian hoàn thành", max_length=200, required=False,
                                    help_text="Ghi như trong kế hoạch: «Quý II, III», «Tháng 6», «Thường xuyên»…; "
                                              "hạn được suy ra tự động.")
    products = forms.CharField(label="Sản phẩm", max_length=300, required=False)
    lead_office = forms.ChoiceField(label="Đơn vị chủ trì", required=False)
    partners = forms.CharField(label="Đơn vị phối hợp", max_length=500, required=False)

    def __init__(self, *args, fields=(), offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "— Chọn lĩnh vực —")] + [(str(f.pk), f.name) for f in fields]
        self.fields["field"].required = False
        self.fields["lead_office"].choices = [("", "— Chưa giao —")] + [(u.code, u.name) for u in offices]

    def clean(self):
        data = super().clean()
        if not data.get("field") and not (data.get("new_field") or "").strip():
            self.add_error("field", "Chọn lĩnh vực hoặc ghi tên lĩnh vực mới.")
        return data


class FollowForm(PortalForm):
    status = forms.ChoiceField(label="Tình trạng", choices=Status.choices)
    on = forms.DateField(label="Ngày", required=False, widget=DATE_INPUT)
    text = forms.CharField(label="Ghi nhận tiến độ", widget=forms.Textarea(attrs={"rows": 2}))


class DirectiveForm(PortalForm):
    number = forms.CharField(label="Số", max_length=20)
    symbol = forms.CharField(label="Ký hiệu", max_length=60, initial="TB-UBND")
    issued_on = forms.DateField(label="Ngày ban hành", widget=DATE_INPUT)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, initial="Ủy ban nhân dân tỉnh")
    signer = forms.CharField(label="Người ký", max_length=200, required=False)
    subject = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}))


class DirectiveItemForm(PortalForm):
    content = forms.CharField(label="Nội dung kết luận", widget=forms.Textarea(attrs={"rows": 3}))
    assignee = UnitCodeField(label="Giao cho", empty_label="— Chọn phòng, đơn vị —", source="don-vi-giao-viec",
                             error_messages={"required": "Vui lòng chọn phòng, đơn vị được giao.",
                                             "invalid_choice": "Đơn vị đã chọn không nhận giao việc được."})
    deadline = forms.DateField(label="Hạn", required=False, widget=DATE_INPUT)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].set_units(units)
