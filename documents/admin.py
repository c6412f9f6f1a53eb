from django.contrib import admin

from .models import IssuedDocument, LegalBasis, NumberRegister, TamperEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Issued papers and audit rows are written by services only and never changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "title", "issued_on", "signer_name", "code", "organization"]
    list_filter = ["organization", "kind", "year"]
    search_fields = ["number", "title", "code", "sha256"]


@admin.register(TamperEvent)
class TamperEventAdmin(ReadOnlyAdmin):
    list_display = ["document", "where", "detected_at", "file_name"]


@admin.register(NumberRegister)
class NumberRegisterAdmin(admin.ModelAdmin):
    list_display = ["organization", "series", "year", "last_number"]
    list_filter = ["organization", "series", "year"]


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "signed_on", "valid_from", "valid_to", "confirmed", "order"]
    list_filter = ["type", "confirmed"]
    search_fields = ["name", "number", "subject"]
