"""Reads for plan pages. Each returns what its page needs in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.utils import timezone

from core.history import HIDDEN_FIELDS, Change, record_changes
from units.models import Unit, User
from units.permissions import user_unit_ids
from units.text import fold

from .models import IssuedDocument, Plan, PlanEvent, Report, Section, Task, TaskUnit, TaskUpdate


def plans_for(user: User) -> QuerySet[Plan]:
    """Plans the user may read: those of their own organization, never another commune's."""
    if not user.is_authenticated or not user.organization_id:
        return Plan.objects.none()
    return Plan.objects.filter(organization_id=user.organization_id).select_related("organization")


def tasks_for(user: User) -> QuerySet[Task]:
    if not user.is_authenticated or not user.organization_id:
        return Task.objects.none()
    return Task.objects.filter(plan__organization_id=user.organization_id).select_related(
        "plan", "plan__organization", "section"
    )


def with_units(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.prefetch_related(
        Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit").order_by("order", "pk"))
    )


def plan_list(user: User) -> QuerySet[Plan]:
    # Superseded revisions stay reachable from their successor's page, not from the list.
    return plans_for(user).filter(is_current=True).annotate(
        task_count=Count("tasks"),
        done_count=Count("tasks", filter=Q(tasks__status=Task.Status.DONE)),
        overdue_count=Count(
            "tasks",
            filter=Q(tasks__status__in=Task.OPEN_STATUSES, tasks__deadline__lt=timezone.localdate()),
        ),
    )


@dataclass
class TaskFilters:
    quarter: str = ""
    unit_id: int | None = None
    status: str = ""
    overdue: bool = False

    @property
    def active(self) -> bool:
        return bool(self.quarter or self.unit_id or self.status or self.overdue)


@dataclass
class SectionRows:
    section: Section
    tasks: list[Task] = field(default_factory=list)


def plan_sections(*, plan: Plan, filters: TaskFilters | None = None, today: dt.date | None = None) -> list[SectionRows]:
    """Sections in order with their (filtered) tasks: 3 queries whatever the plan's size."""
    filters = filters or TaskFilters()
    today = today or timezone.localdate()
    sections = list(plan.sections.order_by("order", "pk"))
    tasks = with_units(Task.objects.filter(plan=plan)).order_by("section__order", "order", "pk")
    if filters.quarter:
        tasks = tasks.filter(section__kind=filters.quarter)
    if filters.unit_id:
        tasks = tasks.filter(task_units__unit_id=filters.unit_id)
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.overdue:
        tasks = tasks.overdue(today)
    by_section: dict[int, SectionRows] = {s.pk: SectionRows(section=s) for s in sections}
    for task in tasks:
        task.plan = plan  # avoid a query per row when templates reach task.plan
        by_section[task.section_id].tasks.append(task)
    rows = list(by_section.values())
    if filters.active:
        rows = [r for r in rows if r.tasks]
    return rows


def plan_units(plan: Plan) -> QuerySet[Unit]:
    return Unit.objects.filter(organization_id=plan.organization_id).order_by("order", "name")


@dataclass
class QuarterProgress:
    label: str
    total: int
    done: int
    in_progress: int
    cancelled: int
    overdue: int

    @property
    def percent_done(self) -> int:
        counted = self.total - self.cancelled
        return round(100 * self.done / counted) if counted else 0


def plan_progress(*, plan: Plan, today: dt.date | None = None) -> list[QuarterProgress]:
    """Per-section counts for the dashboard: one aggregate query."""
    today = today or timezone.localdate()
    open_late = Q(tasks__status__in=Task.OPEN_STATUSES, tasks__deadline__lt=today)
    sections = plan.sections.order_by("order", "pk").annotate(
        total=Count("tasks"),
        done=Count("tasks", filter=Q(tasks__status=Task.Status.DONE)),
        in_progress=Count("tasks", filter=Q(tasks__status=Task.Status.IN_PROGRESS)),
        cancelled=Count("tasks", filter=Q(tasks__status=Task.Status.CANCELLED)),
        overdue=Count("tasks", filter=open_late),
    )
    return [
        QuarterProgress(
            label=s.get_kind_display(), total=s.total, done=s.done, in_progress=s.in_progress,
            cancelled=s.cancelled, overdue=s.overdue,
        )
        for s in sections
    ]


def current_plan(user: User, today: dt.date | None = None) -> Plan | None:
    """This year's plan, else the most recent one."""
    today = today or timezone.localdate()
    plans = plans_for(user).filter(is_current=True)
    return plans.filter(year=today.year).first() or plans.order_by("-year").first()


def overdue_tasks(*, user: User, today: dt.date | None = None, limit: int = 20) -> list[Task]:
    today = today or timezone.localdate()
    tasks = tasks_for(user).filter(plan__is_current=True).overdue(today)
    return list(with_units(tasks).order_by("deadline", "number")[:limit])


def my_unit_tasks(*, user: User, plan: Plan | None, limit: int = 30) -> list[Task]:
    unit_ids = user_unit_ids(user)
    if not unit_ids or plan is None:
        return []
    tasks = tasks_for(user).filter(plan=plan, plan__is_current=True, task_units__unit_id__in=unit_ids).distinct()
    # What still needs doing comes first; finished work sinks to the bottom.
    finished_last = Case(When(status__in=Task.OPEN_STATUSES, then=Value(0)), default=Value(1))
    return list(with_units(tasks).order_by(finished_last, "number")[:limit])


def latest_updates(*, user: User, limit: int = 10) -> list[TaskUpdate]:
    if not user.is_authenticated or not user.organization_id:
        return []
    return list(
        TaskUpdate.objects.filter(task__plan__organization_id=user.organization_id)
        .select_related("task", "task__plan", "author")
        .order_by("-created_at", "-pk")[:limit]
    )


def task_history(task: Task) -> QuerySet[TaskUpdate]:
    return task.updates.select_related("author").order_by("-created_at", "-pk")


def task_search(*, user: User, query: str, limit: int = 100) -> list[Task]:
    """Accent- and case-insensitive: "bao cao" finds "Báo cáo", "d" finds "đ"."""
    words = fold(query).split()
    if not words:
        return []
    tasks = tasks_for(user).filter(plan__is_current=True)
    for word in words:
        tasks = tasks.filter(search_text__contains=word)
    return list(with_units(tasks).order_by("-plan__year", "number")[:limit])


# Derived or bookkeeping fields: a renumbering is not a change anyone made.
_HIDDEN_TASK_FIELDS = HIDDEN_FIELDS | {"order", "number"}


def plan_changes(*, plan: Plan, limit: int = 200) -> list[Change]:
    """The plan's and its tasks' change history (django-simple-history), newest first, with field diffs."""
    return record_changes(
        [plan.history.all(), Task.history.filter(plan_id=plan.pk)],
        describe=lambda r: "Kế hoạch" if r.instance_type is Plan else f"Nhiệm vụ {r.number}: {r.content[:80]}",
        hidden=lambda r: HIDDEN_FIELDS if r.instance_type is Plan else _HIDDEN_TASK_FIELDS,
        limit=limit,
    )


# --- sign-off and reports -----------------------------------------------------------------------------


def plan_events(plan: Plan) -> QuerySet[PlanEvent]:
    return plan.events.select_related("actor").order_by("created_at", "pk")


def issued_document_of(plan_or_report: Plan | Report) -> IssuedDocument | None:
    return IssuedDocument.objects.select_related("document").filter(
        **({"plan": plan_or_report} if isinstance(plan_or_report, Plan) else {"report": plan_or_report})
    ).first()


def reports_for(user: User) -> QuerySet[Report]:
    """Reports of the user's commune; only vhxh and chủ tịch see drafts and reports waiting for signature."""
    from .permissions import can_read_report_drafts

    if not user.is_authenticated or not user.organization_id:
        return Report.objects.none()
    reports = Report.objects.filter(plan__organization_id=user.organization_id).select_related(
        "plan", "plan__organization"
    )
    if not can_read_report_drafts(user):
        reports = reports.filter(status=Report.Status.SIGNED)
    return reports


def report_list(user: User, *, plan: Plan | None = None) -> list[Report]:
    reports = reports_for(user).select_related("issued_document__document").order_by(
        "-plan__year", "-created_at", "-pk"
    )
    if plan is not None:
        reports = reports.filter(plan=plan)
    return list(reports)


@dataclass
class ReportFigures:
    """One row of the report's table: a quarter (or "THƯỜNG XUYÊN", or the total)."""

    label: str
    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    cancelled: int = 0
    overdue: int = 0

    def add(self, status: str, overdue: bool) -> None:
        self.total += 1
        if status == Task.Status.DONE:
            self.done += 1
        elif status == Task.Status.IN_PROGRESS:
            self.in_progress += 1
        elif status == Task.Status.CANCELLED:
            self.cancelled += 1
        else:
            self.not_started += 1
        self.overdue += overdue


@dataclass
class ReportTask:
    number: int
    content: str
    units: list[str]
    deadline: dt.date
    status: str
    status_label: str
    overdue: bool
    result: str  # the latest note up to the report's end date ("Kết quả")


@dataclass
class ReportSection:
    label: str
    tasks: list[ReportTask]


@dataclass
class ReportData:
    end_date: dt.date
    rows: list[ReportFigures]
    total: ReportFigures
    sections: list[ReportSection]


def report_data(report: Report) -> ReportData:
    """Figures per quarter and the tasks with their results, as they stood at the end of the report's period.

    A task's status on that day is the last status its updates recorded up to then (Chưa thực hiện before the
    first one); a task that never had an update (imported with its status) counts with its present status.
    Open and past its deadline on that day is overdue. Four queries whatever the plan's size.
    """
    from zoneinfo import ZoneInfo

    end = report.end_date
    day_after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    kinds = [f"q{q}" for q in report.quarters] + [Section.Kind.ALL_YEAR]
    tasks = list(
        with_units(Task.objects.filter(plan_id=report.plan_id, section__kind__in=kinds).select_related("section"))
        .order_by("section__order", "order", "pk")
    )
    status_at: dict[int, str] = {}
    note_at: dict[int, str] = {}
    with_history: set[int] = set()
    updates = TaskUpdate.objects.filter(task__in=[t.pk for t in tasks]).order_by("created_at", "pk").values_list(
        "task_id", "created_at", "to_status", "note"
    )
    for task_id, created_at, to_status, note in updates:
        with_history.add(task_id)
        if created_at < day_after:
            status_at[task_id] = to_status
            if note.strip():
                note_at[task_id] = note.strip()

    rows: dict[int, ReportFigures] = {}
    sections: dict[int, ReportSection] = {}
    total = ReportFigures(label="Tổng cộng")
    labels = dict(Task.Status.choices)
    for task in tasks:
        if task.pk in with_history:
            status = status_at.get(task.pk, Task.Status.NOT_STARTED)
        else:
            status = task.status
        overdue = status in Task.OPEN_STATUSES and task.deadline < end
        label = task.section.get_kind_display()
        rows.setdefault(task.section_id, ReportFigures(label=label)).add(status, overdue)
        total.add(status, overdue)
        sections.setdefault(task.section_id, ReportSection(label=label, tasks=[])).tasks.append(ReportTask(
            number=task.number, content=task.content, units=[link.unit.name for link in task.task_units.all()],
            deadline=task.deadline, status=status, status_label=labels[status], overdue=overdue,
            result=note_at.get(task.pk, task.status_reason if status == Task.Status.CANCELLED else ""),
        ))
    return ReportData(end_date=end, rows=list(rows.values()), total=total, sections=list(sections.values()))


# --- cheap rows: the plan table and the dashboard lists ----------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskRow:
    """One table row, every value already a string: the template only places them (no include, no URL
    reversing, no localisation per value)."""

    pk: int
    number: str
    content: str
    url: str
    units: tuple[str, ...]
    deadline: str
    status: str
    status_label: str
    overdue: bool
    reason: str
    can_update: bool
    plan_year: str
    section_label: str


_STATUS_LABELS = dict(Task.Status.choices)
_SECTION_LABELS = dict(Section.Kind.choices)


def task_url_prefix() -> str:
    """"/tasks/" reversed once: rows append "<pk>/" (the pattern is tasks/<int:pk>/)."""
    from django.urls import reverse

    return reverse("plans:task_detail", args=[0])[: -len("0/")]


def task_rows(
    tasks, *, today: dt.date, can_update=None, prefix: str | None = None, plan: Plan | None = None,
) -> list[TaskRow]:
    """Rows for `tasks` (with_units prefetched; section and plan selected or `plan` given)."""
    prefix = task_url_prefix() if prefix is None else prefix
    rows = []
    for task in tasks:
        owner = plan or task.plan
        rows.append(TaskRow(
            pk=task.pk, number=str(task.number), content=task.content, url=f"{prefix}{task.pk}/",
            units=tuple(link.unit.name for link in task.task_units.all()), deadline=f"{task.deadline:%d/%m/%Y}",
            status=task.status, status_label=_STATUS_LABELS.get(task.status, task.status),
            overdue=task.status in Task.OPEN_STATUSES and task.deadline < today,
            reason=task.status_reason if task.status == Task.Status.CANCELLED else "",
            can_update=bool(can_update(task)) if can_update else False,
            plan_year=str(owner.year),
            section_label=_SECTION_LABELS.get(task.section.kind, "") if plan is None else "",
        ))
    return rows


def _grouped(queryset: QuerySet, key: str, aggregate) -> Subquery:
    return Subquery(queryset.values(key).annotate(value=aggregate).values("value")[:1])


def plan_stamp(plan: Plan) -> str:
    """A cheap change stamp of what the plan's table shows, in one query: its tasks (count, last change), its
    sections (count, order) and the commune's units (count, last change, for their names). Every service that
    changes a task row moves its updated_at, renumbering included."""
    tasks = Task.objects.filter(plan=OuterRef("pk"))
    sections = Section.objects.filter(plan=OuterRef("pk"))
    units = Unit.objects.filter(organization_id=OuterRef("organization_id"))
    values = Plan.objects.filter(pk=plan.pk).values_list(
        _grouped(tasks, "plan", Count("pk")), _grouped(tasks, "plan", Max("updated_at")),
        _grouped(sections, "plan", Count("pk")), _grouped(sections, "plan", Sum("order")),
        _grouped(units, "organization_id", Count("pk")), _grouped(units, "organization_id", Max("updated_at")),
        "is_current",
    ).first()
    return ".".join(str(v.timestamp() if isinstance(v, dt.datetime) else v) for v in values or ())
