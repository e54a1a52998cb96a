from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NormalizedAdminMixin, PortalModelAdmin
from religion import models


@admin.register(models.Religion)
class ReligionAdmin(PortalModelAdmin):
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name"]


@admin.register(models.Organization)
class OrganizationAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "religion", "kind", "unit", "recognized_on", "dissolved_on"]
    list_filter = ["religion", "kind"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["parent"]


@admin.register(models.Facility)
class FacilityAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "religion", "unit"]
    list_filter = ["religion"]
    search_fields = ["name"]
    autocomplete_fields = ["unit"]


@admin.register(models.RegisteredGroup)
class RegisteredGroupAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "religion", "unit", "registered_on", "members"]
    autocomplete_fields = ["unit"]


@admin.register(models.Followers)
class FollowersAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["organization", "year", "dignitaries", "officials", "clergy", "believers"]
    list_filter = ["year"]


@admin.register(models.Dossier)
class DossierAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["type", "applicant", "subject", "religion", "unit", "received_on", "deadline", "resolved_on", "result"]
    list_filter = ["type", "result", "religion"]
    search_fields = ["applicant", "subject"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "received_on"


@admin.register(models.Support)
class SupportAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["kind", "occasion", "unit", "given_on", "quantity", "amount"]
    list_filter = ["kind"]
    autocomplete_fields = ["unit"]


@admin.register(models.Incident)
class IncidentAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["occurred_on", "unit", "religion", "is_complex", "resolved_on"]
    list_filter = ["is_complex", "religion"]
    autocomplete_fields = ["unit"]
