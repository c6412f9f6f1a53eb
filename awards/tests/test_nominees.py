"""Households are picked from the household catalog of campaigns (or typed when not listed yet)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import nominees, services
from awards.models import SubjectKind
from campaigns.models import Household
from units.tests.factories import UnitFactory


@pytest.fixture
def household(org, village):
    return Household.objects.create(organization=org, village=village, head_name="Hoàng Văn Tư",
                                    address="Thôn Nà Lốc")


def test_household_from_the_catalog_fills_name_and_thon(org, vhxh, forms_by_code, household):
    dossier = services.dossier_create(organization=org, by=vhxh, form=forms_by_code["GDVH"], year=2024)
    nominee = services.nominee_add(dossier=dossier, by=vhxh, subject_kind=SubjectKind.HOUSEHOLD,
                                   household=household, household_name="tên gõ sai")
    assert (nominee.household, nominee.household_name, nominee.village) == (
        household, "Hoàng Văn Tư", household.village)
    # The same household typed by hand is recognised as the same subject (one household, one entry).
    with pytest.raises(ValidationError):
        services.nominee_add(dossier=dossier, by=vhxh, subject_kind=SubjectKind.HOUSEHOLD,
                             household_name="hoang van tu", village=household.village)
    assert nominees.display_name(nominee) == "Hộ ông (bà) Hoàng Văn Tư"


def test_household_of_another_commune_is_refused(org, vhxh, forms_by_code, other_org):
    foreign = Household.objects.create(organization=other_org, head_name="Nông Văn Năm",
                                       village=UnitFactory(organization=other_org, kind="thon"))
    dossier = services.dossier_create(organization=org, by=vhxh, form=forms_by_code["GDVH"], year=2024)
    with pytest.raises(ValidationError) as error:
        services.nominee_add(dossier=dossier, by=vhxh, subject_kind=SubjectKind.HOUSEHOLD, household=foreign)
    assert "household" in error.value.error_dict
    assert not dossier.nominees.exists()


def test_nominee_form_offers_the_catalog(client, org, vhxh, forms_by_code, household):
    dossier = services.dossier_create(organization=org, by=vhxh, form=forms_by_code["GDVH"], year=2024)
    client.force_login(vhxh)
    response = client.post(reverse("awards:nominee_add", args=[dossier.pk]),
                           {"subject_kind": SubjectKind.HOUSEHOLD, "household": household.pk})
    assert response.status_code == 302
    assert dossier.nominees.get().household == household
