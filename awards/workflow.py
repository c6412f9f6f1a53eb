"""The dossier and award-document workflows (core.workflow tables), applied by services.dossier_transition,
award_document_sign and award_document_revise through core.workflow.transition_apply."""

from core.workflow import Transition, Workflow
from units.roles import Role

from .models import AwardDocument, AwardDocumentTransition, Dossier, DossierTransition

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
    log_model=DossierTransition,
    log_fk="dossier",
)

# Transitions offered as plain buttons on the dossier page; the others need their own form or document.
BUTTON_TARGETS = {S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.REJECTED, S.AWARDED}

D = AwardDocument.Status
# A decision or a submission is signed once (its PDF frozen); it is never edited afterwards, only superseded by a
# new draft revision (services.award_document_revise). Both steps need their own form, not a bare button.
AWARD_DOCUMENT_FLOW = Workflow(
    "award_document",
    dict(D.choices),
    [
        Transition(D.DRAFT, D.SIGNED, SIGNER, "Ký văn bản", style="success"),
        Transition(D.SIGNED, D.SUPERSEDED, MANAGERS, "Tạo bản sửa đổi", style="secondary"),
    ],
    log_model=AwardDocumentTransition,
    log_fk="document",
)
