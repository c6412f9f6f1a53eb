from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from core.exporting import SafeExportAdminMixin

from .models import Notification, NotificationPreference, Organization, Person, Unit, User
from .resources import UnitResource


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "superior_name", "place_name", "chairman_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    search_fields = ["name", "short_name", "slug"]


@admin.register(Unit)
class UnitAdmin(SafeExportAdminMixin, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [UnitResource]
    list_display = ["name", "organization", "kind", "order", "is_active"]
    list_filter = ["organization", "kind", "is_active"]
    search_fields = ["name", "aliases"]
    list_editable = ["order", "is_active"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "unit", "position", "user", "organization", "is_active"]
    list_filter = ["organization", "unit", "is_active"]
    search_fields = ["full_name", "position"]
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organization", "is_staff", "is_active"]
    list_filter = ["organization", "groups", "is_staff", "is_active"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("Tổ chức", {"fields": ["organization"]})]
    add_fieldsets = [*BaseUserAdmin.add_fieldsets, ("Tổ chức", {"fields": ["organization"]})]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "title", "created_at", "read_at"]
    list_filter = ["organization", "verb"]
    search_fields = ["title", "body", "recipient__username"]
    readonly_fields = ["recipient", "organization", "created_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled", "email_failed"]
    list_filter = ["email_enabled", "email_failed"]
