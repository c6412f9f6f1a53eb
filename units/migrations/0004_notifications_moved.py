# Notification and NotificationPreference now belong to notifications/ (its 0001 took over the same tables):
# this removes them from units' state only. No table is dropped, no row is lost.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("units", "0003_notifications"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="NotificationPreference"),
            ],
            database_operations=[],
        ),
    ]
