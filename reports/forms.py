from django import forms

from reports import registry, services
from reports.models import OutlineSection, ReportTemplate


class OutlineSectionForm(forms.ModelForm):
    class Meta:
        model = OutlineSection
        fields = ["parent", "title", "provider_key", "figures_position", "office", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_key"] = forms.ChoiceField(
            label="Nguồn số liệu", required=False, choices=[("", "— không có (chỉ nội dung do phòng viết) —"), *registry.choices()],
        )


class ReportTemplateForm(forms.ModelForm):
    """Admin upload: the template must render a sample report, or it is refused with the reason."""

    class Meta:
        model = ReportTemplate
        fields = ["kind", "file", "valid_from", "note"]

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file is not None and not getattr(file, "_committed", False):
            services.validate_template(file)
        return file
