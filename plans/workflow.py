"""Sign-off of plans and reports, and the progress of tasks: one table each, applied by core.workflow.transition_apply
through services.plan_transition / plan_revise / report_transition / task_set_status and shown by the shared
buttons. Plans and reports follow the same steps: vhxh submits, the chairman signs or returns with a reason."""

from core.workflow import Transition, Workflow
from units.roles import PLAN_EDITORS, Role

from .models import Plan, PlanEvent, Report, ReportEvent, Task, TaskUpdate

P = Plan.Status
R = Report.Status
T = Task.Status
SUBMITTERS = frozenset({Role.VHXH})
SIGNERS = frozenset({Role.CHU_TICH})

PLAN_FLOW = Workflow(
    "plan",
    dict(P.choices),
    [
        Transition(P.DRAFT, P.SUBMITTED, SUBMITTERS, "Trình ký"),
        Transition(P.SUBMITTED, P.SIGNED, SIGNERS, "Ký ban hành", style="success"),
        Transition(P.SUBMITTED, P.DRAFT, SIGNERS, "Trả lại", needs_note=True, style="warning"),
    ],
    log_model=PlanEvent,
    log_fk="plan",
)

# "Tạo bản sửa đổi" (services.plan_revise) is a table of its own: the new revision is born a copy of the signed
# plan and this one step turns it into a draft, so its first audit row tells where it came from. It is never
# applied to the signed plan itself (a signed plan stays signed) and never offered as a bare button.
PLAN_REVISION_FLOW = Workflow(
    "plan_revision",
    dict(P.choices),
    [Transition(P.SIGNED, P.DRAFT, frozenset(PLAN_EDITORS), "Tạo bản sửa đổi", style="secondary", button=False)],
    log_model=PlanEvent,
    log_fk="plan",
)

REPORT_FLOW = Workflow(
    "report",
    dict(R.choices),
    [
        Transition(R.DRAFT, R.SUBMITTED, SUBMITTERS, "Trình ký"),
        Transition(R.SUBMITTED, R.SIGNED, SIGNERS, "Ký ban hành", style="success"),
        Transition(R.SUBMITTED, R.DRAFT, SIGNERS, "Trả lại", needs_note=True, style="warning"),
    ],
    log_model=ReportEvent,
    log_fk="report",
    organization_of=lambda report: report.plan.organization_id,
)

# A task moves freely between its four states (progress is reported, not approved); who may move which task is
# permissions.can_update_task (a cán bộ only their own unit's tasks). Stopping a task needs a reason.
TASK_UPDATERS = frozenset({Role.CAN_BO, Role.VHXH, Role.CHU_TICH})
TASK_FLOW = Workflow(
    "task",
    dict(T.choices),
    [
        Transition(source, target, TASK_UPDATERS, label, needs_note=target == T.CANCELLED, button=False)
        for target, label in T.choices
        for source in T.values
        if source != target
    ],
    log_model=TaskUpdate,
    log_fk="task",
    actor_field="author",
    organization_of=lambda task: task.plan.organization_id,
)
