"""Reminder rules through the whole 2024 demo plan, day by day, and the sending of a digest."""

import datetime as dt
import smtplib
import zoneinfo
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from notifications import reminders
from notifications.models import Notification, NotificationPreference, OutboxMessage, ReminderLog
from notifications.services import outbox
from notifications.services import reminders as services
from notifications.tasks import deliver_message
from plans import services as plan_services
from plans.demo import demo_load
from plans.models import Plan, Task
from units.models import User

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(366)]


def at(day: dt.date):
    """Freeze the clock at 07:00 in Vietnam on `day`, as the beat would run."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 7, 0, tzinfo=HCM), tick=False)


@pytest.fixture
def demo(db):
    # The day before the plan's year: no progress applied, every task of the seed open.
    with at(dt.date(2023, 12, 31)):
        report = demo_load(today=dt.date(2023, 12, 31), demo_mode=True)
        plan = report.plan
        users = {u.username: u for u in User.objects.filter(username__in=["vhxh", "chutich", "canbo", "huyen"])}
        # Only an issued plan reminds: sign it the day before its year starts.
        plan_services.plan_transition(plan=plan, by=users["vhxh"], to=Plan.Status.SUBMITTED)
        plan_services.plan_transition(plan=plan, by=users["chutich"], to=Plan.Status.SIGNED)
    return plan, users


def _digest(user: User, day: dt.date) -> OutboxMessage:
    return OutboxMessage.objects.get(recipient=user, digest_day=day)


def _task(plan: Plan, number: int) -> Task:
    return plan.tasks.get(number=number)


def _logs(**filters) -> set[tuple]:
    return set(ReminderLog.objects.filter(**filters).values_list("recipient__username", "rule", "bucket"))


def _walk(days, *, on_day=None) -> dict[dt.date, services.ScanReport]:
    reports = {}
    for day in days:
        with at(day):
            if on_day:
                on_day(day)
            reports[day] = services.reminder_scan(day=day, enqueue=False)
    return reports


def test_whole_year_of_the_demo_plan(demo):
    plan, users = demo
    reports = _walk(YEAR)

    # Task 3 (QUÝ I; HĐ TĐKT xã and VH–XH; deadline 31/03): 14, 3 and 0 days before, then weekly when late.
    task3 = _task(plan, 3)
    assert task3.deadline == dt.date(2024, 3, 31)
    before = _logs(key=f"task:{task3.pk}", rule=ReminderLog.Rule.BEFORE_DEADLINE)
    assert before == {
        (who, "before", day)
        for who in ("canbo", "vhxh")
        for day in (dt.date(2024, 3, 17), dt.date(2024, 3, 28), dt.date(2024, 3, 31))
    }
    overdue = _logs(key=f"task:{task3.pk}", rule=ReminderLog.Rule.OVERDUE)
    weeks = [dt.date(2024, 4, 1) + dt.timedelta(days=7 * n) for n in range(40) if dt.date(2024, 4, 1)
             + dt.timedelta(days=7 * n) <= dt.date(2024, 12, 31)]
    assert {(who, day) for who, _, day in overdue if who != "chutich"} == {
        (who, day) for who in ("canbo", "vhxh") for day in weeks
    }
    # Escalation: the chairman (not in the task's units) only once it is late by more than 7 days.
    assert sorted(day for who, _, day in overdue if who == "chutich") == weeks[1:]
    # The superior office never gets reminders.
    assert not ReminderLog.objects.filter(recipient=users["huyen"]).exists()

    # Quarter-start digests: each responsible person of that quarter's tasks, on the quarter's first day.
    q2_people = set(ReminderLog.objects.filter(rule="quarter_start", bucket=dt.date(2024, 4, 1)).values_list(
        "recipient__username", flat=True))
    assert q2_people == {"canbo", "vhxh"}  # QUÝ II tasks belong to HĐ TĐKT and VH–XH, not to UBND xã
    q3_people = set(ReminderLog.objects.filter(rule="quarter_start", bucket=dt.date(2024, 7, 1)).values_list(
        "recipient__username", flat=True))
    assert q3_people == {"chutich", "vhxh"}
    assert reports[dt.date(2024, 4, 2)].new == [] or all(
        d.rule != "quarter_start" for d in reports[dt.date(2024, 4, 2)].new
    )

    # Quarterly report: vhxh, 10 days before each quarter ends, once.
    assert _logs(rule=ReminderLog.Rule.QUARTER_REPORT) == {
        ("vhxh", "quarter_report", day)
        for day in (dt.date(2024, 3, 21), dt.date(2024, 6, 20), dt.date(2024, 9, 20), dt.date(2024, 12, 21))
    }

    # One digest per person per day, listing everything: on 31/03 vhxh has every QUÝ I task due today.
    digest = _digest(users["vhxh"], dt.date(2024, 3, 31))
    assert digest.reminder_logs.filter(rule="before").count() == 5
    # No plan task is due on 30/03 (other deadlines are tested below).
    assert not ReminderLog.objects.filter(
        message__digest_day=dt.date(2024, 3, 30), recipient=users["vhxh"], key__startswith="task:"
    ).exists()
    assert ReminderLog.objects.filter(message__isnull=True).count() == 0

    # Re-running any day records nothing new and creates no second digest.
    logs, digests = ReminderLog.objects.count(), OutboxMessage.objects.count()
    for day in (dt.date(2024, 3, 31), dt.date(2024, 4, 8), dt.date(2024, 7, 1)):
        with at(day):
            assert services.reminder_scan(day=day, enqueue=False).new == []
    assert (ReminderLog.objects.count(), OutboxMessage.objects.count()) == (logs, digests)


def test_nothing_after_done_or_cancelled(demo):
    plan, users = demo
    task1, task8 = _task(plan, 1), _task(plan, 8)

    def progress(day):
        if day == dt.date(2024, 4, 10):
            plan_services.task_set_status(task=task1, by=users["vhxh"], status=Task.Status.DONE,
                                          note="Đã ban hành.")
        if day == dt.date(2024, 7, 3):
            plan_services.task_set_status(task=task8, by=users["vhxh"], status=Task.Status.CANCELLED,
                                     reason="Thực hiện theo quy chế của huyện.")

    _walk(YEAR[:250], on_day=progress)
    assert not ReminderLog.objects.filter(key=f"task:{task1.pk}", bucket__gt=dt.date(2024, 4, 10)).exists()
    assert ReminderLog.objects.filter(key=f"task:{task1.pk}", bucket=dt.date(2024, 4, 8)).exists()
    assert not ReminderLog.objects.filter(key=f"task:{task8.pk}", bucket__gt=dt.date(2024, 7, 3)).exists()
    assert ReminderLog.objects.filter(key=f"task:{task8.pk}", rule="overdue", bucket=dt.date(2024, 7, 1)).exists()


def test_a_missed_day_is_caught_up_not_lost(demo):
    plan, users = demo
    # The server was off from 15/03 to 19/03: the "14 days" reminder of 17/03 goes out on 20/03, once.
    _walk([dt.date(2024, 3, 14), dt.date(2024, 3, 20), dt.date(2024, 3, 21)])
    task3 = _task(plan, 3)
    assert _logs(key=f"task:{task3.pk}", recipient=users["canbo"]) == {("canbo", "before", dt.date(2024, 3, 17))}
    log = ReminderLog.objects.get(key=f"task:{task3.pk}", recipient=users["canbo"])
    assert log.message.digest_day == dt.date(2024, 3, 20)


def test_digest_is_one_message_with_every_task(demo):
    plan, users = demo
    _walk([dt.date(2024, 3, 31)])
    digest = _digest(users["canbo"], dt.date(2024, 3, 31))
    assert outbox.outbox_deliver(message_id=digest.pk) is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["canbo@thanh-son.invalid"]
    assert message.subject == "[TĐKT] Nhắc việc ngày 31/03/2024: 4 nhiệm vụ"
    for number in (2, 3, 4, 5):  # canbo's council (HĐ TĐKT xã) has tasks 2–5 in QUÝ I
        assert f"Nhiệm vụ {number}:" in message.body
    html = message.alternatives[0][0]
    assert "Hết hạn hôm nay (31/03/2024)" in html and f"/tasks/{_task(plan, 3).pk}/" in html
    notification = Notification.objects.get(recipient=users["canbo"], verb="reminder")
    assert notification.title == "Nhắc việc ngày 31/03/2024: 4 nhiệm vụ"
    assert [item["url"] for item in notification.items] == [
        f"/tasks/{_task(plan, n).pk}/" for n in (2, 3, 4, 5)
    ]
    # Sending again (a retried or duplicated task) sends nothing.
    assert outbox.outbox_deliver(message_id=digest.pk) is False
    assert len(mail.outbox) == 1 and Notification.objects.filter(verb="reminder").count() == 1


def test_task_done_before_sending_is_dropped_and_email_preference_is_respected(demo):
    plan, users = demo
    _walk([dt.date(2024, 3, 28)])
    NotificationPreference.objects.create(user=users["canbo"], email_enabled=False)
    with at(dt.date(2024, 3, 28)):
        for number in (2, 3):
            plan_services.task_set_status(task=_task(plan, number), by=users["vhxh"], status="done", note="Xong.")
    digest = _digest(users["canbo"], dt.date(2024, 3, 28))
    outbox.outbox_deliver(message_id=digest.pk)
    assert mail.outbox == []  # email off
    items = Notification.objects.get(recipient=users["canbo"], verb="reminder").items
    assert [i["url"] for i in items] == [f"/tasks/{_task(plan, n).pk}/" for n in (4, 5)]


class _RefusingSMTP:
    """Stands in for smtplib.SMTP, the one thing that would leave the machine."""

    calls = 0
    error: Exception = smtplib.SMTPRecipientsRefused({"canbo@thanh-son.invalid": (550, b"5.1.1 User unknown")})

    def __init__(self, *args, **kwargs):
        pass

    def ehlo_or_helo_if_needed(self):
        pass

    def login(self, *args):
        pass

    def sendmail(self, *args, **kwargs):
        type(self).calls += 1
        raise type(self).error

    def send_message(self, *args, **kwargs):
        return self.sendmail()

    def quit(self):
        pass

    def close(self):
        pass


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    _RefusingSMTP.calls = 0
    with mock.patch("django.core.mail.backends.smtp.smtplib.SMTP", _RefusingSMTP):
        yield _RefusingSMTP


def test_refused_address_is_marked_failed_after_retries(demo, smtp, vhxh_client):
    _walk([dt.date(2024, 3, 31)])
    canbo = User.objects.get(username="canbo")
    digest = _digest(canbo, dt.date(2024, 3, 31))
    deliver_message.apply(args=[digest.pk])  # eager: retries run inline, without their countdown
    assert smtp.calls == outbox.MAX_ATTEMPTS == 6
    preference = NotificationPreference.objects.get(user=canbo)
    assert preference.email_failed and "User unknown" in preference.email_last_error
    digest.refresh_from_db()
    assert digest.status == OutboxMessage.Status.DONE
    email = digest.deliveries.get(channel="email")
    assert email.status == "failed" and email.attempts == 6 and "User unknown" in email.last_error
    assert digest.deliveries.get(channel="bell").status == "sent"
    assert Notification.objects.filter(recipient=canbo).count() == 1  # in-app once, despite the retries
    # vhxh sees the failing address on the settings page.
    page = vhxh_client.get("/reminders/settings/")
    assert "canbo@thanh-son.invalid" in page.content.decode() and "User unknown" in page.content.decode()


def test_transient_smtp_error_retries_then_sends(demo, smtp):
    _walk([dt.date(2024, 3, 31)])
    canbo = User.objects.get(username="canbo")
    digest = _digest(canbo, dt.date(2024, 3, 31))
    attempts = []

    def flaky(*args, **kwargs):
        attempts.append(1)
        if len(attempts) < 3:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return {}

    with mock.patch.object(_RefusingSMTP, "sendmail", flaky):
        deliver_message.apply(args=[digest.pk])
    assert len(attempts) == 3
    digest.refresh_from_db()
    assert digest.status == OutboxMessage.Status.DONE
    email = digest.deliveries.get(channel="email")
    assert email.status == "sent" and email.attempts == 3
    assert not NotificationPreference.objects.filter(user=canbo, email_failed=True).exists()


@pytest.fixture
def vhxh_client(client, demo):
    client.force_login(User.objects.get(username="vhxh"))
    return client


def test_settings_change_the_rules(demo):
    plan, users = demo
    services.reminder_settings_update(
        organization=plan.organization, by=users["chutich"], days_before="7, 1", overdue_interval=3,
        escalation_days=2, report_lead_days=5,
    )
    _walk([dt.date(2024, 3, 24), dt.date(2024, 3, 30), dt.date(2024, 4, 3), dt.date(2024, 4, 4)])
    task3 = _task(plan, 3)
    assert _logs(key=f"task:{task3.pk}", recipient=users["canbo"]) == {
        ("canbo", "before", dt.date(2024, 3, 24)), ("canbo", "before", dt.date(2024, 3, 30)),
        ("canbo", "overdue", dt.date(2024, 4, 1)), ("canbo", "overdue", dt.date(2024, 4, 4)),
    }
    assert _logs(key=f"task:{task3.pk}", recipient=users["chutich"]) == {
        ("chutich", "overdue", dt.date(2024, 4, 1)), ("chutich", "overdue", dt.date(2024, 4, 4)),
    }
    assert _logs(rule="quarter_report") == {("vhxh", "quarter_report", dt.date(2024, 3, 26))}


def test_settings_are_validated_and_guarded(demo):
    plan, users = demo
    with pytest.raises(ValidationError) as error:
        services.reminder_settings_update(
            organization=plan.organization, by=users["vhxh"], days_before="14, ba", overdue_interval=7,
            escalation_days=7, report_lead_days=10,
        )
    assert "days_before" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.reminder_settings_update(
            organization=plan.organization, by=users["canbo"], days_before="14", overdue_interval=7,
            escalation_days=7, report_lead_days=10,
        )


def test_dry_run_command_prints_who_gets_what_and_why(demo):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with at(dt.date(2024, 3, 25)):
        call_command("send_reminders", "--date", "2024-03-25", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Ngày 25/03/2024" in text and "Lương Văn Hùng (canbo" in text
    assert "Nhắc trước hạn 14 ngày (31/03/2024): đơn vị thực hiện HĐ TĐKT xã" in text
    assert "Quý I kết thúc ngày 31/03/2024: chuẩn bị báo cáo" in text
    assert not ReminderLog.objects.exists() and not OutboxMessage.objects.filter(event="reminder").exists()

    with at(dt.date(2024, 3, 25)):
        call_command("send_reminders", "--date", "2024-03-25", stdout=StringIO())
    assert ReminderLog.objects.exists()


def test_rule_helpers_pick_the_nearest_mark():
    deadline = dt.date(2024, 3, 31)
    marks = (14, 3, 0)
    assert reminders.before_deadline_bucket(deadline=deadline, day=dt.date(2024, 3, 16), marks=marks) is None
    assert reminders.before_deadline_bucket(deadline=deadline, day=dt.date(2024, 3, 21), marks=marks) == (
        dt.date(2024, 3, 17), 14)
    assert reminders.before_deadline_bucket(deadline=deadline, day=dt.date(2024, 3, 30), marks=marks) == (
        dt.date(2024, 3, 28), 3)
    assert reminders.overdue_bucket(deadline=deadline, day=dt.date(2024, 4, 14), interval=7) == dt.date(2024, 4, 8)
