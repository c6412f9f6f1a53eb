"""Reads of notifications/: the reminder snapshot's base (each commune's rules and people), preferences."""

import datetime as dt
from collections.abc import Sequence

from units.models import Organization, User
from units.roles import Role

from . import reminders
from .models import ReminderSettings, days_list
from .registry import collect_all


def rules_of(row: ReminderSettings | None) -> reminders.Rules:
    if row is None:
        return reminders.Rules()
    return reminders.Rules(
        days_before=tuple(row.days_before_list()), overdue_interval=row.overdue_interval,
        escalation_days=row.escalation_days, report_lead_days=row.report_lead_days,
        deadline_marks=(
            (reminders.RULE_REGISTRATION, tuple(days_list(row.registration_days_before))),
            (reminders.RULE_DISCLOSURE, tuple(days_list(row.disclosure_days_before))),
            (reminders.RULE_DOSSIER, tuple(days_list(row.dossier_days_before))),
            (reminders.RULE_STATISTICS, tuple(days_list(row.statistics_days_before))),
        ),
    )


def reminder_snapshot(
    *, day: dt.date, organization_ids: Sequence[int] | None = None, task_ids: Sequence[int] | None = None,
) -> reminders.Snapshot:
    """What reminders.due_reminders needs for `day`: every commune with its rules, vhxh and chairmen (three
    queries), then each registered source's facts (a fixed number of queries each, whatever the data)."""
    orgs = Organization.objects.all()
    if organization_ids is not None:
        orgs = orgs.filter(pk__in=organization_ids)
    org_ids = list(orgs.values_list("pk", flat=True))
    settings_rows = {row.organization_id: row for row in ReminderSettings.objects.filter(organization_id__in=org_ids)}
    role_users = User.objects.filter(
        is_active=True, organization_id__in=org_ids, groups__name__in=[Role.VHXH, Role.CHU_TICH]
    )
    vhxh: dict[int, list[int]] = {}
    chairmen: dict[int, list[int]] = {}
    for user_id, org_id, role in role_users.values_list("pk", "organization_id", "groups__name").order_by("pk"):
        (vhxh if role == Role.VHXH else chairmen).setdefault(org_id, []).append(user_id)
    snapshot = reminders.Snapshot(orgs={
        org_id: reminders.OrgFact(
            id=org_id, rules=rules_of(settings_rows.get(org_id)), vhxh_ids=tuple(vhxh.get(org_id, ())),
            chairman_ids=tuple(chairmen.get(org_id, ())),
        )
        for org_id in org_ids
    })
    collect_all(snapshot=snapshot, day=day, organization_ids=organization_ids, task_ids=task_ids)
    return snapshot


def reminder_settings_rows(*, organization_ids: Sequence[int]) -> dict[int, ReminderSettings]:
    """For sources that need more than the rules (the dossier due date)."""
    return {row.organization_id: row for row in ReminderSettings.objects.filter(organization_id__in=organization_ids)}


def zalo_available() -> bool:
    from .channels import CHANNELS

    return CHANNELS["zalo"].configured()


def role_users(*, organization_id: int, roles: Sequence[str]) -> list[User]:
    """The active accounts of a commune holding one of `roles` (who signs, who follows the files)."""
    return list(User.objects.filter(organization_id=organization_id, is_active=True, groups__name__in=roles)
                .distinct().order_by("pk"))


def unit_users(*, unit_ids) -> list[User]:
    """The active accounts of the active officials of these units."""
    return list(User.objects.filter(person__unit_id__in=list(unit_ids), person__is_active=True, is_active=True)
                .distinct().order_by("pk"))
