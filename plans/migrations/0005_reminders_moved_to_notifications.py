# The reminder settings, log and digests move to notifications/ (create + copy + delete): every commune's numbers,
# every logged reminder (so nothing already sent is sent again) and every digest (a pending one stays pending, as
# an outbox message composed when it is delivered; a sent one keeps its bell item and email outcome).

from django.db import migrations


def _copy(apps, schema_editor):
    OldSettings = apps.get_model("plans", "ReminderSettings")
    OldDigest = apps.get_model("plans", "ReminderDigest")
    OldLog = apps.get_model("plans", "ReminderLog")
    Settings = apps.get_model("notifications", "ReminderSettings")
    Message = apps.get_model("notifications", "OutboxMessage")
    Delivery = apps.get_model("notifications", "Delivery")
    Log = apps.get_model("notifications", "ReminderLog")

    Settings.objects.bulk_create(
        Settings(organization_id=row.organization_id, days_before=row.days_before,
                 overdue_interval=row.overdue_interval, escalation_days=row.escalation_days,
                 report_lead_days=row.report_lead_days)
        for row in OldSettings.objects.all()
    )
    message_of: dict[int, int] = {}
    for digest in OldDigest.objects.order_by("pk").iterator():
        sent = digest.status == "sent"
        message = Message.objects.create(
            key=f"reminder:{digest.day.isoformat()}:u{digest.recipient_id}", event="reminder",
            organization_id=digest.organization_id, recipient_id=digest.recipient_id, digest_day=digest.day,
            status="done" if sent else "pending", notification_id=digest.notification_id,
            enqueued_at=digest.enqueued_at, created_at=digest.created_at, done_at=digest.sent_at,
        )
        message_of[digest.pk] = message.pk
        if sent:
            rows = []
            if digest.notification_id:
                rows.append(Delivery(message=message, channel="bell", status="sent", attempts=1,
                                     sent_at=digest.sent_at))
            if digest.email_sent:
                rows.append(Delivery(message=message, channel="email", status="sent", attempts=1,
                                     sent_at=digest.sent_at))
            elif digest.email_error:
                rows.append(Delivery(message=message, channel="email", status="failed", attempts=6,
                                     last_error=digest.email_error))
            Delivery.objects.bulk_create(rows)
    Log.objects.bulk_create(
        (
            Log(organization_id=log.organization_id, rule=log.rule, key=log.key, recipient_id=log.recipient_id,
                bucket=log.bucket, reason=log.reason, created_at=log.created_at,
                message_id=message_of.get(log.digest_id))
            for log in OldLog.objects.order_by("pk").iterator()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0004_signoff"),
        ("notifications", "0001_initial"),
    ]
    # units.Notification leaves units' state there; ReminderDigest's link to it must be gone first.
    run_before = [("units", "0004_notifications_moved")]

    operations = [
        migrations.RunPython(_copy, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReminderLog"),
        migrations.DeleteModel(name="ReminderDigest"),
        migrations.DeleteModel(name="ReminderSettings"),
    ]
