"""Who hears what about dossiers, disclosures, council meetings and decisions, and the awards deadlines as
reminder sources (the end of a disclosure period, the dossier submission deadline, the yearly Biểu 0602).

Connected in AwardsConfig.ready; notifications/ does the sending.
"""

import datetime as dt
from collections.abc import Sequence

from django.urls import reverse

from core.workflow import transition_applied
from notifications import reminders
from notifications.registry import (
    DigestLine,
    ReminderSource,
    WaitingItem,
    event_register,
    reminder_source_register,
    waiting_register,
)
from notifications.selectors import reminder_settings_rows, role_users, unit_users
from notifications.services import notification_send
from units.models import Person
from units.roles import Role
from units.text import fold

from .models import AwardDocument, Disclosure, Dossier, Meeting, Nominee, StatisticalReportForm

WAITING_DOSSIER = (Dossier.Status.DRAFT, Dossier.Status.RETURNED)


def _stat_form() -> StatisticalReportForm | None:
    return StatisticalReportForm.objects.filter(code__startswith="0602").order_by("code").first()


def collect(*, snapshot: reminders.Snapshot, day: dt.date, organization_ids: Sequence[int] | None,
            task_ids: Sequence[int] | None) -> None:
    if task_ids is not None:
        return
    org_ids = list(snapshot.orgs)
    # End of a disclosure period: vhxh prepares the council meeting that follows it.
    disclosures = Disclosure.objects.filter(organization_id__in=org_ids, ends_on__gte=day,
                                            ends_on__lte=day + dt.timedelta(days=90))
    for disclosure in disclosures:
        snapshot.deadlines.append(reminders.DeadlineFact(
            rule=reminders.RULE_DISCLOSURE, key=f"disclosure:{disclosure.pk}",
            organization_id=disclosure.organization_id, deadline=disclosure.ends_on,
            label=f"Kết thúc công khai “{disclosure.title}”",
            recipients=tuple((uid, "chuẩn bị họp Hội đồng xét khen thưởng")
                             for uid in snapshot.orgs[disclosure.organization_id].vhxh_ids),
        ))
    # The dossier submission deadline of the year (a commune setting): units with a dossier not yet sent.
    rows = reminder_settings_rows(organization_ids=org_ids)
    due_of = {org_id: row.dossier_due_on(day.year) for org_id, row in rows.items()}
    due_of = {org_id: due for org_id, due in due_of.items()
              if due is not None and day <= due <= day + dt.timedelta(days=90)}
    if due_of:
        dossiers = list(Dossier.objects.filter(organization_id__in=due_of, status__in=WAITING_DOSSIER,
                                               unit__isnull=False).select_related("unit", "form"))
        people: dict[int, list[int]] = {}
        for unit_id, user_id in Person.objects.filter(
            unit_id__in={d.unit_id for d in dossiers}, is_active=True, user__isnull=False, user__is_active=True
        ).values_list("unit_id", "user_id"):
            people.setdefault(unit_id, []).append(user_id)
        for dossier in dossiers:
            snapshot.deadlines.append(reminders.DeadlineFact(
                rule=reminders.RULE_DOSSIER, key=f"dossier:{dossier.pk}", organization_id=dossier.organization_id,
                deadline=due_of[dossier.organization_id],
                label=f"Hạn nộp hồ sơ đề nghị “{dossier.form}”",
                recipients=tuple((uid, f"hồ sơ của đơn vị {dossier.unit} chưa gửi")
                                 for uid in people.get(dossier.unit_id, [])),
            ))
    # The yearly statistics report (Biểu 0602), due on the form's day (15/12): vhxh of every commune.
    form = _stat_form()
    if form is not None:
        due = dt.date(day.year, form.due_month, form.due_day)
        if day <= due:
            for org in snapshot.orgs.values():
                snapshot.deadlines.append(reminders.DeadlineFact(
                    rule=reminders.RULE_STATISTICS, key=f"statistics:{form.pk}:{day.year}", organization_id=org.id,
                    deadline=due, label=f"Báo cáo thống kê Biểu số {form.code} năm {day.year}",
                    recipients=tuple((uid, "gửi cơ quan cấp trên") for uid in org.vhxh_ids),
                ))


def describe(*, keys: Sequence[str], day: dt.date) -> dict[str, DigestLine | None]:
    def ids(prefix):
        return [int(k.split(":")[1]) for k in keys if k.startswith(f"{prefix}:")]

    disclosures = Disclosure.objects.in_bulk(ids("disclosure"))
    dossiers = Dossier.objects.select_related("unit", "form").in_bulk(ids("dossier"))
    forms = StatisticalReportForm.objects.in_bulk(ids("statistics"))
    lines: dict[str, DigestLine | None] = {}
    for key in keys:
        prefix, pk = key.split(":")[0], int(key.split(":")[1])
        if prefix == "disclosure":
            item = disclosures.get(pk)
            lines[key] = None if item is None or item.is_over(day) else DigestLine(
                text=f"Công khai “{item.title}” kết thúc ngày {item.ends_on:%d/%m/%Y}: chuẩn bị họp Hội đồng",
                url=reverse("awards:disclosure_detail", args=[pk]),
            )
        elif prefix == "dossier":
            item = dossiers.get(pk)
            lines[key] = None if item is None or item.status not in WAITING_DOSSIER else DigestLine(
                text=f"Hồ sơ đề nghị “{item.form}” của {item.unit} chưa gửi: sắp hết hạn nộp",
                url=reverse("awards:dossier_detail", args=[pk]),
            )
        elif prefix == "statistics":
            form = forms.get(pk)
            year = int(key.split(":")[2])
            lines[key] = None if form is None else DigestLine(
                text=f"Biểu số {form.code} năm {year}: hạn gửi ngày {form.due_day:02d}/{form.due_month:02d}/{year}",
                url=reverse("awards:stats"),
            )
    return lines


# --- workflow steps and meetings that notify ------------------------------------------------------------

DOSSIER_STEP = event_register("dossier_step", "Hồ sơ đề nghị khen thưởng: gửi, trả lại, tiếp nhận, công khai, "
                                              "biểu quyết, quyết định")
MEETING_SCHEDULED = event_register("meeting_scheduled", "Lịch họp Hội đồng thi đua, khen thưởng")
DECISION_SIGNED = event_register("decision_signed", "Quyết định khen thưởng đã ký")

DOSSIER_MESSAGES = {
    Dossier.Status.SUBMITTED: ("Hồ sơ đề nghị khen thưởng đã gửi", "{by} đã gửi {what}."),
    Dossier.Status.RETURNED: ("Hồ sơ đề nghị khen thưởng bị trả lại", "{by} đã trả lại {what}. Lý do: {note}"),
    Dossier.Status.ACCEPTED: ("Hồ sơ đề nghị khen thưởng được tiếp nhận", "{by} đã tiếp nhận {what} để xét."),
    Dossier.Status.DISCLOSED: ("Hồ sơ đề nghị khen thưởng đang công khai", "{what} đang được công khai lấy ý kiến."),
    Dossier.Status.VOTED: ("Hội đồng đã biểu quyết hồ sơ đề nghị", "Hội đồng đã biểu quyết {what}."),
    Dossier.Status.DECIDED: ("Đã có quyết định khen thưởng", "{what} đã có quyết định khen thưởng."),
    Dossier.Status.REJECTED: ("Hồ sơ đề nghị không được xét", "{by} đã quyết định không xét {what}. Lý do: {note}"),
}


def _dossier_step(*, dossier: Dossier, log, by, transition) -> None:
    texts = DOSSIER_MESSAGES.get(transition.target)
    if texts is None:
        return
    dossier = Dossier.objects.select_related("organization", "unit", "form").get(pk=dossier.pk)
    recipients = {u.pk: u for u in [
        *(unit_users(unit_ids=[dossier.unit_id]) if dossier.unit_id else []),
        *role_users(organization_id=dossier.organization_id, roles=[Role.VHXH]),
    ]}
    recipients.pop(by.pk, None)
    what = f"hồ sơ đề nghị “{dossier.form}” năm {dossier.year} của {dossier.proposer_name}"
    title, body = texts
    body = body.format(by=by, what=what, note=log.note)
    notification_send(
        event=DOSSIER_STEP, recipients=recipients.values(), organization=dossier.organization,
        url=reverse("awards:dossier_detail", args=[dossier.pk]), key=f"dossier:{dossier.pk}:step:{log.pk}",
        title=f"{title}: {dossier.form} ({dossier.proposer_name})", body=body[0].upper() + body[1:],
    )


def _decision_signed(*, document: AwardDocument, log, by) -> None:
    document = AwardDocument.objects.select_related("organization").get(pk=document.pk)
    if document.kind != AwardDocument.Kind.DECISION:
        return
    unit_ids = set()
    for nominee in Nominee.objects.filter(document_items__document=document).select_related("person", "dossier"):
        unit_ids.update(u for u in (nominee.unit_id, nominee.person.unit_id if nominee.person_id else None,
                                    nominee.dossier.unit_id) if u)
    recipients = [u for u in unit_users(unit_ids=unit_ids) if u.pk != by.pk]
    notification_send(
        event=DECISION_SIGNED, recipients=recipients, organization=document.organization,
        url=reverse("awards:award_document", args=[document.pk]), key=f"award_document:{document.pk}:step:{log.pk}",
        title=f"Đã ký {document}",
        body=f"{by} đã ký {document}; đơn vị của anh/chị có người hoặc tập thể được khen thưởng.",
    )


def on_transition(sender, *, workflow, obj, log, by, transition, **kwargs) -> None:
    from .workflow import AWARD_DOCUMENT_FLOW, DOSSIER_FLOW

    if workflow is DOSSIER_FLOW:
        _dossier_step(dossier=obj, log=log, by=by, transition=transition)
    elif workflow is AWARD_DOCUMENT_FLOW and transition.target == AwardDocument.Status.SIGNED:
        _decision_signed(document=obj, log=log, by=by)


def meeting_scheduled(*, meeting: Meeting) -> None:
    """The members of the council hear of the meeting. A member is reached through the official of the commune
    with the same name who has an account (CouncilMember holds a name, not an account)."""
    council = meeting.council
    names = {fold(m.full_name) for m in council.members.all()}
    people = Person.objects.filter(organization_id=council.organization_id, is_active=True, user__is_active=True,
                                   user__isnull=False).select_related("user")
    recipients = [p.user for p in people if fold(p.full_name) in names]
    notification_send(
        event=MEETING_SCHEDULED, recipients=recipients, organization=council.organization,
        url=reverse("awards:meeting_detail", args=[meeting.pk]), key=f"meeting:{meeting.pk}:scheduled",
        title=f"Họp {council} ngày {meeting.held_on:%d/%m/%Y}",
        body=f"Kính mời anh/chị dự họp xét khen thưởng ngày {meeting.held_on:%d/%m/%Y} tại {meeting.place}; "
             f"{meeting.dossiers.count()} hồ sơ đưa ra xét.",
    )


def waiting(user) -> list[WaitingItem]:
    """Award decisions and submissions drafted and waiting for the chairman's signature."""
    if not user.is_authenticated or not user.has_role(Role.CHU_TICH) or user.organization_id is None:
        return []
    count = AwardDocument.objects.filter(organization_id=user.organization_id,
                                         status=AwardDocument.Status.DRAFT).count()
    return [WaitingItem(label="quyết định, tờ trình khen thưởng chờ ký", count=count,
                        url=reverse("awards:documents"))]


def connect() -> None:
    waiting_register(waiting)
    transition_applied.connect(on_transition, dispatch_uid="awards.notify")
    reminder_source_register(ReminderSource(name="awards", prefixes=("disclosure", "dossier", "statistics"),
                                            collect=collect, describe=describe))


