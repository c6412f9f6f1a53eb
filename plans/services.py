"""Business rules for plans, sections and tasks. Every write goes through here."""

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.workflow import transition_apply
from units.models import Organization, Unit, User
from units.notifications import email_mark_failed, notification_create, notification_preference_get
from units.permissions import ensure_can_edit_org, ensure_same_org
from units.roles import PLAN_EDITORS
from units.text import unit_key

from . import reminders
from .importing import PreviewRow, UnitCatalog, section_order
from .models import (
    IssuedDocument,
    Plan,
    PlanEvent,
    PlanRecipient,
    ReminderDigest,
    ReminderLog,
    ReminderSettings,
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
from .selectors import reminder_snapshot
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
    reminder_task_changed(task=task)
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
    reminder_task_changed(task=task)
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
    """Record a status change (a step of workflow.TASK_FLOW) or a note on the same status; both are history."""
    ensure_can_update_task(user=by, task=task)
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
def plan_update_texts(*, plan: Plan, by: User, recipients: Sequence[tuple[str, str]], **texts) -> Plan:
    """Save the document's texts and its "Nơi nhận" together: both or neither."""
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
    plan_update(plan=plan, by=by, **texts)
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
# The scan records what must be sent (ReminderLog + a ReminderDigest outbox row per person and day) in one
# transaction, then enqueues the sending after commit. The broker being down only leaves digests pending;
# plans.tasks.reminder_outbox_flush re-enqueues them. Sending claims a digest first, so two deliveries of the
# same message (a re-enqueue, acks_late redelivery) send it once.

REMINDER_CLAIM_SECONDS = 10 * 60


@dataclass
class ScanReport:
    day: dt.date
    due: list = field(default_factory=list)  # every plans.reminders.Due of the day
    new: list = field(default_factory=list)  # those not logged before this scan
    digests_pending: list[int] = field(default_factory=list)
    enqueued: int = 0
    enqueue_failed: int = 0


@transaction.atomic
def reminder_scan(
    *, day: dt.date, organization_ids: list[int] | None = None, task_ids: list[int] | None = None,
    dry_run: bool = False, enqueue: bool = True,
) -> ScanReport:
    """Record the reminders due on `day` once each, group them per person into that day's digest, enqueue sending.

    Idempotent: running a day again, or two beats at once, logs and sends nothing new. `dry_run` derives and
    reports without writing.
    """
    snapshot = reminder_snapshot(day=day, organization_ids=organization_ids, task_ids=task_ids)
    due = reminders.due_reminders(day=day, snapshot=snapshot)
    report = ScanReport(day=day, due=due)
    buckets = {item.bucket for item in due}
    logged = set(
        ReminderLog.objects.filter(bucket__in=buckets).values_list("rule", "key", "recipient_id", "bucket")
    ) if buckets else set()
    report.new = [item for item in due if (item.rule, item.key, item.recipient_id, item.bucket) not in logged]
    if dry_run:
        return report
    # ignore_conflicts: a concurrent scan may have logged the same rows a moment ago; the constraint decides.
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                organization_id=item.organization_id, rule=item.rule, key=item.key, task_id=item.task_id,
                recipient_id=item.recipient_id, bucket=item.bucket, reason=item.reason[:300],
            )
            for item in report.new
        ],
        ignore_conflicts=True, batch_size=500,
    )
    report.digests_pending = _reminder_digests_assign(day=day)
    # A digest already handed to the broker picks up the new lines when the worker sends it; enqueueing it
    # again would only queue no-op messages (every task saved while loading a plan would add one).
    # Digests enqueued long ago and never sent are re-enqueued by reminder_outbox_flush.
    fresh = list(
        ReminderDigest.objects.filter(pk__in=report.digests_pending, enqueued_at__isnull=True)
        .order_by("pk").values_list("pk", flat=True)
    ) if report.digests_pending else []
    if enqueue and fresh:
        transaction.on_commit(lambda: _reminder_enqueue(fresh, report=report))
    return report


def _reminder_digests_assign(*, day: dt.date) -> list[int]:
    """Put every unsent log into its recipient's digest of `day`; returns the pending digests with logs."""
    waiting = ReminderLog.objects.filter(digest__isnull=True)
    owners = dict(waiting.values_list("recipient_id", "organization_id").distinct())
    if owners:
        existing = set(ReminderDigest.objects.filter(day=day, recipient_id__in=owners).values_list(
            "recipient_id", flat=True
        ))
        ReminderDigest.objects.bulk_create(
            [ReminderDigest(organization_id=org_id, recipient_id=user_id, day=day)
             for user_id, org_id in owners.items() if user_id not in existing],
            ignore_conflicts=True,
        )
        # One statement for every recipient. A person whose digest of the day is already sent keeps the
        # logs waiting (digest stays NULL): they go out in the next day's digest, never in a second message.
        waiting.update(digest=Subquery(
            ReminderDigest.objects.filter(
                recipient_id=OuterRef("recipient_id"), day=day, status=ReminderDigest.Status.PENDING
            ).values("pk")[:1]
        ))
    return list(
        ReminderDigest.objects.filter(day=day, status=ReminderDigest.Status.PENDING, logs__isnull=False)
        .distinct().order_by("pk").values_list("pk", flat=True)
    )


def _reminder_enqueue(digest_ids: Sequence[int], *, report: ScanReport | None = None) -> int:
    """Hand digests to the broker. Never raises: a broker that is down leaves them pending for the next flush."""
    from kombu.exceptions import OperationalError as KombuOperationalError

    from .tasks import send_reminder_digest

    sent: list[int] = []
    for digest_id in digest_ids:
        try:
            send_reminder_digest.delay(digest_id)
        except (KombuOperationalError, ConnectionError, OSError) as error:
            logger.warning("Không gửi được thư nhắc %s vào hàng đợi (%s); sẽ thử lại sau.", digest_id, error)
            if report is not None:
                report.enqueue_failed = len(digest_ids) - len(sent)
            break  # the broker is down: the other digests would fail the same way, each after a timeout
        sent.append(digest_id)
    if sent:
        ReminderDigest.objects.filter(pk__in=sent).update(enqueued_at=timezone.now())
    if report is not None:
        report.enqueued = len(sent)
    return len(sent)


def reminder_outbox_flush(*, stale_after: dt.timedelta = dt.timedelta(minutes=15)) -> int:
    """Re-enqueue digests still pending: never enqueued (broker was down) or enqueued long ago and not sent."""
    stale = timezone.now() - stale_after
    ids = list(
        ReminderDigest.objects.filter(status=ReminderDigest.Status.PENDING, logs__isnull=False)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale))
        .distinct().order_by("pk").values_list("pk", flat=True)
    )
    return _reminder_enqueue(ids) if ids else 0


def reminder_task_changed(*, task: Task) -> None:
    """A task was saved: what it now owes today (a new unit, a deadline moved to today) is recorded at once."""
    reminder_scan(day=timezone.localdate(), task_ids=[task.pk])


@dataclass
class DigestItem:
    key: str
    task: Task | None
    rules: list[str]
    reasons: list[str]
    text: str
    url: str


def reminder_digest_items(*, digest: ReminderDigest) -> list[DigestItem]:
    """The lines of a digest, one per task (several rules for one task make one line), closed tasks dropped."""
    logs = list(
        digest.logs.select_related("task", "task__section", "task__plan").order_by("rule", "task__number", "pk")
    )
    by_key: dict[str, DigestItem] = {}
    for log in logs:
        if log.task is not None and not log.task.is_open:
            continue  # done or "Không thực hiện" since the scan: nothing to remind
        item = by_key.get(log.key)
        if item is None:
            item = DigestItem(key=log.key, task=log.task, rules=[], reasons=[], text="", url="")
            by_key[log.key] = item
        if log.rule not in item.rules:
            item.rules.append(log.rule)
        item.reasons.append(log.reason)
    for item in by_key.values():
        if item.task is not None:
            item.text = f"{_digest_when(item.task, digest.day)} · Nhiệm vụ {item.task.number}: {item.task.content}"
            item.url = reverse("plans:task_detail", args=[item.task.pk])
        else:
            # "report:<plan id>:<quarter>": the plan's page filtered to that quarter is where the report starts.
            _, plan_id, quarter = item.key.split(":")
            item.text = item.reasons[0]
            item.url = f"{reverse('plans:detail', args=[int(plan_id)])}?quarter=q{quarter}"
    order = {ReminderLog.Rule.OVERDUE: 0, ReminderLog.Rule.BEFORE_DEADLINE: 1, ReminderLog.Rule.QUARTER_REPORT: 2,
             ReminderLog.Rule.QUARTER_START: 3}
    return sorted(by_key.values(), key=lambda i: (min(order[r] for r in i.rules), i.task.number if i.task else 0))


def _digest_when(task: Task, day: dt.date) -> str:
    left = (task.deadline - day).days
    if left < 0:
        return f"Quá hạn {-left} ngày (hạn {task.deadline:%d/%m/%Y})"
    if left == 0:
        return f"Hết hạn hôm nay ({task.deadline:%d/%m/%Y})"
    return f"Còn {left} ngày (hạn {task.deadline:%d/%m/%Y})"


def reminder_digest_send(*, outbox_id: int) -> bool:
    """Deliver one digest: the in-app message, then the email (plain text and HTML). Returns True once sent.

    SMTP errors propagate so that the Celery task retries with backoff; the in-app message is created once
    and kept across retries. Safe to call twice for the same digest: the second call finds it claimed or sent.
    """
    now = timezone.now()
    claimed = ReminderDigest.objects.filter(pk=outbox_id, status=ReminderDigest.Status.PENDING)
    # The claim: a digest being sent carries a future claim time; another delivery of it finds no row to take.
    # A worker that died mid-send leaves a claim that expires, so acks_late redelivery or the flush sends it.
    taken = claimed.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)).update(
        claimed_until=now + dt.timedelta(seconds=REMINDER_CLAIM_SECONDS)
    )
    if not taken:
        return False
    digest = ReminderDigest.objects.select_related("recipient", "organization").get(pk=outbox_id)
    try:
        items = reminder_digest_items(digest=digest)
        if not items:
            _digest_finish(digest, email_sent=False)
            return True
        if digest.notification_id is None:
            _digest_notify(digest, items)
        recipient = digest.recipient
        preference = notification_preference_get(user=recipient)
        address = _email_address(recipient)
        if address and preference.email_enabled and not preference.email_failed and not digest.email_sent:
            _digest_email(digest, items, address)
            digest.email_sent = True
        _digest_finish(digest, email_sent=digest.email_sent)
        return True
    except Exception:
        # Let a retry claim it at once rather than after the claim expires.
        ReminderDigest.objects.filter(pk=outbox_id).update(claimed_until=None)
        raise


@transaction.atomic
def _digest_notify(digest: ReminderDigest, items: list[DigestItem]) -> None:
    notification = notification_create(
        recipient=digest.recipient, organization=digest.organization, verb="reminder",
        title=_digest_title(digest, items),
        body=f"Nhắc việc Kế hoạch công tác thi đua, khen thưởng ngày {digest.day:%d/%m/%Y}.",
        link=items[0].url if len(items) == 1 else "",
        items=[{"text": item.text, "url": item.url} for item in items],
    )
    digest.notification = notification
    digest.save(update_fields=["notification"])


def _digest_title(digest: ReminderDigest, items: list[DigestItem]) -> str:
    tasks = sum(1 for item in items if item.task is not None)
    others = len(items) - tasks
    parts = [f"{tasks} nhiệm vụ"] if tasks else []
    if others:
        parts.append("chuẩn bị báo cáo quý")
    return f"Nhắc việc ngày {digest.day:%d/%m/%Y}: {', '.join(parts)}"


def _email_address(user: User) -> str:
    if user.email:
        return user.email
    person = getattr(user, "person", None)
    return person.email if person is not None else ""


def _digest_email(digest: ReminderDigest, items: list[DigestItem], address: str) -> None:
    site = settings.SITE_URL.rstrip("/")
    context = {
        "digest": digest, "recipient": digest.recipient, "organization": digest.organization, "site": site,
        "items": [{"text": i.text, "url": f"{site}{i.url}" if i.url else "", "reasons": i.reasons} for i in items],
        "notifications_url": f"{site}{reverse('notifications:list')}",
    }
    message = EmailMultiAlternatives(
        subject=f"[TĐKT] {_digest_title(digest, items)}",
        body=render_to_string("reminders/email/digest.txt", context),
        to=[address],
    )
    message.attach_alternative(render_to_string("reminders/email/digest.html", context), "text/html")
    message.send(fail_silently=False)


def _digest_finish(digest: ReminderDigest, *, email_sent: bool) -> None:
    digest.status = ReminderDigest.Status.SENT
    digest.sent_at = timezone.now()
    digest.email_sent = email_sent
    digest.claimed_until = None
    digest.save(update_fields=["status", "sent_at", "email_sent", "claimed_until"])


@transaction.atomic
def reminder_email_failed(*, outbox_id: int, error: str) -> None:
    """Every retry failed: the address is marked (shown to vhxh), the digest counts as delivered in the app."""
    digest = ReminderDigest.objects.select_related("recipient").filter(pk=outbox_id).first()
    if digest is None:
        return
    logger.error("Gửi email nhắc việc tới %s thất bại sau nhiều lần thử: %s", digest.recipient, error)
    email_mark_failed(user=digest.recipient, error=error)
    digest.email_error = error[:2000]
    digest.status = ReminderDigest.Status.SENT
    digest.sent_at = timezone.now()
    digest.claimed_until = None
    digest.save(update_fields=["email_error", "status", "sent_at", "claimed_until"])


def reminder_settings_get(*, organization: Organization) -> ReminderSettings:
    reminder_settings, _ = ReminderSettings.objects.get_or_create(organization=organization)
    return reminder_settings


@transaction.atomic
def reminder_settings_update(
    *, organization: Organization, by: User, days_before: str, overdue_interval: int, escalation_days: int,
    report_lead_days: int,
) -> ReminderSettings:
    ensure_can_edit_org(user=by, organization=organization)
    reminder_settings = reminder_settings_get(organization=organization)
    marks = [part.strip() for part in days_before.split(",") if part.strip()]
    reminder_settings.days_before = ",".join(marks)
    reminder_settings.overdue_interval = overdue_interval
    reminder_settings.escalation_days = escalation_days
    reminder_settings.report_lead_days = report_lead_days
    reminder_settings.full_clean()
    reminder_settings.save()
    return reminder_settings


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
