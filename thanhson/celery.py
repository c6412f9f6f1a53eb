"""The Celery app (cookiecutter-django pattern): configured from Django settings, tasks in `<app>/tasks.py`."""

import os

from celery import Celery

# Same default as manage.py, so `celery -A thanhson worker` in the project folder uses `make run`'s database.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanhson.settings.local")

app = Celery("thanhson")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
