"""Business rules for plans, sections and tasks. Every write goes through here."""

import datetime as dt
import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from units.models import Organization, Unit, User

from .models import Plan, PlanRecipient, Section, Task, TaskUnit, TaskUpdate
from .permissions import ensure_can_create_plan, ensure_can_edit_plan, ensure_can_update_task

QUARTER_KINDS = (Section.Kind.Q1, Section.Kind.Q2, Section.Kind.Q3, Section.Kind.Q4)
PLAN_TEXT_FIELDS = (
    "number", "issued_on", "title", "legal_bases", "purpose", "requirements", "implementation", "closing",
    "signer_authority", "signer_title", "signer_name",
)


# --- plans -------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, organization: Organization, year: int, by: User, **texts) -> Plan:
    """Create a draft plan with the four quarters."""
    ensure_can_create_plan(user=by, organization_id=organization.pk)
    unknown = set(texts) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    texts.setdefault("title", f"Công tác thi đua, khen thưởng năm {year}")
    texts.setdefault("signer_name", organization.chairman_name)
    plan = Plan(organization=organization, year=year, **texts)
    plan.full_clean()
    plan.save()
    for order, kind in enumerate(QUARTER_KINDS):
        Section.objects.create(plan=plan, kind=kind, order=order)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, by: User, **texts) -> Plan:
    ensure_can_edit_plan(user=by, plan=plan)
    unknown = set(texts) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    for name, value in texts.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_set_recipients(*, plan: Plan, by: User, recipients: Sequence[tuple[str, str]]) -> None:
    """Replace "Nơi nhận" with `recipients`, a list of (name, note) in order."""
    ensure_can_edit_plan(user=by, plan=plan)
    plan.recipients.all().delete()
    for order, (name, note) in enumerate(recipients):
        row = PlanRecipient(plan=plan, order=order, name=name.strip(), note=note.strip())
        row.full_clean()
        row.save()


_RECIPIENT_NOTE = re.compile(r"^(?P<name>.*?)\s*(?P<note>\([^()]*\))?\s*[;.]?\s*$")


def parse_recipient_lines(text: str) -> list[tuple[str, str]]:
    """"- Phòng Nội vụ huyện (b/c);" → ("Phòng Nội vụ huyện", "(b/c)"). Bullets and final ; or . go."""
    rows = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-•").strip()
        if not line:
            continue
        match = _RECIPIENT_NOTE.match(line)
        name, note = match.group("name").strip(), (match.group("note") or "").strip()
        if not name:
            name, note = note, ""
        rows.append((name, note))
    return rows


def plan_renumber(*, plan: Plan) -> None:
    """Rewrite every task's TT from the order of sections and tasks: 1, 2, 3 … through the plan."""
    tasks = list(
        Task.objects.filter(plan=plan).order_by("section__order", "section_id", "order", "pk").only(
            "pk", "number", "order", "section_id"
        )
    )
    changed = []
    position_in_section: dict[int, int] = {}
    for number, task in enumerate(tasks, start=1):
        position = position_in_section.get(task.section_id, 0)
        position_in_section[task.section_id] = position + 1
        if task.number != number or task.order != position:
            task.number, task.order = number, position
            changed.append(task)
    if changed:
        Task.objects.bulk_update(changed, ["number", "order"])


# --- sections ----------------------------------------------------------------------------------------


@transaction.atomic
def section_add(*, plan: Plan, by: User, kind: str) -> Section:
    ensure_can_edit_plan(user=by, plan=plan)
    if plan.sections.filter(kind=kind).exists():
        raise ValidationError({"kind": "Kế hoạch đã có phần này."})
    # Insert where it naturally falls (I–IV, then "Thường xuyên"), respecting any order set by hand.
    natural = [*QUARTER_KINDS, Section.Kind.ALL_YEAR]
    section = Section(plan=plan, kind=kind, order=0)
    section.full_clean()
    section.save()
    ordered = list(plan.sections.exclude(pk=section.pk))
    position = next(
        (i for i, other in enumerate(ordered) if natural.index(other.kind) > natural.index(kind)), len(ordered)
    )
    ordered.insert(position, section)
    _section_reorder(plan=plan, ordered=ordered)
    return section


@transaction.atomic
def section_delete(*, section: Section, by: User) -> None:
    ensure_can_edit_plan(user=by, plan=section.plan)
    if section.tasks.exists():
        raise ValidationError("Phần này còn nhiệm vụ; hãy chuyển hoặc xóa các nhiệm vụ trước.")
    plan = section.plan
    section.delete()
    _section_reorder(plan=plan, ordered=list(plan.sections.all()))


@transaction.atomic
def section_move(*, section: Section, by: User, position: int) -> None:
    plan = section.plan
    ensure_can_edit_plan(user=by, plan=plan)
    ordered = [s for s in plan.sections.all() if s.pk != section.pk]
    position = max(0, min(position, len(ordered)))
    ordered.insert(position, section)
    _section_reorder(plan=plan, ordered=ordered)


def _section_reorder(*, plan: Plan, ordered: list[Section]) -> None:
    for order, section in enumerate(ordered):
        if section.order != order:
            section.order = order
            section.save(update_fields=["order"])
    plan_renumber(plan=plan)


# --- tasks -------------------------------------------------------------------------------------------


def _check_units(*, plan: Plan, units: Sequence[Unit]) -> list[Unit]:
    if not units:
        raise ValidationError({"units": "Chọn ít nhất một đơn vị/bộ phận thực hiện."})
    seen, result = set(), []
    for unit in units:
        if unit.organization_id != plan.organization_id:
            raise ValidationError({"units": "Đơn vị không thuộc tổ chức của kế hoạch."})
        if unit.pk not in seen:
            seen.add(unit.pk)
            result.append(unit)
    return result


def _set_task_units(*, task: Task, units: Sequence[Unit]) -> None:
    task.task_units.all().delete()
    TaskUnit.objects.bulk_create(TaskUnit(task=task, unit=unit, order=i) for i, unit in enumerate(units))


def _check_deadline(*, plan: Plan, deadline: dt.date) -> None:
    # A deadline may slip into early next year (year-end reports), but not before the plan's year.
    if deadline.year < plan.year or deadline.year > plan.year + 1:
        raise ValidationError(
            {"deadline": f"Hạn hoàn thành phải trong năm {plan.year} (hoặc đầu năm {plan.year + 1})."}
        )


@transaction.atomic
def task_create(
    *, section: Section, by: User, content: str, units: Sequence[Unit], deadline: dt.date | None = None,
    position: int | None = None,
) -> Task:
    """Add a task to `section` (at the end, or at `position`); the deadline defaults to the quarter's end."""
    plan = section.plan
    ensure_can_edit_plan(user=by, plan=plan)
    units = _check_units(plan=plan, units=units)
    deadline = deadline or section.default_deadline(plan.year)
    _check_deadline(plan=plan, deadline=deadline)
    count = section.tasks.count()
    task = Task(plan=plan, section=section, content=content.strip(), deadline=deadline, order=count)
    task.full_clean(exclude=["number"])
    task.save()
    _set_task_units(task=task, units=units)
    if position is not None and position < count:
        _task_place(task=task, section=section, position=position)
    plan_renumber(plan=plan)
    task.refresh_from_db(fields=["number", "order"])
    return task


@transaction.atomic
def task_update(
    *, task: Task, by: User, content: str, units: Sequence[Unit], deadline: dt.date | None = None,
) -> Task:
    plan = task.plan
    ensure_can_edit_plan(user=by, plan=plan)
    units = _check_units(plan=plan, units=units)
    task.content = content.strip()
    task.deadline = deadline or task.section.default_deadline(plan.year)
    _check_deadline(plan=plan, deadline=task.deadline)
    task.full_clean(exclude=["number"])
    task.save()
    _set_task_units(task=task, units=units)
    return task


@transaction.atomic
def task_delete(*, task: Task, by: User) -> None:
    plan = task.plan
    ensure_can_edit_plan(user=by, plan=plan)
    task.delete()
    plan_renumber(plan=plan)


@transaction.atomic
def task_move(*, task: Task, by: User, section: Section, position: int) -> Task:
    """Move `task` to `position` (0-based) in `section`; every TT after it is renumbered.

    When the task changes quarter and its deadline was the old quarter's default, the deadline
    follows the new quarter; a deadline typed by hand is kept.
    """
    plan = task.plan
    ensure_can_edit_plan(user=by, plan=plan)
    if section.plan_id != plan.pk:
        raise ValidationError({"section": "Phần không thuộc kế hoạch này."})
    if section.pk != task.section_id:
        old_default = task.section.default_deadline(plan.year)
        if task.deadline == old_default:
            task.deadline = section.default_deadline(plan.year)
        task.section = section
        task.save(update_fields=["section", "deadline", "updated_at"])
    _task_place(task=task, section=section, position=position)
    plan_renumber(plan=plan)
    task.refresh_from_db(fields=["number", "order", "section"])
    return task


def _task_place(*, task: Task, section: Section, position: int) -> None:
    ordered = [t for t in section.tasks.order_by("order", "pk").only("pk", "order") if t.pk != task.pk]
    position = max(0, min(position, len(ordered)))
    ordered.insert(position, task)
    for order, item in enumerate(ordered):
        item.order = order
    Task.objects.bulk_update(ordered, ["order"])


@transaction.atomic
def task_set_status(
    *, task: Task, by: User, status: str, note: str = "", reason: str = "",
    attachment: UploadedFile | None = None,
) -> TaskUpdate:
    """Record a status change (or a note on the same status) and keep its history."""
    ensure_can_update_task(user=by, task=task)
    if status not in Task.Status.values:
        raise ValidationError({"status": "Trạng thái không hợp lệ."})
    reason = reason.strip()
    if status == Task.Status.CANCELLED and not reason:
        raise ValidationError({"reason": "Cần ghi lý do khi không thực hiện nhiệm vụ."})
    if status == task.status and not note.strip() and attachment is None:
        raise ValidationError({"note": "Trạng thái không đổi: hãy ghi nội dung cập nhật hoặc đính kèm tệp."})
    update = TaskUpdate(
        task=task, author=by, created_at=timezone.now(), from_status=task.status, to_status=status,
        note=note.strip() if status != Task.Status.CANCELLED or note.strip() else reason,
    )
    if attachment is not None:
        update.attachment_name = attachment.name[:200]
        update.attachment = attachment
    update.full_clean()
    update.save()
    task.status = status
    task.status_reason = reason if status == Task.Status.CANCELLED else ""
    task.save(update_fields=["status", "status_reason", "updated_at"])
    return update
