from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan, PlanRecipient, Section, Task, TaskUnit, TaskUpdate


class PlanRecipientInline(admin.TabularInline):
    model = PlanRecipient
    extra = 0


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["year", "number", "title", "organization", "status"]
    list_filter = ["organization", "status", "year"]
    search_fields = ["title", "number"]
    readonly_fields = ["status"]
    inlines = [SectionInline, PlanRecipientInline]


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["number", "content", "plan", "section", "deadline", "status"]
    list_filter = ["plan__organization", "plan__year", "section__kind", "status"]
    search_fields = ["content", "search_text"]
    # Status and TT are changed only through the app's services (history, renumbering).
    readonly_fields = ["number", "status", "status_reason"]
    inlines = [TaskUnitInline]
    list_select_related = ["plan", "section"]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "from_status", "to_status", "author", "created_at"]
    list_filter = ["to_status"]
    readonly_fields = ["task", "author", "created_at", "from_status", "to_status", "note", "attachment"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "kind", "order"]
    list_filter = ["plan__organization", "kind"]
