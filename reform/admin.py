"""Admin of the CCHC index registers (the pages under /cai-cach-hanh-chinh/ are the everyday way in)."""

from django.contrib import admin

from core.admin import PortalModelAdmin, PortalTabularInline
from reform import models


@admin.register(models.IndexResult)
class IndexResultAdmin(PortalModelAdmin):
    list_display = ["year", "index", "score", "rank", "of_n", "unit"]
    list_filter = ["index", "year"]
    autocomplete_fields = ["unit"]


class CriterionInline(PortalTabularInline):
    model = models.Criterion
    extra = 0
    fields = ["code", "title", "max_points", "parent", "sort_order"]
    raw_id_fields = ["parent"]


@admin.register(models.UnitIndexSet)
class UnitIndexSetAdmin(PortalModelAdmin):
    list_display = ["year", "audience", "title", "decision"]
    list_filter = ["year", "audience"]
    inlines = [CriterionInline]


@admin.register(models.UnitScore)
class UnitScoreAdmin(PortalModelAdmin):
    list_display = ["unit", "criterion", "self_score", "appraised_score"]
    list_filter = ["criterion__index_set"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["criterion"]
    list_select_related = ["unit", "criterion"]


class InspectionVisitInline(PortalTabularInline):
    model = models.InspectionVisit
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(models.InspectionPlan)
class InspectionPlanAdmin(PortalModelAdmin):
    list_display = ["year", "title", "document", "issued_on"]
    list_filter = ["year"]
    inlines = [InspectionVisitInline]


@admin.register(models.Initiative)
class InitiativeAdmin(PortalModelAdmin):
    list_display = ["year", "title", "unit", "decision", "recognised_on"]
    list_filter = ["year"]
    autocomplete_fields = ["unit"]
    search_fields = ["title"]
