"""The project package's own app: the admin's login pages and the commands that span the apps.

It also carries the app label "dqserver" of the one-app server before the split into apps
(issue 15): its migrations 0001–0005 made today's tables, 0006 hands every model over to
``content``, ``kiosks`` and ``bookings`` without touching a row. It has no models of its own.
"""

from django.apps import AppConfig


class DqServerConfig(AppConfig):
    name = "dqserver"
    verbose_name = "DigiQuartier"
    default_auto_field = "django.db.models.BigAutoField"
