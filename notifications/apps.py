from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers this app's event kinds)
