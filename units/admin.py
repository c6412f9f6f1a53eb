from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export.admin import ImportExportMixin

from core.admin import HistoryAdmin
from core.exporting import SafeExportAdminMixin

from .models import Initiative, Organization, Person, SuperiorLink, Unit, User
from .resources import UnitResource


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "slug", "superior_name", "place_name", "chairman_name"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["short_name"]}
    search_fields = ["name", "short_name", "slug"]


@admin.register(SuperiorLink)
class SuperiorLinkAdmin(HistoryAdmin):
    list_display = ["commune", "superior", "valid_from", "valid_to"]
    list_filter = ["superior"]


@admin.register(Initiative)
class InitiativeAdmin(HistoryAdmin):
    list_display = ["title", "person", "kind", "year", "level", "accepted", "accepted_on"]
    list_filter = ["organization", "kind", "level", "accepted", "year"]
    search_fields = ["title", "person__full_name"]


@admin.register(Unit)
class UnitAdmin(SafeExportAdminMixin, ImportExportMixin, HistoryAdmin):
    resource_classes = [UnitResource]
    list_display = ["name", "organization", "kind", "order", "is_active"]
    list_filter = ["organization", "kind", "is_active"]
    search_fields = ["name", "aliases"]
    list_editable = ["order", "is_active"]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["full_name", "unit", "position", "started_on", "user", "organization", "is_active"]
    list_filter = ["organization", "unit", "is_active"]
    search_fields = ["full_name", "position"]
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(HistoryAdmin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organization", "is_staff", "is_active"]
    list_filter = ["organization", "groups", "is_staff", "is_active"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("Tổ chức", {"fields": ["organization", "must_change_password"]})]
    add_fieldsets = [*BaseUserAdmin.add_fieldsets, ("Tổ chức", {"fields": ["organization"]})]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Accounts are disabled, never deleted: plans, reports and history keep the name (docs/adr/0013).
        return False
