from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from core import services
from core.models import ImportJob, LegalDocument, Membership, OrgUnit, OrgUnitParentSpan, Period
from core.text import NormalizedTextMixin

# ---------------------------------------------------------------------------------------------
# Every admin form normalises its text like the portal's forms (core.text): NFC, and control
# characters refused with a Vietnamese message naming the field. Project apps register their
# models with these bases (or put NormalizedAdminMixin first in their own bases).
# ---------------------------------------------------------------------------------------------


def normalized_form(form_class):
    """`form_class` with NormalizedTextMixin first in its bases (unchanged if it has it)."""
    if issubclass(form_class, NormalizedTextMixin):
        return form_class
    return type(form_class.__name__, (NormalizedTextMixin, form_class), {"__module__": form_class.__module__})


class NormalizedAdminMixin:
    """For ModelAdmin and inlines: the form (or the formset's form) normalises its text."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and getattr(self, "add_form", None) is not None:
            # UserAdmin's add form holds passwords, compared byte for byte at login: never normalised.
            return form
        return normalized_form(form)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = normalized_form(formset.form)
        return formset


class PortalModelAdmin(NormalizedAdminMixin, admin.ModelAdmin):
    pass


class PortalTabularInline(NormalizedAdminMixin, admin.TabularInline):
    pass


class PortalStackedInline(NormalizedAdminMixin, admin.StackedInline):
    pass



class ParentSpanInline(PortalTabularInline):
    model = OrgUnitParentSpan
    fk_name = "unit"
    extra = 0
    can_delete = False
    readonly_fields = ("parent", "valid_from", "valid_to")
    verbose_name_plural = "Lịch sử trực thuộc (thay đổi bằng trường «đơn vị cấp trên»)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OrgUnit)
class OrgUnitAdmin(PortalModelAdmin):
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
class PeriodAdmin(PortalModelAdmin):
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
class LegalDocumentAdmin(PortalModelAdmin):
    list_display = ("short_citation", "issued_on", "issuer")
    list_filter = ("doc_type", "style")
    search_fields = ("number", "symbol", "subject", "issuer")
    date_hierarchy = "issued_on"


class MembershipInline(PortalTabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("unit",)


PERMISSION_VERBS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def permission_label(permission):
    """«Sửa — người dùng (Xác thực và ủy quyền)»: Django stores permission names in English
    («Can change user»); the admin shows them from the codename and the model's Vietnamese name."""
    verb, _, _model = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if verb not in PERMISSION_VERBS or model is None:
        return permission.name
    app = apps.get_app_config(model._meta.app_label).verbose_name
    return f"{PERMISSION_VERBS[verb]} — {model._meta.verbose_name} ({app})"


class VietnamesePermissionsMixin:
    """Permission pickers label each permission in Vietnamese (`permission_label`)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(NormalizedAdminMixin, VietnamesePermissionsMixin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "last_name", "first_name", "is_active", "is_staff")


@admin.register(Group)
class PortalGroupAdmin(NormalizedAdminMixin, VietnamesePermissionsMixin, GroupAdmin):
    pass


@admin.register(Membership)
class MembershipAdmin(PortalModelAdmin):
    list_display = ("user", "role", "unit", "position")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name", "unit__name", "unit__code")
    autocomplete_fields = ("user", "unit")


@admin.register(ImportJob)
class ImportJobAdmin(PortalModelAdmin):
    list_display = ["created_at", "kind", "status", "user", "original_name", "total_rows", "progress"]
    list_filter = ["kind", "status"]
    readonly_fields = ["counts", "preview", "errors"]
