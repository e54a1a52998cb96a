from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import NormalizedAdminMixin, PortalModelAdmin
from staffing import models, resources


@admin.register(models.CivilServant)
class CivilServantAdmin(NormalizedAdminMixin, SimpleHistoryAdmin, ImportExportModelAdmin):
    resource_classes = [resources.CivilServantResource]
    list_display = ["ma_so", "full_name", "birth_date", "gender", "unit", "category", "active"]
    list_filter = ["category", "gender", "active"]
    search_fields = ["ma_so", "full_name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(models.ActionKind)
class ActionKindAdmin(NormalizedAdminMixin, admin.ModelAdmin):
    """The data types of personnel and salary decisions: an admin adds one with its phrase."""

    list_display = ["name", "code", "group", "phrase", "ends_service", "sort_order", "active"]
    list_filter = ["group", "active"]
    list_editable = ["sort_order", "active"]
    search_fields = ["name", "code"]


@admin.register(models.PersonnelAction)
class PersonnelActionAdmin(NormalizedAdminMixin, SimpleHistoryAdmin, ImportExportModelAdmin):
    resource_classes = [resources.PersonnelActionResource]
    list_display = ["effective_date", "action_type", "level", "quantity", "decisions", "person", "unit",
                    "decision_number", "authority"]
    list_filter = ["action_type", "level", "group"]
    search_fields = ["decision_number", "person__full_name", "person__ma_so"]
    raw_id_fields = ["person", "decision", "dated_period"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit", "person"]
    date_hierarchy = "effective_date"


@admin.register(models.Quota)
class QuotaAdmin(NormalizedAdminMixin, SimpleHistoryAdmin, ImportExportModelAdmin):
    resource_classes = [resources.QuotaResource]
    list_display = ["unit", "year", "kind", "assigned", "used_entered", "used_from_register", "term", "term_assigned",
                    "roadmap_cut"]
    list_filter = ["year", "kind", "used_from_register"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["decision"]


@admin.register(models.StreamliningCase)
class StreamliningCaseAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "round_number", "stage", "unit", "quantity", "amount", "decided_on"]
    list_filter = ["year", "round_number", "stage"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["person", "decision"]


@admin.register(models.RecruitmentExam)
class RecruitmentExamAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "audience", "held_on", "participants", "passed"]
    list_filter = ["kind", "year"]
    filter_horizontal = ["units"]
    raw_id_fields = ["document"]


class HistoryAdmin(NormalizedAdminMixin, SimpleHistoryAdmin):
    pass


for model in (models.RestructuringEvent, models.JobPositionApproval, models.TrainingPlan, models.TrainingCourse,
              models.PostgraduateSupport):
    admin.site.register(model, HistoryAdmin)
