"""The bell: in-app notifications, read and unread. Only the bell channel and tests create them."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from units.models import Organization, User

from ..models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


@transaction.atomic
def notification_create(
    *, recipient: User, verb: str, title: str, body: str = "", link: str = "",
    items: Sequence[dict] = (), organization: Organization | None = None,
) -> Notification:
    """Create a message for `recipient`. `items` are digest lines: {"text": ..., "url": ...}."""
    clean_items = []
    for index, item in enumerate(items, start=1):
        if not str(item.get("text", "")).strip():
            raise ValidationError({"items": f"Mục {index} của thông báo không có nội dung."})
        clean_items.append({"text": str(item["text"]), "url": str(item.get("url", ""))})
    notification = Notification(
        recipient=recipient, organization=organization or recipient.organization, verb=verb, title=title[:300],
        body=body, link=link, items=clean_items,
    )
    notification.full_clean()
    notification.save()
    return notification


@transaction.atomic
def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    if notification.recipient_id != by.pk:
        raise PermissionDenied("Đây không phải thông báo của bạn.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, by: User) -> int:
    """Mark every unread message of `by` as read; returns how many were unread."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


