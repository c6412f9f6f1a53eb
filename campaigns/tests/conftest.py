import datetime as dt

import pytest

from campaigns import services
from campaigns.models import EmulationTitle
from plans import services as plan_services
from plans.models import Section
from units.models import Unit
from units.tests.factories import PersonFactory, UnitFactory


@pytest.fixture
def titles(db):
    # Seeded by migration 0002; the tests rely on the stable codes.
    return {t.code: t for t in EmulationTitle.objects.all()}


@pytest.fixture
def plan_task(org, vhxh, unit):
    plan = plan_services.plan_create(organization=org, year=2024, by=vhxh)
    q1 = plan.sections.get(kind=Section.Kind.Q1)
    return plan_services.task_create(section=q1, by=vhxh, content="Phát động phong trào thi đua năm 2024.",
                                     units=[unit], deadline=dt.date(2024, 3, 31))


@pytest.fixture
def village(org):
    return UnitFactory(organization=org, name="Thôn Làng Bẻ", kind=Unit.Kind.VILLAGE)


@pytest.fixture
def campaign(org, vhxh, unit, other_unit, village, plan_task):
    campaign = services.campaign_create(
        organization=org, by=vhxh, title="Phong trào thi đua năm 2024", kind="thuong_xuyen", year=2024,
        start_date=dt.date(2024, 1, 15), end_date=dt.date(2030, 12, 31), tasks=[plan_task],
    )
    services.campaign_launch(campaign=campaign, by=vhxh, units=[unit, other_unit, village])
    return campaign


@pytest.fixture
def registration(campaign, unit):
    return campaign.registrations.get(unit=unit)


@pytest.fixture
def other_registration(campaign, other_unit):
    return campaign.registrations.get(unit=other_unit)


@pytest.fixture
def village_registration(campaign, village):
    return campaign.registrations.get(unit=village)


@pytest.fixture
def member(unit):
    return PersonFactory(unit=unit, full_name="Nông Văn Bình")
