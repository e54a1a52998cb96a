"""Admin of the collection core: an admin builds a new data set (sections, elements, options,
rules) here without code. Labels come from the models' Vietnamese verbose names."""

from django.contrib import admin

from collection.models import (
    CategoryCombo,
    CategoryOption,
    DataElement,
    DataSet,
    LockException,
    Section,
    SectionElement,
    Submission,
    SubmissionEvent,
    ValidationRule,
)
from core.admin import PortalModelAdmin, PortalStackedInline, PortalTabularInline


class CategoryOptionInline(PortalTabularInline):
    model = CategoryOption
    extra = 2
    fields = ("code", "name", "sort_order")


@admin.register(CategoryCombo)
class CategoryComboAdmin(PortalModelAdmin):
    list_display = ("code", "name", "option_list")
    search_fields = ("code", "name")
    inlines = [CategoryOptionInline]

    @admin.display(description="các phân tổ")
    def option_list(self, obj):
        return ", ".join(o.name for o in obj.options.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("options")


@admin.register(DataElement)
class DataElementAdmin(PortalModelAdmin):
    list_display = ("code", "name", "unit_label", "value_type", "aggregation", "combo")
    list_filter = ("value_type", "aggregation", "combo")
    search_fields = ("code", "name")
    list_select_related = ("combo",)
    fieldsets = (
        (None, {"fields": ("code", "name", "unit_label", "value_type", "aggregation", "combo")}),
        ("Kiểm tra khi nhập", {"fields": ("min_value", "max_value", "description")}),
    )


class SectionInline(PortalTabularInline):
    model = Section
    extra = 1
    fields = ("sort_order", "code", "title")
    show_change_link = True
    verbose_name_plural = "Các phần của biểu mẫu (mở từng phần để thêm chỉ tiêu)"


class ValidationRuleInline(PortalStackedInline):
    model = ValidationRule
    extra = 0
    fields = (("name", "severity"), ("left", "operator", "right"), "message", ("needs_explanation", "skip_if_any_missing"))


@admin.register(DataSet)
class DataSetAdmin(PortalModelAdmin):
    list_display = ("code", "name", "period_type", "reviewing_office", "deadline_days", "expiry_days", "is_active")
    list_filter = ("period_type", "is_active", "reviewing_office")
    search_fields = ("code", "name")
    list_select_related = ("reviewing_office",)
    filter_horizontal = ("units",)
    inlines = [SectionInline, ValidationRuleInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "period_type", "description", "is_active", "sort_order")}),
        ("Đơn vị phải báo cáo", {"fields": ("reporting_kinds", "units")}),
        ("Xét duyệt và thời hạn", {"fields": ("reviewing_office", "deadline_days", "expiry_days")}),
    )


class SectionElementInline(PortalTabularInline):
    model = SectionElement
    extra = 3
    fields = ("sort_order", "element")
    autocomplete_fields = ("element",)


@admin.register(Section)
class SectionAdmin(PortalModelAdmin):
    list_display = ("title", "data_set", "code", "sort_order")
    list_filter = ("data_set",)
    search_fields = ("title", "code", "data_set__code")
    list_select_related = ("data_set",)
    inlines = [SectionElementInline]


@admin.register(ValidationRule)
class ValidationRuleAdmin(PortalModelAdmin):
    list_display = ("name", "data_set", "left", "operator", "right", "severity")
    list_filter = ("data_set", "severity")
    search_fields = ("name", "left", "right", "message")
    list_select_related = ("data_set",)


class SubmissionEventInline(PortalTabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "user", "note")
    readonly_fields = fields
    verbose_name_plural = "Quá trình xử lý"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(PortalModelAdmin):
    """Read-only: values and workflow change through the portal's pages and services only."""

    list_display = ("data_set", "unit", "period", "status", "first_submitted_at", "reviewed_at")
    list_filter = ("status", "data_set", "period")
    search_fields = ("unit__code", "unit__name", "data_set__code")
    list_select_related = ("data_set", "unit", "period")
    readonly_fields = (
        "data_set", "unit", "period", "status", "version", "first_submitted_at", "submitted_at", "submitted_by",
        "reviewed_at", "reviewed_by", "return_reason",
    )
    fields = readonly_fields
    inlines = [SubmissionEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LockException)
class LockExceptionAdmin(PortalModelAdmin):
    list_display = ("data_set", "unit", "period", "until", "reason", "granted_by", "granted_at")
    list_filter = ("data_set", "period")
    search_fields = ("unit__code", "unit__name", "reason")
    autocomplete_fields = ("unit",)
    readonly_fields = ("granted_by", "granted_at")
    list_select_related = ("data_set", "unit", "period", "granted_by")

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)
