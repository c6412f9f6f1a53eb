"""In-app notifications (the bell) and each person's channel preferences. Used by reminders, campaigns, awards."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notification, NotificationPreference, Organization, User
from .permissions import ensure_can_edit_org


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


def notification_preference_get(*, user: User) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    return preference


@transaction.atomic
def notification_preference_update(*, user: User, by: User, email_enabled: bool) -> NotificationPreference:
    """Each person chooses for themselves. Saving also clears a failed-address mark: they may have fixed it."""
    if user.pk != by.pk:
        raise PermissionDenied("Bạn chỉ được đổi tùy chọn thông báo của mình.")
    preference = notification_preference_get(user=user)
    preference.email_enabled = email_enabled
    preference.email_failed = False
    preference.email_failed_at = None
    preference.email_last_error = ""
    preference.save()
    return preference


@transaction.atomic
def email_mark_failed(*, user: User, error: str) -> NotificationPreference:
    """The mail server refused `user`'s address after every retry: stop emailing it until someone clears the mark."""
    preference = notification_preference_get(user=user)
    preference.email_failed = True
    preference.email_failed_at = timezone.now()
    preference.email_last_error = error[:2000]
    preference.save(update_fields=["email_failed", "email_failed_at", "email_last_error"])
    return preference


@transaction.atomic
def email_clear_failed(*, user: User, by: User) -> NotificationPreference:
    """vhxh or chủ tịch, after correcting the address, lets emails be tried again."""
    if user.organization_id is None:
        raise PermissionDenied("Tài khoản không thuộc UBND xã nào.")
    ensure_can_edit_org(user=by, organization=user.organization)
    preference = notification_preference_get(user=user)
    preference.email_failed = False
    preference.email_failed_at = None
    preference.email_last_error = ""
    preference.save(update_fields=["email_failed", "email_failed_at", "email_last_error"])
    return preference


def email_failures(*, organization: Organization) -> QuerySet[NotificationPreference]:
    return NotificationPreference.objects.filter(
        user__organization=organization, email_failed=True
    ).select_related("user").order_by("-email_failed_at")
