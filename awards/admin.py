from django.contrib import admin

from core.admin import HistoryAdmin, ReadOnlyAuditAdmin, ReadOnlyAuditInline

from . import models


class PrerequisiteInline(admin.TabularInline):
    model = models.AwardPrerequisite
    fk_name = "form"
    extra = 0


class RequiredDocumentInline(admin.TabularInline):
    model = models.RequiredDocument
    extra = 0


class AuthorityRuleInline(admin.TabularInline):
    model = models.AuthorityRule
    extra = 0


@admin.register(models.AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "periodicity", "valid_from", "valid_to", "confirmed"]
    list_filter = ["confirmed", "category"]
    inlines = [PrerequisiteInline, RequiredDocumentInline, AuthorityRuleInline]


@admin.register(models.AuthorityRule)
class AuthorityRuleAdmin(admin.ModelAdmin):
    list_display = ["form", "level", "valid_from", "valid_to", "confirmed", "source"]
    list_filter = ["level", "confirmed"]


class NomineeInline(admin.TabularInline):
    model = models.Nominee
    extra = 0
    raw_id_fields = ["person", "unit", "village"]


class TransitionInline(ReadOnlyAuditInline):
    model = models.DossierTransition
    readonly_fields = ["actor", "created_at", "from_status", "to_status", "note"]


@admin.register(models.Dossier)
class DossierAdmin(HistoryAdmin):
    list_display = ["form", "year", "unit", "status", "organization"]
    list_filter = ["status", "year", "form"]
    readonly_fields = ["status"]
    inlines = [NomineeInline, TransitionInline]


class MemberInline(admin.TabularInline):
    model = models.CouncilMember
    extra = 0


@admin.register(models.Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["organization", "year"]
    inlines = [MemberInline]


class ItemInline(admin.TabularInline):
    model = models.AwardDocumentItem
    extra = 0


@admin.register(models.AwardDocument)
class AwardDocumentAdmin(HistoryAdmin):
    list_display = ["kind", "number", "year", "status", "revision", "verify_code"]
    readonly_fields = ["status", "issued", "signed_by", "signed_at", "revision"]
    inlines = [ItemInline]


@admin.register(models.AwardRecord)
class AwardRecordAdmin(admin.ModelAdmin):
    list_display = ["display_name", "form_name", "year", "subject_kind", "source"]
    list_filter = ["year", "source", "subject_kind"]
    search_fields = ["search_text"]


for model in [models.AwardPrerequisite, models.RequiredDocument, models.StatisticalReportForm, models.AwardsSettings,
              models.DossierDocument, models.Disclosure, models.DisclosureComment, models.CouncilMember,
              models.Meeting, models.Attendance, models.AwardDocumentItem, models.CertificateLayout,
              models.CertificatePrint]:
    admin.site.register(model)
for model in [models.Nominee, models.Vote]:
    admin.site.register(model, HistoryAdmin)
for model in [models.DossierTransition, models.AwardDocumentTransition]:
    admin.site.register(model, ReadOnlyAuditAdmin)
