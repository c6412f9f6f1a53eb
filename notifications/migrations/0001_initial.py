# The bell and the preferences move here from units/ without touching their tables (state only: every row stays,
# ids included); the outbox, the deliveries, the muted events and the reminder tables are new. The reminder
# settings, logs and digests of plans/ are copied in by plans/0005 and dropped there.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import notifications.models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("units", "0003_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("verb", models.CharField(max_length=40, verbose_name="Loại")),
                        ("title", models.CharField(max_length=300, verbose_name="Tiêu đề")),
                        ("body", models.TextField(blank=True, verbose_name="Nội dung")),
                        ("link", models.CharField(blank=True, max_length=500, verbose_name="Liên kết")),
                        ("items", models.JSONField(blank=True, default=list, verbose_name="Các mục")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="Thời gian")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="Đã đọc lúc")),
                        ("organization", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to="units.organization")),
                        ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL, verbose_name="Người nhận")),
                    ],
                    options={
                        "verbose_name": "Thông báo",
                        "verbose_name_plural": "Thông báo",
                        "db_table": "units_notification",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="NotificationPreference",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("email_enabled", models.BooleanField(default=True, verbose_name="Nhận thông báo qua email")),
                        ("email_failed", models.BooleanField(default=False, verbose_name="Email không gửi được")),
                        ("email_failed_at", models.DateTimeField(blank=True, null=True, verbose_name="Lỗi lúc")),
                        ("email_last_error", models.TextField(blank=True, verbose_name="Lỗi gần nhất")),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="notification_preference", to=settings.AUTH_USER_MODEL, verbose_name="Tài khoản")),
                    ],
                    options={
                        "verbose_name": "Tùy chọn thông báo",
                        "verbose_name_plural": "Tùy chọn thông báo",
                        "db_table": "units_notificationpreference",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="notificationpreference",
            name="zalo_enabled",
            field=models.BooleanField(default=False, verbose_name="Nhận thông báo qua Zalo"),
        ),
        migrations.CreateModel(
            name="MutedEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("event", models.CharField(max_length=40, verbose_name="Loại thông báo")),
                ("channel", models.CharField(choices=[("bell", "Chuông thông báo"), ("email", "Email"), ("zalo", "Zalo")], max_length=10, verbose_name="Kênh")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="muted_events", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "Loại thông báo đã tắt",
                "verbose_name_plural": "Loại thông báo đã tắt",
                "constraints": [models.UniqueConstraint(fields=("user", "event", "channel"), name="muted_event_once")],
            },
        ),
        migrations.CreateModel(
            name="OutboxMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=200, unique=True, verbose_name="Khóa")),
                ("event", models.CharField(max_length=40, verbose_name="Loại")),
                ("title", models.CharField(blank=True, max_length=300, verbose_name="Tiêu đề")),
                ("body", models.TextField(blank=True, verbose_name="Nội dung")),
                ("url", models.CharField(blank=True, max_length=500, verbose_name="Liên kết")),
                ("items", models.JSONField(blank=True, default=list, verbose_name="Các mục")),
                ("digest_day", models.DateField(blank=True, null=True, verbose_name="Nhắc việc ngày")),
                ("status", models.CharField(choices=[("pending", "Chờ gửi"), ("done", "Đã xử lý")], default="pending", max_length=10)),
                ("enqueued_at", models.DateTimeField(blank=True, null=True)),
                ("claimed_until", models.DateTimeField(blank=True, null=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("done_at", models.DateTimeField(blank=True, null=True)),
                ("notification", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="outbox_message", to="notifications.notification")),
                ("organization", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="outbox_messages", to="units.organization")),
                ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="outbox_messages", to=settings.AUTH_USER_MODEL, verbose_name="Người nhận")),
            ],
            options={
                "verbose_name": "Thư trong hàng đợi",
                "verbose_name_plural": "Hàng đợi thông báo",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["status", "enqueued_at"], name="outbox_status_enqueued"), models.Index(fields=["recipient", "digest_day"], name="outbox_recipient_digest")],
                "constraints": [models.UniqueConstraint(condition=models.Q(("digest_day__isnull", False)), fields=("recipient", "digest_day"), name="outbox_one_digest_per_person_day")],
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("channel", models.CharField(choices=[("bell", "Chuông thông báo"), ("email", "Email"), ("zalo", "Zalo")], max_length=10, verbose_name="Kênh")),
                ("status", models.CharField(choices=[("pending", "Chờ gửi"), ("sent", "Đã gửi"), ("failed", "Không gửi được")], default="pending", max_length=10, verbose_name="Trạng thái")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="Số lần thử")),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="Thử lại lúc")),
                ("last_error", models.TextField(blank=True, verbose_name="Lỗi gần nhất")),
                ("external_id", models.CharField(blank=True, max_length=100)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("message", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="deliveries", to="notifications.outboxmessage")),
            ],
            options={
                "verbose_name": "Kênh gửi",
                "verbose_name_plural": "Kênh gửi",
                "ordering": ["message", "channel"],
                "indexes": [models.Index(fields=["status", "next_attempt_at"], name="delivery_status_next")],
                "constraints": [models.UniqueConstraint(fields=("message", "channel"), name="delivery_one_per_channel"), models.CheckConstraint(condition=models.Q(("attempts__lte", 50)), name="delivery_attempts_range")],
            },
        ),
        migrations.CreateModel(
            name="ReminderSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("days_before", models.CharField(default="14,3,0", help_text="Các mốc số ngày trước hạn, cách nhau bởi dấu phẩy; 0 là đúng ngày hết hạn.", max_length=60, validators=[notifications.models.validate_days_before_required], verbose_name="Nhắc trước hạn nhiệm vụ (ngày)")),
                ("overdue_interval", models.PositiveSmallIntegerField(default=7, help_text="Việc quá hạn chưa hoàn thành được nhắc lại theo chu kỳ này.", verbose_name="Nhắc lại việc quá hạn sau mỗi (ngày)")),
                ("escalation_days", models.PositiveSmallIntegerField(default=7, verbose_name="Báo Chủ tịch khi quá hạn hơn (ngày)")),
                ("report_lead_days", models.PositiveSmallIntegerField(default=10, help_text="Số ngày trước khi hết quý, công chức Văn hóa – Xã hội được nhắc chuẩn bị báo cáo gửi cấp trên.", verbose_name="Nhắc chuẩn bị báo cáo quý trước (ngày)")),
                ("registration_days_before", models.CharField(blank=True, default="7,1", help_text="Đơn vị chưa gửi bản đăng ký được nhắc trước hạn đăng ký; để trống là không nhắc.", max_length=60, validators=[notifications.models.validate_days_before], verbose_name="Nhắc hạn đăng ký thi đua của phong trào (ngày)")),
                ("disclosure_days_before", models.CharField(blank=True, default="1,0", help_text="Công chức Văn hóa – Xã hội được nhắc trước ngày hết công khai để chuẩn bị họp Hội đồng.", max_length=60, validators=[notifications.models.validate_days_before], verbose_name="Nhắc kết thúc công khai danh sách (ngày)")),
                ("dossier_due_day", models.PositiveSmallIntegerField(blank=True, help_text="Hằng năm các đơn vị nộp hồ sơ đề nghị khen thưởng tổng kết năm trước ngày này; để trống là không nhắc.", null=True, verbose_name="Hạn nộp hồ sơ đề nghị khen thưởng: ngày")),
                ("dossier_due_month", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="Hạn nộp hồ sơ đề nghị khen thưởng: tháng")),
                ("dossier_days_before", models.CharField(blank=True, default="14,3,0", max_length=60, validators=[notifications.models.validate_days_before], verbose_name="Nhắc hạn nộp hồ sơ đề nghị (ngày)")),
                ("statistics_days_before", models.CharField(blank=True, default="15,5,0", help_text="Biểu 0602 nộp cơ quan cấp trên trước ngày 15/12 hằng năm.", max_length=60, validators=[notifications.models.validate_days_before], verbose_name="Nhắc hạn báo cáo thống kê năm (Biểu 0602) (ngày)")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("organization", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="reminder_settings", to="units.organization")),
            ],
            options={
                "verbose_name": "Cấu hình nhắc việc",
                "verbose_name_plural": "Cấu hình nhắc việc",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("overdue_interval__gte", 1), ("overdue_interval__lte", 90)), name="notif_reminder_interval_range", violation_error_message="Chu kỳ nhắc việc quá hạn phải từ 1 đến 90 ngày."),
                    models.CheckConstraint(condition=models.Q(("escalation_days__lte", 365)), name="notif_reminder_escalation_range", violation_error_message="Số ngày báo Chủ tịch phải từ 0 đến 365."),
                    models.CheckConstraint(condition=models.Q(("report_lead_days__lte", 60)), name="notif_reminder_report_lead_range", violation_error_message="Số ngày nhắc báo cáo quý phải từ 0 đến 60."),
                    models.CheckConstraint(condition=models.Q(models.Q(("dossier_due_day__isnull", True), ("dossier_due_month__isnull", True)), models.Q(("dossier_due_day__gte", 1), ("dossier_due_day__lte", 31), ("dossier_due_month__gte", 1), ("dossier_due_month__lte", 12)), _connector="OR"), name="notif_reminder_dossier_due_range", violation_error_message="Hạn nộp hồ sơ: nhập cả ngày (1–31) và tháng (1–12), hoặc để trống cả hai."),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReminderLog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("rule", models.CharField(choices=[("before", "Sắp đến hạn"), ("overdue", "Quá hạn"), ("quarter_start", "Đầu quý"), ("quarter_report", "Báo cáo quý"), ("registration", "Hạn đăng ký thi đua"), ("disclosure", "Kết thúc công khai"), ("dossier", "Hạn nộp hồ sơ khen thưởng"), ("statistics", "Báo cáo thống kê năm")], max_length=20)),
                ("key", models.CharField(max_length=60)),
                ("bucket", models.DateField()),
                ("reason", models.CharField(max_length=300)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("message", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="reminder_logs", to="notifications.outboxmessage")),
                ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reminder_logs", to="units.organization")),
                ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reminder_logs", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "Nhật ký nhắc việc",
                "verbose_name_plural": "Nhật ký nhắc việc",
                "ordering": ["-bucket", "recipient", "rule"],
                "indexes": [models.Index(fields=["bucket"], name="notif_reminderlog_bucket"), models.Index(fields=["message", "recipient"], name="notif_reminderlog_message"), models.Index(fields=["key"], name="notif_reminderlog_key")],
                "constraints": [models.UniqueConstraint(fields=("rule", "key", "recipient", "bucket"), name="notif_reminder_log_once")],
            },
        ),
        migrations.CreateModel(
            name="ZaloToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("app_id", models.CharField(max_length=40, unique=True)),
                ("access_token", models.TextField(blank=True)),
                ("refresh_token", models.TextField()),
                ("expires_at", models.DateTimeField(blank=True, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "Khóa truy cập Zalo",
                "verbose_name_plural": "Khóa truy cập Zalo",
            },
        ),
    ]
