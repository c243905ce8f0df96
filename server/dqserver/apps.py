from django.apps import AppConfig


class DqServerConfig(AppConfig):
    name = "dqserver"
    verbose_name = "DigiQuartier"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
