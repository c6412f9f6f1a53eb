"""Sign-off of plans and reports: one table each, read by services.plan_transition / report_transition and by
the pages' buttons. Both follow the same steps: vhxh submits, the chairman signs or returns with a reason."""

from core.workflow import Transition, Workflow
from units.roles import Role

from .models import Plan, Report

P = Plan.Status
R = Report.Status
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
)

REPORT_FLOW = Workflow(
    "report",
    dict(R.choices),
    [
        Transition(R.DRAFT, R.SUBMITTED, SUBMITTERS, "Trình ký"),
        Transition(R.SUBMITTED, R.SIGNED, SIGNERS, "Ký ban hành", style="success"),
        Transition(R.SUBMITTED, R.DRAFT, SIGNERS, "Trả lại", needs_note=True, style="warning"),
    ],
)
