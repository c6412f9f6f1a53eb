"""Business rules for plans, sections and tasks. Every write goes through here."""

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.workflow import transition_apply
from units.models import Organization, Unit, User
from units.permissions import ensure_same_org
from units.roles import PLAN_EDITORS
from units.text import unit_key

from .importing import PreviewRow, UnitCatalog, section_order
from .models import (
    IssuedDocument,
    Plan,
    PlanEvent,
    PlanRecipient,
    Report,
    ReportEvent,
    Section,
    Task,
    TaskUnit,
    TaskUpdate,
)
from .permissions import (
    ensure_can_create_plan,
    ensure_can_edit_plan,
    ensure_can_update_task,
    ensure_can_write_report,
)
from .workflow import PLAN_FLOW, PLAN_REVISION_FLOW, REPORT_FLOW, TASK_FLOW

logger = logging.getLogger(__name__)

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


class EditConflict(Exception):
    """The row was saved by someone else after the form was opened; nothing was written.

    `current` is the stored row (locked and read inside the refused transaction), shown beside the officer's
    version on the conflict page so they choose: keep theirs, keep mine, or merge by hand.
    """

    def __init__(self, *, current: Plan | Task):
        super().__init__(f"{type(current).__name__} {current.pk} changed (now version {current.version}).")
        self.current = current


def _locked(model, pk: int, *, expected_version: int | None):
    """The row locked for this transaction (select_for_update: writers queue instead of overwriting)."""
    row = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and row.version != expected_version:
        raise EditConflict(current=row)
    return row


@transaction.atomic
def plan_update(*, plan: Plan, by: User, expected_version: int | None = None, **texts) -> Plan:
    """Save plan texts. With `expected_version` (every form sends it) a newer stored version raises EditConflict.

    Only the given texts are written, on the locked row, so a concurrent sign-off step is never undone by a
    stale instance.
    """
    unknown = set(texts) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    locked = _locked(Plan, plan.pk, expected_version=expected_version)
    ensure_can_edit_plan(user=by, plan=locked)
    for name, value in texts.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.version += 1
    locked.save(update_fields=[*texts, "version", "updated_at"])
    for name in (*texts, "version", "updated_at", "status"):
        setattr(plan, name, getattr(locked, name))
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
        # updated_at moves too: the cached plan table is keyed on it (selectors.plan_stamp).
        now = timezone.now()
        for task in changed:
            task.updated_at = now
        Task.objects.bulk_update(changed, ["number", "order", "updated_at"])


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
    reminder_task_changed(task=task)
    return task


@transaction.atomic
def task_update(
    *, task: Task, by: User, content: str, units: Sequence[Unit], deadline: dt.date | None = None,
    expected_version: int | None = None,
) -> Task:
    """Save a task's content, units and deadline. With `expected_version` (the task form sends the version it
    was opened at), a task saved since then raises EditConflict and nothing is written.

    The locked row is written field by field, so a status update made meanwhile is kept.
    """
    plan = task.plan
    ensure_can_edit_plan(user=by, plan=plan)
    locked = _locked(Task, task.pk, expected_version=expected_version)
    units = _check_units(plan=plan, units=units)
    task.content = content.strip()
    task.deadline = deadline or task.section.default_deadline(plan.year)
    _check_deadline(plan=plan, deadline=task.deadline)
    task.status, task.status_reason = locked.status, locked.status_reason  # status-write: copy
    task.full_clean(exclude=["number"])
    task.version = locked.version + 1
    task.save(update_fields=["content", "deadline", "version", "updated_at"])
    _set_task_units(task=task, units=units)
    reminder_task_changed(task=task)
    return task


@transaction.atomic
def task_delete(*, task: Task, by: User) -> None:
    plan = task.plan
    ensure_can_edit_plan(user=by, plan=plan)
    task.delete()
    plan_renumber(plan=plan)


@transaction.atomic
def task_move(
    *, task: Task, by: User, section: Section, position: int, layout: dict | None = None,
) -> Task:
    """Move `task` to `position` (0-based) in `section`; every TT after it is renumbered.

    When the task changes quarter and its deadline was the old quarter's default, the deadline
    follows the new quarter; a deadline typed by hand is kept. One read of the plan's rows and one write of
    those whose order or TT changed, whatever the plan's size. `layout`, when given, receives the plan's rows
    before and after as [(pk, section id, TT)] in order (the editor answers with only what changed).
    """
    plan = task.plan
    ensure_can_edit_plan(user=by, plan=plan)
    if section.plan_id != plan.pk:
        raise ValidationError({"section": "Phần không thuộc kế hoạch này."})
    rows = list(Task.objects.filter(plan=plan).order_by("section__order", "section_id", "order", "pk").only(
        "pk", "plan_id", "section_id", "order", "number", "updated_at"))
    if layout is not None:
        layout["before"] = [(t.pk, t.section_id, t.number) for t in rows]
    if section.pk != task.section_id:
        old_default = task.section.default_deadline(plan.year)
        if task.deadline == old_default:
            task.deadline = section.default_deadline(plan.year)
        task.section = section
        # The deadline may follow the quarter: an edit form opened before the move must not put it back.
        task.version = _locked(Task, task.pk, expected_version=None).version + 1
        task.save(update_fields=["section", "deadline", "version", "updated_at"])
    moving = next(t for t in rows if t.pk == task.pk)
    rows.remove(moving)
    moving.section_id = section.pk
    in_section = [i for i, t in enumerate(rows) if t.section_id == section.pk]
    position = max(0, min(position, len(in_section)))
    if position < len(in_section):
        at = in_section[position]
    elif in_section:
        at = in_section[-1] + 1
    else:
        at = _section_insert_index(rows, plan=plan, section=section)
    rows.insert(at, moving)
    changed, counters, now = [], {}, timezone.now()
    for number, row in enumerate(rows, start=1):
        order = counters.get(row.section_id, 0)
        counters[row.section_id] = order + 1
        if row.number != number or row.order != order or row is moving:
            row.number, row.order, row.updated_at = number, order, now
            changed.append(row)
    Task.objects.bulk_update(changed, ["number", "order", "updated_at"])
    task.number, task.order = moving.number, moving.order
    if layout is not None:
        layout["after"] = [(t.pk, t.section_id, t.number) for t in rows]
    return task


def _task_place(*, task: Task, section: Section, position: int) -> None:
    """Put `task` at `position` in `section`: one read, one write of the rows whose order changed."""
    # section_id and plan_id are loaded too: bulk_update checks the relations of each row, and deferred ones
    # would cost a query per row.
    ordered = [t for t in section.tasks.order_by("order", "pk").only("pk", "plan_id", "section_id", "order")
               if t.pk != task.pk]
    position = max(0, min(position, len(ordered)))
    ordered.insert(position, task)
    now = timezone.now()
    changed = []
    for order, item in enumerate(ordered):
        if item.order != order or item.pk == task.pk:
            item.order, item.updated_at = order, now
            changed.append(item)
    Task.objects.bulk_update(changed, ["order", "updated_at"])


def _section_insert_index(rows: list[Task], *, plan: Plan, section: Section) -> int:
    """Where an empty section's first task goes among the plan's rows: after every task of earlier sections."""
    earlier = set(plan.sections.filter(order__lt=section.order).values_list("pk", flat=True)) | set(
        plan.sections.filter(order=section.order, pk__lt=section.pk).values_list("pk", flat=True))
    return sum(1 for t in rows if t.section_id in earlier)


@transaction.atomic
def task_set_status(
    *, task: Task, by: User, status: str, note: str = "", reason: str = "",
    attachment: UploadedFile | None = None,
) -> TaskUpdate:
    """Record a status change (a step of workflow.TASK_FLOW) or a note on the same status; both are history.

    The task row is locked first and its stored status is the update's "from": twenty officers saving at once
    queue one behind the other, and every history row starts where the previous one ended.
    """
    ensure_can_update_task(user=by, task=task)
    locked = Task.objects.select_for_update().only("pk", "status", "status_reason").get(pk=task.pk)
    task.status, task.status_reason = locked.status, locked.status_reason  # status-write: copy
    if status not in Task.Status.values:
        raise ValidationError({"status": "Trạng thái không hợp lệ."})
    reason = reason.strip()
    if status == Task.Status.CANCELLED and not reason:
        raise ValidationError({"reason": "Cần ghi lý do khi không thực hiện nhiệm vụ."})
    if status == task.status:
        if not note.strip() and attachment is None:
            raise ValidationError({"note": "Trạng thái không đổi: hãy ghi nội dung cập nhật hoặc đính kèm tệp."})
        # A note or a file on the same status is an entry of the history, not a step: the status is untouched.
        update = TaskUpdate(task=task, author=by, created_at=timezone.now(), from_status=task.status,
                            to_status=status, note=note.strip(), **_attachment_fields(attachment))
        update.full_clean()
        update.save()
        return update

    def effects(locked: Task, transition) -> None:
        locked.status_reason = reason if status == Task.Status.CANCELLED else ""

    return transition_apply(
        workflow=TASK_FLOW, obj=task, by=by, to=status,
        note=note.strip() if status != Task.Status.CANCELLED or note.strip() else reason,
        effects=effects, authorize=lambda locked, user, transition: ensure_can_update_task(user=user, task=locked),
        log_fields=_attachment_fields(attachment),
    )


def _attachment_fields(attachment: UploadedFile | None) -> dict:
    if attachment is None:
        return {}
    return {"attachment": attachment, "attachment_name": attachment.name[:200]}


# --- plan editor -------------------------------------------------------------------------------------


@transaction.atomic
def plan_update_texts(
    *, plan: Plan, by: User, recipients: Sequence[tuple[str, str]], expected_version: int | None = None, **texts,
) -> Plan:
    """Save the document's texts and its "Nơi nhận" together: both or neither (EditConflict: neither)."""
    ensure_can_edit_plan(user=by, plan=plan)
    name_limit = PlanRecipient._meta.get_field("name").max_length
    note_limit = PlanRecipient._meta.get_field("note").max_length
    for line, (name, note) in enumerate(recipients, start=1):
        if len(name) > name_limit:
            message = f"Nơi nhận, dòng {line}: tên dài quá {name_limit} ký tự."
            raise ValidationError({"recipients": message})
        if len(note) > note_limit:
            message = f"Nơi nhận, dòng {line}: ghi chú dài quá {note_limit} ký tự."
            raise ValidationError({"recipients": message})
    plan_update(plan=plan, by=by, expected_version=expected_version, **texts)
    plan_set_recipients(plan=plan, by=by, recipients=recipients)
    return plan


# --- copy to another year ----------------------------------------------------------------------------

PLAN_COPY_TEXT_FIELDS = (
    "title", "legal_bases", "purpose", "requirements", "implementation", "closing",
    "signer_authority", "signer_title", "signer_name",
)


def _shift_date(day: dt.date, delta: int) -> dt.date:
    try:
        return day.replace(year=day.year + delta)
    except ValueError:  # 29/02 into a non-leap year
        return day.replace(year=day.year + delta, day=28)


@transaction.atomic
def plan_copy(
    *, plan: Plan, by: User, year: int, texts: dict[str, str] | None = None,
    task_contents: dict[int, str] | None = None,
) -> Plan:
    """Copy `plan` into a new draft plan for `year` ("Sao chép sang năm sau").

    `texts` (plan fields) and `task_contents` (by source task pk) hold the versions the officer reviewed;
    whatever is not given is the source's text with its years moved (copying.shift_years). The copy has
    the same sections in the same order, the same tasks with the same units, deadlines moved by the
    same number of years, every status back to "Chưa thực hiện" with no history, the same "Nơi nhận",
    and no number or date (the new document gets its own when issued). The source may be signed.
    """
    from .copying import shift_years

    ensure_can_create_plan(user=by, organization_id=plan.organization_id)
    texts = dict(texts or {})
    task_contents = dict(task_contents or {})
    unknown = set(texts) - set(PLAN_COPY_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown plan fields: {sorted(unknown)}")
    if Plan.objects.filter(organization_id=plan.organization_id, year=year).exists():
        message = f"Đã có kế hoạch năm {year}. Không thể sao chép thêm một kế hoạch cùng năm."
        raise ValidationError({"year": message})
    source_tasks = list(
        plan.tasks.order_by("section__order", "section_id", "order", "pk").prefetch_related("task_units")
    )
    strangers = set(task_contents) - {task.pk for task in source_tasks}
    if strangers:
        raise ValidationError({"task_contents": "Có nhiệm vụ không thuộc kế hoạch được sao chép."})

    delta = year - plan.year
    for name in PLAN_COPY_TEXT_FIELDS:
        if name == "signer_name":
            # Next year's plan is signed by the chairman in office, who may have changed.
            texts.setdefault(name, plan.organization.chairman_name or plan.signer_name)
        texts.setdefault(name, shift_years(getattr(plan, name), plan.year, delta))
    new_plan = plan_create(
        organization=plan.organization, year=year, by=by, number="", issued_on=None, **texts
    )

    # Same sections as the source, in its order: plan_create made QUÝ I–IV, the source may differ.
    fresh = {section.kind: section for section in new_plan.sections.all()}
    source_sections = list(plan.sections.order_by("order", "pk"))
    for kind in set(fresh) - {section.kind for section in source_sections}:
        fresh.pop(kind).delete()
    section_for: dict[int, Section] = {}
    for order, source in enumerate(source_sections):
        section = fresh.get(source.kind) or Section(plan=new_plan, kind=source.kind)
        section.order = order
        section.save()
        section_for[source.pk] = section

    links = []
    for source in source_tasks:
        content = task_contents.get(source.pk, shift_years(source.content, plan.year, delta)).strip()
        if not content:
            raise ValidationError(
                {"task_contents": f"Nhiệm vụ {source.number}: nội dung không được để trống."}
            )
        task = Task(
            plan=new_plan, section=section_for[source.section_id], order=source.order, content=content,
            deadline=_shift_date(source.deadline, delta),
        )
        _check_deadline(plan=new_plan, deadline=task.deadline)
        task.full_clean(exclude=["number", "plan", "section"])
        task.save()
        links.extend(
            TaskUnit(task=task, unit_id=link.unit_id, order=link.order) for link in source.task_units.all()
        )
    TaskUnit.objects.bulk_create(links)
    plan_renumber(plan=new_plan)
    plan_set_recipients(plan=new_plan, by=by, recipients=[(r.name, r.note) for r in plan.recipients.all()])
    return new_plan


# --- Excel import ------------------------------------------------------------------------------------


@dataclass
class PlanImportResult:
    plan: Plan
    plan_created: bool
    tasks_created: int
    tasks_replaced: int
    units_created: list[Unit]


@transaction.atomic
def plan_import(
    *, organization: Organization, year: int, by: User, rows: Sequence[PreviewRow], create_units: bool,
) -> PlanImportResult:
    """Create the year's plan from the rows of an Excel preview, or replace every task of that year's draft.

    Units missing from the catalog are created only when `create_units` confirms them; otherwise, as on
    any row error, nothing is written. The shell (manage.py import_plan) acts as the organization's system
    account (units.services.system_account_get), so it meets the same checks as a person.
    """
    ensure_can_create_plan(user=by, organization_id=organization.pk)
    errors = [message for row in rows for message in row.errors]
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("Tệp không có nhiệm vụ nào để nhập.")

    plan = Plan.objects.select_for_update().filter(organization=organization, year=year, is_current=True).first()
    if plan is not None and plan.status != Plan.Status.DRAFT:
        raise ValidationError(
            f"Kế hoạch năm {year} đã trình ký hoặc đã ban hành; không nhập thay nhiệm vụ được."
        )
    if plan is not None:
        ensure_can_edit_plan(user=by, plan=plan)

    existing_units = list(organization.units.all())
    catalog = UnitCatalog(existing_units)
    unknown: dict[str, str] = {}
    for row in rows:
        for name in row.unit_names:
            if catalog.get(name) is None:
                unknown.setdefault(unit_key(name), name)
    if unknown and not create_units:
        names = ", ".join(f"“{name}”" for name in unknown.values())
        raise ValidationError(
            f"Đơn vị chưa có trong danh mục: {names}. Hãy xác nhận tạo mới, hoặc sửa tên trong tệp cho khớp."
        )

    plan_created = plan is None
    tasks_replaced = 0
    if plan is None:
        plan = plan_create(organization=organization, year=year, by=by)
    else:
        tasks_replaced = plan.tasks.count()
        plan.tasks.all().delete()

    units_created = []
    next_order = (organization.units.aggregate(top=Max("order"))["top"] or 0) + 1
    for name in unknown.values():
        unit = Unit(organization=organization, name=name, kind=Unit.Kind.OTHER, order=next_order)
        unit.full_clean()
        unit.save()
        units_created.append(unit)
        next_order += 1
    if units_created:
        catalog = UnitCatalog([*existing_units, *units_created])

    sections = _import_sections(plan=plan, rows=rows)
    positions: dict[str, int] = {}
    links = []
    for row in rows:
        section = sections[row.section_kind]
        deadline = row.deadline or section.default_deadline(year)
        try:
            _check_deadline(plan=plan, deadline=deadline)
        except ValidationError as error:
            raise ValidationError(f"Dòng {row.line}: {' '.join(error.messages)}") from error
        task = Task(
            plan=plan, section=section, content=row.content, deadline=deadline,
            order=positions.get(section.kind, 0),
        )
        positions[section.kind] = task.order + 1
        task.save()
        units = []
        for name in row.unit_names:
            unit = catalog.get(name)
            if unit not in units:
                units.append(unit)
        links.extend(TaskUnit(task=task, unit=unit, order=order) for order, unit in enumerate(units))
    TaskUnit.objects.bulk_create(links)
    plan_renumber(plan=plan)
    return PlanImportResult(
        plan=plan, plan_created=plan_created, tasks_created=len(rows), tasks_replaced=tasks_replaced,
        units_created=units_created,
    )


def _import_sections(*, plan: Plan, rows: Sequence[PreviewRow]) -> dict[str, Section]:
    """The plan's sections with every one the rows need, ordered as the file implies."""
    sections = {section.kind: section for section in plan.sections.all()}
    wanted = section_order(rows)
    for kind in {row.section_kind for row in rows} - set(sections):
        sections[kind] = Section.objects.create(plan=plan, kind=kind, order=len(sections))
    ordered = sorted(
        sections.values(),
        key=lambda s: (wanted.index(s.kind) if s.kind in wanted else len(wanted), s.order, s.pk),
    )
    for order, section in enumerate(ordered):
        if section.order != order:
            section.order = order
            section.save(update_fields=["order"])
    return sections


# --- reminders ---------------------------------------------------------------------------------------
# The rule engine, the scan and sending live in notifications/; plans/notify.py tells it about plan tasks.


def reminder_task_changed(*, task: Task) -> None:
    """A task was saved: what it now owes today (a new unit, a deadline moved to today) is recorded at once."""
    from notifications.services.reminders import reminder_scan

    reminder_scan(day=timezone.localdate(), task_ids=[task.pk])


# --- sign-off, revisions and reports (plans/workflow.py, plans/issuing.py) ----------------------------------


@transaction.atomic
def plan_transition(*, plan: Plan, by: User, to: str, note: str = "") -> PlanEvent:
    """A step of workflow.PLAN_FLOW on a plan, through core.workflow.transition_apply.

    Side effects: submitting needs at least one task; signing sets the number (next free "NN/KH-UBND" of the
    year) and the date (today in Vietnam) when empty, renders the PDF once without the draft mark and stores it
    as an IssuedDocument (issuing.plan_issue); returning needs a reason. Every step writes a PlanEvent.
    """
    from . import issuing

    def authorize(locked: Plan, user: User, transition) -> None:
        if not locked.is_current:
            raise ValidationError("Kế hoạch này đã có bản sửa đổi; hãy thao tác trên bản hiện hành.")
        if transition.target == Plan.Status.SUBMITTED and not locked.tasks.exists():
            raise ValidationError("Kế hoạch chưa có nhiệm vụ nào, chưa trình ký được.")

    def effects(locked: Plan, transition) -> None:
        if transition.target == Plan.Status.SIGNED:
            issuing.plan_issue(plan=locked, by=by)

    return transition_apply(workflow=PLAN_FLOW, obj=plan, by=by, to=to, note=note, effects=effects,
                            authorize=authorize)


@transaction.atomic
def plan_revise(*, plan: Plan, by: User) -> Plan:
    """"Tạo bản sửa đổi": a signed plan is amended by a new draft revision, never edited in place.

    The new revision copies the texts (no number or date: it is a new document), "Nơi nhận", the sections, the
    tasks with their units, statuses and update history, so following the work goes on without a gap. The signed
    revision keeps its tasks, its PlanEvents and its IssuedDocument untouched, and stops being current.
    """
    plan = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
    ensure_same_org(user=by, organization_id=plan.organization_id)
    if not by.has_role(*PLAN_EDITORS):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được tạo bản sửa đổi.")
    if plan.status != Plan.Status.SIGNED:
        raise ValidationError("Chỉ kế hoạch đã ký ban hành mới cần bản sửa đổi; bản dự thảo được sửa trực tiếp.")
    if not plan.is_current:
        raise ValidationError("Kế hoạch này đã có bản sửa đổi.")
    plan.is_current = False
    plan.save(update_fields=["is_current", "updated_at"])
    texts = {name: getattr(plan, name) for name in PLAN_COPY_TEXT_FIELDS}
    # Born a copy of the signed plan, in its status; the "Tạo bản sửa đổi" step below makes it a draft, so the
    # revision's first audit row is a real step of PLAN_FLOW.
    revision = Plan(
        organization=plan.organization, year=plan.year, revision=plan.revision + 1, supersedes=plan,
        status=plan.status,  # status-write: copy (transition_apply moves it to draft below)
        **texts,
    )
    revision.full_clean()
    revision.save()
    PlanRecipient.objects.bulk_create(
        PlanRecipient(plan=revision, order=r.order, name=r.name, note=r.note) for r in plan.recipients.all()
    )
    section_for = {
        section.pk: Section.objects.create(plan=revision, kind=section.kind, order=section.order)
        for section in plan.sections.order_by("order", "pk")
    }
    source_tasks = list(plan.tasks.order_by("number", "pk").prefetch_related("task_units", "updates"))
    links, updates = [], []
    for source in source_tasks:
        # Status is copied, not set: the history rows below are what explains it.
        task = Task.objects.create(
            plan=revision, section=section_for[source.section_id], order=source.order, number=source.number,
            content=source.content, deadline=source.deadline,
            status=source.status,  # status-write: copy (the task's history rows are copied with it)
            status_reason=source.status_reason,
        )
        links.extend(TaskUnit(task=task, unit_id=link.unit_id, order=link.order) for link in source.task_units.all())
        updates.extend(
            TaskUpdate(task=task, author_id=u.author_id, created_at=u.created_at, from_status=u.from_status,
                       to_status=u.to_status, note=u.note, attachment=u.attachment.name,
                       attachment_name=u.attachment_name)
            for u in source.updates.all()
        )
    TaskUnit.objects.bulk_create(links)
    TaskUpdate.objects.bulk_create(updates)
    issued = IssuedDocument.objects.filter(plan=plan).first()
    note = f"Sửa đổi Kế hoạch số {issued.number}" if issued else f"Sửa đổi kế hoạch lần {plan.revision}"

    def authorize(locked: Plan, user: User, transition) -> None:
        if locked.supersedes_id != plan.pk or IssuedDocument.objects.filter(plan=locked).exists():
            raise ValidationError("Chỉ bản sửa đổi vừa tạo mới chuyển về dự thảo.")

    transition_apply(workflow=PLAN_REVISION_FLOW, obj=revision, by=by, to=Plan.Status.DRAFT, note=note,
                     authorize=authorize)
    return revision


REPORT_TEXT_FIELDS = ("assessment", "shortcomings", "directions", "recipients", "signer_name")


def _default_report_recipients(organization: Organization) -> str:
    superior = organization.superior_name.strip()
    return "\n".join([*([f"{superior} (b/c)"] if superior else []), "Lưu: VT"])


@transaction.atomic
def report_create(*, plan: Plan, by: User, period: str, quarter: int | None = None, **texts) -> Report:
    """A draft "Báo cáo kết quả thực hiện kế hoạch" for a quarter, the first six months or the year."""
    ensure_can_write_report(user=by, organization_id=plan.organization_id)
    unknown = set(texts) - set(REPORT_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report fields: {sorted(unknown)}")
    if period not in Report.Period.values:
        raise ValidationError({"period": "Kỳ báo cáo không hợp lệ."})
    if period != Report.Period.QUARTER:
        quarter = None
    texts.setdefault("recipients", _default_report_recipients(plan.organization))
    texts.setdefault("signer_name", plan.organization.chairman_name or plan.signer_name)
    report = Report(
        plan=plan, period=period, quarter=quarter, created_by=by, signer_authority=plan.signer_authority,
        signer_title=plan.signer_title, **texts,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_update(*, report: Report, by: User, **texts) -> Report:
    report = Report.objects.select_for_update().select_related("plan").get(pk=report.pk)
    ensure_can_write_report(user=by, organization_id=report.plan.organization_id, status=report.status)
    unknown = set(texts) - set(REPORT_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report fields: {sorted(unknown)}")
    for name, value in texts.items():
        setattr(report, name, value.strip())
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_transition(*, report: Report, by: User, to: str, note: str = "") -> ReportEvent:
    """A step of workflow.REPORT_FLOW on a report (core.workflow.transition_apply); signing issues it like a plan."""
    from . import issuing

    def effects(locked: Report, transition) -> None:
        if transition.target == Report.Status.SIGNED:
            issuing.report_issue(report=locked, by=by)

    return transition_apply(workflow=REPORT_FLOW, obj=report, by=by, to=to, note=note, effects=effects)
