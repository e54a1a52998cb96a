"""Admin of the collection core: an admin builds a new data set (sections, elements, options,
rules) here without code. Labels come from the models' Vietnamese verbose names."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from collection import services

from collection.models import (
    BulkLockException,
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
from core.admin import NormalizedAdminMixin, PortalModelAdmin, PortalStackedInline, PortalTabularInline
from core.forms import ChoiceListField
from core.models import OrgUnitKind


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


class DataSetForm(forms.ModelForm):
    reporting_kinds = ChoiceListField(
        label="Loại đơn vị phải báo cáo",
        help_text="Mọi đơn vị đang hoạt động thuộc các loại đã chọn phải gửi biểu mẫu; có thể thêm từng đơn vị ở dưới.",
    )

    class Meta:
        model = DataSet
        fields = "__all__"


@admin.register(DataSet)
class DataSetAdmin(PortalModelAdmin):
    form = DataSetForm
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
class LockExceptionAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ("data_set", "unit", "period", "until", "reason", "granted_by", "granted_at")
    list_filter = ("data_set", "period")
    search_fields = ("unit__code", "unit__name", "reason")
    autocomplete_fields = ("unit",)
    readonly_fields = ("granted_by", "granted_at")
    list_select_related = ("data_set", "unit", "period", "granted_by")

    def save_model(self, request, obj, form, change):
        obj.granted_by = request.user
        super().save_model(request, obj, form, change)


class BulkLockExceptionForm(forms.ModelForm):
    unit_kinds = ChoiceListField(
        label="Loại đơn vị được mở",
        help_text="Mọi đơn vị thuộc các loại đã chọn được nhập số liệu; có thể chọn thêm từng đơn vị ở dưới.",
    )

    class Meta:
        model = BulkLockException
        fields = ("period", "data_sets", "unit_kinds", "units", "until", "reason")
        widgets = {"data_sets": forms.CheckboxSelectMultiple}
        help_texts = {
            "period": "Kỳ báo cáo đã khóa cần nhập bổ sung số liệu.",
            "data_sets": "Chỉ các biểu mẫu được chọn được mở; biểu mẫu phải cùng loại kỳ với kỳ đã chọn.",
            "units": "Thêm từng đơn vị (gõ tên để tìm) ngoài các loại đơn vị đã chọn.",
            "until": "Sau ngày này biểu mẫu tự khóa lại; có thể đóng sớm bằng thao tác «Đóng mở khóa».",
        }

    def clean(self):
        data = super().clean()
        period, data_sets = data.get("period"), data.get("data_sets")
        if not data.get("units") and not data.get("unit_kinds"):
            self.add_error("unit_kinds", "Chọn ít nhất một loại đơn vị hoặc một đơn vị được mở.")
        if period and data_sets:
            wrong = [d.code for d in data_sets if d.period_type != period.type]
            if wrong:
                self.add_error("data_sets", f"Biểu mẫu {', '.join(wrong)} không báo cáo theo loại kỳ "
                                            f"«{period.get_type_display()}».")
        until = data.get("until")
        if until and until < timezone.localdate() and not self.instance.pk:
            self.add_error("until", "Ngày hết hạn mở khóa phải từ hôm nay trở đi.")
        return data


@admin.register(BulkLockException)
class BulkLockExceptionAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    """Back-filling history: one exception opens a past period for many forms and units."""

    form = BulkLockExceptionForm
    list_display = ("period", "data_set_list", "scope", "until", "state", "reason", "granted_by", "granted_at")
    list_filter = ("period", "closed_at")
    search_fields = ("reason",)
    autocomplete_fields = ("units",)
    readonly_fields = ("granted_by", "granted_at", "closed_by", "closed_at")
    list_select_related = ("period", "granted_by")
    actions = ["close_selected"]
    fieldsets = (
        (None, {"fields": ("period", "data_sets", "until", "reason")}),
        ("Đơn vị được mở", {"fields": ("unit_kinds", "units")}),
        ("Theo dõi", {"fields": ("granted_by", "granted_at", "closed_by", "closed_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("data_sets", "units")

    @admin.display(description="biểu mẫu")
    def data_set_list(self, obj):
        return ", ".join(d.code for d in obj.data_sets.all())

    @admin.display(description="đơn vị")
    def scope(self, obj):
        kinds = [OrgUnitKind(k).label for k in obj.unit_kinds or [] if k in OrgUnitKind.values]
        units = [u.short_name or u.name for u in obj.units.all()]
        return "; ".join(filter(None, [", ".join(kinds), ", ".join(units)]))

    @admin.display(description="tình trạng")
    def state(self, obj):
        if obj.closed_at:
            return "Đã đóng"
        return "Đang mở" if obj.is_open else "Đã hết hạn"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Đóng các mở khóa đã chọn (khóa lại ngay)")
    def close_selected(self, request, queryset):
        closed = 0
        for exception in queryset.filter(closed_at__isnull=True):
            services.close_bulk_lock_exception(exception, request.user)
            closed += 1
        self.message_user(request, f"Đã đóng {closed} mở khóa nhập liệu.", messages.SUCCESS)
