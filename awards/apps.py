from django.apps import AppConfig


class AwardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "awards"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        # /verify/<code>/ lives in plans; award decisions join it without plans importing awards.
        from plans import verification

        from .selectors import verify_lookup

        verification.register(verify_lookup)

        from . import notify

        notify.connect()
