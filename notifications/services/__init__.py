"""The services of notifications/, by concern: outbox (sending), bell, preferences, reminders.

Domain apps call `notification_send` (and `notify_document_tampered`); nothing else of theirs sends a message.
"""

from .bell import notification_mark_all_read, notification_mark_read, notifications_for, unread_count
from .outbox import notification_send, outbox_deliver, outbox_flush
from .preferences import (
    email_clear_failed,
    email_failures,
    email_mark_failed,
    notification_preference_get,
    notification_preference_update,
)

__all__ = [
    "email_clear_failed", "email_failures", "email_mark_failed", "notification_mark_all_read",
    "notification_mark_read", "notification_preference_get", "notification_preference_update", "notification_send",
    "notifications_for", "outbox_deliver", "outbox_flush", "unread_count",
]

from .alerts import notify_document_tampered  # noqa: E402

__all__ += ["notify_document_tampered"]
