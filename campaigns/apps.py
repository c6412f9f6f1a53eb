from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"
    verbose_name = "Phong trào thi đua"

    def ready(self) -> None:
        from . import notify

        notify.connect()
