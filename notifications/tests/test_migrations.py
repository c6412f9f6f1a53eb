"""The move keeps the data: bell items and preferences (same tables), reminder settings, logs and digests (copied
into the outbox), from the schema before notifications/ existed to the current one."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("units", "0003_notifications"), ("plans", "0004_signoff"), ("notifications", None)]
AFTER = [("units", "0004_notifications_moved"), ("plans", "0005_reminders_moved_to_notifications"),
         ("notifications", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_rows_survive_the_move():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[:2]).apps
    Organization = old.get_model("units", "Organization")
    User = old.get_model("units", "User")
    org = Organization.objects.create(name="UBND xã A", short_name="UBND xã A", slug="xa-a", superior_name="Huyện",
                                      place_name="A")
    user = User.objects.create(username="lan", organization=org, email="lan@a.invalid")
    note = old.get_model("units", "Notification").objects.create(recipient=user, organization=org, verb="reminder",
                                                                 title="Nhắc việc ngày 25/03/2024: 1 nhiệm vụ")
    old.get_model("units", "NotificationPreference").objects.create(user=user, email_enabled=False)
    old.get_model("plans", "ReminderSettings").objects.create(organization=org, days_before="10,2", overdue_interval=3)
    Digest = old.get_model("plans", "ReminderDigest")
    sent = Digest.objects.create(organization=org, recipient=user, day=dt.date(2024, 3, 25), status="sent",
                                 notification=note, email_sent=False, sent_at=timezone.now())
    pending = Digest.objects.create(organization=org, recipient=user, day=dt.date(2024, 3, 26))
    Log = old.get_model("plans", "ReminderLog")
    Log.objects.create(organization=org, rule="before", key="task:7", recipient=user, bucket=dt.date(2024, 3, 21),
                       reason="Nhắc trước hạn 10 ngày", digest=sent)
    Log.objects.create(organization=org, rule="overdue", key="task:8", recipient=user, bucket=dt.date(2024, 3, 26),
                       reason="Quá hạn 1 ngày", digest=pending)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    assert new.get_model("notifications", "Notification").objects.get(pk=note.pk).title.startswith("Nhắc việc")
    preference = new.get_model("notifications", "NotificationPreference").objects.get(user_id=user.pk)
    assert preference.email_enabled is False and preference.zalo_enabled is False
    settings_row = new.get_model("notifications", "ReminderSettings").objects.get(organization_id=org.pk)
    assert (settings_row.days_before, settings_row.overdue_interval) == ("10,2", 3)
    Message = new.get_model("notifications", "OutboxMessage")
    done = Message.objects.get(digest_day=dt.date(2024, 3, 25))
    waiting = Message.objects.get(digest_day=dt.date(2024, 3, 26))
    assert done.status == "done" and done.notification_id == note.pk
    assert waiting.status == "pending" and waiting.key == f"reminder:2024-03-26:u{user.pk}"
    logs = new.get_model("notifications", "ReminderLog").objects
    assert logs.get(key="task:7").message_id == done.pk and logs.get(key="task:8").message_id == waiting.pk

    # Back to the current schema for the rest of the suite.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
