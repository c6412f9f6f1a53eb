"""Who hears what about campaigns and registrations, and the registration deadline as a reminder source.

Connected in CampaignsConfig.ready; notifications/ does the sending (bell, email, Zalo).
"""

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, DateField, Min, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.workflow import transition_applied
from notifications import reminders
from notifications.registry import DigestLine, ReminderSource, event_register, reminder_source_register
from notifications.selectors import role_users, unit_users
from notifications.services import notification_send
from units.models import Person, User
from units.roles import Role

from .models import Campaign, Registration

CAMPAIGN_LAUNCHED = event_register("campaign_launched", "Phát động phong trào thi đua")
WAITING = (Registration.Status.DRAFT, Registration.Status.RETURNED)


def _unit_users(unit_ids) -> dict[int, list[User]]:
    people: dict[int, list[User]] = {}
    for person in Person.objects.filter(unit_id__in=unit_ids, is_active=True, user__isnull=False,
                                        user__is_active=True).select_related("user"):
        people.setdefault(person.unit_id, []).append(person.user)
    return people


def campaign_launched(*, campaign: Campaign, registrations: Sequence[Registration]) -> None:
    """Phát động: the people of each newly added unit get the campaign, with a link to their registration."""
    deadline = campaign.deadline()
    body = (f"Đơn vị đăng ký thi đua trước ngày {deadline:%d/%m/%Y}." if deadline
            else "Đơn vị vào trang đăng ký để đăng ký danh hiệu và chỉ tiêu thi đua.")
    people = _unit_users([r.unit_id for r in registrations])
    for registration in registrations:
        notification_send(
            event=CAMPAIGN_LAUNCHED, recipients=people.get(registration.unit_id, []),
            organization=campaign.organization, title=f"Phát động phong trào: {campaign.title}", body=body,
            url=reverse("campaigns:registration", args=[registration.pk]),
            key=f"campaign:{campaign.pk}:launched:registration:{registration.pk}",
        )


# --- the registration deadline as a reminder --------------------------------------------------------------


def collect(*, snapshot: reminders.Snapshot, day: dt.date, organization_ids: Sequence[int] | None,
            task_ids: Sequence[int] | None) -> None:
    """Registrations not yet sent of launched campaigns whose deadline is near: their unit's people, and vhxh
    once per campaign. Three queries."""
    if task_ids is not None:
        return
    campaigns = Campaign.objects.filter(launched_at__isnull=False).annotate(
        due=Coalesce("registration_deadline", Min("tasks__deadline"), output_field=DateField()),
        waiting=Count("registrations", filter=Q(registrations__status__in=WAITING), distinct=True),
    ).filter(due__gte=day, due__lte=day + dt.timedelta(days=90), waiting__gt=0)
    if organization_ids is not None:
        campaigns = campaigns.filter(organization_id__in=organization_ids)
    campaigns = {c.pk: c for c in campaigns}
    if not campaigns:
        return
    registrations = list(Registration.objects.filter(campaign_id__in=campaigns, status__in=WAITING)
                         .select_related("unit"))
    people = _unit_users({r.unit_id for r in registrations})
    for registration in registrations:
        campaign = campaigns[registration.campaign_id]
        snapshot.deadlines.append(reminders.DeadlineFact(
            rule=reminders.RULE_REGISTRATION, key=f"registration:{registration.pk}",
            organization_id=campaign.organization_id, deadline=campaign.due,
            label=f"Hạn đăng ký phong trào “{campaign.title}”",
            recipients=tuple((u.pk, f"đơn vị {registration.unit} chưa gửi bản đăng ký")
                             for u in people.get(registration.unit_id, [])),
        ))
    for campaign in campaigns.values():
        org = snapshot.orgs.get(campaign.organization_id)
        if org is None:
            continue
        snapshot.deadlines.append(reminders.DeadlineFact(
            rule=reminders.RULE_REGISTRATION, key=f"campaign:{campaign.pk}",
            organization_id=campaign.organization_id, deadline=campaign.due,
            label=f"Hạn đăng ký phong trào “{campaign.title}”",
            recipients=tuple((uid, f"{campaign.waiting} đơn vị chưa gửi bản đăng ký") for uid in org.vhxh_ids),
        ))


def describe(*, keys: Sequence[str], day: dt.date) -> dict[str, DigestLine | None]:
    ids = {prefix: [int(k.split(":")[1]) for k in keys if k.startswith(f"{prefix}:")]
           for prefix in ("registration", "campaign")}
    registrations = Registration.objects.select_related("campaign", "unit").in_bulk(ids["registration"])
    campaigns = Campaign.objects.annotate(
        waiting=Count("registrations", filter=Q(registrations__status__in=WAITING), distinct=True)
    ).in_bulk(ids["campaign"])
    lines: dict[str, DigestLine | None] = {}
    for key in keys:
        prefix, pk = key.split(":")[0], int(key.split(":")[1])
        if prefix == "registration":
            registration = registrations.get(pk)
            if registration is None or registration.status not in WAITING:
                lines[key] = None  # sent since the scan
                continue
            deadline = registration.campaign.deadline()
            lines[key] = DigestLine(
                text=f"Hạn đăng ký {deadline:%d/%m/%Y} · Phong trào “{registration.campaign.title}”: đơn vị "
                     f"{registration.unit} chưa gửi bản đăng ký" if deadline else
                     f"Phong trào “{registration.campaign.title}”: đơn vị {registration.unit} chưa gửi bản đăng ký",
                url=reverse("campaigns:registration", args=[pk]),
            )
        else:
            campaign = campaigns.get(pk)
            if campaign is None or not campaign.waiting:
                lines[key] = None
                continue
            lines[key] = DigestLine(
                text=f"Phong trào “{campaign.title}”: {campaign.waiting} đơn vị chưa gửi bản đăng ký",
                url=reverse("campaigns:detail", args=[pk]),
            )
    return lines


# --- workflow steps that notify -------------------------------------------------------------------------

REGISTRATION_SUBMITTED = event_register("registration_submitted", "Đơn vị gửi bản đăng ký thi đua (gửi VH–XH)")
REGISTRATION_DECIDED = event_register("registration_decided", "Bản đăng ký thi đua được duyệt hoặc bị trả lại")


def on_transition(sender, *, workflow, obj, log, by, transition, **kwargs) -> None:
    from .workflow import FLOW

    if workflow is not FLOW:
        return
    S = Registration.Status
    registration = Registration.objects.select_related("campaign__organization", "unit").get(pk=obj.pk)
    campaign = registration.campaign
    url = reverse("campaigns:registration", args=[registration.pk])
    key = f"registration:{registration.pk}:step:{log.pk}"
    what = f"bản đăng ký của {registration.unit} (phong trào “{campaign.title}”)"
    if transition.target == S.SUBMITTED:
        recipients = role_users(organization_id=campaign.organization_id, roles=[Role.VHXH])
        notification_send(
            event=REGISTRATION_SUBMITTED, recipients=[u for u in recipients if u.pk != by.pk],
            organization=campaign.organization, url=url, key=key,
            title=f"Đăng ký thi đua chờ duyệt: {registration.unit}",
            body=f"{by} đã gửi {what}. Đề nghị xem và duyệt hoặc trả lại kèm lý do.",
        )
    elif transition.target in (S.APPROVED, S.RETURNED):
        recipients = [u for u in unit_users(unit_ids=[registration.unit_id]) if u.pk != by.pk]
        if transition.target == S.APPROVED:
            title, body = f"Đã duyệt đăng ký thi đua: {campaign.title}", f"{by} đã duyệt {what}."
        else:
            title = f"Đăng ký thi đua bị trả lại: {campaign.title}"
            body = f"{by} đã trả lại {what}. Lý do: {log.note}"
        notification_send(event=REGISTRATION_DECIDED, recipients=recipients, organization=campaign.organization,
                          url=url, key=key, title=title, body=body)


def connect() -> None:
    transition_applied.connect(on_transition, dispatch_uid="campaigns.notify")
    reminder_source_register(ReminderSource(name="campaigns", prefixes=("registration", "campaign"),
                                            collect=collect, describe=describe))
