from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from core.exporting import SafeExportAdminMixin

from .models import (
    Campaign,
    CampaignAttachment,
    CampaignUnit,
    Cluster,
    ClusterMember,
    Commitment,
    CommitmentUpdate,
    Criterion,
    EmulationTitle,
    Household,
    Pledge,
    PledgeParty,
    PledgeSignatory,
    Registration,
    RegistrationLine,
    RegistrationLog,
    Review,
    ReviewResult,
    Score,
    ScoringSheet,
)


class EmulationTitleResource(resources.ModelResource):
    class Meta:
        model = EmulationTitle
        import_id_fields = ["code"]
        fields = ["code", "name", "subject_kind", "authority", "periodicity", "legal_source", "confirmed", "order",
                  "is_active"]


@admin.register(EmulationTitle)
class EmulationTitleAdmin(SafeExportAdminMixin, ImportExportModelAdmin):
    resource_classes = [EmulationTitleResource]
    list_display = ["code", "name", "subject_kind", "authority", "confirmed", "is_active"]
    list_filter = ["subject_kind", "confirmed", "is_active"]
    search_fields = ["code", "name", "legal_source"]


class HouseholdResource(resources.ModelResource):
    class Meta:
        model = Household
        fields = ["id", "organization", "village", "village__name", "head_name", "address", "is_active"]


@admin.register(Household)
class HouseholdAdmin(SafeExportAdminMixin, ImportExportModelAdmin):
    resource_classes = [HouseholdResource]
    list_display = ["head_name", "address", "village", "organization", "is_active"]
    list_filter = ["organization", "village"]
    search_fields = ["head_name", "address"]


class CampaignUnitInline(admin.TabularInline):
    model = CampaignUnit
    extra = 0


class CampaignAttachmentInline(admin.TabularInline):
    model = CampaignAttachment
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "kind", "organization", "registration_deadline", "launched_at"]
    list_filter = ["organization", "year", "kind"]
    search_fields = ["title"]
    filter_horizontal = ["tasks"]
    inlines = [CampaignUnitInline, CampaignAttachmentInline]


class RegistrationLineInline(admin.TabularInline):
    model = RegistrationLine
    extra = 0
    raw_id_fields = ["person", "household"]


class RegistrationLogInline(admin.TabularInline):
    model = RegistrationLog
    extra = 0
    can_delete = False
    readonly_fields = ["actor", "created_at", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "title", "status", "is_late"]
    list_filter = ["campaign__organization", "status", "is_late"]
    # Status changes only through services.registration_transition (audit rows, late rule).
    readonly_fields = ["status", "is_late", "return_reason", "first_submitted_at", "submitted_at"]
    inlines = [RegistrationLineInline, RegistrationLogInline]


class ReviewResultInline(admin.TabularInline):
    model = ReviewResult
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["campaign", "kind", "held_on"]
    list_filter = ["kind"]
    inlines = [ReviewResultInline]


class PledgePartyInline(admin.TabularInline):
    model = PledgeParty
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    readonly_fields = ["status"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "organization", "signed_on"]
    list_filter = ["organization", "year"]
    inlines = [PledgePartyInline, CommitmentInline]


@admin.register(PledgeSignatory)
class PledgeSignatoryAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "party"]


@admin.register(CommitmentUpdate)
class CommitmentUpdateAdmin(admin.ModelAdmin):
    list_display = ["commitment", "from_status", "to_status", "actor", "created_at"]
    readonly_fields = ["commitment", "from_status", "to_status", "actor", "created_at", "note"]


class ClusterMemberInline(admin.TabularInline):
    model = ClusterMember
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization"]
    inlines = [ClusterMemberInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(ScoringSheet)
class ScoringSheetAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "lead"]
    inlines = [CriterionInline]


class ScoreResource(resources.ModelResource):
    class Meta:
        model = Score
        fields = ["id", "criterion", "criterion__name", "member", "member__name", "self_points", "final_points"]


@admin.register(Score)
class ScoreAdmin(SafeExportAdminMixin, ImportExportModelAdmin):
    resource_classes = [ScoreResource]
    list_display = ["member", "criterion", "self_points", "final_points"]
    list_filter = ["criterion__sheet"]


for model in (CampaignUnit, CampaignAttachment, RegistrationLine, RegistrationLog, ReviewResult, PledgeParty,
              Commitment, ClusterMember, Criterion):
    admin.site.register(model)
