"""Production settings: no secret defaults; passes `manage.py check --deploy` with 0 warnings.

Used by docker-compose, by the smoke test (scripts/smoke.sh) and by `make run` (the office server, which sets
HTTPS=false because an office LAN serves plain HTTP: docs/adr/0010-production-office-server.md).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# Only `make run` turns this on (the demo accounts); docker-compose and real installs leave it off.
DEMO_MODE = env.bool("DEMO_MODE", default=False)
# No default: the process refuses to start without a real key.
SECRET_KEY = env("SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("local-", "test-", "django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY phải là một chuỗi ngẫu nhiên dài ít nhất 50 ký tự.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Printed on issued paper (the verify link) and in every email: a wrong default would be printed for ever.
SITE_URL = env("SITE_URL")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("SITE_URL phải là địa chỉ đầy đủ của máy chủ, ví dụ https://tdkt.xa.gov.vn.")
SITE_URL = SITE_URL.rstrip("/")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# HTTPS: behind a reverse proxy that terminates TLS (docker-compose). HTTPS=false for a plain-HTTP office LAN,
# where secure cookies would never be sent back and the redirect would point at a port nobody listens on.
HTTPS = env.bool("HTTPS", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
# Probes come from inside the container or the machine, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Email: SMTP, logging one line per message sent. EMAIL_CONSOLE=1 (or demo mode) prints them instead.
if env.bool("EMAIL_CONSOLE", default=DEMO_MODE):
    EMAIL_BACKEND = "core.mail.ConsoleEmailBackend"
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="core.mail.SMTPEmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
