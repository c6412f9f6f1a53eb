"""Email, plain text and HTML, through Django's configured backend (console in `make run`, SMTP in production).

The only code of the project that sends mail (tests/test_one_sender.py checks it).
"""

from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .base import Channel, DeliveryError


def email_address(user) -> str:
    if user.email:
        return user.email
    person = getattr(user, "person", None)
    return person.email if person is not None else ""


class EmailChannel(Channel):
    name = "email"
    label = "Email"

    def reaches(self, *, user, preference) -> bool:
        return bool(email_address(user)) and preference.email_enabled and not preference.email_failed

    def send(self, *, message) -> str:
        address = email_address(message.recipient)
        if not address:
            raise DeliveryError("Không có địa chỉ email.", permanent=True)
        site = settings.SITE_URL.rstrip("/")
        context = {
            "message": message, "recipient": message.recipient, "organization": message.organization, "site": site,
            "url": f"{site}{message.url}" if message.url else "",
            "items": [
                {"text": i["text"], "url": f"{site}{i['url']}" if i.get("url") else "", "reasons": i.get("reasons", [])}
                for i in message.items
            ],
            "notifications_url": f"{site}{reverse('notifications:list')}",
            "preferences_url": f"{site}{reverse('notifications:preferences')}",
        }
        template = "reminders/email/digest" if message.digest_day else "notifications/email/message"
        email = EmailMultiAlternatives(
            subject=f"[TĐKT] {message.title}",
            body=render_to_string(f"{template}.txt", context),
            to=[address],
        )
        email.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        try:
            email.send(fail_silently=False)
        except (SMTPException, OSError) as error:
            # Refused addresses are retried too: a full mailbox or a greylisting server answers 4xx/5xx alike.
            raise DeliveryError(f"{type(error).__name__}: {error}") from error
        return ""

    def gave_up(self, *, delivery, error: str) -> None:
        from ..services.preferences import email_mark_failed

        email_mark_failed(user=delivery.message.recipient, error=error)
