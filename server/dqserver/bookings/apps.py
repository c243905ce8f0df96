from django.apps import AppConfig


class BookingsConfig(AppConfig):
    """Helpers, slots and slot plans, closed days; bookings, call-backs and walk-ins from the
    kiosks, the changes feed and the ops kiosks upload; the helpers' calendars."""

    name = "dqserver.bookings"
    label = "bookings"
    verbose_name = "Termine und Buchungen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
