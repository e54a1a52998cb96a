from django import forms

from core.text import NormalizedTextMixin
from reports import registry, services
from reports.models import OutlineSection, Report, ReportKind, ReportTemplate, SectionNarrative


class ReportKindForm(NormalizedTextMixin, forms.ModelForm):
    """Admin: every text normalised (core.text); the formats are checked by ReportKind.clean (reports.formats)."""

    class Meta:
        model = ReportKind
        fields = "__all__"


class OutlineSectionForm(NormalizedTextMixin, forms.ModelForm):
    class Meta:
        model = OutlineSection
        fields = ["parent", "title", "provider_key", "figures_position", "office", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_key"] = forms.ChoiceField(
            label="Nguồn số liệu", required=False, choices=[("", "— không có (chỉ nội dung do phòng viết) —"), *registry.choices()],
        )


class ReportForm(NormalizedTextMixin, forms.ModelForm):
    """Admin: number, symbol, place, addressees, recipients, signer… normalised; control characters refused."""

    class Meta:
        model = Report
        fields = "__all__"


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
