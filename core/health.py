"""/healthz/ (the process answers) and /readyz/ (it can do its work), as JSON for monitors and docker-compose.

A small view rather than django-health-check: the checks we need are four, one of them (the Celery worker's
heartbeat through beat) is ours, and the package's broker check would add a result backend we do not run.
"""

import os
import shutil
import time

from celery import current_app
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .heartbeat import heartbeat_age


def _check(fn) -> dict:
    started = time.monotonic()
    try:
        detail = fn()
        ok = True
    except Exception as error:  # a readiness probe reports every failure, whatever its kind
        ok, detail = False, f"{type(error).__name__}: {error}"
    return {"ok": ok, "detail": detail, "ms": round((time.monotonic() - started) * 1000, 1)}


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _broker() -> str:
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return conn.transport.driver_type


def _disk() -> str:
    paths = [p for p in {str(settings.MEDIA_ROOT), str(settings.VAR_DIR)} if os.path.isdir(p)]
    lowest = min(shutil.disk_usage(p).free for p in paths or [str(settings.BASE_DIR)]) // (1024 * 1024)
    if lowest < settings.HEALTH_MIN_FREE_DISK_MB:
        raise OSError(f"còn {lowest} MB trống (cần ít nhất {settings.HEALTH_MIN_FREE_DISK_MB} MB)")
    return f"{lowest} MB trống"


def _worker() -> str:
    age = heartbeat_age()
    if age is None:
        raise RuntimeError("chưa có tiến trình nền (celery worker) nào chạy")
    seconds = int(age.total_seconds())
    if seconds > settings.HEALTH_HEARTBEAT_MAX_AGE:
        raise RuntimeError(f"tiến trình nền im lặng {seconds} giây (worker hoặc beat đã dừng?)")
    return f"{seconds} giây trước"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the web process answers. Touches nothing else, so a slow database never restarts it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _check(_database), "broker": _check(_broker), "disk": _check(_disk)}
    # The heartbeat lives in the database: no point asking when the database is down.
    checks["worker"] = _check(_worker) if checks["database"]["ok"] else {"ok": False, "detail": "bỏ qua", "ms": 0}
    ready = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503)
