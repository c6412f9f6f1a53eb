"""Recording and composing reminders: the daily scan, the digest of each person's day, the settings.

The scan records what is owed (ReminderLog, one row per rule, matter, person and period) and puts each person's new
lines into their digest of the day: an OutboxMessage with `digest_day`, in the same transaction; sending happens
after commit, through the outbox like every other message. The digest is composed when it is delivered, so a task
done (or a registration sent) in between is dropped, and a digest left with nothing is not sent at all.
"""

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from units.models import Organization, User
from units.permissions import ensure_can_edit_org

from .. import reminders
from ..events import REMINDER
from ..models import Delivery, OutboxMessage, ReminderLog, ReminderSettings
from ..registry import source_for_key
from ..selectors import reminder_snapshot
from .outbox import outbox_enqueue

logger = logging.getLogger(__name__)

RULE_ORDER = {
    ReminderLog.Rule.OVERDUE: 0, ReminderLog.Rule.BEFORE_DEADLINE: 1, ReminderLog.Rule.QUARTER_REPORT: 2,
    ReminderLog.Rule.QUARTER_START: 3, ReminderLog.Rule.REGISTRATION: 4, ReminderLog.Rule.DOSSIER: 5,
    ReminderLog.Rule.DISCLOSURE: 6, ReminderLog.Rule.STATISTICS: 7,
}
# How a digest's title names what is not a plan task.
TITLE_PARTS = {
    ReminderLog.Rule.QUARTER_REPORT: "chuẩn bị báo cáo quý",
    ReminderLog.Rule.REGISTRATION: "hạn đăng ký thi đua",
    ReminderLog.Rule.DOSSIER: "hạn nộp hồ sơ khen thưởng",
    ReminderLog.Rule.DISCLOSURE: "kết thúc công khai",
    ReminderLog.Rule.STATISTICS: "báo cáo thống kê năm",
}


@dataclass
class ScanReport:
    day: dt.date
    due: list = field(default_factory=list)  # every reminders.Due of the day
    new: list = field(default_factory=list)  # those not logged before this scan
    digests_pending: list[int] = field(default_factory=list)
    enqueued: int = 0
    enqueue_failed: int = 0


def digest_key(*, recipient_id: int, day: dt.date) -> str:
    return f"reminder:{day.isoformat()}:u{recipient_id}"


@transaction.atomic
def reminder_scan(
    *, day: dt.date, organization_ids: list[int] | None = None, task_ids: list[int] | None = None,
    dry_run: bool = False, enqueue: bool = True,
) -> ScanReport:
    """Record the reminders due on `day` once each, group them per person into that day's digest, enqueue sending.

    Idempotent: running a day again, or two beats at once, logs and sends nothing new. `dry_run` derives and
    reports without writing. `task_ids` narrows the scan to those plan tasks (a task just saved).
    """
    snapshot = reminder_snapshot(day=day, organization_ids=organization_ids, task_ids=task_ids)
    due = reminders.due_reminders(day=day, snapshot=snapshot)
    report = ScanReport(day=day, due=due)
    buckets = {item.bucket for item in due}
    logged = set(
        ReminderLog.objects.filter(bucket__in=buckets).values_list("rule", "key", "recipient_id", "bucket")
    ) if buckets else set()
    report.new = [item for item in due if (item.rule, item.key, item.recipient_id, item.bucket) not in logged]
    if dry_run:
        return report
    # ignore_conflicts: a concurrent scan may have logged the same rows a moment ago; the constraint decides.
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                organization_id=item.organization_id, rule=item.rule, key=item.key, recipient_id=item.recipient_id,
                bucket=item.bucket, reason=item.reason[:300],
            )
            for item in report.new
        ],
        ignore_conflicts=True, batch_size=500,
    )
    report.digests_pending = _digests_assign(day=day)
    # A digest already handed to the broker picks up the new lines when the worker composes it; enqueueing it
    # again would only queue no-op messages. Digests enqueued long ago and never sent: the flush re-enqueues.
    fresh = list(
        OutboxMessage.objects.filter(pk__in=report.digests_pending, enqueued_at__isnull=True)
        .order_by("pk").values_list("pk", flat=True)
    ) if report.digests_pending else []
    if enqueue and fresh:
        def hand_over() -> None:
            report.enqueued = outbox_enqueue(fresh)
            report.enqueue_failed = len(fresh) - report.enqueued

        transaction.on_commit(hand_over)
    return report


def _digests_assign(*, day: dt.date) -> list[int]:
    """Put every waiting log into its recipient's digest of `day`; returns the pending digests with logs."""
    waiting = ReminderLog.objects.filter(message__isnull=True)
    owners = dict(waiting.values_list("recipient_id", "organization_id").distinct())
    if owners:
        existing = set(OutboxMessage.objects.filter(digest_day=day, recipient_id__in=owners).values_list(
            "recipient_id", flat=True
        ))
        OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(key=digest_key(recipient_id=user_id, day=day), event=REMINDER, organization_id=org_id,
                              recipient_id=user_id, digest_day=day)
                for user_id, org_id in owners.items() if user_id not in existing
            ],
            ignore_conflicts=True,
        )
        # One statement for every recipient. A person whose digest of the day is already composed keeps the logs
        # waiting (message stays NULL): they go out in the next day's digest, never in a second message.
        open_digest = OutboxMessage.objects.filter(
            recipient_id=OuterRef("recipient_id"), digest_day=day, status=OutboxMessage.Status.PENDING,
        ).exclude(Exists(Delivery.objects.filter(message=OuterRef("pk"))))
        waiting.update(message=Subquery(open_digest.values("pk")[:1]))
    return list(
        OutboxMessage.objects.filter(digest_day=day, status=OutboxMessage.Status.PENDING,
                                     reminder_logs__isnull=False)
        .distinct().order_by("pk").values_list("pk", flat=True)
    )


@dataclass
class DigestItem:
    key: str
    rules: list[str]
    reasons: list[str]
    text: str = ""
    url: str = ""
    order: int = 0


def digest_items(*, message: OutboxMessage) -> list[DigestItem]:
    """The lines of a digest, one per matter (several rules for one task make one line), settled ones dropped."""
    by_key: dict[str, DigestItem] = {}
    for log in message.reminder_logs.order_by("rule", "pk"):
        item = by_key.setdefault(log.key, DigestItem(key=log.key, rules=[], reasons=[]))
        if log.rule not in item.rules:
            item.rules.append(log.rule)
        item.reasons.append(log.reason)
    by_source: dict = {}
    for key in by_key:
        source = source_for_key(key)
        if source is not None:
            by_source.setdefault(source, []).append(key)
    lines: dict = {}
    for source, keys in by_source.items():
        lines.update(source.describe(keys=keys, day=message.digest_day))
    items = []
    for key, item in by_key.items():
        line = lines.get(key)
        if line is None:
            continue  # done, sent, or its app no longer exists: nothing to remind
        item.text, item.url, item.order = line.text, line.url, line.order
        items.append(item)
    return sorted(items, key=lambda i: (min(RULE_ORDER.get(r, 9) for r in i.rules), i.order, i.key))


def _digest_title(day: dt.date, items: Sequence[DigestItem]) -> str:
    tasks = sum(1 for item in items if item.key.startswith("task:"))
    parts = [f"{tasks} nhiệm vụ"] if tasks else []
    for rule, label in TITLE_PARTS.items():
        if any(rule in item.rules and not item.key.startswith("task:") for item in items) and label not in parts:
            parts.append(label)
    return f"Nhắc việc ngày {day:%d/%m/%Y}: {', '.join(parts)}"


def digest_compose(*, message: OutboxMessage) -> bool:
    """Write the digest's title, text and lines onto the message; False if nothing is left to remind."""
    items = digest_items(message=message)
    if not items:
        return False
    message.title = _digest_title(message.digest_day, items)
    message.body = f"Nhắc việc công tác thi đua, khen thưởng ngày {message.digest_day:%d/%m/%Y}."
    message.url = items[0].url if len(items) == 1 else ""
    message.items = [{"text": i.text, "url": i.url, "reasons": i.reasons} for i in items]
    message.save(update_fields=["title", "body", "url", "items"])
    return True


def reminder_settings_get(*, organization: Organization) -> ReminderSettings:
    reminder_settings, _ = ReminderSettings.objects.get_or_create(organization=organization)
    return reminder_settings


SETTINGS_FIELDS = (
    "days_before", "overdue_interval", "escalation_days", "report_lead_days", "registration_days_before",
    "disclosure_days_before", "dossier_due_day", "dossier_due_month", "dossier_days_before",
    "statistics_days_before",
)
MARK_FIELDS = ("days_before", "registration_days_before", "disclosure_days_before", "dossier_days_before",
               "statistics_days_before")


@transaction.atomic
def reminder_settings_update(*, organization: Organization, by: User, **values) -> ReminderSettings:
    """Change a commune's reminder numbers (vhxh, chủ tịch). Unknown names are a programming error."""
    ensure_can_edit_org(user=by, organization=organization)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown reminder settings: {sorted(unknown)}")
    reminder_settings = reminder_settings_get(organization=organization)
    for name, value in values.items():
        if name in MARK_FIELDS:
            value = ",".join(part.strip() for part in str(value).split(",") if part.strip())
        setattr(reminder_settings, name, value)
    reminder_settings.full_clean()
    reminder_settings.save()
    return reminder_settings
