from django.apps import AppConfig


class KiosksConfig(AppConfig):
    """The quartiers and their kiosks: tokens, heartbeats, the change counter they sync by."""

    name = "dqserver.kiosks"
    label = "kiosks"
    verbose_name = "Quartiere und Kiosks"
    default_auto_field = "django.db.models.BigAutoField"
