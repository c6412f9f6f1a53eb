"""`python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: the daily reminder scan, by hand.

Without --dry-run it runs the very service the 07:00 beat runs
(notifications.services.reminders.reminder_scan); the worker sends.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from units.models import Organization, User

from ...models import ReminderLog
from ...registry import source_for_key
from ...services import reminders as services

RULE_LABELS = dict(ReminderLog.Rule.choices)


def _parse_day(value: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {value!r}. Dùng dạng 2024-03-25 hoặc 25/03/2024.")


class Command(BaseCommand):
    help = "Quét và gửi thư nhắc việc của một ngày (mặc định hôm nay). --dry-run chỉ in ai sẽ nhận gì, vì sao."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Ngày quét, ví dụ 2024-03-25 (mặc định: hôm nay)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in, không ghi và không gửi")
        parser.add_argument("--org", help="Chỉ quét một xã (mã, ví dụ thanh-son)")

    def handle(self, *args, **options) -> None:
        day = _parse_day(options["date"]) if options["date"] else timezone.localdate()
        org_ids = None
        if options["org"]:
            org = Organization.objects.filter(slug=options["org"]).first()
            if org is None:
                raise CommandError(f"Không có xã nào mang mã {options['org']!r}.")
            org_ids = [org.pk]
        report = services.reminder_scan(day=day, organization_ids=org_ids, dry_run=options["dry_run"])
        self._print(report, dry_run=options["dry_run"])

    def _print(self, report: services.ScanReport, *, dry_run: bool) -> None:
        day = f"{report.day:%d/%m/%Y}"
        if not report.due:
            self.stdout.write(f"Ngày {day}: không có việc nào cần nhắc.")
            return
        new = {(d.rule, d.key, d.recipient_id, d.bucket) for d in report.new}
        users = User.objects.in_bulk({d.recipient_id for d in report.due})
        keys_by_source: dict = {}
        for item in report.due:
            source = source_for_key(item.key)
            if source is not None:
                keys_by_source.setdefault(source, set()).add(item.key)
        lines = {}
        for source, keys in keys_by_source.items():
            lines.update(source.describe(keys=sorted(keys), day=report.day))
        by_user: dict[int, list] = {}
        for item in report.due:
            by_user.setdefault(item.recipient_id, []).append(item)
        verb = "sẽ nhận" if dry_run else "nhận"
        self.stdout.write(f"Ngày {day}: {len(by_user)} người {verb} thư nhắc việc (mỗi người một thư).")
        for user_id, items in by_user.items():
            user = users[user_id]
            address = user.email or "không có email: chỉ trên chuông"
            self.stdout.write(f"\n{user} ({user.username}, {address}):")
            for item in items:
                line = lines.get(item.key)
                what = line.text[:110] if line else item.key
                state = "mới" if (item.rule, item.key, item.recipient_id, item.bucket) in new else "đã ghi trước đó"
                self.stdout.write(f"  - [{RULE_LABELS[item.rule]}] {what}\n      vì: {item.reason} ({state})")
        if dry_run:
            self.stdout.write(f"\nChạy thử: {len(report.new)} nhắc việc mới, chưa ghi và chưa gửi gì.")
        else:
            self.stdout.write(
                f"\nĐã ghi {len(report.new)} nhắc việc mới; {len(report.digests_pending)} thư chờ gửi, "
                f"{report.enqueued} thư đã vào hàng đợi"
                + (f", {report.enqueue_failed} thư chưa vào được hàng đợi (sẽ thử lại)." if report.enqueue_failed
                   else ".")
            )
