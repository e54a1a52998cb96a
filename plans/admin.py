from django.contrib import admin

from plans.models import Directive, DirectiveItem, DirectiveReport, Plan, PlanField, Task, TaskProgress


class PlanFieldInline(admin.TabularInline):
    model = PlanField
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "unit")
    list_filter = ("year",)
    inlines = [PlanFieldInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("plan", "field", "number", "deadline_text", "due_date", "lead_office", "status")
    list_filter = ("plan", "status", "lead_office")
    search_fields = ("content",)


admin.site.register(TaskProgress)


class DirectiveItemInline(admin.TabularInline):
    model = DirectiveItem
    extra = 0


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ("document", "signer", "unit")
    inlines = [DirectiveItemInline]


admin.site.register(DirectiveReport)
