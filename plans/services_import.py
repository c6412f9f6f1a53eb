"""Writing an imported plan (Excel or Word) from its preview: the tasks through services.plan_import, then the
document's own texts. All or nothing, and a second import of the same file changes nothing."""

from dataclasses import dataclass

from django.db import transaction

from units.models import Organization, User

from . import services
from .importing import PlanPreview, UnitCatalog
from .models import Plan, Section, Task
from .permissions import ensure_can_edit_plan


@dataclass
class PlanFileImportResult:
    plan: Plan
    unchanged: bool  # the plan already was exactly what the file says: nothing was written
    tasks_created: int = 0
    tasks_replaced: int = 0
    units_created: tuple = ()
    plan_created: bool = False


def _wanted_tasks(*, preview: PlanPreview, catalog: UnitCatalog, year: int) -> list[tuple] | None:
    """What the file asks for, in the plan's order; None when a unit would have to be created first."""
    wanted = []
    order = preview.section_kinds
    for row in sorted(preview.rows, key=lambda row: order.index(row.section_kind)):
        units = []
        for name in row.unit_names:
            unit = catalog.get(name)
            if unit is None:
                return None
            if unit.pk not in units:
                units.append(unit.pk)
        deadline = row.deadline or Section(kind=row.section_kind).default_deadline(year)
        wanted.append((row.section_kind, row.content, tuple(units), deadline))
    return wanted


def _current_tasks(plan: Plan) -> list[tuple]:
    tasks = (Task.objects.filter(plan=plan).select_related("section").prefetch_related("task_units")
             .order_by("number", "pk"))
    return [
        (task.section.kind, task.content,
         tuple(link.unit_id for link in sorted(task.task_units.all(), key=lambda link: (link.order, link.pk))),
         task.deadline)
        for task in tasks
    ]


def _texts_match(plan: Plan, preview: PlanPreview) -> bool:
    texts = preview.texts
    if texts is None:
        return True
    if any(getattr(plan, name) != value for name, value in texts.plan_fields().items()):
        return False
    if texts.recipients:
        current = [(r.name, r.note) for r in plan.recipients.order_by("order", "pk")]
        return current == list(texts.recipients)
    return True


@transaction.atomic
def plan_import_file(
    *, organization: Organization, year: int, by: User, preview: PlanPreview, create_units: bool,
) -> PlanFileImportResult:
    """The year's plan as the preview describes it: tasks, units, and (from a Word file) its texts and Nơi nhận.

    When the current draft already holds exactly these tasks and texts, nothing is written (the same file
    imported twice). Any error raises ValidationError and leaves nothing half-written.
    """
    plan = (Plan.objects.select_for_update()
            .filter(organization=organization, year=year, is_current=True).first())
    if plan is not None and plan.status == Plan.Status.DRAFT and preview.is_valid:
        ensure_can_edit_plan(user=by, plan=plan)
        wanted = _wanted_tasks(preview=preview, catalog=UnitCatalog(organization.units.all()), year=year)
        if wanted is not None and wanted == _current_tasks(plan) and _texts_match(plan, preview):
            return PlanFileImportResult(plan=plan, unchanged=True)

    result = services.plan_import(
        organization=organization, year=year, by=by, rows=preview.rows, create_units=create_units,
    )
    plan = result.plan
    if preview.texts is not None:
        fields = preview.texts.plan_fields()
        if fields:
            services.plan_update(plan=plan, by=by, **fields)
        if preview.texts.recipients:
            services.plan_set_recipients(plan=plan, by=by, recipients=preview.texts.recipients)
    return PlanFileImportResult(
        plan=plan, unchanged=False, tasks_created=result.tasks_created, tasks_replaced=result.tasks_replaced,
        units_created=tuple(result.units_created), plan_created=result.plan_created,
    )
