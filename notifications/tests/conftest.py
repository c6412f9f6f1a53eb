import pytest

from thanhson.celery import app


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    """Run the Celery tasks in-process and the after-commit hooks at the end of the block."""
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield django_capture_on_commit_callbacks
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture
def with_emails(vhxh, chutich, canbo):
    for user in (vhxh, chutich, canbo):
        user.email = f"{user.username}@thanh-son.invalid"
        user.save(update_fields=["email"])
    return vhxh, chutich, canbo
