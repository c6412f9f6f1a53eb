"""Against the real Redis (127.0.0.1:6379, db 15 unless CELERY_BROKER_URL says otherwise) and a real worker.

The worker runs in a thread of the test process (celery.contrib.testing), so it shares the test database (hence
transactional tests: the worker must see committed rows) and django.core.mail.outbox (the locmem backend).
"""

import datetime as dt
import os
import time
import zoneinfo

import pytest
import redis
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from kombu import pools

from notifications.models import Notification, OutboxMessage
from notifications.services import outbox
from notifications.services.reminders import reminder_scan
from notifications.tasks import deliver_message
from plans import services
from plans.models import Plan, Section
from thanhson.celery import app
from units.tests.factories import UnitFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
_env_broker = os.environ.get("CELERY_BROKER_URL", "")
REDIS_URL = _env_broker if _env_broker.startswith("redis://") else "redis://127.0.0.1:6379/15"
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"

pytestmark = pytest.mark.django_db(transaction=True)


def _use_broker(url: str) -> None:
    """Point the app at another broker, dropping pooled connections to the previous one."""
    # Celery reads $CELERY_BROKER_URL before its own setting (.ci/run exports it), so switch both.
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app.conf.broker_transport_options = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 1}
    # Drop every pooled connection (kombu keeps global producer pools too): the next publish must connect to `url`.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not running at {REDIS_URL}: start it (redis-server) or run .ci/run.")
    client.delete("celery")  # stale messages of an earlier run would point at rows that no longer exist
    previous = (app.conf.broker_url, app.conf.broker_transport_options)
    _use_broker(REDIS_URL)
    yield client
    client.delete("celery")
    _use_broker(previous[0])
    app.conf.broker_transport_options = previous[1]
    if _env_broker:
        os.environ["CELERY_BROKER_URL"] = _env_broker
    else:
        os.environ.pop("CELERY_BROKER_URL", None)


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 7, 0, tzinfo=HCM), tick=False)


@pytest.fixture
def plan(org, unit, vhxh, chutich, canbo):
    """A 2024 plan: task 1 (canbo's unit) due 31/03; task 2 (another unit) due 20/03, so late by 11 days on 31/03."""
    for user in (vhxh, chutich, canbo):
        user.email = f"{user.username}@thanh-son.invalid"
        user.save(update_fields=["email"])
    with at(dt.date(2023, 12, 31)):
        plan = services.plan_create(organization=org, year=2024, by=vhxh)
        q1 = plan.sections.get(kind=Section.Kind.Q1)
        services.task_create(section=q1, by=vhxh, content="Ký kết giao ước thi đua", units=[unit])
        other = UnitFactory(organization=org, name="Hội Cựu chiến binh xã")
        services.task_create(section=q1, by=vhxh, content="Đăng ký chỉ tiêu thi đua", units=[other],
                             deadline=dt.date(2024, 3, 20))
        # Only an issued plan reminds.
        services.plan_transition(plan=plan, by=vhxh, to=Plan.Status.SUBMITTED)
        services.plan_transition(plan=plan, by=chutich, to=Plan.Status.SIGNED)
    return plan


def _worker():
    return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING")


def _wait_until_sent(timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists():
        if time.monotonic() > deadline:
            pytest.fail("The worker did not send the pending digests in time.")
        time.sleep(0.1)


def _reminder_mails():
    # Signing the fixture's plan announced itself too (bell and email to the chairman and vhxh): leave those out.
    return [m for m in mail.outbox if m.subject.startswith("[TĐKT] Nhắc việc")]


def test_scan_enqueues_and_the_worker_sends(redis_broker, plan):
    queued = redis_broker.llen("celery")  # the sign-off's own messages
    with at(dt.date(2024, 3, 31)):
        report = reminder_scan(day=dt.date(2024, 3, 31))
    # canbo (task 1 due today), vhxh (both tasks), chutich (task 2 late by more than 7 days)
    assert report.enqueued == len(report.digests_pending) == 3
    assert redis_broker.llen("celery") == queued + 3
    with _worker():
        _wait_until_sent()
    assert sorted(m.to[0] for m in _reminder_mails()) == [
        "t_canbo@thanh-son.invalid", "t_chutich@thanh-son.invalid", "t_vhxh@thanh-son.invalid"
    ]
    vhxh_mail = next(m for m in _reminder_mails() if m.to == ["t_vhxh@thanh-son.invalid"])
    assert "Ký kết giao ước thi đua" in vhxh_mail.body and "Đăng ký chỉ tiêu thi đua" in vhxh_mail.body
    assert all(m.subject.startswith("[TĐKT] Nhắc việc ngày 31/03/2024") for m in _reminder_mails())
    assert Notification.objects.filter(verb="reminder").count() == 3


def test_broker_down_then_back_sends_exactly_once(redis_broker, plan):
    _use_broker(CLOSED_PORT_URL)
    with at(dt.date(2024, 3, 31)):
        # The morning scan runs while the broker is unreachable: the digests are recorded, not handed over.
        report = reminder_scan(day=dt.date(2024, 3, 31))
    assert report.enqueued == 0 and report.enqueue_failed == 3
    pending = list(OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, digest_day__isnull=False))
    assert {d.recipient.username for d in pending} == {"t_canbo", "t_vhxh", "t_chutich"}
    assert all(d.enqueued_at is None for d in pending)
    assert _reminder_mails() == []

    # The fixture's sign-off messages were handed over under the frozen clock of 2023: the flush sees them as
    # stale and hands them over again (the worker's claim makes the duplicate a no-op).
    stale = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, digest_day__isnull=True).count()
    _use_broker(REDIS_URL)
    with _worker():
        assert outbox.outbox_flush() == 3 + stale
        # A duplicate delivery (a second flush, a redelivered message) must not send anything twice.
        deliver_message.delay(pending[0].pk)
        _wait_until_sent()
        assert outbox.outbox_flush() == 0
        deadline = time.monotonic() + 10
        while redis_broker.llen("celery") and time.monotonic() < deadline:
            time.sleep(0.1)
    assert sorted(m.to[0] for m in _reminder_mails()) == [
        "t_canbo@thanh-son.invalid", "t_chutich@thanh-son.invalid", "t_vhxh@thanh-son.invalid"
    ]
    assert Notification.objects.filter(verb="reminder").count() == 3
    assert len(mail.outbox) == 3 + stale  # each sign-off email once, despite being queued twice
