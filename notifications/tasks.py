"""Celery tasks: thin. Each takes ids and calls a service."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from .services import outbox, reminders


@shared_task(bind=True, acks_late=True, max_retries=outbox.MAX_ATTEMPTS)
def deliver_message(self, message_id: int, scheduled: bool = False) -> None:
    # Failures are recorded on the Delivery rows (attempts, next retry); the task only schedules its own retry
    # for the earliest of them. If this retry is lost (a worker restart), the flush beat picks the row up.
    outbox.outbox_deliver(message_id=message_id, ignore_schedule=scheduled)
    wait = outbox.outbox_next_retry(message_id=message_id)
    if wait is not None:
        raise self.retry(countdown=wait, kwargs={"message_id": message_id, "scheduled": True})


@shared_task
def reminder_scan_daily(day: str | None = None) -> None:
    # The day in Asia/Ho_Chi_Minh (TIME_ZONE), whatever the server's clock zone.
    reminders.reminder_scan(day=dt.date.fromisoformat(day) if day else timezone.localdate())


@shared_task
def outbox_flush() -> None:
    outbox.outbox_flush()
