"""The bell: the in-app Notification row. Always configured; a person mutes it per event kind only."""

from django.db import transaction

from .base import Channel


class BellChannel(Channel):
    name = "bell"
    label = "Chuông thông báo"

    def reaches(self, *, user, preference) -> bool:
        return True

    @transaction.atomic
    def send(self, *, message) -> str:
        from ..services.bell import notification_create

        if message.notification_id is not None:
            return str(message.notification_id)  # a retried delivery never makes a second bell item
        notification = notification_create(
            recipient=message.recipient, organization=message.organization, verb=message.event,
            title=message.title, body=message.body, link=message.url,
            items=[{"text": i["text"], "url": i.get("url", "")} for i in message.items],
        )
        message.notification = notification
        message.save(update_fields=["notification"])
        return str(notification.pk)
