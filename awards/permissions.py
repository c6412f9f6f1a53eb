"""Who may do what with award dossiers. Services call the ensure_* functions; views scope querysets too."""

from django.core.exceptions import PermissionDenied

from units.models import User
from units.permissions import ensure_same_org, user_unit_ids
from units.roles import Role

from .models import Dossier

MANAGER_ROLES = (Role.VHXH, Role.CHU_TICH)


def is_manager(user: User) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.has_role(*MANAGER_ROLES))


def can_read_register(user: User) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.roles)


def can_propose(user: User) -> bool:
    return is_manager(user) or bool(user.has_role(Role.CAN_BO) and user_unit_ids(user))


def can_read_dossier(user: User, dossier: Dossier) -> bool:
    if not user.is_authenticated or user.organization_id != dossier.organization_id:
        return False
    if is_manager(user):
        return True
    return bool(user.has_role(Role.CAN_BO) and dossier.unit_id and dossier.unit_id in user_unit_ids(user))


def can_edit_dossier(user: User, dossier: Dossier) -> bool:
    return can_read_dossier(user, dossier) and dossier.status in Dossier.EDITABLE_STATUSES


def ensure_manager(*, user: User, organization_id: int) -> None:
    ensure_same_org(user=user, organization_id=organization_id)
    if not user.has_role(*MANAGER_ROLES):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được thực hiện.")


def ensure_signer(*, user: User, organization_id: int) -> None:
    ensure_same_org(user=user, organization_id=organization_id)
    if not user.has_role(Role.CHU_TICH):
        raise PermissionDenied("Chỉ Chủ tịch UBND được ký.")


def ensure_can_edit_dossier(*, user: User, dossier: Dossier) -> None:
    ensure_same_org(user=user, organization_id=dossier.organization_id)
    if not can_read_dossier(user, dossier):
        raise PermissionDenied("Bạn chỉ được sửa hồ sơ của đơn vị mình.")
    if dossier.status not in Dossier.EDITABLE_STATUSES:
        raise PermissionDenied("Hồ sơ đã gửi, không sửa được nữa (chờ trả lại nếu cần sửa).")


def ensure_can_propose(*, user: User, organization_id: int, unit_id: int | None) -> None:
    ensure_same_org(user=user, organization_id=organization_id)
    if user.has_role(*MANAGER_ROLES):
        return
    if user.has_role(Role.CAN_BO) and unit_id is not None and unit_id in user_unit_ids(user):
        return
    raise PermissionDenied("Cán bộ đơn vị chỉ được đề nghị khen thưởng cho đơn vị mình.")


# Who may comment on a disclosed list: the commune's people (units, vhxh, chủ tịch). The superior office reads it.
COMMENTERS = frozenset({Role.CAN_BO, Role.VHXH, Role.CHU_TICH})


def can_comment_disclosure(user: User) -> bool:
    return bool(user.is_authenticated and user.has_role(*COMMENTERS))
