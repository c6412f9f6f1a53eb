"""Reminder scan: time and SQL queries for 10 and 50 communes × 200 tasks (goal: ≤ 2 s at 50 × 200, and a
query count that does not grow with the number of tasks).

Run:  .venv/bin/python benchmarks/reminder_scan.py [--tasks 200] [--communes 10 50]
Builds a throwaway SQLite database under var/bench/ (or uses $BENCH_DATABASE_URL). The data is written in bulk
(a benchmark, not a test of the services); the scan is the real notifications reminder_scan, without enqueueing
(the broker is not what is measured). Deadlines are spread over the year, so on the scan day a good part of the
tasks is overdue, some are due soon, and the quarter report is due.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DAY = dt.date(2024, 6, 20)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    db_url = os.environ.get("BENCH_DATABASE_URL")
    if not db_url:
        db_file = BENCH_DIR / "reminders.sqlite3"
        db_file.unlink(missing_ok=True)
        db_url = f"sqlite:///{db_file}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="thanhson.settings.local", DATABASE_URL=db_url, DEBUG="False", DEMO_MODE="False",
        CELERY_BROKER_URL="memory://",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(communes: int, tasks_per_commune: int, start: int) -> None:
    from django.contrib.auth.models import Group

    from plans.models import Plan, Section, Task, TaskUnit
    from units.models import Organization, Person, Unit, User
    from units.roles import Role

    groups = {role: Group.objects.get_or_create(name=role)[0] for role in (Role.VHXH, Role.CHU_TICH, Role.CAN_BO)}
    for n in range(start, start + communes):
        org = Organization.objects.create(name=f"UBND xã Thử {n}", short_name=f"Xã Thử {n}", slug=f"xa-thu-{n}",
                                          superior_name="UBND tỉnh", place_name=f"Thử {n}")
        units = [Unit.objects.create(organization=org, name=f"Đơn vị {k}", order=k) for k in range(8)]
        for k, unit in enumerate(units[:6]):
            user = User.objects.create(username=f"u{n}-{k}", organization=org, email=f"u{n}-{k}@bench.invalid")
            role = Role.VHXH if k == 0 else Role.CHU_TICH if k == 1 else Role.CAN_BO
            user.groups.add(groups[role])
            Person.objects.create(organization=org, full_name=f"Cán bộ {n}-{k}", unit=unit, user=user)
        plan = Plan.objects.create(organization=org, year=DAY.year, title=f"Kế hoạch {n}")
        sections = [Section.objects.create(plan=plan, kind=f"q{q}", order=q) for q in range(1, 5)]
        rows = []
        for i in range(tasks_per_commune):
            deadline = dt.date(DAY.year, 1, 1) + dt.timedelta(days=i * 365 // tasks_per_commune)
            section = sections[(deadline.month - 1) // 3]
            rows.append(Task(plan=plan, section=section, order=i, number=i + 1, content=f"Nhiệm vụ {i + 1}",
                             deadline=deadline, search_text=f"nhiem vu {i + 1}"))
        created = Task.objects.bulk_create(rows)
        TaskUnit.objects.bulk_create(
            TaskUnit(task=task, unit=units[i % 8], order=0) for i, task in enumerate(created)
        )


def measure(label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.services import reminders as services

    for run in ("lần đầu", "chạy lại"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = services.reminder_scan(day=DAY, enqueue=False)
            elapsed = time.perf_counter() - started
        # INSERTs come in batches (SQLite: 999 parameters a statement), so they follow the day's *new* rows;
        # every other query is fixed, whatever the number of communes and tasks.
        inserts = sum(q["sql"].lstrip().upper().startswith("INSERT") for q in queries.captured_queries)
        print(f"{label:>14} {run:<9} {elapsed:6.2f} s  {len(queries) - inserts:3d} truy vấn "
              f"+ {inserts:3d} INSERT theo lô  {len(report.due):6d} nhắc việc, {len(report.new):6d} mới, "
              f"{len(report.digests_pending):4d} thư")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--communes", type=int, nargs="+", default=[10, 50])
    args = parser.parse_args()
    setup_django()
    from notifications.models import OutboxMessage, ReminderLog

    built = 0
    print(f"Ngày quét {DAY:%d/%m/%Y}; {args.tasks} nhiệm vụ mỗi xã.")
    for communes in sorted(args.communes):
        build(communes - built, args.tasks, start=built)
        built = communes
        # Each size starts from an empty log, so "lần đầu" records the whole day.
        ReminderLog.objects.all().delete()
        OutboxMessage.objects.filter(digest_day__isnull=False).delete()
        measure(f"{communes} × {args.tasks}")


if __name__ == "__main__":
    main()
