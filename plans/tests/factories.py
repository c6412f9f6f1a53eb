import datetime as dt

import factory

from plans.models import Plan, Section, Task, TaskUnit
from units.tests.factories import OrganizationFactory, UnitFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    year = 2024
    title = factory.LazyAttribute(lambda o: f"Công tác thi đua, khen thưởng năm {o.year}")

    @factory.post_generation
    def with_quarters(self, create, extracted, **kwargs):
        # Like services.plan_create: every plan starts with QUÝ I–IV.
        if create and extracted is not False:
            for order, kind in enumerate([Section.Kind.Q1, Section.Kind.Q2, Section.Kind.Q3, Section.Kind.Q4]):
                Section.objects.get_or_create(plan=self, kind=kind, defaults={"order": order})


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["plan", "kind"]

    plan = factory.SubFactory(PlanFactory)
    kind = Section.Kind.Q1
    order = 0


class TaskFactory(factory.django.DjangoModelFactory):
    """A task with one responsible unit. Numbers are not renumbered: call services.plan_renumber."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    section = factory.LazyAttribute(lambda o: o.plan.sections.get(kind=Section.Kind.Q1))
    order = factory.Sequence(int)
    number = factory.Sequence(lambda n: n + 1)
    content = factory.Sequence(lambda n: f"Nhiệm vụ số {n}")
    deadline = factory.LazyAttribute(lambda o: dt.date(o.plan.year, 3, 31))

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if not create:
            return
        units = extracted if extracted is not None else [UnitFactory(organization=self.plan.organization)]
        for order, unit in enumerate(units):
            TaskUnit.objects.create(task=self, unit=unit, order=order)
