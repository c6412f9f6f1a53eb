"""What the domain apps plug in: the event kinds people can mute, and the reminder sources.

notifications/ imports no domain app. Each app declares its events and deadlines in its own module (plans/notify.py,
campaigns/notify.py, awards/notify.py), registered from its AppConfig.ready.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .reminders import Snapshot

EVENTS: dict[str, str] = {}


def event_register(code: str, label: str) -> str:
    """Declare an event kind (its Vietnamese label shows on the preferences page). Returns the code."""
    if len(code) > 40:
        raise ValueError(f"event code too long: {code}")
    EVENTS[code] = label
    return code


@dataclass(frozen=True)
class DigestLine:
    text: str
    url: str
    order: int = 0  # lower first among lines of the same rule


@dataclass(frozen=True)
class ReminderSource:
    """A domain app's deadlines.

    - `collect(snapshot=, day=, organization_ids=, task_ids=)` adds its facts to the snapshot (a fixed number of
      queries); `task_ids` not None means "only these plan tasks" (a task just saved): other sources add nothing.
    - `describe(keys=, day=)` returns, for each key it owns (by prefix), the line to show, or None when the
      matter is settled since the scan (a task done, a registration sent): that reminder is dropped.
    """

    name: str
    prefixes: tuple[str, ...]
    collect: Callable[..., None]
    describe: Callable[..., dict[str, DigestLine | None]]


SOURCES: dict[str, ReminderSource] = {}


def reminder_source_register(source: ReminderSource) -> None:
    SOURCES[source.name] = source


def source_for_key(key: str) -> ReminderSource | None:
    prefix = key.split(":", 1)[0]
    return next((s for s in SOURCES.values() if prefix in s.prefixes), None)


def collect_all(*, snapshot: Snapshot, day: dt.date, organization_ids: Sequence[int] | None,
                task_ids: Sequence[int] | None) -> None:
    for source in SOURCES.values():
        source.collect(snapshot=snapshot, day=day, organization_ids=organization_ids, task_ids=task_ids)


@dataclass(frozen=True)
class WaitingItem:
    """A count of things waiting for this person's signature, for the dashboard hint."""

    label: str  # "kế hoạch, báo cáo chờ ký"
    count: int
    url: str


# Each app adds a function (user) -> list[WaitingItem] for what waits for that user's signature.
WAITING: list[Callable] = []


def waiting_register(function: Callable) -> None:
    if function not in WAITING:
        WAITING.append(function)


def waiting_for(user) -> list[WaitingItem]:
    return [item for function in WAITING for item in function(user) if item.count]
