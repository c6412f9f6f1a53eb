from django.contrib import admin
from import_export.admin import ExportMixin

from core.admin import HistoryAdmin
from core.admin import ReadOnlyAuditAdmin as ReadOnlyAdmin
from core.exporting import SafeExportAdminMixin

from .models import (
    IssuedDocument,
    Plan,
    PlanEvent,
    PlanRecipient,
    Report,
    ReportEvent,
    Section,
    Task,
    TaskUnit,
    TaskUpdate,
)


class PlanRecipientInline(admin.TabularInline):
    model = PlanRecipient
    extra = 0


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Plan)
class PlanAdmin(SafeExportAdminMixin, ExportMixin, HistoryAdmin):
    # Export only: imports go through the plan import (numbering, unit matching, one transaction).
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
class TaskAdmin(SafeExportAdminMixin, ExportMixin, HistoryAdmin):
    list_display = ["number", "content", "plan", "section", "deadline", "status"]
    list_filter = ["plan__organization", "plan__year", "section__kind", "status"]
    search_fields = ["content", "search_text"]
    # Status and TT are changed only through the app's services (history, renumbering).
    readonly_fields = ["number", "status", "status_reason"]
    inlines = [TaskUnitInline]
    list_select_related = ["plan", "section"]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(SafeExportAdminMixin, ExportMixin, ReadOnlyAdmin):
    list_display = ["task", "from_status", "to_status", "author", "created_at"]
    list_filter = ["to_status"]
    readonly_fields = ["task", "author", "created_at", "from_status", "to_status", "note", "attachment"]


@admin.register(Section)
class SectionAdmin(HistoryAdmin):
    list_display = ["plan", "kind", "order"]
    list_filter = ["plan__organization", "kind"]


@admin.register(PlanRecipient)
class PlanRecipientAdmin(admin.ModelAdmin):
    list_display = ["plan", "order", "name", "note"]
    list_filter = ["plan__organization", "plan__year"]


@admin.register(TaskUnit)
class TaskUnitAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "order"]
    list_filter = ["task__plan__organization", "task__plan__year"]
    autocomplete_fields = ["unit"]


@admin.register(PlanEvent)
class PlanEventAdmin(ReadOnlyAdmin):
    list_display = ["plan", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["plan__organization", "to_status"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdmin):
    list_display = ["report", "from_status", "to_status", "actor", "created_at"]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["document", "kind", "plan", "report"]
    list_filter = ["kind"]
    list_select_related = ["document"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "number", "issued_on", "status"]
    list_filter = ["plan__organization", "period", "status"]
    # Status, number and date change only through the sign-off services.
    readonly_fields = ["status", "number", "issued_on"]
