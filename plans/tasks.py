"""Celery tasks: thin. Each loads ids and calls a service (plans/services.py)."""

import datetime as dt
from smtplib import SMTPException

from celery import Task, shared_task
from django.utils import timezone

from . import services


class _DigestTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Only SMTP errors get here after the last retry; anything else is a bug and stays pending for the flush.
        if isinstance(exc, SMTPException):
            outbox_id = kwargs.get("outbox_id", args[0] if args else None)
            services.reminder_email_failed(outbox_id=outbox_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(
    base=_DigestTask, acks_late=True, autoretry_for=(SMTPException,), retry_backoff=30, retry_backoff_max=30 * 60,
    retry_jitter=True, max_retries=5,
)
def send_reminder_digest(outbox_id: int) -> None:
    services.reminder_digest_send(outbox_id=outbox_id)


@shared_task
def reminder_scan_daily(day: str | None = None) -> None:
    # The day in Asia/Ho_Chi_Minh (TIME_ZONE), whatever the server's clock zone.
    services.reminder_scan(day=dt.date.fromisoformat(day) if day else timezone.localdate())


@shared_task
def reminder_outbox_flush() -> None:
    services.reminder_outbox_flush()
