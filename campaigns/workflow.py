"""The registration workflow: one table, read by services.registration_transition and by the pages' buttons."""

from core.workflow import Transition, Workflow
from units.roles import Role

from .models import Registration

S = Registration.Status
MANAGERS = frozenset({Role.VHXH, Role.CHU_TICH})
# vhxh fills in for a unit that sent its registration on paper, hence may also submit and reopen.
UNIT_SIDE = frozenset({Role.CAN_BO, Role.VHXH})

FLOW = Workflow(
    "registration",
    dict(S.choices),
    [
        Transition(S.DRAFT, S.SUBMITTED, UNIT_SIDE, "Gửi đăng ký"),
        Transition(S.SUBMITTED, S.APPROVED, MANAGERS, "Duyệt", style="success"),
        Transition(S.SUBMITTED, S.RETURNED, MANAGERS, "Trả lại", needs_note=True, style="warning"),
        Transition(S.RETURNED, S.DRAFT, UNIT_SIDE, "Sửa lại", style="secondary"),
    ],
)

# Transitions a unit officer may take only for their own unit's registration.
UNIT_OWNED = {(S.DRAFT, S.SUBMITTED), (S.RETURNED, S.DRAFT)}
