"""Roles are Django groups; their codes are stable identifiers, their labels are shown."""

from django.db import models


class Role(models.TextChoices):
    CAN_BO = "can_bo", "Cán bộ đơn vị"
    VHXH = "vhxh", "Công chức Văn hóa – Xã hội"
    CHU_TICH = "chu_tich", "Chủ tịch UBND"
    CAP_TREN = "cap_tren", "Cơ quan cấp trên"


# Roles that may create and edit plans, units and every task of their organization.
PLAN_EDITORS = frozenset({Role.VHXH, Role.CHU_TICH})
