"""Which reminders are due on a given day: a pure function of the day and a snapshot of the data.

No queries here (notifications.selectors.reminder_snapshot loads the snapshot in a fixed number of queries, each
domain app adding its own facts through notifications.registry; notifications.services records and sends).
Every reminder has a *bucket*: the first day of the period it belongs to. A scan that finds a
reminder whose (rule, key, recipient, bucket) is already logged does nothing, and a scan that missed days (the
server was off) still finds the reminder of the current period, so nothing is sent twice and nothing is lost.

Rules, with each commune's numbers (ReminderSettings, defaults in brackets):
- before the deadline [14, 3, 0 days]: the people of the task's units and vhxh. Between two marks the reminder of the
  nearest mark not yet passed is due: 10 days before, the "14 days" one; 2 days before, the "3 days" one.
- overdue and still open: on the first day late, then every [7] days, the same people; when late by more than [7]
  days, the chairman too. Done or "Không thực hiện" tasks are never reminded.
- quarter start: during the first week of a quarter, each responsible person gets that quarter's open tasks.
- quarter report: [10] days before a quarter ends, vhxh is reminded to prepare the report for the superior office.
- other deadlines (DeadlineFact, from the domain apps: a campaign's registration deadline, the end of a disclosure
  period, the dossier submission deadline, the yearly statistics report): "N days before" only, with the marks of
  the deadline's rule in ReminderSettings; an empty list of marks turns the rule off.
"""

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

RULE_BEFORE = "before"
RULE_OVERDUE = "overdue"
RULE_QUARTER_START = "quarter_start"
RULE_QUARTER_REPORT = "quarter_report"
RULE_REGISTRATION = "registration"
RULE_DISCLOSURE = "disclosure"
RULE_DOSSIER = "dossier"
RULE_STATISTICS = "statistics"
DEADLINE_RULES = (RULE_REGISTRATION, RULE_DISCLOSURE, RULE_DOSSIER, RULE_STATISTICS)
OPEN_STATUSES = frozenset({"not_started", "in_progress"})
# Catch-up window of the quarter-start digest: a server off on the 1st still sends it, but not in mid-quarter.
QUARTER_START_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Rules:
    days_before: tuple[int, ...] = (14, 3, 0)
    overdue_interval: int = 7
    escalation_days: int = 7
    report_lead_days: int = 10
    # rule → marks for the DeadlineFact rules; a rule missing here is off
    deadline_marks: tuple[tuple[str, tuple[int, ...]], ...] = (
        (RULE_REGISTRATION, (7, 1)), (RULE_DISCLOSURE, (1, 0)), (RULE_STATISTICS, (15, 5, 0)),
    )

    def marks_for(self, rule: str) -> tuple[int, ...]:
        return dict(self.deadline_marks).get(rule, ())


@dataclass(frozen=True)
class TaskFact:
    id: int
    organization_id: int
    plan_id: int
    number: int
    content: str
    deadline: dt.date
    status: str
    quarter: int | None
    unit_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class DeadlineFact:
    """A dated obligation that is not a plan task; `recipients` are (user id, why this person) pairs."""

    rule: str
    key: str
    organization_id: int
    deadline: dt.date
    label: str  # "Hạn đăng ký phong trào “…”"
    recipients: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class OrgFact:
    id: int
    rules: Rules = Rules()
    vhxh_ids: tuple[int, ...] = ()
    chairman_ids: tuple[int, ...] = ()
    # The plan of the day's year, if the commune has one (quarter reports are about it).
    plan_id: int | None = None


@dataclass
class Snapshot:
    tasks: list[TaskFact] = field(default_factory=list)
    deadlines: list[DeadlineFact] = field(default_factory=list)
    orgs: dict[int, OrgFact] = field(default_factory=dict)
    # unit id → user ids of its active officials who have an active account
    unit_people: dict[int, tuple[int, ...]] = field(default_factory=dict)
    unit_names: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Due:
    rule: str
    key: str
    organization_id: int
    recipient_id: int
    bucket: dt.date
    reason: str
    task_id: int | None = None


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def quarter_end(year: int, quarter: int) -> dt.date:
    month = 3 * quarter
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def before_deadline_bucket(*, deadline: dt.date, day: dt.date, marks: Iterable[int]) -> tuple[dt.date, int] | None:
    """(bucket, mark) of the "N days before" reminder due on `day`, or None outside every window."""
    left = (deadline - day).days
    if left < 0:
        return None
    candidates = [mark for mark in marks if mark >= left]
    if not candidates:
        return None
    mark = min(candidates)
    return deadline - dt.timedelta(days=mark), mark


def overdue_bucket(*, deadline: dt.date, day: dt.date, interval: int) -> dt.date | None:
    late = (day - deadline).days
    if late < 1:
        return None
    return deadline + dt.timedelta(days=1 + ((late - 1) // interval) * interval)


def due_reminders(*, day: dt.date, snapshot: Snapshot) -> list[Due]:
    """Every reminder due on `day`, one per (rule, key, recipient, bucket), reasons of one person merged."""
    found: dict[tuple, list[str]] = defaultdict(list)
    meta: dict[tuple, tuple[int, int | None]] = {}

    def add(rule: str, key: str, org_id: int, recipient: int, bucket: dt.date, reason: str, task_id=None) -> None:
        ident = (rule, key, recipient, bucket)
        if reason not in found[ident]:
            found[ident].append(reason)
        meta[ident] = (org_id, task_id)

    quarter = quarter_of(day)
    for task in snapshot.tasks:
        org = snapshot.orgs.get(task.organization_id)
        if org is None or task.status not in OPEN_STATUSES:
            continue
        rules = org.rules
        key = f"task:{task.id}"
        people = _unit_people(snapshot, task)

        hit = before_deadline_bucket(deadline=task.deadline, day=day, marks=rules.days_before)
        if hit is not None:
            bucket, mark = hit
            when = "hôm nay" if mark == 0 else f"{mark} ngày"
            for user_id, unit_name in people:
                add(RULE_BEFORE, key, org.id, user_id, bucket,
                    f"Nhắc trước hạn {when} ({_fmt(task.deadline)}): đơn vị thực hiện {unit_name}", task.id)
            for user_id in org.vhxh_ids:
                add(RULE_BEFORE, key, org.id, user_id, bucket,
                    f"Nhắc trước hạn {when} ({_fmt(task.deadline)}): công chức Văn hóa – Xã hội theo dõi kế hoạch",
                    task.id)

        bucket = overdue_bucket(deadline=task.deadline, day=day, interval=rules.overdue_interval)
        if bucket is not None:
            late = (day - task.deadline).days
            for user_id, unit_name in people:
                add(RULE_OVERDUE, key, org.id, user_id, bucket,
                    f"Quá hạn {late} ngày (hạn {_fmt(task.deadline)}): đơn vị thực hiện {unit_name}", task.id)
            for user_id in org.vhxh_ids:
                add(RULE_OVERDUE, key, org.id, user_id, bucket,
                    f"Quá hạn {late} ngày (hạn {_fmt(task.deadline)}): công chức Văn hóa – Xã hội theo dõi kế hoạch",
                    task.id)
            if late > rules.escalation_days:
                for user_id in org.chairman_ids:
                    add(RULE_OVERDUE, key, org.id, user_id, bucket,
                        f"Quá hạn hơn {rules.escalation_days} ngày (hạn {_fmt(task.deadline)}): báo Chủ tịch UBND",
                        task.id)

        if task.quarter == quarter and task.plan_id == org.plan_id:
            start = quarter_start(day.year, quarter)
            if 0 <= (day - start).days < QUARTER_START_WINDOW_DAYS:
                for user_id, unit_name in people:
                    add(RULE_QUARTER_START, key, org.id, user_id, start,
                        f"Nhiệm vụ quý {_roman(quarter)} của đơn vị {unit_name}", task.id)

    for org in snapshot.orgs.values():
        if org.plan_id is None:
            continue
        end = quarter_end(day.year, quarter)
        if 0 <= (end - day).days <= org.rules.report_lead_days:
            bucket = end - dt.timedelta(days=org.rules.report_lead_days)
            for user_id in org.vhxh_ids:
                add(RULE_QUARTER_REPORT, f"report:{org.plan_id}:{quarter}", org.id, user_id, bucket,
                    f"Quý {_roman(quarter)} kết thúc ngày {_fmt(end)}: chuẩn bị báo cáo gửi cơ quan cấp trên")

    for fact in snapshot.deadlines:
        org = snapshot.orgs.get(fact.organization_id)
        if org is None:
            continue
        hit = before_deadline_bucket(deadline=fact.deadline, day=day, marks=org.rules.marks_for(fact.rule))
        if hit is None:
            continue
        bucket, mark = hit
        when = "hôm nay" if mark == 0 else f"còn {mark} ngày"
        for user_id, why in fact.recipients:
            add(fact.rule, fact.key, org.id, user_id, bucket,
                f"{fact.label}: hạn {_fmt(fact.deadline)} ({when}); {why}")

    return [
        Due(rule=ident[0], key=ident[1], recipient_id=ident[2], bucket=ident[3], reason="; ".join(reasons),
            organization_id=meta[ident][0], task_id=meta[ident][1])
        for ident, reasons in sorted(found.items(), key=lambda item: (item[0][2], item[0][0], item[0][1]))
    ]


def _unit_people(snapshot: Snapshot, task: TaskFact) -> list[tuple[int, str]]:
    """(user id, unit name) of the responsible people, each person once (under their first unit)."""
    seen: dict[int, str] = {}
    for unit_id in task.unit_ids:
        for user_id in snapshot.unit_people.get(unit_id, ()):
            seen.setdefault(user_id, snapshot.unit_names.get(unit_id, ""))
    return list(seen.items())


def _roman(quarter: int) -> str:
    return {1: "I", 2: "II", 3: "III", 4: "IV"}[quarter]
