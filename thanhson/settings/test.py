"""Settings for pytest. DATABASE_URL may point at PostgreSQL (CI) or default to SQLite."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
DEMO_MODE = True
SECRET_KEY = "test-key-only-for-the-test-suite"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    },
    # Tests must not depend on collectstatic having run.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
# In-process broker: tests that need the real Redis configure the Celery app themselves
# (tests/test_celery_integration.py reads CELERY_BROKER_URL, which .ci/run exports).
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "thanhson-tests"}}
