import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_login_is_throttled_after_five_failures(client, vhxh):
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "t_vhxh", "password": "sai"})
    assert response.status_code in (200, 429)
    # Even the right password is refused while locked out.
    response = client.post(url, {"username": "t_vhxh", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_works_and_error_is_vietnamese(client, vhxh):
    response = client.post(reverse("login"), {"username": "t_vhxh", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = client.post(reverse("login"), {"username": "t_vhxh", "password": "matkhau-thu-nghiem"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def _manage(*args, env_extra: dict) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "SITE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "thanhson.settings.production",
    "ALLOWED_HOSTS": "tdkt.example.vn",
    "DATABASE_URL": "sqlite:////tmp/thanhson-deploy-check.sqlite3",
    "SITE_URL": "https://tdkt.example.vn",
}


@pytest.mark.slow_subprocess
def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", env_extra=PRODUCTION)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.slow_subprocess
def test_production_refuses_to_start_without_site_url():
    # The verify link printed on issued paper must never default to 127.0.0.1.
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = _manage("check", env_extra={**env, "SECRET_KEY": secrets.token_urlsafe(60)})
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


@pytest.mark.slow_subprocess
def test_production_refuses_a_weak_secret_key():
    result = _manage("check", env_extra={**PRODUCTION, "SECRET_KEY": "local-demo-key"})
    assert result.returncode != 0


@pytest.mark.slow_subprocess
def test_production_passes_check_deploy():
    key = secrets.token_urlsafe(60)
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra={**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode == 0, result.stdout + result.stderr


def test_security_headers_on_pages(client, vhxh):
    client.force_login(vhxh)
    response = client.get(reverse("dashboard"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_expired_session_during_htmx_action_reloads_the_whole_page(client):
    response = client.post(reverse("plans:task_move", args=[1]), {"position": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    # A normal browser request still gets the usual redirect.
    response = client.post(reverse("plans:task_move", args=[1]), {"position": "0"})
    assert response.status_code == 302
