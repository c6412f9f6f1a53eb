"""The outbox: one message per key and person, the bell at once, email after commit (HTML and plain text),
preferences per channel and event kind, retries with backoff, and nothing lost while the broker is down."""

import datetime as dt
import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail
from kombu.exceptions import OperationalError

from notifications.models import Delivery, MutedEvent, Notification, NotificationPreference, OutboxMessage
from notifications.services import notification_send, outbox
from notifications.tasks import deliver_message

NOW = dt.datetime(2024, 3, 25, 8, 0, tzinfo=dt.UTC)


def _send(users, key="plan:1:step:1", **kwargs):
    return notification_send(
        event="plan_submitted", recipients=users, title="Trình ký: Kế hoạch năm 2024", body="Đề nghị xem <và> ký.",
        url="/plans/1/", key=key, **kwargs,
    )


def test_bell_at_once_email_after_commit_in_html_and_text(eager, with_emails):
    vhxh, chutich, _ = with_emails
    with eager(execute=True):
        [message] = _send([chutich])
        assert Notification.objects.filter(recipient=chutich, verb="plan_submitted").count() == 1
        assert mail.outbox == []  # not before the transaction commits
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["t_chutich@thanh-son.invalid"] and email.subject == "[TĐKT] Trình ký: Kế hoạch năm 2024"
    assert "http://127.0.0.1:8000/plans/1/" in email.body and "Đề nghị xem <và> ký." in email.body
    html = email.alternatives[0][0]
    assert 'href="http://127.0.0.1:8000/plans/1/"' in html and "Đề nghị xem &lt;và&gt; ký." in html
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE
    assert set(message.deliveries.values_list("channel", "status")) == {("bell", "sent"), ("email", "sent")}


def test_same_key_never_twice(eager, with_emails):
    _, chutich, canbo = with_emails
    with eager(execute=True):
        assert len(_send([chutich, canbo, chutich])) == 2
        assert _send([chutich, canbo]) == []
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2
    assert OutboxMessage.objects.filter(key=f"plan:1:step:1:u{chutich.pk}").count() == 1


def test_preferences_per_channel_and_event(eager, with_emails):
    _, chutich, canbo = with_emails
    MutedEvent.objects.create(user=chutich, event="plan_submitted", channel="email")
    NotificationPreference.objects.create(user=canbo, email_enabled=False)
    with eager(execute=True):
        _send([chutich, canbo])
    assert mail.outbox == []
    assert Notification.objects.filter(recipient__in=[chutich, canbo]).count() == 2
    # Another event kind still reaches chutich by email.
    with eager(execute=True):
        notification_send(event="plan_signed", recipients=[chutich], title="Đã ký", url="/plans/1/", key="k2")
    assert [m.to for m in mail.outbox] == [["t_chutich@thanh-son.invalid"]]


def test_inactive_and_addressless_people(eager, vhxh, chutich):
    chutich.is_active = False
    chutich.save(update_fields=["is_active"])
    with eager(execute=True):
        messages = _send([vhxh, chutich])
    assert [m.recipient for m in messages] == [vhxh]
    assert list(messages[0].deliveries.values_list("channel", flat=True)) == ["bell"]  # no address: bell only
    assert mail.outbox == []


def test_backoff_doubles_and_is_capped():
    assert [outbox.backoff_seconds(n) for n in range(1, 8)] == [30, 60, 120, 240, 480, 960, 1800]


def test_retry_waits_for_its_backoff_then_gives_up_and_marks_the_address(with_emails, settings):
    _, chutich, _ = with_emails
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with time_machine.travel(NOW, tick=False) as clock:
        [message] = _send([chutich])
        with mock.patch("django.core.mail.backends.smtp.EmailBackend.send_messages",
                        side_effect=smtplib.SMTPServerDisconnected("down")) as send:
            assert outbox.outbox_deliver(message_id=message.pk) is True
            email = Delivery.objects.get(message=message, channel="email")
            assert (email.status, email.attempts) == ("pending", 1)
            assert email.next_attempt_at == NOW + dt.timedelta(seconds=30)
            # Before the backoff has passed, a delivery (or the flush) does not try again.
            outbox.outbox_deliver(message_id=message.pk)
            assert send.call_count == 1
            for attempt in range(2, outbox.MAX_ATTEMPTS + 1):
                clock.shift(outbox.backoff_seconds(attempt - 1))
                outbox.outbox_deliver(message_id=message.pk)
            assert send.call_count == outbox.MAX_ATTEMPTS
        email.refresh_from_db()
        message.refresh_from_db()
    assert email.status == "failed" and "down" in email.last_error
    assert message.status == OutboxMessage.Status.DONE
    assert NotificationPreference.objects.get(user=chutich).email_failed  # shown to vhxh on the settings page
    assert Notification.objects.filter(recipient=chutich).count() == 1


def test_broker_down_leaves_messages_pending_and_the_flush_sends_them(eager, with_emails):
    _, chutich, canbo = with_emails
    with mock.patch.object(deliver_message, "delay", side_effect=OperationalError("connection refused")):
        with eager(execute=True):
            _send([chutich, canbo])
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
    assert pending.count() == 2 and not pending.filter(enqueued_at__isnull=False).exists()
    assert mail.outbox == []
    with eager(execute=True):
        assert outbox.outbox_flush() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["t_canbo@thanh-son.invalid", "t_chutich@thanh-son.invalid"]
    assert outbox.outbox_flush() == 0
    # A duplicate delivery of a finished message sends nothing.
    deliver_message.apply(args=[pending.model.objects.first().pk])
    assert len(mail.outbox) == 2


def test_a_rolled_back_step_announces_nothing(eager, with_emails):
    from django.db import transaction

    _, chutich, _ = with_emails
    with eager(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _send([chutich])
        raise RuntimeError("the step failed")
    assert not OutboxMessage.objects.exists() and not Notification.objects.exists() and mail.outbox == []
