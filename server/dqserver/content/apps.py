from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Pictures, categories, topics and steps; the releases kiosks download."""

    name = "dqserver.content"
    label = "content"
    verbose_name = "Inhalte"
    default_auto_field = "django.db.models.BigAutoField"
