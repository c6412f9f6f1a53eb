"""Celery tasks of the shared mechanisms: thin, each calls a service."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings

from . import backup, heartbeat

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def worker_heartbeat() -> None:
    heartbeat.heartbeat_record()


@worker_ready.connect
def _heartbeat_at_start(**kwargs) -> None:
    # /readyz/ is green as soon as a worker is up, not a minute later.
    heartbeat.heartbeat_record()


@shared_task(ignore_result=True)
def backup_daily() -> str:
    result = backup.backup_create()
    removed = backup.backup_prune(keep=settings.BACKUP_KEEP)
    logger.info("Đã sao lưu vào %s; xóa %d bản cũ (giữ %d bản).", result.path, len(removed), settings.BACKUP_KEEP)
    return str(result.path)
