"""Services for a commune's officials and their sáng kiến / đề tài records (read by awards.checks)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Initiative, Organization, Person, User
from .permissions import ensure_can_manage_people

PERSON_FIELDS = {"full_name", "unit", "position", "email", "phone", "started_on", "is_active"}
INITIATIVE_FIELDS = {"kind", "year", "title", "level", "accepted", "accepted_on", "accepted_note"}


def _check_fields(fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def _unit_in_org(person: Person) -> None:
    if person.unit_id and person.unit.organization_id != person.organization_id:
        raise ValidationError({"unit": "Đơn vị không thuộc xã này."})


@transaction.atomic
def person_create(*, organization: Organization, by: User, **fields) -> Person:
    ensure_can_manage_people(user=by, organization=organization)
    _check_fields(fields, PERSON_FIELDS)
    person = Person(organization=organization, **fields)
    _unit_in_org(person)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(*, person: Person, by: User, **fields) -> Person:
    ensure_can_manage_people(user=by, organization=person.organization)
    _check_fields(fields, PERSON_FIELDS)
    for name, value in fields.items():
        setattr(person, name, value)
    _unit_in_org(person)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def initiative_create(*, person: Person, by: User, **fields) -> Initiative:
    ensure_can_manage_people(user=by, organization=person.organization)
    _check_fields(fields, INITIATIVE_FIELDS)
    initiative = Initiative(organization_id=person.organization_id, person=person, **fields)
    initiative.full_clean()
    initiative.save()
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, by: User, **fields) -> Initiative:
    ensure_can_manage_people(user=by, organization=initiative.organization)
    _check_fields(fields, INITIATIVE_FIELDS)
    for name, value in fields.items():
        setattr(initiative, name, value)
    initiative.full_clean()
    initiative.save()
    return initiative


@transaction.atomic
def initiative_delete(*, initiative: Initiative, by: User) -> None:
    """A record typed by mistake; the history table keeps what was deleted and by whom."""
    ensure_can_manage_people(user=by, organization=initiative.organization)
    initiative.delete()
