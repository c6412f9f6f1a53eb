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


# Accounts and people are managed by the same two roles that run the commune's plans (issue 13).
def can_manage_accounts(user: User) -> bool:
    return can_edit_plans(user)


def can_manage_people(user: User) -> bool:
    return can_edit_plans(user)


def ensure_can_manage_accounts(*, user: User, organization: Organization) -> None:
    ensure_same_org(user=user, organization_id=organization.pk)
    if not can_manage_accounts(user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được quản lý tài khoản.")


def ensure_can_manage_people(*, user: User, organization: Organization) -> None:
    ensure_same_org(user=user, organization_id=organization.pk)
    if not can_manage_people(user):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được quản lý cán bộ.")


def can_manage_communes(user: User) -> bool:
    """The server's administrator (a province's IT office) creates communes; no commune role may."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def ensure_can_manage_communes(*, user: User | None) -> None:
    # `None` is the shell (manage.py create_commune, the first-run page): whoever runs it owns the server.
    if user is not None and not can_manage_communes(user):
        raise PermissionDenied("Chỉ quản trị viên máy chủ được tạo xã.")
