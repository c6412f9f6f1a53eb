"""Who may do what with plans and tasks. Checked in services; views scope querysets too."""

from django.core.exceptions import PermissionDenied

from units.models import User
from units.permissions import can_edit_plans, ensure_same_org, user_unit_ids
from units.roles import PLAN_EDITORS, Role

from .models import Plan, Task


def ensure_can_edit_plan(*, user: User, plan: Plan) -> None:
    ensure_same_org(user=user, organization_id=plan.organization_id)
    if not user.has_role(*PLAN_EDITORS):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được sửa kế hoạch.")
    if plan.status != Plan.Status.DRAFT:
        raise PermissionDenied("Kế hoạch đã trình ký hoặc đã ban hành, không sửa trực tiếp được.")


def ensure_can_create_plan(*, user: User, organization_id: int) -> None:
    ensure_same_org(user=user, organization_id=organization_id)
    if not user.has_role(*PLAN_EDITORS):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội hoặc Chủ tịch UBND được lập kế hoạch.")


def can_update_task(user: User, task: Task, unit_ids: set[int] | None = None) -> bool:
    """vhxh and chủ tịch: every task of their commune; cán bộ: tasks of their own unit."""
    if not user.is_authenticated or user.organization_id != task.plan.organization_id:
        return False
    if not task.plan.is_current:
        return False  # a superseded revision is a record; its tasks are followed in the current revision
    if can_edit_plans(user):
        return True
    if user.has_role(Role.CAN_BO):
        unit_ids = user_unit_ids(user) if unit_ids is None else unit_ids
        return bool(unit_ids) and any(tu.unit_id in unit_ids for tu in task.task_units.all())
    return False


def ensure_can_update_task(*, user: User, task: Task) -> None:
    if not can_update_task(user, task):
        raise PermissionDenied("Bạn chỉ được cập nhật nhiệm vụ của đơn vị mình.")


def can_write_reports(user: User) -> bool:
    """Reports for the superior office are drafted by the culture–social officer (vhxh)."""
    return bool(user.is_authenticated and user.organization_id and user.has_role(Role.VHXH))


def ensure_can_write_report(*, user: User, organization_id: int, status: str | None = None) -> None:
    ensure_same_org(user=user, organization_id=organization_id)
    if not user.has_role(Role.VHXH):
        raise PermissionDenied("Chỉ công chức Văn hóa – Xã hội được lập và sửa báo cáo.")
    if status is not None and status != "draft":
        raise PermissionDenied("Báo cáo đã trình ký hoặc đã ban hành, không sửa được.")


def can_read_report_drafts(user: User) -> bool:
    """Drafts stay inside the commune's office: the superior office and unit officers see issued reports only."""
    return can_edit_plans(user)
