"""Admin mechanisms shared by every app: audit rows and history are read-only, the admin included."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAuditAdmin(admin.ModelAdmin):
    """Audit rows (TransitionLog subclasses, task updates) and issued records: written by the services only."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAuditInline(admin.TabularInline):
    """The same rows shown under their object (a dossier's steps, a registration's log)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin with its history read-only: its "revert" form would rewrite the object from an
    old record (status fields included, bypassing the workflow), so it shows and never saves."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Lịch sử chỉ để xem, không khôi phục từ trang quản trị.")
        return super().history_form_view(request, object_id, version_id, extra_context)
