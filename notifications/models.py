"""Every message the application sends, and what each person wants to receive.

- `OutboxMessage` is the one record of a message: written in the transaction of whatever caused it (a workflow
  step, the reminder scan), with a unique `key`, so the same event can never be announced twice.
- `Delivery` is one channel of one message (bell, email, zalo) with its own status, attempts and next retry:
  a broken mail server delays the email, never the bell, and a broker that is down only leaves rows pending
  for the flush beat to retry.
- `Notification` is the bell's copy; `NotificationPreference` and `MutedEvent` are each person's choices.

The first two models came from units/ (their tables keep their names: migration 0001 moved state only, so no
row was copied or lost); the reminder settings and log came from plans/.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from units.models import Organization


class Channel(models.TextChoices):
    BELL = "bell", "Chuông thông báo"
    EMAIL = "email", "Email"
    ZALO = "zalo", "Zalo"


class Notification(models.Model):
    """An in-app message (the bell)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="Người nhận"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # The event kind ("reminder", "plan_submitted", …), for filtering and preferences; people read the title.
    verb = models.CharField("Loại", max_length=40)
    title = models.CharField("Tiêu đề", max_length=300)
    body = models.TextField("Nội dung", blank=True)
    link = models.CharField("Liên kết", max_length=500, blank=True)
    # Lines of a digest, each with its own link: [{"text": "...", "url": "/tasks/12/"}].
    items = models.JSONField("Các mục", default=list, blank=True)
    created_at = models.DateTimeField("Thời gian", default=timezone.now)
    read_at = models.DateTimeField("Đã đọc lúc", null=True, blank=True)

    class Meta:
        db_table = "units_notification"
        verbose_name = "Thông báo"
        verbose_name_plural = "Thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Per-user channel choice, and the state of their email address as the mail server reported it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference",
        verbose_name="Tài khoản",
    )
    email_enabled = models.BooleanField("Nhận thông báo qua email", default=True)
    # Off by default: a Zalo message costs the commune money and needs the person's consent.
    zalo_enabled = models.BooleanField("Nhận thông báo qua Zalo", default=False)
    # Set when the mail server refused the address after every retry; no email is tried until it is cleared.
    email_failed = models.BooleanField("Email không gửi được", default=False)
    email_failed_at = models.DateTimeField("Lỗi lúc", null=True, blank=True)
    email_last_error = models.TextField("Lỗi gần nhất", blank=True)

    class Meta:
        db_table = "units_notificationpreference"
        verbose_name = "Tùy chọn thông báo"
        verbose_name_plural = "Tùy chọn thông báo"

    def __str__(self) -> str:
        return f"{self.user}: email {'bật' if self.email_enabled else 'tắt'}"


class MutedEvent(models.Model):
    """One (event kind, channel) a person chose not to receive. No row: they receive it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="muted_events")
    event = models.CharField("Loại thông báo", max_length=40)
    channel = models.CharField("Kênh", max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = "Loại thông báo đã tắt"
        verbose_name_plural = "Loại thông báo đã tắt"
        constraints = [
            models.UniqueConstraint(fields=["user", "event", "channel"], name="muted_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.event} / {self.channel}"


class OutboxMessage(models.Model):
    """One message to one person. Every channel's delivery hangs off it; `key` makes it happen once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        DONE = "done", "Đã xử lý"

    key = models.CharField("Khóa", max_length=200, unique=True)
    event = models.CharField("Loại", max_length=40)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox_messages"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox_messages", verbose_name="Người nhận"
    )
    title = models.CharField("Tiêu đề", max_length=300, blank=True)
    body = models.TextField("Nội dung", blank=True)
    url = models.CharField("Liên kết", max_length=500, blank=True)
    items = models.JSONField("Các mục", default=list, blank=True)
    # A reminder digest is composed when it is delivered (a task done since the scan is dropped).
    digest_day = models.DateField("Nhắc việc ngày", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    notification = models.OneToOneField(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="outbox_message"
    )
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # While a worker delivers it; a worker that died leaves a claim that expires.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Thư trong hàng đợi"
        verbose_name_plural = "Hàng đợi thông báo"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "enqueued_at"], name="outbox_status_enqueued"),
            models.Index(fields=["recipient", "digest_day"], name="outbox_recipient_digest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "digest_day"], condition=Q(digest_day__isnull=False),
                name="outbox_one_digest_per_person_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.title or self.key}"


class Delivery(models.Model):
    """One channel of one message."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Không gửi được"

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("Kênh", max_length=10, choices=Channel.choices)
    status = models.CharField("Trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("Số lần thử", default=0)
    next_attempt_at = models.DateTimeField("Thử lại lúc", null=True, blank=True)
    last_error = models.TextField("Lỗi gần nhất", blank=True)
    # What the channel answered (the Zalo msg_id), for reconciliation.
    external_id = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Kênh gửi"
        verbose_name_plural = "Kênh gửi"
        ordering = ["message", "channel"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_status_next")]
        constraints = [
            models.UniqueConstraint(fields=["message", "channel"], name="delivery_one_per_channel"),
            models.CheckConstraint(condition=Q(attempts__lte=50), name="delivery_attempts_range"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}/{self.channel}: {self.status}"


# --- reminders (notifications/reminders.py derives them, notifications/services/reminders.py records them) --


def validate_days_before(value: str) -> None:
    try:
        days = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise ValidationError("Nhập các số ngày, cách nhau bởi dấu phẩy, ví dụ: 14,3,0.") from None
    if any(d < 0 or d > 90 for d in days):
        raise ValidationError("Mỗi số ngày phải từ 0 đến 90, ví dụ: 14,3,0.")


def validate_days_before_required(value: str) -> None:
    validate_days_before(value)
    if not [part for part in value.split(",") if part.strip()]:
        raise ValidationError("Nhập các số ngày, cách nhau bởi dấu phẩy, ví dụ: 14,3,0.")


def days_list(value: str) -> list[int]:
    return sorted({int(part) for part in value.split(",") if part.strip()}, reverse=True)


class ReminderSettings(models.Model):
    """The reminder numbers of one commune; vhxh and chủ tịch edit them. An empty list of days turns a rule off."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="reminder_settings")
    days_before = models.CharField(
        "Nhắc trước hạn nhiệm vụ (ngày)", max_length=60, default="14,3,0", validators=[validate_days_before_required],
        help_text="Các mốc số ngày trước hạn, cách nhau bởi dấu phẩy; 0 là đúng ngày hết hạn.",
    )
    overdue_interval = models.PositiveSmallIntegerField(
        "Nhắc lại việc quá hạn sau mỗi (ngày)", default=7,
        help_text="Việc quá hạn chưa hoàn thành được nhắc lại theo chu kỳ này.",
    )
    escalation_days = models.PositiveSmallIntegerField("Báo Chủ tịch khi quá hạn hơn (ngày)", default=7)
    report_lead_days = models.PositiveSmallIntegerField(
        "Nhắc chuẩn bị báo cáo quý trước (ngày)", default=10,
        help_text="Số ngày trước khi hết quý, công chức Văn hóa – Xã hội được nhắc chuẩn bị báo cáo gửi cấp trên.",
    )
    registration_days_before = models.CharField(
        "Nhắc hạn đăng ký thi đua của phong trào (ngày)", max_length=60, default="7,1", blank=True,
        validators=[validate_days_before],
        help_text="Đơn vị chưa gửi bản đăng ký được nhắc trước hạn đăng ký; để trống là không nhắc.",
    )
    disclosure_days_before = models.CharField(
        "Nhắc kết thúc công khai danh sách (ngày)", max_length=60, default="1,0", blank=True,
        validators=[validate_days_before],
        help_text="Công chức Văn hóa – Xã hội được nhắc trước ngày hết công khai để chuẩn bị họp Hội đồng.",
    )
    dossier_due_day = models.PositiveSmallIntegerField(
        "Hạn nộp hồ sơ đề nghị khen thưởng: ngày", null=True, blank=True,
        help_text="Hằng năm các đơn vị nộp hồ sơ đề nghị khen thưởng tổng kết năm trước ngày này; để trống là "
                  "không nhắc.",
    )
    dossier_due_month = models.PositiveSmallIntegerField("Hạn nộp hồ sơ đề nghị khen thưởng: tháng", null=True,
                                                         blank=True)
    dossier_days_before = models.CharField(
        "Nhắc hạn nộp hồ sơ đề nghị (ngày)", max_length=60, default="14,3,0", blank=True,
        validators=[validate_days_before],
    )
    statistics_days_before = models.CharField(
        "Nhắc hạn báo cáo thống kê năm (Biểu 0602) (ngày)", max_length=60, default="15,5,0", blank=True,
        validators=[validate_days_before],
        help_text="Biểu 0602 nộp cơ quan cấp trên trước ngày 15/12 hằng năm.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Cấu hình nhắc việc"
        verbose_name_plural = "Cấu hình nhắc việc"
        constraints = [
            models.CheckConstraint(
                condition=Q(overdue_interval__gte=1) & Q(overdue_interval__lte=90),
                name="notif_reminder_interval_range",
                violation_error_message="Chu kỳ nhắc việc quá hạn phải từ 1 đến 90 ngày.",
            ),
            models.CheckConstraint(
                condition=Q(escalation_days__lte=365), name="notif_reminder_escalation_range",
                violation_error_message="Số ngày báo Chủ tịch phải từ 0 đến 365.",
            ),
            models.CheckConstraint(
                condition=Q(report_lead_days__lte=60), name="notif_reminder_report_lead_range",
                violation_error_message="Số ngày nhắc báo cáo quý phải từ 0 đến 60.",
            ),
            models.CheckConstraint(
                condition=(Q(dossier_due_day__isnull=True) & Q(dossier_due_month__isnull=True))
                | (Q(dossier_due_day__gte=1) & Q(dossier_due_day__lte=31) & Q(dossier_due_month__gte=1)
                   & Q(dossier_due_month__lte=12)),
                name="notif_reminder_dossier_due_range",
                violation_error_message="Hạn nộp hồ sơ: nhập cả ngày (1–31) và tháng (1–12), hoặc để trống cả hai.",
            ),
        ]

    def __str__(self) -> str:
        return f"Nhắc việc: {self.organization}"

    def days_before_list(self) -> list[int]:
        return days_list(self.days_before)

    def dossier_due_on(self, year: int) -> dt.date | None:
        if self.dossier_due_day is None or self.dossier_due_month is None:
            return None
        last = calendar.monthrange(year, self.dossier_due_month)[1]
        return dt.date(year, self.dossier_due_month, min(self.dossier_due_day, last))


class ReminderLog(models.Model):
    """One reminder owed to one person. The unique key is what makes a re-run, a second beat or a retry a no-op."""

    class Rule(models.TextChoices):
        BEFORE_DEADLINE = "before", "Sắp đến hạn"
        OVERDUE = "overdue", "Quá hạn"
        QUARTER_START = "quarter_start", "Đầu quý"
        QUARTER_REPORT = "quarter_report", "Báo cáo quý"
        REGISTRATION = "registration", "Hạn đăng ký thi đua"
        DISCLOSURE = "disclosure", "Kết thúc công khai"
        DOSSIER = "dossier", "Hạn nộp hồ sơ khen thưởng"
        STATISTICS = "statistics", "Báo cáo thống kê năm"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="reminder_logs")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    # What it is about: "task:<id>", "report:<plan id>:2", "registration:<id>", …; the source app renders it.
    key = models.CharField(max_length=60)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_logs")
    # The first day of the period the reminder belongs to (the "14 days before" day, the overdue week, the quarter).
    bucket = models.DateField()
    reason = models.CharField(max_length=300)
    message = models.ForeignKey(
        OutboxMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminder_logs"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Nhật ký nhắc việc"
        verbose_name_plural = "Nhật ký nhắc việc"
        ordering = ["-bucket", "recipient", "rule"]
        indexes = [
            models.Index(fields=["bucket"], name="notif_reminderlog_bucket"),
            models.Index(fields=["message", "recipient"], name="notif_reminderlog_message"),
            models.Index(fields=["key"], name="notif_reminderlog_key"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["rule", "key", "recipient", "bucket"], name="notif_reminder_log_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} {self.key} → {self.recipient_id} ({self.bucket:%d/%m/%Y})"


class ZaloToken(models.Model):
    """The Zalo OA access token in use and the refresh token that renews it (Zalo rotates both on each renewal).

    Seeded from ZALO_REFRESH_TOKEN on first use; after that the database holds the only valid refresh token.
    """

    app_id = models.CharField(max_length=40, unique=True)
    access_token = models.TextField(blank=True)
    refresh_token = models.TextField()
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Khóa truy cập Zalo"
        verbose_name_plural = "Khóa truy cập Zalo"

    def __str__(self) -> str:
        return f"Zalo app {self.app_id}"
