"""Settings shared by every environment. Values come from the environment (django-environ)."""

import os
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is optional; production reads the real environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# Everything the app writes (SQLite, uploads, collected static files, cache, backups, beat schedule). The smoke
# test (scripts/smoke.sh) points it elsewhere so it never touches the developer's data.
VAR_DIR = Path(env.path("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Demo mode creates the demo accounts (password thanhson2024). Never on in production.
DEMO_MODE = env.bool("DEMO_MODE", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "core",
    "units",
    "documents",
    "documents.signing",
    "notifications",
    "plans",
    "campaigns",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response, tests included (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Pages of a 500-task plan are ~300 KiB of HTML; compressed ~10x for slow commune LANs.
    # CSRF tokens are masked per response, which is Django's BREACH mitigation (docs/adr/0003).
    "core.middleware.TextGZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "units.middleware.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Per-IP limits on the public pages named in RATE_LIMITS (core/ratelimit.py).
    "core.ratelimit.RateLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.HtmxLoginRedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its docs require, so it sees the authenticated user.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thanhson.urls"
WSGI_APPLICATION = "thanhson.wsgi.application"
ASGI_APPLICATION = "thanhson.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "units.context_processors.roles",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (the `make run` default): WAL lets readers go on during a write; IMMEDIATE takes the
    # write lock at BEGIN, so a writer waits up to `timeout` seconds instead of failing with "database is locked"
    # when its read lock cannot be upgraded (docs/adr/0017-constant-work-and-no-lost-edits.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
    # Tests use a file too: Django's shared-cache in-memory test database fails concurrent writers at once
    # ("table is locked", no busy timeout), so the parallel-save tests would not see the real behaviour.
    # One file per test process, so that two runs in one checkout never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "units.password_validation.VietnameseMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# One-time links to set a password (an administrator's or "quên mật khẩu"): valid 3 days, void once used.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Login throttling: lock a username+IP pair after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are shown dd/mm/yyyy everywhere (the Vietnamese locale already does; kept explicit).
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["thanhson.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Hashed file names (CompressedManifestStaticFilesStorage) are cached for a year by whitenoise; others 1 hour.
WHITENOISE_MAX_AGE = 3600
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploads live under var/media, outside static/, and are only served through
    # views that check permissions (never by URL from the web server).
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("MEDIA_ROOT", default=str(VAR_DIR / "media")), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Upload limits (checked again by content in the forms).
MAX_UPLOAD_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# Rendered draft PDFs, keyed by a hash of their content (documents/render.py). A file cache needs no server
# and is shared by the web processes of one machine.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# One readable block per message on the console (never raw MIME): core/mail.py.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="core.mail.ConsoleEmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="tdkt@localhost")
# Absolute links in emails (a worker has no request to build them from).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Zalo Notification Service (notifications/channels/zalo.py, docs/adr/0016-notifications.md) ------------------
# Off unless the app id, secret key, a first refresh token and an approved template id are all set.
ZALO_APP_ID = env("ZALO_APP_ID", default="")
ZALO_SECRET_KEY = env("ZALO_SECRET_KEY", default="")
ZALO_REFRESH_TOKEN = env("ZALO_REFRESH_TOKEN", default="")
ZALO_ZNS_TEMPLATE_ID = env("ZALO_ZNS_TEMPLATE_ID", default="")
ZALO_ZNS_MODE = env("ZALO_ZNS_MODE", default="")  # "development": only the OA's admins receive, free of charge
ZALO_ZNS_URL = env("ZALO_ZNS_URL", default="https://business.openapi.zalo.me/message/template")
ZALO_OAUTH_URL = env("ZALO_OAUTH_URL", default="https://oauth.zaloapp.com/v4/oa/access_token")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 4xx is one line (status, method, path, user, reason); only a 500 keeps its traceback (core/logging.py).
    "filters": {"one_line_request": {"()": "core.logging.OneLineRequestFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "request_console": {"class": "logging.StreamHandler", "filters": ["one_line_request"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["request_console"], "level": "WARNING", "propagate": False},
        # runserver's own line per request repeats django.request's for errors.
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # One line per email sent (core/mail.py), even when LOG_LEVEL=WARNING quiets the rest.
        "core.mail": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pyHanko logs a full traceback for every chain it cannot build; the validation report already says so.
        "pyhanko.sign.validation.generic_cms": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
    },
}

# --- Content-Security-Policy (django-csp) ---------------------------------------------------------------------
# No inline script anywhere: every script is a static file (static/js/), handlers are bound there. Bootstrap and
# htmx set inline style attributes, hence 'unsafe-inline' for styles only. htmx must not eval (hx-on is unused).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Rate limits on public pages (core/ratelimit.py) ----------------------------------------------------------
# Keyed on URL names (not paths or namespaces), so a view moving to another app keeps its limit. A value is
# "requests/seconds" per client IP.
RATE_LIMITS = {
    "verify": env("RATE_LIMIT_VERIFY", default="30/60"),
    "verify_pdf": env("RATE_LIMIT_VERIFY", default="30/60"),
}
# The request header holding the client's IP when behind a reverse proxy (e.g. HTTP_X_REAL_IP); REMOTE_ADDR if empty.
RATE_LIMIT_IP_HEADER = env("RATE_LIMIT_IP_HEADER", default="")

# --- Health (core/health.py) ----------------------------------------------------------------------------------
HEALTH_MIN_FREE_DISK_MB = env.int("HEALTH_MIN_FREE_DISK_MB", default=500)
HEALTH_HEARTBEAT_MAX_AGE = 5 * 60

# --- Backups (core/backup.py, `manage.py backup` / `manage.py restore`) ---------------------------------------
BACKUP_DIR = env.path("BACKUP_DIR", default=str(VAR_DIR / "backups"))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# Folder of pg_dump/pg_restore when they are not the ones on PATH (e.g. /usr/lib/postgresql/15/bin).
PG_BIN_DIR = env("PG_BIN_DIR", default="")

# --- Celery (reminders) ----------------------------------------------------------------------------------------
# Redis in CI, docker-compose and production. Without CELERY_BROKER_URL, `make run` needs no server: kombu's
# filesystem transport keeps the queue as files under var/celery/ (docs/adr/0005-reminders-broker.md).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost/")
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("queue", "processed", "control"):
        (CELERY_FILESYSTEM_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
else:
    # A broker that is down must cost a web request at most a couple of seconds, never kombu's default 20+.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# Results are never read: what was sent is recorded in the database (notifications.OutboxMessage, Delivery).
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_ENABLE_UTC = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery-beat-schedule")
CELERY_BEAT_SCHEDULE = {
    "reminder-scan-daily": {
        "task": "notifications.tasks.reminder_scan_daily",
        "schedule": crontab(hour=7, minute=0),
    },
    # Re-enqueues outbox rows left pending while the broker or the worker was down, and retries each channel
    # whose backoff has passed (notifications/services/outbox.py).
    "outbox-flush": {
        "task": "notifications.tasks.outbox_flush",
        "schedule": 2 * 60,
    },
    # /readyz/ reports the worker down when this is older than HEALTH_HEARTBEAT_MAX_AGE (checks beat too).
    "worker-heartbeat": {
        "task": "core.tasks.worker_heartbeat",
        "schedule": 60,
    },
    "backup-daily": {
        "task": "core.tasks.backup_daily",
        "schedule": crontab(hour=env.int("BACKUP_HOUR", default=2), minute=30),
    },
}
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"

# --- Digital signatures (documents/signing, docs/adr/0012-digital-signatures.md) --------------------------------
# RFC 3161 timestamp server; empty: signatures carry the signer's claimed time only (PAdES B-B).
SIGNING_TSA_URL = env("SIGNING_TSA_URL", default="")
SIGNING_TSA_TIMEOUT = env.int("SIGNING_TSA_TIMEOUT", default=10)
# PEM (or DER) files of the root certificates a signature's chain must end in, e.g. Vietnam's national root CA.
SIGNING_TRUST_ROOTS = env.list("SIGNING_TRUST_ROOTS", default=[])
# Fetch CRLs/OCSP while validating (needs the Internet); off by default: revocation is then not checked.
SIGNING_ALLOW_FETCHING = env.bool("SIGNING_ALLOW_FETCHING", default=False)
# A Unicode font for the visible signature's text (Times New Roman metrics).
SIGNING_APPEARANCE_FONT = env.path(
    "SIGNING_APPEARANCE_FONT", default=str(BASE_DIR / "static/fonts/LiberationSerif-Regular.ttf")
)
# (sha256) -> registered document or None, for the public check page; the document system re-points it.
SIGNING_DOCUMENT_LOOKUP = env("SIGNING_DOCUMENT_LOOKUP", default="documents.selectors.registered_by_sha256")
