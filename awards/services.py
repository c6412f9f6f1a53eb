"""Writes of the awards app. Keyword-only, atomic, permission checks inside, Vietnamese ValidationErrors."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from campaigns.models import Household
from core.uploads import DOCX, JPEG, PDF, PNG, validate_upload
from core.workflow import transition_apply
from units.models import Organization, Person, Unit, User
from units.permissions import ensure_same_org
from units.roles import Role

from . import catalog, checks, nominees, notify, permissions
from .models import (
    Attendance,
    AwardDocument,
    AwardDocumentItem,
    AwardForm,
    AwardRecord,
    AwardsSettings,
    CertificateLayout,
    CertificatePrint,
    Council,
    CouncilMember,
    Disclosure,
    DisclosureComment,
    Dossier,
    DossierDocument,
    DossierTransition,
    Meeting,
    Nominee,
    RequiredDocument,
    SubjectKind,
    Vote,
)
from .workflow import AWARD_DOCUMENT_FLOW, DOSSIER_FLOW

S = Dossier.Status
DOSSIER_UPLOAD_KINDS = (PDF, DOCX, PNG, JPEG)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def awards_settings_get(*, organization: Organization) -> AwardsSettings:
    """The commune's settings, or the defaults unsaved: reading a settings page never writes (a GET is safe)."""
    return AwardsSettings.objects.filter(organization=organization).first() or AwardsSettings(organization=organization)


@transaction.atomic
def awards_settings_update(*, organization: Organization, by: User, **fields) -> AwardsSettings:
    permissions.ensure_manager(user=by, organization_id=organization.pk)
    settings = awards_settings_get(organization=organization)
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    return settings


# --- Dossiers -----------------------------------------------------------------------------------------------------

@transaction.atomic
def dossier_create(*, organization: Organization, by: User, form: AwardForm, year: int, unit: Unit | None = None,
                   occasion: str = "", summary: str = "") -> Dossier:
    if unit is not None and unit.organization_id != organization.pk:
        raise ValidationError({"unit": "Đơn vị không thuộc xã này."})
    if unit is None and not by.has_role(*permissions.MANAGER_ROLES) and by.has_role(Role.CAN_BO):
        unit_person = getattr(by, "person", None)
        unit = unit_person.unit if unit_person else None
    permissions.ensure_can_propose(user=by, organization_id=organization.pk, unit_id=unit.pk if unit else None)
    dossier = Dossier(organization=organization, year=year, unit=unit, form=form, occasion=occasion.strip(),
                      summary=summary, created_by=by)
    dossier.full_clean()
    dossier.save()
    return dossier


@transaction.atomic
def dossier_update(*, dossier: Dossier, by: User, summary: str, occasion: str) -> Dossier:
    permissions.ensure_can_edit_dossier(user=by, dossier=dossier)
    dossier.summary, dossier.occasion = summary, occasion.strip()
    dossier.full_clean()
    dossier.save(update_fields=["summary", "occasion", "updated_at"])
    return dossier


@transaction.atomic
def nominee_add(*, dossier: Dossier, by: User, subject_kind: str, person: Person | None = None,
                unit: Unit | None = None, household_name: str = "", village: Unit | None = None,
                household: Household | None = None, achievement: str = "", justification: str = "") -> Nominee:
    permissions.ensure_can_edit_dossier(user=by, dossier=dossier)
    if not dossier.form.allows(subject_kind):
        raise ValidationError({"subject_kind": f"“{dossier.form.name}” không áp dụng cho đối tượng này."})
    for field, obj in (("person", person), ("unit", unit), ("village", village), ("household", household)):
        if obj is not None and obj.organization_id != dossier.organization_id:
            raise ValidationError({field: "Không thuộc xã này."})
    nominee = Nominee(dossier=dossier, subject_kind=subject_kind, achievement=achievement.strip(),
                      justification=justification.strip(), order=dossier.nominees.count() + 1)
    if subject_kind == SubjectKind.PERSON:
        if person is None:
            raise ValidationError({"person": "Chọn cán bộ được đề nghị."})
        nominee.person = person
    elif subject_kind in (SubjectKind.COLLECTIVE, SubjectKind.VILLAGE):
        if unit is None:
            raise ValidationError({"unit": "Chọn tập thể hoặc thôn được đề nghị."})
        if subject_kind == SubjectKind.VILLAGE and unit.kind != Unit.Kind.VILLAGE:
            raise ValidationError({"unit": f"“{unit.name}” không phải là thôn trong danh mục đơn vị."})
        nominee.unit = unit
    else:
        if household is not None:
            # The catalog decides the name and thôn; typed values would only risk a mismatch.
            household_name, village = household.head_name, household.village
            nominee.household = household
        if not household_name.strip() or village is None:
            raise ValidationError({"household_name": "Chọn hộ trong danh sách, hoặc nhập tên chủ hộ và chọn thôn."})
        nominee.household_name, nominee.village = household_name.strip(), village
    key = nominees.subject_key(nominee)
    if any(nominees.subject_key(other) == key for other in dossier.nominees.select_related("person", "unit")):
        raise ValidationError({"__all__": f"{nominees.display_name(nominee)} đã có trong hồ sơ này."})
    nominee.full_clean()
    nominee.save()
    return nominee


@transaction.atomic
def nominee_update(*, nominee: Nominee, by: User, achievement: str, justification: str) -> Nominee:
    permissions.ensure_can_edit_dossier(user=by, dossier=nominee.dossier)
    nominee.achievement, nominee.justification = achievement.strip(), justification.strip()
    nominee.save(update_fields=["achievement", "justification"])
    return nominee


@transaction.atomic
def nominee_remove(*, nominee: Nominee, by: User) -> None:
    permissions.ensure_can_edit_dossier(user=by, dossier=nominee.dossier)
    nominee.delete()


@transaction.atomic
def dossier_document_upload(*, dossier: Dossier, by: User, upload: UploadedFile,
                            required: RequiredDocument | None = None, title: str = "") -> DossierDocument:
    """Checked by content (PDF, DOCX, PNG, JPEG) and size, whatever the file is called."""
    permissions.ensure_can_edit_dossier(user=by, dossier=dossier)
    if required is not None and required.form_id != dossier.form_id:
        raise ValidationError({"required": "Giấy tờ không thuộc danh mục của danh hiệu này."})
    kind = validate_upload(upload, allowed=DOSSIER_UPLOAD_KINDS, field_label="Tệp tải lên")
    title = (title or (required.name if required else "")).strip()
    if not title:
        raise ValidationError({"title": "Nhập tên giấy tờ."})
    document = DossierDocument(dossier=dossier, required=required, title=title, original_name=upload.name[:200],
                               content_kind=kind.label, uploaded_by=by)
    # The stored name is ours: the typed name never reaches the file system.
    document.file.save(f"hs{dossier.pk}.{kind.extension}", upload, save=False)
    document.save()
    return document


@transaction.atomic
def dossier_document_delete(*, document: DossierDocument, by: User) -> None:
    permissions.ensure_can_edit_dossier(user=by, dossier=document.dossier)
    document.file.delete(save=False)
    document.delete()


def _guard(*, dossier: Dossier, target: str, today: dt.date) -> None:
    """Conditions of a step beyond the role: the data the step stands for must exist."""
    if target in (S.SUBMITTED, S.ACCEPTED):
        problems = checks.dossier_problems(dossier=dossier, today=today)
        if problems:
            raise ValidationError(problems)
    elif target == S.DISCLOSED and dossier.disclosure_id is None:
        raise ValidationError("Hồ sơ chưa có trong đợt công khai nào.")
    elif target == S.VOTED:
        if dossier.disclosure is None or not dossier.disclosure.is_over(today):
            raise ValidationError("Chưa hết thời hạn công khai: chưa thể biểu quyết.")
        if dossier.nominees.filter(passed__isnull=True).exists():
            raise ValidationError("Còn người/tập thể chưa có kết quả biểu quyết.")
    elif target in (S.DECIDED, S.FORWARDED) and dossier.status == S.VOTED:
        kind = AwardDocument.Kind.DECISION if target == S.DECIDED else AwardDocument.Kind.SUBMISSION
        if not AwardDocumentItem.objects.filter(nominee__dossier=dossier, document__kind=kind,
                                                document__status=AwardDocument.Status.SIGNED).exists():
            raise ValidationError("Chưa có văn bản đã ký cho hồ sơ này.")
    elif target == S.DECIDED and dossier.status == S.FORWARDED:
        if not AwardRecord.objects.filter(nominee__dossier=dossier, source=AwardRecord.Source.SUPERIOR).exists():
            raise ValidationError("Chưa ghi quyết định khen thưởng của cấp trên.")


@transaction.atomic
def dossier_transition(*, obj: Dossier, by: User, to: str, note: str = "",
                       today: dt.date | None = None) -> DossierTransition:
    """A step of DOSSIER_FLOW (core.workflow.transition_apply): a cán bộ acts for their own unit's dossier only,
    and the step's own conditions (_guard) must hold."""
    def authorize(locked: Dossier, user: User, transition) -> None:
        if not permissions.can_read_dossier(user, locked):
            raise PermissionDenied("Bạn chỉ được gửi hồ sơ của đơn vị mình.")
        _guard(dossier=locked, target=transition.target, today=_today(today))

    return transition_apply(workflow=DOSSIER_FLOW, obj=obj, by=by, to=to, note=note, authorize=authorize)


# --- Disclosure ---------------------------------------------------------------------------------------------------

@transaction.atomic
def disclosure_publish(*, organization: Organization, by: User, year: int, dossiers: Iterable[Dossier],
                       starts_on: dt.date, title: str = "") -> Disclosure:
    permissions.ensure_manager(user=by, organization_id=organization.pk)
    dossiers = list(dossiers)
    if not dossiers:
        raise ValidationError({"dossiers": "Chọn ít nhất một hồ sơ đã tiếp nhận."})
    days = awards_settings_get(organization=organization).disclosure_days
    disclosure = Disclosure(
        organization=organization, year=year, starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=days - 1),
        title=title.strip() or f"Danh sách đề nghị khen thưởng năm {year}", published_by=by,
    )
    disclosure.full_clean()
    disclosure.save()
    for dossier in dossiers:
        if dossier.organization_id != organization.pk or dossier.status != S.ACCEPTED:
            raise ValidationError({"dossiers": f"Hồ sơ “{dossier}” chưa được tiếp nhận, không công khai được."})
        dossier.disclosure = disclosure
        dossier.save(update_fields=["disclosure", "updated_at"])
        dossier_transition(obj=dossier, by=by, to=S.DISCLOSED, note=f"Công khai đến hết {disclosure.ends_on:%d/%m/%Y}")
    return disclosure


@transaction.atomic
def disclosure_comment_add(*, disclosure: Disclosure, by: User, text: str,
                           nominee: Nominee | None = None) -> DisclosureComment:
    ensure_same_org(user=by, organization_id=disclosure.organization_id)
    if not permissions.can_comment_disclosure(by):
        raise PermissionDenied("Cơ quan cấp trên chỉ xem danh sách công khai, không gửi ý kiến.")
    if not text.strip():
        raise ValidationError({"text": "Nhập nội dung ý kiến."})
    if nominee is not None and nominee.dossier.disclosure_id != disclosure.pk:
        raise ValidationError({"nominee": "Người/tập thể không có trong danh sách công khai này."})
    comment = DisclosureComment(disclosure=disclosure, nominee=nominee, author=by, text=text.strip())
    comment.save()
    return comment


# --- Council ------------------------------------------------------------------------------------------------------

@transaction.atomic
def council_ensure(*, organization: Organization, by: User, year: int) -> Council:
    permissions.ensure_manager(user=by, organization_id=organization.pk)
    council, _ = Council.objects.get_or_create(organization=organization, year=year)
    return council


@transaction.atomic
def council_member_add(*, council: Council, by: User, full_name: str, role: str, position: str = "") -> CouncilMember:
    permissions.ensure_manager(user=by, organization_id=council.organization_id)
    if role in (CouncilMember.Role.CHAIR, CouncilMember.Role.SECRETARY) and council.members.filter(role=role).exists():
        raise ValidationError({"role": f"Hội đồng đã có {CouncilMember.Role(role).label.lower()}."})
    member = CouncilMember(council=council, full_name=full_name.strip(), role=role, position=position.strip(),
                           order=council.members.count() + 1)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def meeting_create(*, council: Council, by: User, held_on: dt.date, dossiers: Iterable[Dossier],
                   place: str = "", today: dt.date | None = None) -> Meeting:
    """The vote opens only after the disclosure period of every dossier has ended."""
    permissions.ensure_manager(user=by, organization_id=council.organization_id)
    today = _today(today)
    dossiers = list(dossiers)
    if not dossiers:
        raise ValidationError({"dossiers": "Chọn hồ sơ đưa ra Hội đồng xét."})
    if not council.members.exists():
        raise ValidationError("Hội đồng chưa có thành viên.")
    for dossier in dossiers:
        if dossier.organization_id != council.organization_id or dossier.status != S.DISCLOSED:
            raise ValidationError({"dossiers": f"Hồ sơ “{dossier}” chưa được công khai."})
        ends_on = dossier.disclosure.ends_on
        if today <= ends_on or held_on <= ends_on:
            raise ValidationError({"held_on": f"Chưa hết thời hạn công khai (đến hết {ends_on:%d/%m/%Y}): "
                                              "chưa thể họp biểu quyết."})
    meeting = Meeting(council=council, held_on=held_on, place=place.strip() or "Hội trường UBND xã")
    meeting.full_clean()
    meeting.save()
    meeting.dossiers.set(dossiers)
    Attendance.objects.bulk_create(Attendance(meeting=meeting, member=m, present=True) for m in council.members.all())
    notify.meeting_scheduled(meeting=meeting)
    return meeting


def _ensure_open_meeting(meeting: Meeting, by: User) -> None:
    permissions.ensure_manager(user=by, organization_id=meeting.council.organization_id)
    if meeting.closed:
        raise ValidationError("Phiên họp đã kết thúc, không sửa được.")


@transaction.atomic
def meeting_attendance_set(*, meeting: Meeting, by: User, present_member_ids: Iterable[int]) -> None:
    _ensure_open_meeting(meeting, by)
    present = set(present_member_ids)
    for row in meeting.attendance.all():
        row.present = row.member_id in present
        row.save(update_fields=["present"])


@transaction.atomic
def votes_record(*, meeting: Meeting, by: User, nominee: Nominee, choices: dict[int, str]) -> list[Vote]:
    """One ballot per member for this nominee; an absent member's ballot is recorded as written (bằng văn bản)."""
    _ensure_open_meeting(meeting, by)
    if not meeting.dossiers.filter(pk=nominee.dossier_id).exists():
        raise ValidationError("Người/tập thể này không thuộc phiên họp.")
    attendance = {row.member_id: row.present for row in meeting.attendance.all()}
    votes = []
    for member_id, choice in choices.items():
        if member_id not in attendance:
            raise ValidationError("Thành viên không thuộc Hội đồng.")
        if choice not in Vote.Choice.values:
            raise ValidationError({"choice": "Ý kiến không hợp lệ."})
        vote, _ = Vote.objects.update_or_create(
            meeting=meeting, nominee=nominee, member_id=member_id,
            defaults={"choice": choice, "written": not attendance[member_id]},
        )
        votes.append(vote)
    return votes


@transaction.atomic
def meeting_close(*, meeting: Meeting, by: User, today: dt.date | None = None) -> Meeting:
    """Compute every nominee's result against its form's quorum and threshold, then move the dossiers to VOTED."""
    from .selectors import meeting_tallies

    _ensure_open_meeting(meeting, by)
    tallies = meeting_tallies(meeting=meeting)
    if not tallies:
        raise ValidationError("Phiên họp chưa có người/tập thể nào để biểu quyết.")
    for tally in tallies:
        if not tally.quorum_met:
            raise ValidationError(f"Không đủ số thành viên dự họp ({tally.present}/{tally.members}; cần "
                                  f"{tally.quorum_percent.normalize()}%).")
        if tally.ballots == 0:
            raise ValidationError(f"Chưa có phiếu biểu quyết cho {tally.nominee}.")
    for tally in tallies:
        tally.nominee.passed = tally.passed
        tally.nominee.save(update_fields=["passed"])
    meeting.closed = True
    meeting.save(update_fields=["closed"])
    for dossier in meeting.dossiers.all():
        dossier_transition(obj=dossier, by=by, to=S.VOTED, note=f"Họp Hội đồng ngày {meeting.held_on:%d/%m/%Y}",
                           today=today)
    return meeting


# --- Decisions and submissions ------------------------------------------------------------------------------------

def passed_nominees(*, organization: Organization, kind: str, day: dt.date):
    """Nominees who passed the vote and are not yet in a live document; split by who may award on `day`."""
    taken = AwardDocumentItem.objects.exclude(document__status=AwardDocument.Status.SUPERSEDED).values("nominee_id")
    candidates = (Nominee.objects.filter(dossier__organization=organization, dossier__status=S.VOTED, passed=True)
                  .exclude(pk__in=taken)
                  .select_related("dossier__form", "person__unit", "unit", "village")
                  .prefetch_related("dossier__form__authority_rules")
                  .order_by("dossier__form__order", "dossier__form__name", "dossier_id", "order", "pk"))
    commune = kind == AwardDocument.Kind.DECISION
    return [n for n in candidates if catalog.commune_may_award(form=n.dossier.form, day=day) == commune]


@transaction.atomic
def award_document_draft(*, organization: Organization, by: User, kind: str, year: int, number: str = "",
                         issued_on: dt.date | None = None, today: dt.date | None = None) -> AwardDocument:
    """Draft a decision (forms the commune may award on the decision date) or a tờ trình (forms that go up)."""
    permissions.ensure_manager(user=by, organization_id=organization.pk)
    day = issued_on or _today(today)
    items = passed_nominees(organization=organization, kind=kind, day=day)
    if not items:
        label = "quyết định" if kind == AwardDocument.Kind.DECISION else "tờ trình"
        raise ValidationError(f"Không có người/tập thể nào đã đạt biểu quyết để đưa vào {label}.")
    document = AwardDocument(organization=organization, kind=kind, year=year, number=number.strip(),
                             issued_on=issued_on, created_by=by, signer_name=organization.chairman_name,
                             recipient=organization.superior_name if kind == AwardDocument.Kind.SUBMISSION else "")
    document.full_clean()
    document.save()
    _items_create(document=document, nominees_list=items)
    return document


def _items_create(*, document: AwardDocument, nominees_list: list[Nominee]) -> None:
    AwardDocumentItem.objects.bulk_create(
        AwardDocumentItem(document=document, nominee=n, order=i, form_name=n.dossier.form.name,
                          display_name=nominees.display_name(n), detail=nominees.detail_line(n),
                          achievement=n.achievement)
        for i, n in enumerate(nominees_list, start=1)
    )


@transaction.atomic
def award_document_update(*, document: AwardDocument, by: User, number: str, issued_on: dt.date | None,
                          signer_name: str = "", recipient: str = "") -> AwardDocument:
    permissions.ensure_manager(user=by, organization_id=document.organization_id)
    if document.status != AwardDocument.Status.DRAFT:
        raise ValidationError("Văn bản đã ký không sửa được; hãy tạo bản sửa đổi.")
    document.number, document.issued_on = number.strip(), issued_on
    document.signer_name = signer_name.strip() or document.signer_name
    document.recipient = recipient.strip() or document.recipient
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def award_document_sign(*, document: AwardDocument, by: User, verify_url: str = "",
                        today: dt.date | None = None) -> AwardDocument:
    """Chủ tịch signs (AWARD_DOCUMENT_FLOW draft → signed): the PDF is frozen (bytes + SHA-256), the register is
    written, the dossiers move on."""
    from .documents import award_document_issue

    permissions.ensure_signer(user=by, organization_id=document.organization_id)

    def authorize(locked: AwardDocument, user: User, transition) -> None:
        errors = {}  # the number comes from the register (documents.services.number_take) when left empty
        if locked.issued_on is None:
            errors["issued_on"] = "Nhập ngày ký."
        if errors:
            raise ValidationError(errors)

    def effects(locked: AwardDocument, transition) -> None:
        items = list(locked.items.select_related("nominee__dossier__form", "nominee__person__unit",
                                                 "nominee__unit", "nominee__village"))
        if locked.kind == AwardDocument.Kind.DECISION:
            for item in items:
                if not catalog.commune_may_award(form=item.nominee.dossier.form, day=locked.issued_on):
                    raise ValidationError(f"Ngày {locked.issued_on:%d/%m/%Y} Chủ tịch UBND xã không có thẩm quyền "
                                          f"khen “{item.form_name}”: phải trình cấp trên.")
        locked.signed_by, locked.signed_at = by, timezone.now()
        locked.signer_name = locked.signer_name or by.get_full_name()
        locked.issued = award_document_issue(document=locked, by=by)
        locked.number, locked.issued_on = locked.issued.number, locked.issued.issued_on
        locked.save()
        target = S.DECIDED if locked.kind == AwardDocument.Kind.DECISION else S.FORWARDED
        if locked.kind == AwardDocument.Kind.DECISION:
            for item in items:
                _record_from_item(item=item, document=locked, source=AwardRecord.Source.DECISION,
                                  number=locked.number, day=locked.issued_on)
        for dossier in {item.nominee.dossier for item in items}:
            if dossier.status == S.VOTED:
                dossier_transition(obj=dossier, by=by, to=target, note=f"{locked}", today=today)

    if document.status != AwardDocument.Status.DRAFT:
        raise ValidationError("Văn bản đã được ký.")
    transition_apply(workflow=AWARD_DOCUMENT_FLOW, obj=document, by=by, to=AwardDocument.Status.SIGNED,
                     effects=effects, authorize=authorize)
    return document  # transition_apply copied the signed row (number, hash, frozen file) onto it


def _record_from_item(*, item: AwardDocumentItem, document: AwardDocument, source: str, number: str,
                      day: dt.date | None) -> AwardRecord:
    nominee = item.nominee
    fields = nominees.record_fields(nominee)
    record, _ = AwardRecord.objects.update_or_create(
        nominee=nominee,
        defaults={**fields, "organization_id": document.organization_id, "year": nominee.dossier.year,
                  "form": nominee.dossier.form, "form_name": nominee.dossier.form.name,
                  "achievement": nominee.achievement, "decision_number": number, "decision_date": day,
                  "source": source, "document": document},
    )
    return record


@transaction.atomic
def award_document_revise(*, document: AwardDocument, by: User) -> AwardDocument:
    """A signed document is never edited: a new draft revision supersedes it (same items)."""
    permissions.ensure_manager(user=by, organization_id=document.organization_id)
    if document.status != AwardDocument.Status.SIGNED:
        raise ValidationError("Chỉ tạo bản sửa đổi cho văn bản đã ký.")
    transition_apply(workflow=AWARD_DOCUMENT_FLOW, obj=document, by=by, to=AwardDocument.Status.SUPERSEDED,
                     note=f"Thay thế bằng bản sửa đổi lần {document.revision + 1}")
    revision = AwardDocument(
        organization_id=document.organization_id, kind=document.kind, year=document.year, number=document.number,
        issued_on=document.issued_on, revision=document.revision + 1, previous=document, recipient=document.recipient,
        signer_name=document.signer_name, created_by=by,
    )
    revision.save()
    AwardDocumentItem.objects.bulk_create(
        AwardDocumentItem(document=revision, nominee_id=i.nominee_id, order=i.order, form_name=i.form_name,
                          display_name=i.display_name, detail=i.detail, achievement=i.achievement)
        for i in document.items.all()
    )
    return revision


@transaction.atomic
def superior_decision_record(*, document: AwardDocument, by: User, decision_number: str,
                             decision_date: dt.date) -> list[AwardRecord]:
    """The superior office decided on a signed tờ trình: register the awards and close the dossiers."""
    permissions.ensure_manager(user=by, organization_id=document.organization_id)
    if document.kind != AwardDocument.Kind.SUBMISSION or document.status != AwardDocument.Status.SIGNED:
        raise ValidationError("Chỉ ghi quyết định cấp trên cho tờ trình đã ký.")
    if not decision_number.strip():
        raise ValidationError({"decision_number": "Nhập số quyết định của cấp trên."})
    document.superior_decision = f"{decision_number.strip()} ngày {decision_date:%d/%m/%Y}"
    document.save(update_fields=["superior_decision"])
    items = list(document.items.select_related("nominee__dossier__form", "nominee__person__unit", "nominee__unit",
                                               "nominee__village"))
    records = [_record_from_item(item=i, document=document, source=AwardRecord.Source.SUPERIOR,
                                 number=decision_number.strip(), day=decision_date) for i in items]
    for dossier in {i.nominee.dossier for i in items}:
        if dossier.status == S.FORWARDED:
            dossier_transition(obj=dossier, by=by, to=S.DECIDED, note=f"Quyết định {document.superior_decision}")
    return records


# --- Certificates -------------------------------------------------------------------------------------------------

def certificate_layout_get(*, organization: Organization) -> CertificateLayout:
    # Defaults unsaved until the first update: reading the layout page or printing never writes the layout.
    layout = CertificateLayout.objects.filter(organization=organization).first()
    return layout or CertificateLayout(organization=organization)


@transaction.atomic
def certificate_layout_update(*, organization: Organization, by: User, **fields) -> CertificateLayout:
    permissions.ensure_manager(user=by, organization_id=organization.pk)
    layout = certificate_layout_get(organization=organization)
    for name, value in fields.items():
        setattr(layout, name, value)
    layout.full_clean()
    layout.save()
    return layout


@transaction.atomic
def certificates_printed(*, records: list[AwardRecord], by: User) -> list[CertificatePrint]:
    if not records:
        raise ValidationError("Không có ai để in Giấy khen.")
    for record in records:
        permissions.ensure_manager(user=by, organization_id=record.organization_id)
    prints = [CertificatePrint(record=r, printed_by=by) for r in records]
    batch = prints[0].batch
    for p in prints:
        p.batch = batch
    return CertificatePrint.objects.bulk_create(prints)
