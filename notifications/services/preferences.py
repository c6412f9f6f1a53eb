"""Each person's choices: which channels, which event kinds; and the state of their email address."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from units.models import Organization, User
from units.permissions import ensure_can_edit_org

from ..models import Channel, MutedEvent, NotificationPreference
from ..registry import EVENTS


def notification_preference_get(*, user: User) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    return preference


@transaction.atomic
def notification_preference_update(
    *, user: User, by: User, email_enabled: bool, zalo_enabled: bool | None = None,
    muted: set[tuple[str, str]] | None = None,
) -> NotificationPreference:
    """Each person chooses for themselves: the channels, and which (event kind, channel) pairs they mute.

    Saving also clears a failed-address mark: they may have fixed it. `muted=None` leaves the event choices as
    they are (the short form on the notifications page only has the email switch).
    """
    if user.pk != by.pk:
        raise PermissionDenied("Bạn chỉ được đổi tùy chọn thông báo của mình.")
    preference = notification_preference_get(user=user)
    preference.email_enabled = email_enabled
    if zalo_enabled is not None:
        preference.zalo_enabled = zalo_enabled
    preference.email_failed = False
    preference.email_failed_at = None
    preference.email_last_error = ""
    preference.save()
    if muted is not None:
        known = {(event, channel) for event in EVENTS for channel in Channel.values}
        unknown = set(muted) - known
        if unknown:
            raise ValueError(f"Unknown event/channel pairs: {sorted(unknown)}")
        MutedEvent.objects.filter(user=user).delete()
        MutedEvent.objects.bulk_create(MutedEvent(user=user, event=e, channel=c) for e, c in sorted(muted))
    return preference


def muted_pairs(*, user: User) -> set[tuple[str, str]]:
    return set(MutedEvent.objects.filter(user=user).values_list("event", "channel"))


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
