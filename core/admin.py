from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from core import services
from core.models import LegalDocument, Membership, OrgUnit, OrgUnitParentSpan, Period


class ParentSpanInline(admin.TabularInline):
    model = OrgUnitParentSpan
    fk_name = "unit"
    extra = 0
    can_delete = False
    readonly_fields = ("parent", "valid_from", "valid_to")
    verbose_name_plural = "Lịch sử trực thuộc (thay đổi bằng trường «đơn vị cấp trên»)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("predecessors",)
    inlines = [ParentSpanInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "short_name", "kind", "parent", "sort_order")}),
        ("Hiệu lực", {"fields": ("valid_from", "valid_to", "predecessors")}),
        ("Trình bày trên văn bản", {"fields": ("header_name", "place_name", "symbol")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A changed parent starts a new span today; the old parent keeps the unit's history.
        services.sync_parent_span(obj)


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("code", "label", "type", "start", "end", "deadline")
    list_filter = ("type", "year")
    search_fields = ("code",)
    actions = ["create_year_periods"]

    @admin.action(description="Tạo đủ các kỳ báo cáo cho năm của các kỳ đã chọn và năm kế tiếp")
    def create_year_periods(self, request, queryset):
        years = set(queryset.values_list("year", flat=True))
        years |= {y + 1 for y in years}
        created = sum(len(services.create_periods(year)) for year in sorted(years))
        self.message_user(request, f"Đã tạo {created} kỳ báo cáo mới.", messages.SUCCESS)


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ("short_citation", "issued_on", "issuer")
    list_filter = ("doc_type", "style")
    search_fields = ("number", "symbol", "subject", "issuer")
    date_hierarchy = "issued_on"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("unit",)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "last_name", "first_name", "is_active", "is_staff")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "position")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "unit__name", "unit__code")
    autocomplete_fields = ("user", "unit")
