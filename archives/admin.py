from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from archives import models
from core.admin import NormalizedAdminMixin


@admin.register(models.Fonds)
class FondsAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "metres", "boxes", "start_year", "end_year"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["unit"]


@admin.register(models.Accession)
class AccessionAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["received_on", "unit", "fonds", "metres", "boxes"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "received_on"


@admin.register(models.WorkItem)
class WorkItemAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["kind", "status", "unit", "metres", "fonds_count", "boxes", "pages", "started_on", "finished_on"]
    list_filter = ["kind", "status"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "started_on"


@admin.register(models.AccessRequest)
class AccessRequestAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["requested_on", "service", "requester", "quantity", "unit"]
    list_filter = ["service"]
    search_fields = ["requester"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "requested_on"
