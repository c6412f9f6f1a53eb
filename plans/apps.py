from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = "Kế hoạch thi đua, khen thưởng"

    def ready(self) -> None:
        from . import notify

        notify.connect()
