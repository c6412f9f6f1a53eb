from django.apps import AppConfig


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        from . import notify

        notify.connect()
