"""Writes to the unit catalog and the organization profile."""

from django.db import transaction

from .models import Organization, Unit, User
from .permissions import ensure_can_edit_org


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
    allowed = {"name", "short_name", "superior_name", "place_name", "chairman_name"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown organization fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    return organization
