from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared mechanisms with no domain: the workflow step, safe uploads, form helpers, middleware."""

    name = "core"
    verbose_name = "Cơ chế dùng chung"
