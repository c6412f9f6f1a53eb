"""The registration and commitment workflows: one table each, applied through core.workflow.transition_apply by
services.registration_transition / commitment_set_status and shown by the shared buttons."""

from core.workflow import Transition, Workflow
from units.roles import Role

from .models import Commitment, CommitmentUpdate, Registration, RegistrationLog

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
    log_model=RegistrationLog,
    log_fk="registration",
    organization_of=lambda registration: registration.campaign.organization_id,
)

# Transitions a unit officer may take only for their own unit's registration.
UNIT_OWNED = {(S.DRAFT, S.SUBMITTED), (S.RETURNED, S.DRAFT)}

C = Commitment.Status
# A commitment of a pledge is followed up like a plan task: any state to any other, by the managers or the cán bộ
# of a party unit (services.can_follow_up); giving one up needs a reason.
FOLLOWERS = frozenset({Role.CAN_BO, Role.VHXH, Role.CHU_TICH})
_COMMITMENT_STYLE = {C.NOT_STARTED: "secondary", C.IN_PROGRESS: "primary", C.DONE: "success", C.CANCELLED: "danger"}
COMMITMENT_FLOW = Workflow(
    "commitment",
    dict(C.choices),
    [
        Transition(source, target, FOLLOWERS, label, needs_note=target == C.CANCELLED,
                   style=_COMMITMENT_STYLE[target])
        for target, label in C.choices
        for source in C.values
        if source != target
    ],
    log_model=CommitmentUpdate,
    log_fk="commitment",
    organization_of=lambda commitment: commitment.pledge.organization_id,
)
