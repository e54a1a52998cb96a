from django import forms

from core.models import LegalDocument, OrgUnit, Period, PeriodType
from core.forms import ChoiceListField
from core.text import NormalizedTextMixin
from reports import registry, services
from reports.models import OutlineSection, Report, ReportKind, ReportTemplate, SectionNarrative


class ReportKindForm(NormalizedTextMixin, forms.ModelForm):
    """Admin: every text normalised (core.text); the formats are checked by ReportKind.clean (reports.formats)."""

    issuer_kinds = ChoiceListField(label="Loại đơn vị ban hành", help_text="Không chọn: chỉ Sở Nội vụ.")
    period_types = ChoiceListField(
        label="Loại kỳ áp dụng", choices=PeriodType.choices,
        help_text="Kỳ 6 tháng chỉ là 6 tháng đầu năm: báo cáo cuối năm là báo cáo năm. Không chọn: mọi kỳ.",
    )

    class Meta:
        model = ReportKind
        fields = "__all__"


class ProviderKeysWidget(forms.MultiWidget):
    """One select per block of the section, in the order the blocks are printed."""

    def __init__(self, choices=()):
        super().__init__([forms.Select(choices=choices) for _ in range(registry.MAX_KEYS)])

    def decompress(self, value):
        keys = registry.split_keys(value)
        return keys + [""] * (registry.MAX_KEYS - len(keys))


class ProviderKeysField(forms.MultiValueField):
    """The section's figures: up to `registry.MAX_KEYS` sources, each once, stored as «a, b»."""

    def __init__(self, **kwargs):
        choices = [("", "— không có —"), *registry.choices()]
        fields = [forms.ChoiceField(choices=choices, required=False) for _ in range(registry.MAX_KEYS)]
        super().__init__(fields, require_all_fields=False, required=False, widget=ProviderKeysWidget(choices), **kwargs)

    def compress(self, data_list):
        text = registry.join_keys(data_list or [])
        try:
            registry.check_keys(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text


class OutlineSectionForm(NormalizedTextMixin, forms.ModelForm):
    class Meta:
        model = OutlineSection
        fields = ["parent", "title", "provider_key", "figures_position", "is_appendix", "office", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_key"] = ProviderKeysField(
            label="Nguồn số liệu (theo thứ tự trình bày)",
            help_text="Mỗi ô một nguồn: số liệu của các nguồn được trình bày lần lượt, trước hoặc sau phần nội dung "
            "do phòng viết. Biểu mẫu chọn được cách trình bày: câu văn, câu kèm chi tiết từng đơn vị, hoặc bảng.",
        )


class ReportForm(NormalizedTextMixin, forms.ModelForm):
    """Admin: number, symbol, place, addressees, recipients, signer… normalised; control characters refused."""

    class Meta:
        model = Report
        fields = "__all__"


class ReportCreateForm(NormalizedTextMixin, forms.ModelForm):
    """The portal's «Tạo báo cáo»: kind, issuing unit, period and the document's particulars
    (prefilled from the previous report of that kind, `services.report_defaults`)."""

    class Meta:
        model = Report
        fields = ["kind", "unit", "period", "number", "symbol", "issued_on", "basis", "addressees", "recipients",
                  "signer_authority", "signer_name"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "addressees": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, kinds=(), units=(), periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ReportKind.objects.filter(pk__in=[k.pk for k in kinds])
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        self.fields["period"].queryset = Period.objects.filter(pk__in=[p.pk for p in periods]).order_by("-start")
        self.fields["period"].label_from_instance = lambda p: p.label[:1].upper() + p.label[1:]
        self.fields["basis"].queryset = LegalDocument.objects.order_by("-issued_on", "-id")
        self.fields["basis"].required = False
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select) else "form-control")

    def validate_unique(self):
        """The one-report-per-kind-period-unit rule is answered by services.create_report, in Vietnamese."""


class SectionNarrativeForm(NormalizedTextMixin, forms.ModelForm):
    class Meta:
        model = SectionNarrative
        fields = ["section", "text", "status"]


class ReportTemplateForm(NormalizedTextMixin, forms.ModelForm):
    """Admin upload: the template must render a sample report, or it is refused with the reason."""

    class Meta:
        model = ReportTemplate
        fields = ["kind", "file", "valid_from", "note"]

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file is not None and not getattr(file, "_committed", False):
            services.validate_template(file)
        return file
