"""The dossier workflow: the one transition table (core.workflow). services.dossier_transition applies it."""

from core.workflow import Transition, Workflow
from units.roles import Role

from .models import Dossier

S = Dossier.Status
UNIT = frozenset({Role.CAN_BO, Role.VHXH, Role.CHU_TICH})
MANAGERS = frozenset({Role.VHXH, Role.CHU_TICH})
SIGNER = frozenset({Role.CHU_TICH})

DOSSIER_FLOW = Workflow(
    "dossier",
    dict(S.choices),
    [
        Transition(S.DRAFT, S.SUBMITTED, UNIT, "Gửi hồ sơ"),
        Transition(S.RETURNED, S.SUBMITTED, UNIT, "Gửi lại hồ sơ"),
        Transition(S.SUBMITTED, S.RETURNED, MANAGERS, "Trả lại đơn vị", needs_note=True, style="warning"),
        Transition(S.SUBMITTED, S.ACCEPTED, MANAGERS, "Tiếp nhận để xét", style="success"),
        Transition(S.SUBMITTED, S.REJECTED, MANAGERS, "Không xét", needs_note=True, style="danger"),
        Transition(S.ACCEPTED, S.RETURNED, MANAGERS, "Trả lại đơn vị", needs_note=True, style="warning"),
        Transition(S.ACCEPTED, S.REJECTED, MANAGERS, "Không xét", needs_note=True, style="danger"),
        # The next steps are taken by their own services (disclosure, meeting, signing), never by a bare button.
        Transition(S.ACCEPTED, S.DISCLOSED, MANAGERS, "Công khai danh sách"),
        Transition(S.DISCLOSED, S.VOTED, MANAGERS, "Ghi kết quả biểu quyết"),
        Transition(S.VOTED, S.REJECTED, MANAGERS, "Không xét", needs_note=True, style="danger"),
        Transition(S.VOTED, S.DECIDED, SIGNER, "Ký quyết định khen thưởng"),
        Transition(S.VOTED, S.FORWARDED, SIGNER, "Ký tờ trình cấp trên"),
        Transition(S.FORWARDED, S.DECIDED, MANAGERS, "Ghi quyết định của cấp trên"),
        Transition(S.DECIDED, S.AWARDED, MANAGERS, "Đã trao khen thưởng", style="success"),
    ],
)

# Transitions offered as plain buttons on the dossier page; the others need their own form or document.
BUTTON_TARGETS = {S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.REJECTED, S.AWARDED}
