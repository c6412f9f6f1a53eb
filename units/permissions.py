"""Server-side permission rules. Views hide buttons too, but these functions decide."""

from django.core.exceptions import PermissionDenied

from .models import Organization, User
from .roles import PLAN_EDITORS, Role


def can_edit_plans(user: User) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.has_role(*PLAN_EDITORS))


def ensure_same_org(*, user: User, organization_id: int) -> None:
    if not user.is_authenticated or user.organization_id != organization_id:
        raise PermissionDenied("Bạn không có quyền với dữ liệu của đơn vị khác.")


def ensure_can_edit_org(*, user: User, organization: Organization) -> None:
    ensure_same_org(user=user, organization_id=organization.pk)
    if not user.has_role(*PLAN_EDITORS):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được sửa.")


def user_unit_ids(user: User) -> set[int]:
    """Units a unit officer acts for (through their Person record)."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or not person.is_active:
        return set()
    return {person.unit_id}


def is_superior(user: User) -> bool:
    return user.has_role(Role.CAP_TREN)
