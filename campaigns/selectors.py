"""Reads for campaign pages, exports and other apps (awards). Every queryset is scoped to the user's commune."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from units.models import Organization, Person, Unit, User
from units.permissions import user_unit_ids

from . import scoring
from .models import (
    Campaign,
    Cluster,
    ClusterMember,
    Commitment,
    EmulationTitle,
    Household,
    Pledge,
    Registration,
    RegistrationLine,
    Review,
    ReviewResult,
    Score,
    ScoringSheet,
    SubjectKind,
)


def _org_id(user: User) -> int | None:
    return user.organization_id if user.is_authenticated else None


def campaigns_for(user: User) -> QuerySet[Campaign]:
    if not _org_id(user):
        return Campaign.objects.none()
    return Campaign.objects.filter(organization_id=user.organization_id).select_related("organization")


def registrations_for(user: User) -> QuerySet[Registration]:
    if not _org_id(user):
        return Registration.objects.none()
    return Registration.objects.filter(campaign__organization_id=user.organization_id).select_related(
        "campaign", "campaign__organization", "unit", "title"
    )


def lines_for(user: User) -> QuerySet[RegistrationLine]:
    if not _org_id(user):
        return RegistrationLine.objects.none()
    return RegistrationLine.objects.filter(
        registration__campaign__organization_id=user.organization_id
    ).select_related("registration", "registration__campaign", "registration__unit")


def households_for(user: User) -> QuerySet[Household]:
    if not _org_id(user):
        return Household.objects.none()
    return Household.objects.filter(organization_id=user.organization_id).select_related("village")


def reviews_for(user: User) -> QuerySet[Review]:
    if not _org_id(user):
        return Review.objects.none()
    return Review.objects.filter(campaign__organization_id=user.organization_id).select_related("campaign")


def results_for(user: User) -> QuerySet[ReviewResult]:
    if not _org_id(user):
        return ReviewResult.objects.none()
    return ReviewResult.objects.filter(review__campaign__organization_id=user.organization_id)


def pledges_for(user: User) -> QuerySet[Pledge]:
    if not _org_id(user):
        return Pledge.objects.none()
    return Pledge.objects.filter(organization_id=user.organization_id)


def commitments_for(user: User) -> QuerySet[Commitment]:
    if not _org_id(user):
        return Commitment.objects.none()
    return Commitment.objects.filter(pledge__organization_id=user.organization_id).select_related("pledge")


def clusters_for(user: User) -> QuerySet[Cluster]:
    if not _org_id(user):
        return Cluster.objects.none()
    return Cluster.objects.filter(organization_id=user.organization_id)


def members_for(user: User) -> QuerySet[ClusterMember]:
    if not _org_id(user):
        return ClusterMember.objects.none()
    return ClusterMember.objects.filter(cluster__organization_id=user.organization_id).select_related("cluster")


def sheets_for(user: User) -> QuerySet[ScoringSheet]:
    if not _org_id(user):
        return ScoringSheet.objects.none()
    return ScoringSheet.objects.filter(cluster__organization_id=user.organization_id).select_related(
        "cluster", "lead"
    )


def active_titles() -> QuerySet[EmulationTitle]:
    return EmulationTitle.objects.filter(is_active=True).order_by("order", "name")


def campaign_list(user: User) -> QuerySet[Campaign]:
    return campaigns_for(user).annotate(
        registration_count=Count("registrations", distinct=True),
        approved_count=Count("registrations", filter=Q(registrations__status=Registration.Status.APPROVED),
                             distinct=True),
    ).prefetch_related("tasks")


def campaign_registrations(campaign: Campaign) -> list[Registration]:
    return list(
        campaign.registrations.select_related("unit", "title").annotate(line_count=Count("lines"))
        .order_by("unit__order", "unit__name")
    )


def registration_lines(registration: Registration) -> list[RegistrationLine]:
    return list(
        registration.lines.select_related("title", "person", "household").order_by("household__head_name",
                                                                                   "person__full_name", "pk")
    )


def registration_people(registration: Registration) -> QuerySet[Person]:
    return Person.objects.filter(unit_id=registration.unit_id, is_active=True).order_by("full_name")


# --- the dashboard card -----------------------------------------------------------------------------------------


@dataclass
class DashboardItem:
    campaign: Campaign
    registration: Registration | None = None  # the user's unit's, for a cán bộ
    counts: dict[str, int] = field(default_factory=dict)  # status → number, for managers


def dashboard_campaigns(*, user: User, today: dt.date | None = None, limit: int = 5) -> list[DashboardItem]:
    """Launched campaigns still running: a cán bộ sees those their unit takes part in with its registration;
    everyone else sees all of them with the registrations counted by status."""
    today = today or timezone.localdate()
    running = campaigns_for(user).filter(launched_at__isnull=False, end_date__gte=today).prefetch_related("tasks")
    unit_ids = user_unit_ids(user)
    if unit_ids:
        registrations = {
            r.campaign_id: r
            for r in Registration.objects.filter(campaign__in=running, unit_id__in=unit_ids).select_related("unit")
        }
        return [
            DashboardItem(campaign=c, registration=registrations[c.pk])
            for c in running.filter(pk__in=list(registrations)).order_by("end_date")[:limit]
        ]
    campaigns = list(running.order_by("end_date")[:limit])
    counts: dict[int, dict[str, int]] = {}
    rows = (Registration.objects.filter(campaign__in=campaigns).values("campaign_id", "status")
            .annotate(n=Count("pk")))
    for row in rows:
        counts.setdefault(row["campaign_id"], {})[row["status"]] = row["n"]
    return [DashboardItem(campaign=c, counts=counts.get(c.pk, {})) for c in campaigns]


# --- "Bảng tổng hợp đăng ký thi đua" ---------------------------------------------------------------------------


@dataclass
class SummaryFilters:
    unit_id: int | None = None
    title_id: int | None = None
    status: str = ""
    subject_kind: str = ""


@dataclass
class SummaryRow:
    unit: Unit
    subject: str
    subject_kind: str
    title: EmulationTitle
    registration: Registration
    note: str = ""

    @property
    def subject_kind_label(self) -> str:
        return SubjectKind(self.subject_kind).label


@dataclass
class Summary:
    campaign: Campaign
    rows: list[SummaryRow]

    def counts_by_title(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.title.name] = counts.get(row.title.name, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])


def campaign_summary(*, campaign: Campaign, filters: SummaryFilters | None = None) -> Summary:
    """Every registered subject with its title, unit by unit: 2 queries whatever the size."""
    filters = filters or SummaryFilters()
    registrations = campaign.registrations.select_related("unit", "title").prefetch_related(
        Prefetch("lines", queryset=RegistrationLine.objects.select_related("title", "person", "household")
                 .order_by("person__full_name", "household__head_name", "pk"))
    ).order_by("unit__order", "unit__name")
    if filters.unit_id:
        registrations = registrations.filter(unit_id=filters.unit_id)
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    rows = []
    for registration in registrations:
        unit = registration.unit
        if registration.title is not None:
            kind = SubjectKind.VILLAGE if unit.kind == Unit.Kind.VILLAGE else SubjectKind.COLLECTIVE
            rows.append(SummaryRow(unit=unit, subject=unit.name, subject_kind=kind, title=registration.title,
                                   registration=registration, note=registration.targets))
        for line in registration.lines.all():
            rows.append(SummaryRow(unit=unit, subject=line.subject_name, subject_kind=line.subject_kind,
                                   title=line.title, registration=registration, note=line.note))
    if filters.title_id:
        rows = [row for row in rows if row.title.pk == filters.title_id]
    if filters.subject_kind:
        rows = [row for row in rows if row.subject_kind == filters.subject_kind]
    return Summary(campaign=campaign, rows=rows)


# --- reviews -------------------------------------------------------------------------------------------------


@dataclass
class ReviewRow:
    registration: Registration
    line: RegistrationLine | None
    subject: str
    title: EmulationTitle
    result: ReviewResult | None


def review_rows(review: Review) -> list[ReviewRow]:
    """Each approved registration's own title and lines, with the result entered so far."""
    results = {(r.registration_id, r.line_id): r for r in review.results.all()}
    registrations = review.campaign.registrations.filter(status=Registration.Status.APPROVED).select_related(
        "unit", "title"
    ).prefetch_related(
        Prefetch("lines", queryset=RegistrationLine.objects.select_related("title", "person", "household"))
    ).order_by("unit__order", "unit__name")
    rows = []
    for registration in registrations:
        if registration.title is not None:
            rows.append(ReviewRow(registration=registration, line=None, subject=registration.unit.name,
                                  title=registration.title, result=results.get((registration.pk, None))))
        for line in registration.lines.all():
            rows.append(ReviewRow(registration=registration, line=line, subject=line.subject_name, title=line.title,
                                  result=results.get((registration.pk, line.pk))))
    return rows


@dataclass(frozen=True)
class RegistrationResult:
    """One registered subject and title of a year, and whether it was reached.

    - subject_kind: SubjectKind value ("ca_nhan", "tap_the", "ho_gia_dinh", "thon").
    - unit: the registering unit (for a collective or village title, the subject itself).
    - person: the units.Person for an individual title, else None.
    - household: the Household for a household title, else None.
    - title: the EmulationTitle (use title.code: LDTT, CSTDCS, TTLDTT, GDVH, THONVH).
    - campaign, registration: where it was registered (approved registrations only).
    - reached: True (đạt) / False (không đạt) from the year-end review (tổng kết), else from the mid-year review
      (sơ kết) only when no year-end review exists; None when no result was entered yet.
    - review_kind: Review.Kind value the result comes from, or "" when reached is None.
    - note: the reviewer's note ("" when none).
    """

    subject_kind: str
    unit: Unit
    person: Person | None
    household: Household | None
    title: EmulationTitle
    campaign: Campaign
    registration: Registration
    reached: bool | None
    review_kind: str
    note: str


def registration_results(*, organization: Organization, year: int) -> list[RegistrationResult]:
    """Who registered for which title in `year` (campaigns of that year, approved registrations) and whether
    they reached it: the awards' first eligibility check is "registered and reached" (reached is True).

    Returns list[RegistrationResult], ordered by campaign, unit, then subject. Fixed number of queries.
    No permission check: the caller (a service of awards) has already scoped `organization` to its user.
    """
    registrations = list(
        Registration.objects.filter(
            campaign__organization=organization, campaign__year=year, status=Registration.Status.APPROVED
        ).select_related("campaign", "unit", "title").prefetch_related(
            Prefetch("lines", queryset=RegistrationLine.objects.select_related("title", "person", "household")
                     .order_by("pk"))
        ).order_by("campaign__start_date", "campaign__pk", "unit__order", "unit__name")
    )
    # Year-end results win over mid-year ones: order so that they are read last and overwrite.
    priority = {Review.Kind.MID_YEAR: 0, Review.Kind.YEAR_END: 1}
    found: dict[tuple[int, int | None], ReviewResult] = {}
    results = ReviewResult.objects.filter(registration__in=registrations).select_related("review")
    for result in sorted(results, key=lambda r: priority[r.review.kind]):
        found[(result.registration_id, result.line_id)] = result

    def make(registration, *, line, subject_kind, title, person=None, household=None) -> RegistrationResult:
        result = found.get((registration.pk, line.pk if line else None))
        return RegistrationResult(
            subject_kind=subject_kind, unit=registration.unit, person=person, household=household, title=title,
            campaign=registration.campaign, registration=registration,
            reached=None if result is None else result.outcome == ReviewResult.Outcome.REACHED,
            review_kind=result.review.kind if result else "", note=result.note if result else "",
        )

    out = []
    for registration in registrations:
        if registration.title is not None:
            kind = SubjectKind.VILLAGE if registration.unit.kind == Unit.Kind.VILLAGE else SubjectKind.COLLECTIVE
            out.append(make(registration, line=None, subject_kind=kind, title=registration.title))
        for line in registration.lines.all():
            out.append(make(registration, line=line, subject_kind=line.subject_kind, title=line.title,
                            person=line.person, household=line.household))
    return out


# --- scoring ---------------------------------------------------------------------------------------------------


@dataclass
class RankingRow:
    member: ClusterMember
    self_total: scoring.Total
    final_total: scoring.Total
    rank: int | None
    tied: bool
    points: dict[int, tuple[Decimal | None, Decimal | None]]  # criterion id → (self, final)

    @property
    def score(self) -> Decimal | None:
        return self.final_total.value if self.final_total.complete else None


@dataclass
class Ranking:
    sheet: ScoringSheet
    criteria: list
    rows: list[RankingRow]

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria if c.kind == scoring.REGULAR), Decimal("0"))


def sheet_ranking(sheet: ScoringSheet) -> Ranking:
    """Totals per member (self and agreed) and the ranking by agreed totals; members whose agreed scores are
    incomplete are listed last without a rank. 3 queries."""
    criteria = list(sheet.criteria.order_by("order", "pk"))
    items = [scoring.Item(id=c.pk, kind=c.kind, max_points=c.max_points) for c in criteria]
    members = list(sheet.cluster.members.order_by("order", "pk"))
    points: dict[int, dict[int, tuple]] = {m.pk: {} for m in members}
    for score in Score.objects.filter(criterion__sheet=sheet):
        points.setdefault(score.member_id, {})[score.criterion_id] = (score.self_points, score.final_points)
    totals = {}
    for member in members:
        mine = points.get(member.pk, {})
        totals[member.pk] = (
            scoring.total(items, {k: v[0] for k, v in mine.items()}),
            scoring.total(items, {k: v[1] for k, v in mine.items()}),
        )
    ranked = scoring.rank(
        (member, totals[member.pk][1].value if totals[member.pk][1].complete and criteria else None)
        for member in members
    )
    rows = [
        RankingRow(member=r.key, self_total=totals[r.key.pk][0], final_total=totals[r.key.pk][1], rank=r.rank,
                   tied=r.tied, points=points.get(r.key.pk, {}))
        for r in ranked
    ]
    return Ranking(sheet=sheet, criteria=criteria, rows=rows)
