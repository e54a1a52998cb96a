from django.contrib import admin

from core.admin import PortalModelAdmin, PortalStackedInline, PortalTabularInline
from reports.forms import OutlineSectionForm, ReportForm, ReportKindForm, ReportTemplateForm, SectionNarrativeForm
from reports.models import OutlineSection, Report, ReportJob, ReportKind, ReportTemplate, SectionNarrative
from reports.rendering import TAGS_HELP


class OutlineSectionInline(PortalTabularInline):
    model = OutlineSection
    form = OutlineSectionForm
    fk_name = "kind"
    extra = 0
    autocomplete_fields = ("office",)
    ordering = ("order", "id")


@admin.register(ReportKind)
class ReportKindAdmin(PortalModelAdmin):
    form = ReportKindForm
    list_display = ("code", "name", "uses_parts", "issuer_kinds", "period_types", "is_active")
    search_fields = ("code", "name")
    inlines = [OutlineSectionInline]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(PortalModelAdmin):
    form = ReportTemplateForm
    list_display = ("kind", "valid_from", "file", "uploaded_by", "uploaded_at")
    list_filter = ("kind",)
    readonly_fields = ("uploaded_by", "uploaded_at")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["file"].help_text = TAGS_HELP
        return form

    def save_model(self, request, obj, form, change):
        if not obj.uploaded_by_id:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class NarrativeInline(PortalStackedInline):
    model = SectionNarrative
    form = SectionNarrativeForm
    extra = 0
    fields = ("section", "text", "status")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":  # the report's own sections only
            from reports.models import ReportSection

            pk = (request.resolver_match.kwargs or {}).get("object_id") if request.resolver_match else None
            kwargs["queryset"] = ReportSection.objects.filter(report_id=pk) if pk else ReportSection.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Report)
class ReportAdmin(PortalModelAdmin):
    form = ReportForm
    list_display = ("kind", "period", "unit", "number", "issued_on", "status")
    list_filter = ("kind", "status", "period")
    autocomplete_fields = ("unit", "basis")
    readonly_fields = ("status", "approved_by", "approved_at", "approval_reason", "approval_concerns")
    inlines = [NarrativeInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a new report takes its own copy of the kind's outline (reports.services)
            from reports.services import snapshot_outline

            snapshot_outline(obj)


@admin.register(ReportJob)
class ReportJobAdmin(PortalModelAdmin):
    list_display = ("pk", "report", "requested_by", "status", "progress", "attempts", "created_at", "duration")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request):
        return False


# Wording as data (issue 11): a kind's conventions here; the province's phrases on /bao-cao/mau-cau/.
from django import forms as _forms  # noqa: E402

from core.text import NormalizedTextMixin  # noqa: E402
from reports.wording import KindWording  # noqa: E402


class KindWordingForm(NormalizedTextMixin, _forms.ModelForm):
    class Meta:
        model = KindWording
        fields = ("kind", "abbreviate_cases", "detail_style", "period_phrase")


@admin.register(KindWording)
class KindWordingAdmin(PortalModelAdmin):
    form = KindWordingForm
    list_display = ("kind", "abbreviate_cases", "detail_style", "period_phrase")
