"""Demo data: xã Thanh Sơn, its units and its real 2024 plan, written through the services.

`demo_load` is idempotent: rows are looked up by their natural keys (organization slug, unit name or
alias, plan year, username) and only what is missing is created. The plan's progress is applied once,
when the plan is first created, so a second run never adds history.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from awards import demo as awards_demo
from campaigns import demo as campaigns_demo
from plans import services
from plans.models import Plan, Report, Section, Task, TaskUpdate
from units import services as unit_services
from units.models import Organization, Person, Unit, User
from units.roles import Role
from units.text import unit_key

from . import thanh_son_2024 as data


@dataclass
class DemoReport:
    organization: Organization
    organization_created: bool = False
    units_created: int = 0
    units_total: int = 0
    plan: Plan | None = None
    plan_created: bool = False
    tasks: int = 0
    recipients: int = 0
    updates_created: int = 0
    demo_mode: bool = False
    # (username, role label) of the demo accounts, whose password was (re)set to data.PASSWORD.
    accounts: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def demo_load(*, today: dt.date | None = None, demo_mode: bool | None = None) -> DemoReport:
    """Create what is missing of the demo (see the module docstring).

    `demo_mode` defaults to settings.DEMO_MODE; `today` decides which quarters already have progress.
    """
    today = today or timezone.localdate()
    demo_mode = settings.DEMO_MODE if demo_mode is None else demo_mode
    fields = {k: v for k, v in data.ORGANIZATION.items() if k != "slug"}
    # Existing organizations keep their edits (e.g. a superior authority changed to the province).
    organization, org_created = Organization.objects.get_or_create(
        slug=data.ORGANIZATION["slug"], defaults=fields
    )
    report = DemoReport(organization=organization, organization_created=org_created, demo_mode=demo_mode)

    accounts = _accounts_ensure(organization=organization, report=report) if demo_mode else {}
    # The services check who writes. With demo accounts the vhxh officer does; without them the commune's
    # system account (which cannot log in) does, as for every shell command.
    actor = accounts.get("vhxh") or unit_services.system_account_get(organization=organization)

    _units_ensure(organization=organization, by=actor, report=report)
    if accounts:
        _people_ensure(organization=organization, accounts=accounts)
    _plan_ensure(organization=organization, by=actor, accounts=accounts, today=today, report=report)
    campaigns_demo.demo_load_campaigns(organization=organization, today=today)
    awards_demo.demo_load_awards(organization=organization, today=today)
    return report


def _accounts_ensure(*, organization: Organization, report: DemoReport) -> dict[str, User]:
    users = {}
    for username, role, full_name, _unit, _position in data.ACCOUNTS:
        family, _, given = full_name.rpartition(" ")
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "organization": organization, "first_name": family, "last_name": given, "is_active": True,
                # Reserved domain (RFC 2606): reminder emails show on the console in demo mode, never leave it.
                "email": f"{username}@thanh-son.invalid",
            },
        )
        # Reset on every run: whoever tries the demo must be able to log in with the printed password.
        user.set_password(data.PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get_or_create(name=role)[0]])
        user.__dict__.pop("_roles_cache", None)
        users[username] = user
        report.accounts.append((username, Role(role).label))
    return users


def _units_ensure(*, organization: Organization, by: User, report: DemoReport) -> None:
    known = _unit_index(organization)
    for order, (name, kind, aliases) in enumerate(data.UNITS):
        if unit_key(name) in known:
            continue
        unit = unit_services.unit_create(
            organization=organization, by=by, name=name, kind=kind, aliases="\n".join(aliases), order=order
        )
        known.update(dict.fromkeys(unit.match_keys(), unit))
        report.units_created += 1
    report.units_total = organization.units.count()


def _unit_index(organization: Organization) -> dict[str, Unit]:
    index = {}
    for unit in organization.units.all():
        for key in unit.match_keys():
            index.setdefault(key, unit)
    return index


def _people_ensure(*, organization: Organization, accounts: dict[str, User]) -> None:
    index = _unit_index(organization)
    for username, _role, full_name, unit_name, position in data.ACCOUNTS:
        if unit_name is None:
            continue
        Person.objects.get_or_create(
            user=accounts[username],
            defaults={
                "organization": organization, "full_name": full_name, "unit": index[unit_key(unit_name)],
                "position": position,
            },
        )


def _plan_ensure(
    *, organization: Organization, by: User, accounts: dict[str, User], today: dt.date, report: DemoReport,
) -> None:
    year = data.PLAN["year"]
    plan = Plan.objects.filter(organization=organization, year=year).first()
    if plan is None:
        texts = {k: v for k, v in data.PLAN.items() if k != "year"}
        plan = services.plan_create(organization=organization, year=year, by=by, **texts)
        index = _unit_index(organization)
        for kind, rows in data.TASKS.items():
            section = plan.sections.get(kind=kind)
            for content, unit_names in rows:
                units = [_resolve(index, name, content) for name in unit_names]
                services.task_create(section=section, by=by, content=content, units=units)
        services.plan_set_recipients(plan=plan, by=by, recipients=data.RECIPIENTS)
        report.plan_created = True
        if accounts:
            _signoff_apply(plan=plan, accounts=accounts, today=today)
            report.updates_created = _progress_apply(plan=plan, accounts=accounts, today=today)
            _half_year_report_apply(plan=plan, accounts=accounts, today=today)
    report.plan = plan
    report.tasks = plan.tasks.count()
    report.recipients = plan.recipients.count()


def _resolve(index: dict[str, Unit], name: str, content: str) -> Unit:
    try:
        return index[unit_key(name)]
    except KeyError:
        # The catalog above lists every spelling the seed uses; a miss is a bug in the demo data.
        raise LookupError(f"Demo unit {name!r} (task {content[:40]!r}) is not in the catalog") from None


def _progress_apply(*, plan: Plan, accounts: dict[str, User], today: dt.date) -> int:
    count = 0
    tasks = plan.tasks.select_related("section", "plan").prefetch_related("task_units").order_by("number")
    for task in tasks:
        entry = data.PROGRESS.get(task.number)
        if entry is None or _quarter_start(task.section, plan.year) > today:
            continue
        status, text, username = entry
        extra = {"reason": text} if status == Task.Status.CANCELLED else {"note": text}
        update = services.task_set_status(task=task, by=accounts[username], status=status, **extra)
        # Demo history reads as if kept during the year (a few days before each deadline), so that the
        # reports "as of" a quarter's end show it. Only the timestamp of this fixture row is moved.
        done_on = min(task.deadline - dt.timedelta(days=3), today)
        TaskUpdate.objects.filter(pk=update.pk).update(
            created_at=dt.datetime.combine(done_on, dt.time(9, 0), tzinfo=timezone.get_current_timezone())
        )
        count += 1
    return count


def _signoff_apply(*, plan: Plan, accounts: dict[str, User], today: dt.date) -> None:
    """The 2024 plan as it was issued: submitted by vhxh, signed by the chairman on its date."""
    number, issued_on = data.ISSUED["number"], data.ISSUED["issued_on"]
    if today < issued_on:
        return
    services.plan_update(plan=plan, by=accounts["vhxh"], number=number, issued_on=issued_on)
    services.plan_transition(plan=plan, by=accounts["vhxh"], to=Plan.Status.SUBMITTED)
    services.plan_transition(plan=plan, by=accounts["chutich"], to=Plan.Status.SIGNED)


def _half_year_report_apply(*, plan: Plan, accounts: dict[str, User], today: dt.date) -> None:
    """An issued six-month report, so the superior office's account has something to read and download."""
    texts = data.HALF_YEAR_REPORT
    if today < texts["issued_on"]:
        return
    report = services.report_create(
        plan=plan, by=accounts["vhxh"], period=Report.Period.HALF_YEAR,
        assessment=texts["assessment"], shortcomings=texts["shortcomings"], directions=texts["directions"],
    )
    # Backdated like the history above: the demo report was issued in July 2024, not on the day of the demo.
    Report.objects.filter(pk=report.pk).update(issued_on=texts["issued_on"])
    services.report_transition(report=report, by=accounts["vhxh"], to=Report.Status.SUBMITTED)
    services.report_transition(report=report, by=accounts["chutich"], to=Report.Status.SIGNED)


def _quarter_start(section: Section, year: int) -> dt.date:
    return dt.date(year, 3 * ((section.quarter or 1) - 1) + 1, 1)
