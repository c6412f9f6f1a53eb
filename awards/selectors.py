"""Reads of the awards app, scoped to the user's organization (another commune's objects are a 404)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from units.models import User
from units.permissions import user_unit_ids
from units.text import fold

from . import checks
from .models import (
    AwardDocument,
    AwardRecord,
    Disclosure,
    Dossier,
    Meeting,
    Nominee,
    SubjectKind,
    Vote,
)
from .permissions import is_manager

NOMINEE_RELATED = ("person", "person__unit", "unit", "village", "dossier", "dossier__form")


def dossiers_for(user: User) -> QuerySet[Dossier]:
    """Managers see every dossier of their commune; a cán bộ sees those of their unit; others none."""
    if not user.is_authenticated or not user.organization_id:
        return Dossier.objects.none()
    qs = Dossier.objects.filter(organization_id=user.organization_id).select_related("form", "unit", "organization")
    if is_manager(user):
        return qs
    return qs.filter(unit_id__in=user_unit_ids(user))


def dossiers_in_org(user: User) -> QuerySet[Dossier]:
    """For 404 versus 403: a dossier of the user's commune that the role may not read is a 403, not a 404."""
    if not user.is_authenticated or not user.organization_id:
        return Dossier.objects.none()
    return Dossier.objects.filter(organization_id=user.organization_id).select_related("form", "unit", "organization")


def disclosures_for(user: User) -> QuerySet[Disclosure]:
    if not user.is_authenticated or not user.organization_id:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(organization_id=user.organization_id)


def meetings_for(user: User) -> QuerySet[Meeting]:
    if not user.is_authenticated or not user.organization_id:
        return Meeting.objects.none()
    return Meeting.objects.filter(council__organization_id=user.organization_id).select_related("council")


def documents_for(user: User) -> QuerySet[AwardDocument]:
    if not user.is_authenticated or not user.organization_id:
        return AwardDocument.objects.none()
    return AwardDocument.objects.filter(organization_id=user.organization_id).select_related("organization")


def records_for(user: User) -> QuerySet[AwardRecord]:
    if not user.is_authenticated or not user.organization_id:
        return AwardRecord.objects.none()
    return AwardRecord.objects.filter(organization_id=user.organization_id).select_related("form")


@dataclass
class NomineeRow:
    nominee: Nominee
    results: list[checks.CheckResult]

    @property
    def blocking(self) -> int:
        return sum(r.blocking for r in self.results)

    @property
    def warnings(self) -> int:
        return sum(r.warning for r in self.results)


def nominee_rows(*, dossier: Dossier, today: dt.date) -> list[NomineeRow]:
    nominees = list(dossier.nominees.select_related(*NOMINEE_RELATED))
    # One load of the other nominees, records, rules, registrations and cap for the whole dossier.
    facts = checks.DossierFacts.load(dossier=dossier, nominees=nominees) if nominees else None
    return [NomineeRow(nominee=n, results=checks.nominee_checks(nominee=n, today=today, facts=facts))
            for n in nominees]


def disclosed_nominees(disclosure: Disclosure) -> list[Nominee]:
    return list(Nominee.objects.filter(dossier__disclosure=disclosure).select_related(*NOMINEE_RELATED)
                .order_by("dossier__form__order", "dossier_id", "order", "pk"))


@dataclass
class Tally:
    nominee: Nominee
    members: int
    present: int
    votes_for: int
    votes_against: int
    abstain: int
    written: int
    threshold_percent: Decimal
    quorum_percent: Decimal

    @property
    def ballots(self) -> int:
        return self.votes_for + self.votes_against + self.abstain

    @property
    def quorum_met(self) -> bool:
        return self.members > 0 and Decimal(self.present) * 100 >= self.quorum_percent * self.members

    @property
    def percent_for(self) -> Decimal:
        # Over all council members, as the rule for higher titles counts it (absent members vote in writing).
        return (Decimal(self.votes_for) * 100 / self.members).quantize(Decimal("0.01")) if self.members else Decimal(0)

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.percent_for >= self.threshold_percent


def meeting_tallies(*, meeting: Meeting) -> list[Tally]:
    members = meeting.council.members.count()
    present = meeting.attendance.filter(present=True).count()
    votes = Counter()
    for nominee_id, choice, written in Vote.objects.filter(meeting=meeting).values_list("nominee_id", "choice",
                                                                                          "written"):
        votes[(nominee_id, choice)] += 1
        votes[(nominee_id, "written")] += int(written)
    nominees = Nominee.objects.filter(dossier__in=meeting.dossiers.all()).select_related(*NOMINEE_RELATED).order_by(
        "dossier__form__order", "dossier_id", "order", "pk")
    return [
        Tally(nominee=n, members=members, present=present, votes_for=votes[(n.pk, Vote.Choice.FOR)],
              votes_against=votes[(n.pk, Vote.Choice.AGAINST)], abstain=votes[(n.pk, Vote.Choice.ABSTAIN)],
              written=votes[(n.pk, "written")], threshold_percent=n.dossier.form.vote_threshold_percent,
              quorum_percent=n.dossier.form.quorum_percent)
        for n in nominees
    ]


@dataclass
class RegisterFilters:
    q: str = ""
    year: int | None = None
    form_id: int | None = None
    subject_kind: str = ""


def register_search(*, user: User, filters: RegisterFilters) -> QuerySet[AwardRecord]:
    """Accent-free: "nguyen van a" finds "Nguyễn Văn A"; every word must match name, unit, thôn or title."""
    qs = records_for(user)
    for word in fold(filters.q).split():
        qs = qs.filter(search_text__contains=word)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.form_id:
        qs = qs.filter(form_id=filters.form_id)
    if filters.subject_kind:
        qs = qs.filter(subject_kind=filters.subject_kind)
    return qs.prefetch_related("prints").order_by("-year", "form_name", "display_name")


def subject_history(*, user: User, key: str) -> QuerySet[AwardRecord]:
    return records_for(user).filter(subject_key=key).order_by("-year", "form_name")


@dataclass
class StatRow:
    year: int
    form_name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def statistics(*, user: User, year: int | None = None) -> list[StatRow]:
    qs = records_for(user)
    if year:
        qs = qs.filter(year=year)
    counter: Counter = Counter(qs.values_list("year", "form_name", "subject_kind"))
    rows: dict[tuple[int, str], StatRow] = {}
    for (y, form_name, kind), count in counter.items():
        row = rows.setdefault((y, form_name), StatRow(year=y, form_name=form_name,
                                                      counts=dict.fromkeys(SubjectKind.values, 0)))
        row.counts[kind] += count
    return sorted(rows.values(), key=lambda r: (-r.year, r.form_name))


def record_years(user: User) -> list[int]:
    return sorted(set(records_for(user).values_list("year", flat=True)), reverse=True)


def pending_documents(user: User) -> QuerySet[AwardDocument]:
    return documents_for(user).prefetch_related(Prefetch("items")).order_by("-created_at")


def open_dossier_count(user: User) -> int:
    return dossiers_for(user).filter(status__in=Dossier.OPEN_STATUSES).count()


def unit_filter(qs: QuerySet[Dossier], *, status: str = "", year: int | None = None) -> QuerySet[Dossier]:
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs
