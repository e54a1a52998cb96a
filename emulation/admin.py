"""Admin of the emulation registers: the award type catalogue (seeded from Luật TĐKT 2022, editable
here), decisions with their items, clusters with their members per year, movements, proposals."""

from django.contrib import admin

from core.admin import PortalModelAdmin, PortalTabularInline
from emulation import models


@admin.register(models.AwardType)
class AwardTypeAdmin(PortalModelAdmin):
    list_display = ["name", "category", "kind", "award_class", "level", "for_collective", "for_individual",
                    "for_household", "active", "sort_order"]
    list_filter = ["category", "kind", "level", "active"]
    list_editable = ["active", "sort_order"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


class AwardItemInline(PortalTabularInline):
    model = models.AwardItem
    extra = 0
    autocomplete_fields = ["recipient_unit"]
    fields = ["award_type", "recipient_kind", "recipient_name", "recipient_unit", "quantity", "achievement_period",
              "achievement"]


@admin.register(models.AwardDecision)
class AwardDecisionAdmin(PortalModelAdmin):
    list_display = ["__str__", "decided_on", "level", "occasion", "proposing_unit", "status"]
    list_filter = ["status", "level", "occasion"]
    search_fields = ["number", "subject", "items__recipient_name"]
    autocomplete_fields = ["proposing_unit"]
    list_select_related = ["proposing_unit"]
    date_hierarchy = "decided_on"
    inlines = [AwardItemInline]


class ClusterMembershipInline(PortalTabularInline):
    model = models.ClusterMembership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(models.EmulationCluster)
class EmulationClusterAdmin(PortalModelAdmin):
    list_display = ["name", "kind", "sort_order"]
    list_filter = ["kind"]
    inlines = [ClusterMembershipInline]


@admin.register(models.EmulationMovement)
class EmulationMovementAdmin(PortalModelAdmin):
    list_display = ["name", "kind", "launched_by", "launched_on", "ends_on"]
    list_filter = ["kind", "launched_by"]
    search_fields = ["name"]
    raw_id_fields = ["document"]


class ProposalItemInline(PortalTabularInline):
    model = models.ProposalItem
    extra = 0


@admin.register(models.Proposal)
class ProposalAdmin(PortalModelAdmin):
    list_display = ["title", "unit", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "occasion"]
    search_fields = ["title"]
    raw_id_fields = ["decision", "submitted_by", "reviewed_by"]
    autocomplete_fields = ["unit"]
    inlines = [ProposalItemInline]
