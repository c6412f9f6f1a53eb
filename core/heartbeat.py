"""The worker's heartbeat, written by core.tasks.worker_heartbeat (every minute from beat) and at worker start."""

import datetime as dt

from django.utils import timezone

from .models import WorkerHeartbeat

WORKER = "celery-worker"


def heartbeat_record(*, name: str = WORKER) -> WorkerHeartbeat:
    beat, _ = WorkerHeartbeat.objects.update_or_create(name=name, defaults={"seen_at": timezone.now()})
    return beat


def heartbeat_age(*, name: str = WORKER) -> dt.timedelta | None:
    seen = WorkerHeartbeat.objects.filter(name=name).values_list("seen_at", flat=True).first()
    return None if seen is None else timezone.now() - seen
