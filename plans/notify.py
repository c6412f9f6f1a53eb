"""Who hears what about plans, reports and their tasks: the reminder source of plan tasks, and (below) the
workflow steps that notify. Connected in PlansConfig.ready; notifications/ sends everything."""

import dataclasses
import datetime as dt
from collections.abc import Sequence

from django.db.models import Q
from django.urls import reverse

from core.workflow import transition_applied
from documents.signals import document_tampered
from notifications import reminders
from notifications.registry import (
    DigestLine,
    ReminderSource,
    WaitingItem,
    event_register,
    reminder_source_register,
    waiting_register,
)
from notifications.selectors import role_users
from notifications.services import notification_send, notify_document_tampered
from units.models import Person
from units.roles import Role

from .models import Plan, Report, Task, TaskUnit

QUARTERS = {"q1": 1, "q2": 2, "q3": 3, "q4": 4}


def _in_force() -> Q:
    """Tasks of a plan in force: the current revision, issued, or the draft amendment of an issued plan (the
    signed version stays in force meanwhile). A first draft never nags."""
    return Q(plan__is_current=True) & (Q(plan__status=Plan.Status.SIGNED) | Q(plan__supersedes__isnull=False))


def collect(*, snapshot: reminders.Snapshot, day: dt.date, organization_ids: Sequence[int] | None,
            task_ids: Sequence[int] | None) -> None:
    """The open tasks near their deadline or in this quarter, their units' people, each commune's plan of the
    year (for the quarter report): four queries whatever the number of tasks."""
    horizon = max([14, *(max(org.rules.days_before, default=0) for org in snapshot.orgs.values())])
    quarter_kind = f"q{reminders.quarter_of(day)}"
    tasks = Task.objects.filter(_in_force(), status__in=Task.OPEN_STATUSES).filter(
        Q(deadline__lte=day + dt.timedelta(days=horizon)) | Q(plan__year=day.year, section__kind=quarter_kind)
    )
    if organization_ids is not None:
        tasks = tasks.filter(plan__organization_id__in=organization_ids)
    if task_ids is not None:
        tasks = tasks.filter(pk__in=task_ids)
    rows = list(tasks.values_list(
        "pk", "plan__organization_id", "plan_id", "number", "content", "deadline", "status", "section__kind",
    ))
    units_of: dict[int, list[int]] = {}
    for task_id, unit_id in TaskUnit.objects.filter(task__in=tasks).order_by("task_id", "order", "pk").values_list(
        "task_id", "unit_id"
    ):
        units_of.setdefault(task_id, []).append(unit_id)
    snapshot.tasks.extend(
        reminders.TaskFact(
            id=pk, organization_id=org_id, plan_id=plan_id, number=number, content=content, deadline=deadline,
            status=status, quarter=QUARTERS.get(kind), unit_ids=tuple(units_of.get(pk, ())),
        )
        for pk, org_id, plan_id, number, content, deadline, status, kind in rows
    )
    people = Person.objects.filter(is_active=True, user__is_active=True, unit__task_units__task__in=tasks).distinct()
    for unit_id, unit_name, user_id in people.values_list("unit_id", "unit__name", "user_id").order_by("unit_id"):
        snapshot.unit_names[unit_id] = unit_name
        snapshot.unit_people[unit_id] = (*snapshot.unit_people.get(unit_id, ()), user_id)
    if task_ids is None:
        plans = Plan.objects.filter(year=day.year, is_current=True).filter(
            Q(status=Plan.Status.SIGNED) | Q(supersedes__isnull=False)
        )
        if organization_ids is not None:
            plans = plans.filter(organization_id__in=organization_ids)
        # Oldest first, so the newest plan of the year (a revision) wins.
        for org_id, plan_id in plans.order_by("pk").values_list("organization_id", "pk"):
            if org_id in snapshot.orgs:
                snapshot.orgs[org_id] = dataclasses.replace(snapshot.orgs[org_id], plan_id=plan_id)


def _when(task: Task, day: dt.date) -> str:
    left = (task.deadline - day).days
    if left < 0:
        return f"Quá hạn {-left} ngày (hạn {task.deadline:%d/%m/%Y})"
    if left == 0:
        return f"Hết hạn hôm nay ({task.deadline:%d/%m/%Y})"
    return f"Còn {left} ngày (hạn {task.deadline:%d/%m/%Y})"


def describe(*, keys: Sequence[str], day: dt.date) -> dict[str, DigestLine | None]:
    task_ids = [int(k.split(":")[1]) for k in keys if k.startswith("task:")]
    tasks = Task.objects.in_bulk(task_ids)
    lines: dict[str, DigestLine | None] = {}
    for key in keys:
        if key.startswith("task:"):
            task = tasks.get(int(key.split(":")[1]))
            if task is None or not task.is_open:
                lines[key] = None  # done or "Không thực hiện" since the scan: nothing to remind
                continue
            lines[key] = DigestLine(
                text=f"{_when(task, day)} · Nhiệm vụ {task.number}: {task.content}",
                url=reverse("plans:task_detail", args=[task.pk]), order=task.number,
            )
        else:
            # "report:<plan id>:<quarter>": the plan's page filtered to that quarter is where the report starts.
            _, plan_id, quarter = key.split(":")
            lines[key] = DigestLine(
                text=f"Quý {reminders._roman(int(quarter))}: chuẩn bị báo cáo kết quả thực hiện kế hoạch gửi cơ "
                     "quan cấp trên",
                url=f"{reverse('plans:detail', args=[int(plan_id)])}?quarter=q{quarter}",
            )
    return lines


# --- workflow steps that notify -------------------------------------------------------------------------

PLAN_SUBMITTED = event_register("plan_submitted", "Kế hoạch, báo cáo trình ký (gửi Chủ tịch)")
PLAN_SIGNED = event_register("plan_signed", "Kế hoạch, báo cáo đã ký ban hành")
PLAN_RETURNED = event_register("plan_returned", "Kế hoạch, báo cáo bị trả lại (kèm lý do)")


def _submitter(events, obj) -> list:
    """Who pressed "Trình ký" last: the person a signature or a return answers."""
    last = events.filter(to_status=Plan.Status.SUBMITTED).select_related("actor").order_by("-created_at", "-pk").first()
    return [last.actor] if last is not None else []


def _announce(*, what: str, obj, organization_id: int, url: str, events, log, by, transition) -> None:
    key = f"{what}:{obj.pk}:step:{log.pk}"
    organization = obj.organization if isinstance(obj, Plan) else obj.plan.organization
    name = str(obj)
    if transition.target == Plan.Status.SUBMITTED:
        recipients = role_users(organization_id=organization_id, roles=[Role.CHU_TICH])
        notification_send(
            event=PLAN_SUBMITTED, recipients=[u for u in recipients if u.pk != by.pk], organization=organization,
            title=f"Trình ký: {name}", url=url, key=key,
            body=f"{by} đã trình ký {name}. Đề nghị Chủ tịch xem, ký ban hành hoặc trả lại kèm lý do.",
        )
        return
    recipients = {u.pk: u for u in [*_submitter(events, obj),
                                     *role_users(organization_id=organization_id, roles=[Role.VHXH])]}
    recipients.pop(by.pk, None)
    if transition.target == Plan.Status.SIGNED:
        notification_send(
            event=PLAN_SIGNED, recipients=recipients.values(), organization=organization, url=url, key=key,
            title=f"Đã ký ban hành: {name}", body=f"{by} đã ký ban hành {name}.",
        )
    elif transition.source == Plan.Status.SUBMITTED and transition.target == Plan.Status.DRAFT:
        notification_send(
            event=PLAN_RETURNED, recipients=recipients.values(), organization=organization, url=url, key=key,
            title=f"Trả lại: {name}", body=f"{by} đã trả lại {name}. Lý do: {log.note}",
        )


def on_transition(sender, *, workflow, obj, log, by, transition, **kwargs) -> None:
    from .workflow import PLAN_FLOW, REPORT_FLOW

    if workflow is PLAN_FLOW:
        _announce(what="plan", obj=obj, organization_id=obj.organization_id, events=obj.events, log=log, by=by,
                  transition=transition, url=reverse("plans:detail", args=[obj.pk]))
    elif workflow is REPORT_FLOW:
        _announce(what="report", obj=obj, organization_id=obj.plan.organization_id, events=obj.events, log=log,
                  by=by, transition=transition, url=reverse("plans:report_detail", args=[obj.pk]))


def waiting(user) -> list[WaitingItem]:
    """Plans and reports the chairman has to sign or return."""
    if not user.is_authenticated or not user.has_role(Role.CHU_TICH) or user.organization_id is None:
        return []
    plans = Plan.objects.filter(organization_id=user.organization_id, status=Plan.Status.SUBMITTED).count()
    reports = Report.objects.filter(plan__organization_id=user.organization_id, status=Report.Status.SUBMITTED).count()
    return [
        WaitingItem(label="kế hoạch chờ ký", count=plans, url=reverse("plans:list")),
        WaitingItem(label="báo cáo chờ ký", count=reports, url=reverse("plans:report_list")),
    ]


def connect() -> None:
    waiting_register(waiting)
    reminder_source_register(ReminderSource(name="plans", prefixes=("task", "report"), collect=collect,
                                            describe=describe))
    transition_applied.connect(on_transition, dispatch_uid="plans.notify")
    document_tampered.connect(on_document_tampered, dispatch_uid="plans.notify.tampered")


def on_document_tampered(sender, *, document, event, **kwargs) -> None:
    """Every issued kind (plans, reports, decisions, minutes) reaches vhxh the same way; plans is the lowest app
    above both documents/ and notifications/, so it wires them."""
    notify_document_tampered(
        organization=document.organization, document=str(document),
        url=reverse("documents:verify", args=[document.code]),
        # One announcement per stored file and altered content, however often it is downloaded.
        key=f"document:{document.pk}:{event.file_name}:{event.actual_sha256 or 'missing'}",
        detail=f"Tệp: {event.file_name}. Phát hiện khi {event.get_where_display().lower()}.",
    )
