"""Every (from, to) pair of the dossier table for every role: allowed moves pass, the rest are refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards import services
from awards.models import Dossier, DossierTransition, SubjectKind
from awards.workflow import BUTTON_TARGETS, DOSSIER_FLOW
from units.roles import Role
from units.tests.factories import make_user

from .conftest import TODAY, ready_dossier

pytestmark = pytest.mark.django_db

ROLES = [Role.CAN_BO, Role.VHXH, Role.CHU_TICH, Role.CAP_TREN]


def _force_status(dossier, status):
    # Test setup only: put the dossier in a state without walking the steps before it.
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier.refresh_from_db()


@pytest.fixture
def users(org, unit, canbo, vhxh, chutich, captren):
    return {Role.CAN_BO: canbo, Role.VHXH: vhxh, Role.CHU_TICH: chutich, Role.CAP_TREN: captren}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("source", "target"), DOSSIER_FLOW.pairs())
def test_every_pair_for_every_role(org, unit, person, forms_by_code, users, role, source, target):
    dossier = ready_dossier(org=org, by=users[Role.VHXH], form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    _force_status(dossier, source)
    transition = DOSSIER_FLOW.get(source, target)
    allowed = transition is not None and role in transition.roles
    if not allowed:
        with pytest.raises((PermissionDenied, ValidationError)):
            services.dossier_transition(obj=dossier, by=users[role], to=target, note="Lý do", today=TODAY)
        dossier.refresh_from_db()
        assert dossier.status == source
        return
    if target in BUTTON_TARGETS:
        log = services.dossier_transition(obj=dossier, by=users[role], to=target, note="Lý do", today=TODAY)
        dossier.refresh_from_db()
        assert dossier.status == target and log.from_status == source and log.actor == users[role]
    else:
        # Steps backed by data (disclosure, votes, signed documents): the role passes, the missing data stops it.
        with pytest.raises(ValidationError):
            services.dossier_transition(obj=dossier, by=users[role], to=target, note="Lý do", today=TODAY)


def test_return_needs_a_reason_and_goes_back_to_the_unit(org, unit, person, forms_by_code, canbo, vhxh):
    dossier = ready_dossier(org=org, by=canbo, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    services.dossier_transition(obj=dossier, by=canbo, to=Dossier.Status.SUBMITTED, today=TODAY)
    with pytest.raises(ValidationError):
        services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.RETURNED, note=" ")
    services.dossier_transition(obj=dossier, by=vhxh, to=Dossier.Status.RETURNED, note="Thiếu chữ ký")
    services.nominee_update(nominee=dossier.nominees.get(), by=canbo, achievement="Bổ sung", justification="")
    services.dossier_transition(obj=dossier, by=canbo, to=Dossier.Status.SUBMITTED, today=TODAY)
    assert list(DossierTransition.objects.filter(dossier=dossier).values_list("to_status", flat=True)) == [
        "submitted", "returned", "submitted"]
    assert DossierTransition.objects.get(to_status="returned").note == "Thiếu chữ ký"


def test_canbo_of_another_unit_cannot_submit(org, unit, other_unit, person, forms_by_code, vhxh):
    stranger = make_user(Role.CAN_BO, org, unit=other_unit, username="t_canbo2")
    dossier = ready_dossier(org=org, by=vhxh, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    with pytest.raises(PermissionDenied):
        services.dossier_transition(obj=dossier, by=stranger, to=Dossier.Status.SUBMITTED, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.dossier_create(organization=org, by=stranger, form=forms_by_code["LDTT"], year=2024, unit=unit)


def test_outsider_cannot_touch(org, unit, person, forms_by_code, vhxh, outsider):
    dossier = ready_dossier(org=org, by=vhxh, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    with pytest.raises(PermissionDenied):
        services.dossier_transition(obj=dossier, by=outsider, to=Dossier.Status.SUBMITTED, today=TODAY)


def test_submitted_dossier_is_not_editable(org, unit, person, forms_by_code, canbo):
    dossier = ready_dossier(org=org, by=canbo, form=forms_by_code["LDTT"], unit=unit,
                            nominees=[{"subject_kind": SubjectKind.PERSON, "person": person}])
    services.dossier_transition(obj=dossier, by=canbo, to=Dossier.Status.SUBMITTED, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.dossier_update(dossier=dossier, by=canbo, summary="Sửa", occasion="")
