from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Programme numbers: the kiosks' day counts as received, figures per quartier, kiosk and
    week together with bookings and walk-ins, the dashboard (the admin's start page) and the
    programme report (CSV, PDF, the monthly mail). Nothing here is about a person."""

    name = "dqserver.stats"
    label = "stats"
    verbose_name = "Programmzahlen"
    default_auto_field = "django.db.models.BigAutoField"
