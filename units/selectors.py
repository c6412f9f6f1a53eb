import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Initiative, Organization, Person, SuperiorLink, Unit, User
from .services import SYSTEM_USERNAME_PREFIX


def units_for(user: User) -> QuerySet[Unit]:
    if not user.is_authenticated or not user.organization_id:
        return Unit.objects.none()
    return Unit.objects.filter(organization_id=user.organization_id)


def unit_catalog(user: User) -> QuerySet[Unit]:
    return units_for(user).annotate(task_count=Count("task_units")).order_by("-is_active", "order", "name")


# --- Accounts and people ----------------------------------------------------------------------------------------

def accounts_for(user: User) -> QuerySet[User]:
    """The logins of the user's commune that a person manages: not the shell's system account, not superusers."""
    if not user.is_authenticated or not user.organization_id:
        return User.objects.none()
    return (User.objects.filter(organization_id=user.organization_id, is_superuser=False)
            .exclude(username__startswith=SYSTEM_USERNAME_PREFIX)
            .select_related("person__unit").prefetch_related("groups")
            .order_by("-is_active", "last_name", "first_name", "username"))


def people_for(user: User) -> QuerySet[Person]:
    if not user.is_authenticated or not user.organization_id:
        return Person.objects.none()
    return (Person.objects.filter(organization_id=user.organization_id).select_related("unit", "user")
            .annotate(initiative_count=Count("initiatives"))
            .order_by("-is_active", "unit__order", "full_name"))


def person_detail_qs(user: User) -> QuerySet[Person]:
    """The person page: the person, their unit and account, and their sáng kiến in two queries."""
    return people_for(user).prefetch_related(
        Prefetch("initiatives", queryset=Initiative.objects.order_by("-year", "title")))


def initiatives_for(user: User) -> QuerySet[Initiative]:
    if not user.is_authenticated or not user.organization_id:
        return Initiative.objects.none()
    return Initiative.objects.filter(organization_id=user.organization_id).select_related("person")


# --- The hierarchy (issue 15 builds the superior's views on these) -----------------------------------------------

def superior_links_of(organization: Organization) -> QuerySet[SuperiorLink]:
    return organization.superior_links.select_related("superior").order_by("valid_from")


def superior_of(organization: Organization, *, on: dt.date) -> Organization | None:
    """The office `organization` reported to on that date, or None when no link covers it."""
    link = (SuperiorLink.objects.filter(commune=organization, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).select_related("superior").first())
    return link.superior if link else None


def superior_name_on(organization: Organization, *, on: dt.date | None) -> str:
    """What a document dated `on` prints as the superior authority (the profile's name when no link covers it)."""
    superior = superior_of(organization, on=on) if on else None
    return superior.name if superior else organization.superior_name


def communes_of(superior: Organization, *, on: dt.date) -> QuerySet[Organization]:
    """The communes that reported to `superior` on that date (issue 15's overview rows)."""
    # One filter() call, so the three conditions apply to the same link row.
    return Organization.objects.filter(
        Q(superior_links__valid_to__isnull=True) | Q(superior_links__valid_to__gte=on),
        superior_links__superior=superior, superior_links__valid_from__lte=on,
    ).distinct()


def commune_list() -> QuerySet[Organization]:
    """The server administrator's "Các xã" page."""
    return (Organization.objects.filter(kind=Organization.Kind.COMMUNE)
            .annotate(user_count=Count("users", filter=Q(users__is_active=True), distinct=True),
                      unit_count=Count("units", distinct=True))
            .order_by("name"))


def setup_needed() -> bool:
    """A fresh server: no organization and no account at all (the first-run page is open only then)."""
    return not Organization.objects.exists() and not User.objects.exists()
