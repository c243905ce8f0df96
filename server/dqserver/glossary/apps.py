from django.apps import AppConfig


class GlossaryConfig(AppConfig):
    """Hard words explained ("Wörterbuch"): what a marked word in a step text opens on a kiosk."""

    name = "dqserver.glossary"
    label = "glossary"
    verbose_name = "Wörterbuch"
    default_auto_field = "django.db.models.BigAutoField"
