from django.db.models import Count, QuerySet

from .models import Unit, User


def units_for(user: User) -> QuerySet[Unit]:
    if not user.is_authenticated or not user.organization_id:
        return Unit.objects.none()
    return Unit.objects.filter(organization_id=user.organization_id)


def unit_catalog(user: User) -> QuerySet[Unit]:
    return units_for(user).annotate(task_count=Count("task_units")).order_by("-is_active", "order", "name")
