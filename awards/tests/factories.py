import factory

from awards.models import AwardsPersonInfo, Initiative
from units.tests.factories import PersonFactory


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    year = 2024
    title = factory.Sequence(lambda n: f"Sáng kiến số {n}")
    accepted = True


class PersonInfoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardsPersonInfo

    person = factory.SubFactory(PersonFactory)
    started_on = factory.Faker("date_between", start_date="-10y", end_date="-3y")
