"""The outbox: the one way a message leaves the application.

`notification_send` writes one OutboxMessage per recipient (its key makes a second call a no-op), in the caller's
transaction; the bell is delivered at once, in that transaction; the other channels are handed to the broker after
commit. A broker that is down leaves the rows pending: `outbox_flush` (a beat every few minutes) hands them over
again, and retries each failed channel once its backoff has passed. `outbox_deliver` claims a message before
working on it, so a duplicate delivery of the same task (a re-enqueue, acks_late redelivery) sends nothing twice.
"""

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from units.models import Organization, User

from ..channels import CHANNELS, DeliveryError
from ..models import Channel, Delivery, MutedEvent, NotificationPreference, OutboxMessage

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 10 * 60
# One first try and five retries; the waits double from 30 seconds (30 s, 1, 2, 4, 8 min), capped at 30 minutes.
MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 30 * 60
STALE_ENQUEUE = dt.timedelta(minutes=15)


def backoff_seconds(attempts: int) -> int:
    """Wait after the `attempts`-th failed try."""
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


@transaction.atomic
def notification_send(
    *, event: str, recipients: Iterable[User], title: str, body: str = "", url: str = "", key: str,
    organization: Organization | None = None, items: Sequence[dict] = (),
) -> list[OutboxMessage]:
    """Announce `event` to each of `recipients` once: bell now, email and Zalo after commit.

    `key` names the occurrence ("plan:12:submitted:log:40"); each recipient's message gets `key` plus their id, so
    calling again with the same key (a retried request, two receivers) announces nothing more. Inactive accounts
    are skipped. Returns the messages created by this call.
    """
    if not title.strip():
        raise ValueError("A notification needs a title.")
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    created: list[OutboxMessage] = []
    for user in people.values():
        message = OutboxMessage(
            key=f"{key}:u{user.pk}"[:200], event=event, organization=organization or user.organization,
            recipient=user, title=title[:300], body=body, url=url[:500],
            items=[{"text": str(i["text"]), "url": str(i.get("url", ""))} for i in items],
        )
        if OutboxMessage.objects.filter(key=message.key).exists():
            continue
        try:
            with transaction.atomic():  # a concurrent sender may win the key: the constraint decides
                message.save()
        except IntegrityError:
            continue
        created.append(message)
    if created:
        deliveries_plan(messages=created)
        for message in created:
            _deliver_bell(message)
        _enqueue_after_commit([m.pk for m in created if m.status == OutboxMessage.Status.PENDING])
    return created


def deliveries_plan(*, messages: Sequence[OutboxMessage]) -> None:
    """Create the Delivery rows of each message: the channels that reach its recipient and that they did not mute."""
    users = [m.recipient_id for m in messages]
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=users)}
    muted = set(MutedEvent.objects.filter(user_id__in=users).values_list("user_id", "event", "channel"))
    rows = []
    for message in messages:
        preference = preferences.get(message.recipient_id) or NotificationPreference(user_id=message.recipient_id)
        for name, channel in CHANNELS.items():
            if (message.recipient_id, message.event, name) in muted:
                continue
            if channel.configured() and channel.reaches(user=message.recipient, preference=preference):
                rows.append(Delivery(message=message, channel=name))
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    for message in messages:
        if not any(row.message is message for row in rows):
            _finish(message)


def _deliver_bell(message: OutboxMessage) -> None:
    delivery = message.deliveries.filter(channel=Channel.BELL, status=Delivery.Status.PENDING).first()
    if delivery is not None:
        _attempt(delivery, message)
    if not message.deliveries.filter(status=Delivery.Status.PENDING).exists():
        _finish(message)


def _attempt(delivery: Delivery, message: OutboxMessage) -> None:
    """One try of one channel; records the outcome (and the next try) on the delivery row."""
    channel = CHANNELS[delivery.channel]
    delivery.attempts += 1
    try:
        delivery.external_id = channel.send(message=message)[:100]
    except DeliveryError as error:
        delivery.last_error = str(error)[:2000]
        if error.permanent or delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
            logger.error("Gửi %s cho %s thất bại: %s", delivery.channel, message.recipient, error)
            channel.gave_up(delivery=delivery, error=delivery.last_error)
        else:
            delivery.next_attempt_at = timezone.now() + dt.timedelta(seconds=backoff_seconds(delivery.attempts))
        delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.save(update_fields=["attempts", "external_id", "status", "sent_at", "next_attempt_at"])


def _finish(message: OutboxMessage) -> None:
    message.status = OutboxMessage.Status.DONE
    message.done_at = timezone.now()
    message.claimed_until = None
    message.save(update_fields=["status", "done_at", "claimed_until"])


def outbox_deliver(*, message_id: int, ignore_schedule: bool = False) -> bool:
    """Try every pending channel of one message whose retry time has come. True if this call did the work.

    Returns the seconds until the next retry through `outbox_next_retry`; never raises for a channel's failure.
    `ignore_schedule` is for the task's own scheduled retry (its countdown already waited the backoff).
    """
    from .reminders import digest_compose

    now = timezone.now()
    taken = OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    ).update(claimed_until=now + dt.timedelta(seconds=CLAIM_SECONDS))
    if not taken:
        return False
    message = OutboxMessage.objects.select_related("recipient", "organization").get(pk=message_id)
    try:
        if message.digest_day is not None and not message.deliveries.exists():
            if not digest_compose(message=message):
                _finish(message)  # everything in it was settled since the scan: nothing to say
                return True
            deliveries_plan(messages=[message])
            if message.status == OutboxMessage.Status.DONE:
                return True
        due = message.deliveries.filter(status=Delivery.Status.PENDING).order_by("channel")
        if not ignore_schedule:
            due = due.filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=timezone.now()))
        # The bell first, so the in-app copy exists even while the mail server is down.
        for delivery in sorted(due, key=lambda d: d.channel != Channel.BELL):
            _attempt(delivery, message)
        if not message.deliveries.filter(status=Delivery.Status.PENDING).exists():
            _finish(message)
        else:
            OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=None)
        return True
    except Exception:
        # A bug, not a channel failure: release the claim so the flush retries it, and let the worker log it.
        OutboxMessage.objects.filter(pk=message_id).update(claimed_until=None)
        raise


def outbox_next_retry(*, message_id: int) -> int | None:
    """Seconds until the message's next retry, or None when nothing is pending."""
    next_at = (
        Delivery.objects.filter(message_id=message_id, status=Delivery.Status.PENDING)
        .exclude(next_attempt_at__isnull=True).order_by("next_attempt_at").values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_at is None:
        return None
    return max(int((next_at - timezone.now()).total_seconds()), 0)


def _enqueue_after_commit(ids: Sequence[int]) -> None:
    if ids:
        ids = list(ids)
        transaction.on_commit(lambda: outbox_enqueue(ids))


def outbox_enqueue(message_ids: Sequence[int]) -> int:
    """Hand messages to the broker. Never raises: a broker that is down leaves them pending for the next flush."""
    from kombu.exceptions import OperationalError as KombuOperationalError

    from ..tasks import deliver_message

    sent: list[int] = []
    for message_id in message_ids:
        try:
            deliver_message.delay(message_id)
        except (KombuOperationalError, ConnectionError, OSError) as error:
            logger.warning("Không đưa được thông báo %s vào hàng đợi (%s); sẽ thử lại sau.", message_id, error)
            break  # the broker is down: the others would fail the same way, each after a timeout
        sent.append(message_id)
    if sent:
        OutboxMessage.objects.filter(pk__in=sent).update(enqueued_at=timezone.now())
    return len(sent)


def outbox_flush(*, stale_after: dt.timedelta = STALE_ENQUEUE) -> int:
    """Re-enqueue what is still pending: never handed over (broker down), handed over long ago and not done
    (a worker lost it), or with a channel whose backoff has passed. Returns how many were enqueued."""
    now = timezone.now()
    retry_due = Delivery.objects.filter(
        message=OuterRef("pk"), status=Delivery.Status.PENDING, next_attempt_at__lte=now
    )
    ids = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - stale_after) | Exists(retry_due))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("pk").values_list("pk", flat=True)
    )
    return outbox_enqueue(ids) if ids else 0
