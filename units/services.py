"""Writes to the unit catalog and the organization profile."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Organization, Unit, User
from .permissions import ensure_can_edit_org
from .roles import Role


@transaction.atomic
def unit_create(*, organization: Organization, by: User, name: str, kind: str = Unit.Kind.OTHER,
                aliases: str = "", order: int | None = None, is_active: bool = True) -> Unit:
    ensure_can_edit_org(user=by, organization=organization)
    if order is None:
        order = organization.units.count()
    unit = Unit(organization=organization, name=name.strip(), kind=kind, aliases=aliases, order=order,
                is_active=is_active)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, by: User, **fields) -> Unit:
    ensure_can_edit_org(user=by, organization=unit.organization)
    allowed = {"name", "kind", "aliases", "order", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown unit fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(unit, name, value.strip() if isinstance(value, str) and name == "name" else value)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def organization_update(*, organization: Organization, by: User, **fields) -> Organization:
    ensure_can_edit_org(user=by, organization=organization)
    # superior_name is written by units.communes.superior_link_add (the authority is dated).
    allowed = {"name", "short_name", "parent_body", "place_name", "chairman_name"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown organization fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    return organization


SYSTEM_USERNAME_PREFIX = "he-thong-"


@transaction.atomic
def system_account_get(*, organization: Organization) -> User:
    """The account that shell commands (import_plan, load_demo) act as, for one organization.

    It cannot log in (inactive, unusable password) but holds the vhxh role, so commands go through the same
    services and permission checks as a person would, and the history shows "Hệ thống" as the author.
    """
    user, created = User.objects.get_or_create(
        username=f"{SYSTEM_USERNAME_PREFIX}{organization.slug}",
        defaults={"organization": organization, "first_name": "Hệ thống", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=Role.VHXH)[0])
    return user
