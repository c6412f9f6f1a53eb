"""The office/production mechanisms of core/: health probes, rate limit, CSP, error pages, readable mail and logs."""

import datetime as dt
import io
import logging
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core import heartbeat
from core.logging import OneLineRequestFilter
from core.mail import ConsoleEmailBackend, SMTPEmailBackend
from core.models import WorkerHeartbeat
from core.tasks import worker_heartbeat

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


# --- /healthz/ and /readyz/ ---------------------------------------------------------------------------------

def test_healthz_is_json_and_touches_nothing(client):
    # No django_db mark: any database access would raise here.
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_with_a_fresh_heartbeat(client):
    with time_machine.travel(NOW, tick=False):
        worker_heartbeat.apply()  # what beat sends every minute, run as the worker runs it
        with time_machine.travel(NOW + dt.timedelta(minutes=4), tick=False):
            response = client.get("/readyz/")
    data = response.json()
    assert response.status_code == 200, data
    assert data["status"] == "ok"
    assert {name: check["ok"] for name, check in data["checks"].items()} == {
        "database": True, "broker": True, "disk": True, "worker": True
    }
    assert data["checks"]["worker"]["detail"] == "240 giây trước"


@pytest.mark.django_db
def test_readyz_fails_without_or_with_a_stale_heartbeat(client):
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {
        "ok": False, "detail": "RuntimeError: chưa có tiến trình nền (celery worker) nào chạy",
        "ms": response.json()["checks"]["worker"]["ms"],
    }
    with time_machine.travel(NOW, tick=False):
        heartbeat.heartbeat_record()
    with time_machine.travel(NOW + dt.timedelta(minutes=5, seconds=1), tick=False):
        response = client.get("/readyz/")
    assert response.status_code == 503
    assert "im lặng 301 giây" in response.json()["checks"]["worker"]["detail"]


@pytest.mark.django_db
def test_readyz_fails_when_the_disk_is_nearly_full_or_the_broker_is_down(client, settings, monkeypatch):
    heartbeat.heartbeat_record()
    settings.HEALTH_MIN_FREE_DISK_MB = 10**12
    data = client.get("/readyz/").json()
    assert data["status"] == "fail" and not data["checks"]["disk"]["ok"] and data["checks"]["database"]["ok"]
    assert "MB trống" in data["checks"]["disk"]["detail"]

    from celery import current_app

    settings.HEALTH_MIN_FREE_DISK_MB = 1
    previous = current_app.conf.broker_url
    # Celery reads $CELERY_BROKER_URL before its own setting (.ci/run exports it), so point both at nothing.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    current_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/readyz/")
    finally:
        current_app.conf.broker_url = previous
    assert response.status_code == 503 and not response.json()["checks"]["broker"]["ok"]


@pytest.mark.django_db
def test_worker_start_records_a_heartbeat():
    from celery.signals import worker_ready

    worker_ready.send(sender=None)
    assert WorkerHeartbeat.objects.get(name=heartbeat.WORKER).seen_at > timezone.now() - dt.timedelta(seconds=5)


def test_beat_runs_the_heartbeat_and_the_daily_backup():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["worker-heartbeat"]["task"] == "core.tasks.worker_heartbeat"
    assert schedule["worker-heartbeat"]["schedule"] < settings.HEALTH_HEARTBEAT_MAX_AGE
    assert schedule["backup-daily"]["task"] == "core.tasks.backup_daily"


# --- rate limit on /verify/ ---------------------------------------------------------------------------------

def _verify_url(code: str = "KHONGCOMA1") -> str:
    # /verify/ is moving from plans/ to documents/: the limit follows the URL name, so must this test.
    for name in ("documents:verify", "plans:verify"):
        try:
            return reverse(name, args=[code])
        except NoReverseMatch:
            continue
    raise AssertionError("no verify URL")


@pytest.mark.django_db
def test_verify_is_rate_limited_per_ip(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify": "3/60"}
    url = _verify_url()
    with time_machine.travel(NOW, tick=False):
        statuses = [client.get(url, REMOTE_ADDR="10.0.0.5").status_code for _ in range(4)]
        assert statuses == [404, 404, 404, 429]
        refused = client.get(url, REMOTE_ADDR="10.0.0.5")
        assert refused.status_code == 429 and refused["Retry-After"] == "60"
        assert "Bạn đã gửi quá nhiều yêu cầu" in refused.content.decode()
        # Another address is not affected, nor is a page without a limit.
        assert client.get(url, REMOTE_ADDR="10.0.0.6").status_code == 404
        assert client.get("/healthz/", REMOTE_ADDR="10.0.0.5").status_code == 200
    # The next window lets the first address in again.
    with time_machine.travel(NOW + dt.timedelta(seconds=61), tick=False):
        assert client.get(url, REMOTE_ADDR="10.0.0.5").status_code == 404


@pytest.mark.django_db
def test_rate_limit_reads_the_proxy_header_when_configured(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "verify": "1/60"}
    settings.RATE_LIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    url = _verify_url()
    with time_machine.travel(NOW, tick=False):
        assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.1").status_code == 404
        assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.2, 10.0.0.1").status_code == 404
        assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429


def test_the_rate_limit_decorator_applies_the_same_rule(rf, settings):
    from django.http import HttpResponse

    from core.ratelimit import rate_limited

    settings.RATE_LIMITS = {"demo-name": "1/60"}
    view = rate_limited("demo-name")(lambda request: HttpResponse("ok"))
    with time_machine.travel(NOW, tick=False):
        request = rf.get("/x/", REMOTE_ADDR="10.9.9.9")
        request.user = None
        assert view(request).status_code == 200
        assert view(request).status_code == 429


# --- Content-Security-Policy, inline scripts, error pages, favicon ---------------------------------------------

@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_scripts(client, vhxh):
    client.force_login(vhxh)
    policy = client.get(reverse("dashboard"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def test_no_template_has_an_inline_script_or_handler():
    templates = [p for d in TEMPLATE_DIRS for p in d.rglob("*.html")]
    assert len(templates) > 50
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JS_URL):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert offenders == []


def test_the_detector_finds_inline_code():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>") and not INLINE_SCRIPT.search('<script src="a.js">')
    assert INLINE_HANDLER.search('<select name="x" onchange="this.form.submit()">')
    assert not INLINE_HANDLER.search('<a hx-confirm="Xóa?" data-autosubmit>')


@pytest.mark.django_db
def test_error_pages_are_vietnamese(client, vhxh):
    client.force_login(vhxh)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()
    assert "Yêu cầu không hợp lệ" in render_to_string("400.html")
    assert "Đã có lỗi xảy ra" in render_to_string("500.html")
    assert "Bạn không có quyền" in render_to_string("403.html")


@pytest.mark.django_db
def test_a_server_error_answers_the_vietnamese_500_page(client, monkeypatch):
    from plans.views import pages

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(pages, "dashboard", broken)
    from django.urls import clear_url_caches

    client.raise_request_exception = False
    clear_url_caches()
    import importlib

    import thanhson.urls

    importlib.reload(thanhson.urls)
    try:
        response = client.get("/")
    finally:
        monkeypatch.undo()
        importlib.reload(thanhson.urls)
        clear_url_caches()
    assert response.status_code == 500 and "Đã có lỗi xảy ra" in response.content.decode()


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.svg")
    assert (ROOT / "static" / "favicon.svg").read_text().startswith("<svg")


# --- readable email and request errors on the console ----------------------------------------------------------

def _digest() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        "[TĐKT] Nhắc việc ngày 02/03/2026: 1 nhiệm vụ", "Hết hạn hôm nay · Nhiệm vụ 3: Ký kết giao ước thi đua",
        "tdkt@thanh-son.invalid", ["vhxh@thanh-son.invalid"],
    )
    message.attach_alternative("<p>Hết hạn hôm nay</p>", "text/html")
    return message


def test_console_backend_prints_one_line_and_the_text_never_mime():
    stream = io.StringIO()
    sent = ConsoleEmailBackend(stream=stream).send_messages([_digest()])
    lines = stream.getvalue().splitlines()
    assert sent == 1
    assert lines[0] == (
        "[Thư] (chỉ in ra màn hình, không gửi) tới vhxh@thanh-son.invalid: "
        "«[TĐKT] Nhắc việc ngày 02/03/2026: 1 nhiệm vụ»"
    )
    assert lines[1:] == ["    Hết hạn hôm nay · Nhiệm vụ 3: Ký kết giao ước thi đua"]
    assert "MIME-Version" not in stream.getvalue() and "Content-Transfer-Encoding" not in stream.getvalue()


def test_smtp_backend_delivers_and_logs_one_line(caplog):
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        backend = SMTPEmailBackend(host="127.0.0.1", port=port, use_tls=False, fail_silently=False)
        with caplog.at_level(logging.INFO, logger="core.mail"):
            assert backend.send_messages([_digest()]) == 1
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in received] == [["vhxh@thanh-son.invalid"]]
    assert [r.getMessage() for r in caplog.records if r.name == "core.mail"] == [
        "[Thư] Đã gửi tới vhxh@thanh-son.invalid: «[TĐKT] Nhắc việc ngày 02/03/2026: 1 nhiệm vụ»"
    ]


@pytest.mark.django_db
def test_a_forbidden_request_is_one_line_without_traceback(vhxh):
    from django.core.exceptions import PermissionDenied

    request = RequestFactory().post("/plans/5/transition/")
    request.user = vhxh
    try:
        raise PermissionDenied("Chỉ Chủ tịch UBND xã được ký ban hành.")
    except PermissionDenied:
        import sys

        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden (Permission denied): %s",
                                   ("/plans/5/transition/",), sys.exc_info())
    record.status_code, record.request = 403, request
    assert OneLineRequestFilter().filter(record)
    assert record.getMessage() == (
        "403 POST /plans/5/transition/ · t_vhxh · Forbidden (Permission denied): Chỉ Chủ tịch UBND xã được ký ban hành."
    )
    assert record.exc_info is None
    formatted = logging.Formatter().format(record)
    assert "Traceback" not in formatted and "\n" not in formatted


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /", (),
                                   sys.exc_info())
    record.status_code = 500
    assert OneLineRequestFilter().filter(record) and record.exc_info is not None


def test_email_goes_to_the_console_only_in_demo_mode_or_when_asked():
    text = (ROOT / "thanhson" / "settings" / "production.py").read_text(encoding="utf-8")
    assert 'env.bool("EMAIL_CONSOLE", default=DEMO_MODE)' in text
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"  # tests keep mail.outbox
    assert get_connection("core.mail.ConsoleEmailBackend").__class__ is ConsoleEmailBackend
    assert mail.outbox == []
