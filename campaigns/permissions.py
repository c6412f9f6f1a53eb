"""Who may do what in campaigns. Checked in services; views scope querysets to the user's commune too."""

from django.core.exceptions import PermissionDenied

from units.models import Organization, User
from units.permissions import can_edit_plans, ensure_same_org, user_unit_ids
from units.roles import Role

from .models import Registration

MANAGER_ONLY = "Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được thực hiện việc này."


def can_manage(user: User) -> bool:
    """vhxh and chủ tịch manage campaigns, pledges, clusters, scoring and reviews."""
    return can_edit_plans(user)


def ensure_can_manage(*, user: User, organization: Organization | int) -> None:
    organization_id = organization if isinstance(organization, int) else organization.pk
    ensure_same_org(user=user, organization_id=organization_id)
    if not can_manage(user):
        raise PermissionDenied(MANAGER_ONLY)


def is_own_unit(user: User, registration: Registration) -> bool:
    return registration.unit_id in user_unit_ids(user)


def can_edit_registration(user: User, registration: Registration) -> bool:
    """While a draft: the unit's cán bộ for their own unit, and vhxh for any unit (paper registrations)."""
    if not user.is_authenticated or user.organization_id != registration.campaign.organization_id:
        return False
    if registration.status != Registration.Status.DRAFT:
        return False
    if user.has_role(Role.VHXH):
        return True
    return user.has_role(Role.CAN_BO) and is_own_unit(user, registration)


def ensure_can_edit_registration(*, user: User, registration: Registration) -> None:
    ensure_same_org(user=user, organization_id=registration.campaign.organization_id)
    if registration.status != Registration.Status.DRAFT:
        raise PermissionDenied("Bản đăng ký đã gửi hoặc đã duyệt, không sửa được nữa.")
    if not can_edit_registration(user, registration):
        raise PermissionDenied("Bạn chỉ được sửa bản đăng ký của đơn vị mình.")
