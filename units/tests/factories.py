import factory
from django.contrib.auth.models import Group

from units.models import Initiative, Organization, Person, Unit, User
from units.roles import Role


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Số {n}")
    short_name = factory.Sequence(lambda n: f"UBND xã Số {n}")
    slug = factory.Sequence(lambda n: f"xa-so-{n}")
    superior_name = "UBND huyện Hữu Lũng"
    place_name = factory.Sequence(lambda n: f"Số {n}")
    chairman_name = "Nguyễn Văn Chủ"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = Unit.Kind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Người"
    last_name = factory.Sequence(lambda n: f"Dùng {n}")
    organization = factory.SubFactory(OrganizationFactory)
    password = factory.django.Password("matkhau-thu-nghiem")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get_or_create(name=str(role))[0] for role in extracted))
            self.__dict__.pop("_roles_cache", None)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SelfAttribute("unit.organization")
    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Sequence(lambda n: f"Cán bộ {n}")
    position = "Cán bộ"


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    person = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("person.organization")
    year = 2024
    title = factory.Sequence(lambda n: f"Sáng kiến số {n}")
    accepted = True


def make_user(role: str | None, organization: Organization, unit: Unit | None = None, **kwargs) -> User:
    """A user with one role; a cán bộ gets a Person record in `unit`."""
    user = UserFactory(organization=organization, roles=[role] if role else [], **kwargs)
    if role == Role.CAN_BO:
        PersonFactory(unit=unit or UnitFactory(organization=organization), user=user, full_name=str(user))
    return user
