"""Writes for campaigns, registrations, reviews, pledges and cluster scoring. Permission checks live here."""

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.uploads import validate_upload
from core.workflow import transition_apply
from plans.models import Task
from units.models import Organization, Person, Unit, User
from units.notifications import notification_create
from units.permissions import ensure_same_org, user_unit_ids
from units.roles import Role

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
    SubjectKind,
)
from .permissions import can_manage, ensure_can_edit_registration, ensure_can_manage, is_own_unit
from .workflow import COMMITMENT_FLOW, FLOW, UNIT_OWNED

CAMPAIGN_FIELDS = {
    "title", "kind", "year", "start_date", "end_date", "content", "targets", "criteria", "registration_deadline",
}


def _tasks_check(*, organization: Organization, tasks: Iterable[Task]) -> list[Task]:
    tasks = list(tasks)
    if any(task.plan.organization_id != organization.pk for task in tasks):
        raise ValidationError({"tasks": "Chỉ chọn được nhiệm vụ trong kế hoạch của xã mình."})
    return tasks


# --- campaigns ----------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, organization: Organization, by: User, tasks: Iterable[Task] = (), **fields) -> Campaign:
    ensure_can_manage(user=by, organization=organization)
    unknown = set(fields) - CAMPAIGN_FIELDS
    if unknown:
        raise TypeError(f"Unknown campaign fields: {sorted(unknown)}")
    tasks = _tasks_check(organization=organization, tasks=tasks)
    campaign = Campaign(organization=organization, **fields)
    campaign.full_clean()
    campaign.save()
    campaign.tasks.set(tasks)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: User, tasks: Iterable[Task] | None = None, **fields) -> Campaign:
    ensure_can_manage(user=by, organization=campaign.organization_id)
    unknown = set(fields) - CAMPAIGN_FIELDS
    if unknown:
        raise TypeError(f"Unknown campaign fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    if tasks is not None:
        campaign.tasks.set(_tasks_check(organization=campaign.organization, tasks=tasks))
    return campaign


@transaction.atomic
def campaign_attachment_add(*, campaign: Campaign, by: User, upload: UploadedFile) -> CampaignAttachment:
    ensure_can_manage(user=by, organization=campaign.organization_id)
    kind = validate_upload(upload, field_label="Tệp đính kèm")
    base = (upload.name or "tep").rsplit(".", 1)[0][:150] or "tep"
    attachment = CampaignAttachment(campaign=campaign, name=upload.name[:200], uploaded_by=by)
    # The stored name gets the extension the content proved, never the one typed.
    attachment.file.save(f"{base}.{kind.extension}", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def campaign_launch(*, campaign: Campaign, by: User, units: Iterable[Unit]) -> list[Registration]:
    """Phát động: record the participating units and open a draft registration for each.

    Launching again adds units (already participating ones are kept as they are). The officers of each newly
    added unit get an in-app notification linking to their registration, and see the campaign on their
    dashboard (templatetags.campaigns_for_user).
    """
    ensure_can_manage(user=by, organization=campaign.organization_id)
    units = list(units)
    if not units:
        raise ValidationError({"units": "Hãy chọn ít nhất một đơn vị tham gia."})
    if any(unit.organization_id != campaign.organization_id for unit in units):
        raise ValidationError({"units": "Chỉ chọn được đơn vị của xã mình."})
    created = []
    for unit in units:
        _, new = CampaignUnit.objects.get_or_create(campaign=campaign, unit=unit)
        registration, new_registration = Registration.objects.get_or_create(campaign=campaign, unit=unit)
        if new_registration:
            created.append(registration)
    deadline = campaign.deadline()
    body = f"Hạn đăng ký: {deadline:%d/%m/%Y}." if deadline else ""
    officers = Person.objects.filter(unit__in=[r.unit for r in created], is_active=True, user__isnull=False,
                                     user__is_active=True).select_related("user")
    registration_of = {r.unit_id: r for r in created}
    for person in officers:
        notification_create(
            recipient=person.user, organization=campaign.organization, verb="campaign_launched",
            title=f"Phát động phong trào: {campaign.title}", body=body,
            link=reverse("campaigns:registration", args=[registration_of[person.unit_id].pk]),
        )
    if campaign.launched_at is None:
        campaign.launched_at = timezone.now()
        campaign.save(update_fields=["launched_at", "updated_at"])
    return created


# --- registrations --------------------------------------------------------------------------------------------


def _locked(registration: Registration) -> Registration:
    """The registration as stored, locked: a page opened before vhxh approved it must not edit it after."""
    return Registration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)


def _own_title_check(*, unit: Unit, title: EmulationTitle | None) -> None:
    if title is None:
        return
    wanted = SubjectKind.VILLAGE if unit.kind == Unit.Kind.VILLAGE else SubjectKind.COLLECTIVE
    if title.subject_kind != wanted or not title.is_active:
        raise ValidationError(
            {"title": f"Danh hiệu “{title.name}” không dành cho {SubjectKind(wanted).label.lower()}."}
        )


@transaction.atomic
def registration_update(
    *, registration: Registration, by: User, title: EmulationTitle | None, targets: str = ""
) -> Registration:
    given, registration = registration, _locked(registration)
    ensure_can_edit_registration(user=by, registration=registration)
    _own_title_check(unit=registration.unit, title=title)
    registration.title = title
    registration.targets = targets.strip()
    registration.full_clean()
    registration.save(update_fields=["title", "targets", "updated_at"])
    given.title, given.targets = registration.title, registration.targets
    return registration


def _line_check(*, registration: Registration, line: RegistrationLine) -> None:
    title = line.title
    if line.person is not None:
        if title.subject_kind != SubjectKind.INDIVIDUAL:
            raise ValidationError({"title": f"Danh hiệu “{title.name}” không dành cho cá nhân."})
        if line.person.unit_id != registration.unit_id or not line.person.is_active:
            raise ValidationError({"person": "Chỉ đăng ký cho cán bộ đang công tác tại đơn vị."})
    if line.household is not None:
        if title.subject_kind != SubjectKind.HOUSEHOLD:
            raise ValidationError({"title": f"Danh hiệu “{title.name}” không dành cho hộ gia đình."})
        if line.household.village_id != registration.unit_id:
            raise ValidationError({"household": "Chỉ đăng ký cho hộ gia đình của thôn mình."})
    if not title.is_active:
        raise ValidationError({"title": f"Danh hiệu “{title.name}” đã ngừng sử dụng."})


@transaction.atomic
def registration_line_add(
    *, registration: Registration, by: User, title: EmulationTitle, person: Person | None = None,
    household: Household | None = None, note: str = "",
) -> RegistrationLine:
    registration = _locked(registration)
    ensure_can_edit_registration(user=by, registration=registration)
    if (person is None) == (household is None):
        raise ValidationError("Chọn một cá nhân hoặc một hộ gia đình.")
    line = RegistrationLine(registration=registration, title=title, person=person, household=household,
                            note=note.strip())
    _line_check(registration=registration, line=line)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def registration_line_delete(*, line: RegistrationLine, by: User) -> None:
    ensure_can_edit_registration(user=by, registration=_locked(line.registration))
    line.delete()


@transaction.atomic
def registration_transition(
    *, registration: Registration, by: User, to: str, note: str = "", today: dt.date | None = None
) -> RegistrationLog:
    """A step of workflow.FLOW on a registration, through core.workflow.transition_apply.

    Side effects: submitting needs at least one title; after the campaign's deadline only vhxh may submit
    (accept a late registration) and the registration is marked late, unless its first submission was on
    time (a returned registration fixed after the deadline is not late). Returning keeps the reason.
    """
    today = today or timezone.localdate()

    def authorize(locked: Registration, user: User, transition) -> None:
        if ((transition.source, transition.target) in UNIT_OWNED and not user.has_role(Role.VHXH)
                and not is_own_unit(user, locked)):
            raise PermissionDenied("Bạn chỉ được gửi hoặc sửa bản đăng ký của đơn vị mình.")

    def effects(locked: Registration, transition) -> None:
        if transition.target == Registration.Status.SUBMITTED:
            if locked.title_id is None and not locked.lines.exists():
                raise ValidationError("Bản đăng ký chưa có danh hiệu nào: chọn danh hiệu của đơn vị hoặc thêm dòng.")
            deadline = locked.campaign.deadline()
            first = locked.first_submitted_at
            on_time_before = (first is not None and deadline is not None
                              and timezone.localtime(first).date() <= deadline)
            if deadline is not None and today > deadline and not on_time_before:
                if not by.has_role(Role.VHXH):
                    raise PermissionDenied(
                        f"Đã quá hạn đăng ký ({deadline:%d/%m/%Y}). Chỉ công chức Văn hóa – Xã hội được nhận "
                        "bản đăng ký muộn."
                    )
                locked.is_late = True
            now = timezone.now()
            locked.submitted_at = now
            if first is None:
                locked.first_submitted_at = now
        if transition.target == Registration.Status.RETURNED:
            locked.return_reason = note.strip()

    return transition_apply(workflow=FLOW, obj=registration, by=by, to=to, note=note, effects=effects,
                            authorize=authorize)


# --- households ----------------------------------------------------------------------------------------------


@transaction.atomic
def household_create(*, village: Unit, by: User, head_name: str, address: str = "") -> Household:
    ensure_same_org(user=by, organization_id=village.organization_id)
    if not can_manage(by) and village.pk not in user_unit_ids(by):
        raise PermissionDenied("Bạn chỉ được thêm hộ gia đình của thôn mình.")
    if village.kind != Unit.Kind.VILLAGE:
        raise ValidationError({"village": f"“{village.name}” không phải là thôn."})
    household = Household(organization_id=village.organization_id, village=village, head_name=head_name.strip(),
                          address=address.strip())
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def registration_households_import(*, registration: Registration, by: User, rows: Sequence) -> list[RegistrationLine]:
    """Write a valid household preview (importing.HouseholdRow) into a thôn's registration: all rows or none.

    New households are added to the thôn; known ones (same head and address) are reused."""
    registration = _locked(registration)
    ensure_can_edit_registration(user=by, registration=registration)
    if registration.unit.kind != Unit.Kind.VILLAGE:
        raise ValidationError("Chỉ bản đăng ký của thôn mới nhập danh sách hộ gia đình.")
    problems = [message for row in rows for message in row.errors]
    if problems:
        raise ValidationError(problems)
    known = {h.match_key: h for h in Household.objects.filter(village=registration.unit)}
    lines = []
    for row in rows:
        household = known.get(Household.key_for(row.head_name, row.address))
        if household is None:
            household = household_create(village=registration.unit, by=by, head_name=row.head_name,
                                         address=row.address)
            known[household.match_key] = household
        try:
            lines.append(registration_line_add(registration=registration, by=by, title=row.title,
                                               household=household, note=row.note))
        except ValidationError as error:
            raise ValidationError(f"Dòng {row.line}: " + " ".join(error.messages)) from error
    return lines


# --- reviews --------------------------------------------------------------------------------------------------


@transaction.atomic
def review_create(*, campaign: Campaign, by: User, kind: str, held_on: dt.date, note: str = "") -> Review:
    ensure_can_manage(user=by, organization=campaign.organization_id)
    review = Review(campaign=campaign, kind=kind, held_on=held_on, note=note.strip(), created_by=by)
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_result_set(
    *, review: Review, by: User, registration: Registration, outcome: str, line: RegistrationLine | None = None,
    note: str = "", evidence: UploadedFile | None = None,
) -> ReviewResult:
    """Record (or correct) đạt / không đạt for a registration's own title or one of its lines."""
    ensure_can_manage(user=by, organization=review.campaign.organization_id)
    if registration.campaign_id != review.campaign_id:
        raise ValidationError("Bản đăng ký không thuộc phong trào này.")
    if registration.status != Registration.Status.APPROVED:
        raise ValidationError("Chỉ đánh giá kết quả bản đăng ký đã duyệt.")
    if line is not None and line.registration_id != registration.pk:
        raise ValidationError("Dòng đăng ký không thuộc bản đăng ký này.")
    if line is None and registration.title_id is None:
        raise ValidationError("Đơn vị không đăng ký danh hiệu tập thể.")
    result = ReviewResult.objects.filter(review=review, registration=registration, line=line).first()
    if result is None:
        result = ReviewResult(review=review, registration=registration, line=line, entered_by=by)
    result.outcome = outcome
    result.note = note.strip()
    result.entered_by = by
    result.entered_at = timezone.now()
    if evidence is not None:
        kind = validate_upload(evidence, field_label="Minh chứng")
        base = (evidence.name or "minh-chung").rsplit(".", 1)[0][:150] or "minh-chung"
        result.evidence_name = evidence.name[:200]
        result.evidence.save(f"{base}.{kind.extension}", evidence, save=False)
    result.full_clean()
    result.save()
    return result


# --- pledges --------------------------------------------------------------------------------------------------


@transaction.atomic
def pledge_create(
    *, organization: Organization, by: User, title: str, year: int, signed_on: dt.date | None = None,
    place: str = "", preamble: str = "", campaign: Campaign | None = None,
) -> Pledge:
    ensure_can_manage(user=by, organization=organization)
    if campaign is not None and campaign.organization_id != organization.pk:
        raise ValidationError({"campaign": "Phong trào không thuộc xã này."})
    pledge = Pledge(organization=organization, title=title.strip(), year=year, signed_on=signed_on,
                    place=place.strip(), preamble=preamble.strip(), campaign=campaign)
    pledge.full_clean()
    pledge.save()
    return pledge


@transaction.atomic
def pledge_party_add(
    *, pledge: Pledge, by: User, name: str = "", unit: Unit | None = None, organization: Organization | None = None,
    signatories: Sequence[tuple[str, str]] = (),
) -> PledgeParty:
    """A party and its signatories ((name, position) pairs). The name defaults to the unit's or commune's."""
    ensure_can_manage(user=by, organization=pledge.organization_id)
    if unit is not None and unit.organization_id != pledge.organization_id:
        raise ValidationError({"unit": "Đơn vị không thuộc xã này."})
    name = (name or "").strip() or (unit.name if unit else "") or (organization.name if organization else "")
    if not name:
        raise ValidationError({"name": "Ghi tên bên tham gia giao ước (hoặc chọn đơn vị)."})
    party = PledgeParty(pledge=pledge, name=name, unit=unit, organization=organization,
                        order=pledge.parties.count())
    party.full_clean()
    party.save()
    for full_name, position in signatories:
        if full_name.strip():
            signatory = PledgeSignatory(party=party, full_name=full_name.strip(), position=position.strip())
            signatory.full_clean()
            signatory.save()
    return party


@transaction.atomic
def commitment_add(*, pledge: Pledge, by: User, content: str, deadline: dt.date | None = None) -> Commitment:
    ensure_can_manage(user=by, organization=pledge.organization_id)
    last = pledge.commitments.order_by("-number").first()
    commitment = Commitment(pledge=pledge, number=(last.number + 1) if last else 1, content=content.strip(),
                            deadline=deadline)
    commitment.full_clean()
    commitment.save()
    return commitment


def can_follow_up(user: User, commitment: Commitment) -> bool:
    """Managers, and the cán bộ of a unit that is a party of the pledge."""
    if not user.is_authenticated or user.organization_id != commitment.pledge.organization_id:
        return False
    if can_manage(user):
        return True
    unit_ids = user_unit_ids(user)
    return user.has_role(Role.CAN_BO) and any(p.unit_id in unit_ids for p in commitment.pledge.parties.all())


@transaction.atomic
def commitment_set_status(*, commitment: Commitment, by: User, status: str, note: str = "") -> CommitmentUpdate:
    """A step of workflow.COMMITMENT_FLOW (core.workflow.transition_apply); a cán bộ follows their units' pledges."""
    def authorize(locked: Commitment, user: User, transition) -> None:
        if not can_follow_up(user, locked):
            raise PermissionDenied("Bạn chỉ được cập nhật giao ước mà đơn vị mình tham gia.")

    if status not in Commitment.Status.values:
        raise ValidationError({"status": "Trạng thái không hợp lệ."})
    if status == commitment.status:
        raise ValidationError({"status": "Trạng thái không thay đổi."})
    return transition_apply(workflow=COMMITMENT_FLOW, obj=commitment, by=by, to=status, note=note,
                            authorize=authorize)


# --- clusters and scoring -------------------------------------------------------------------------------------


@transaction.atomic
def cluster_create(*, organization: Organization, by: User, name: str, kind: str = Cluster.Kind.CLUSTER,
                   note: str = "") -> Cluster:
    ensure_can_manage(user=by, organization=organization)
    cluster = Cluster(organization=organization, name=name.strip(), kind=kind, note=note.strip())
    cluster.full_clean()
    cluster.save()
    return cluster


@transaction.atomic
def cluster_member_add(
    *, cluster: Cluster, by: User, name: str = "", organization: Organization | None = None, unit: Unit | None = None,
) -> ClusterMember:
    ensure_can_manage(user=by, organization=cluster.organization_id)
    if unit is not None and unit.organization_id != cluster.organization_id:
        raise ValidationError({"unit": "Đơn vị không thuộc xã này."})
    name = (name or "").strip() or (unit.name if unit else "") or (organization.name if organization else "")
    if not name:
        raise ValidationError({"name": "Ghi tên thành viên."})
    member = ClusterMember(cluster=cluster, name=name, organization=organization, unit=unit,
                           order=cluster.members.count())
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def sheet_create(
    *, cluster: Cluster, by: User, year: int, lead: ClusterMember | None = None, meeting_on: dt.date | None = None,
    meeting_place: str = "",
) -> ScoringSheet:
    """A year's sheet; the criteria of the latest earlier year are copied, as the cluster usually keeps them."""
    ensure_can_manage(user=by, organization=cluster.organization_id)
    if lead is not None and lead.cluster_id != cluster.pk:
        raise ValidationError({"lead": "Trưởng cụm phải là thành viên của cụm."})
    sheet = ScoringSheet(cluster=cluster, year=year, lead=lead, meeting_on=meeting_on,
                         meeting_place=meeting_place.strip())
    sheet.full_clean()
    sheet.save()
    previous = cluster.sheets.filter(year__lt=year).order_by("-year").first()
    if previous is not None:
        Criterion.objects.bulk_create(
            Criterion(sheet=sheet, order=c.order, name=c.name, kind=c.kind, max_points=c.max_points)
            for c in previous.criteria.all()
        )
    return sheet


@transaction.atomic
def criterion_add(*, sheet: ScoringSheet, by: User, name: str, max_points: Decimal,
                  kind: str = Criterion.Kind.REGULAR) -> Criterion:
    ensure_can_manage(user=by, organization=sheet.cluster.organization_id)
    criterion = Criterion(sheet=sheet, name=name.strip(), max_points=max_points, kind=kind,
                          order=sheet.criteria.count())
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def scores_set(
    *, sheet: ScoringSheet, member: ClusterMember, by: User,
    points: dict[int, tuple[Decimal | None, Decimal | None]],
) -> list[Score]:
    """A member's self-scores and agreed final scores, {criterion id: (self, final)}. All or nothing."""
    ensure_can_manage(user=by, organization=sheet.cluster.organization_id)
    if member.cluster_id != sheet.cluster_id:
        raise ValidationError("Thành viên không thuộc cụm này.")
    criteria = {c.pk: c for c in sheet.criteria.all()}
    errors = {}
    for criterion_id, values in points.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError("Tiêu chí không thuộc bảng chấm điểm này.")
        for label, value in zip(("tự chấm", "thống nhất"), values, strict=True):
            if value is not None and not (0 <= value <= criterion.max_points):
                errors.setdefault(f"c{criterion_id}", []).append(
                    f"“{criterion.name}”: điểm {label} {value} phải từ 0 đến {criterion.max_points}."
                )
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion_id, (self_points, final_points) in points.items():
        score, _ = Score.objects.update_or_create(
            criterion_id=criterion_id, member=member,
            defaults={"self_points": self_points, "final_points": final_points},
        )
        saved.append(score)
    return saved
