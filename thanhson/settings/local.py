"""Settings for `make run` and for `.venv/bin/python manage.py ...` on a developer's machine."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("DEMO_MODE", default=True)
# Not a secret: this key only ever signs sessions of a local demo database.
SECRET_KEY = env("SECRET_KEY", default="local-demo-key-not-for-production-0f3b9c2e7a")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
