"""The Startseite's line about the connection, in plain German (translated through gettext).

Usage::

    status_line(service.status(), timeutil.now())
    # "Online – zuletzt abgeglichen vor 2 Minuten"
"""

from __future__ import annotations

from datetime import datetime

from kiosk.i18n import _, ngettext
from sync.service import SyncStatus


def status_line(status: SyncStatus, now: datetime, *, short: bool = False) -> str:
    """``short``: one word, for a small screen."""
    if not status.online:
        return _("Offline") if short else _(
            "Offline – Buchungen werden gespeichert und später übertragen")
    if status.last_success is None or short:
        return _("Online")
    minutes = max(0, int((now - status.last_success).total_seconds() // 60))
    if minutes < 1:
        return _("Online – gerade eben abgeglichen")
    if minutes < 120:
        return ngettext("Online – zuletzt abgeglichen vor %d Minute",
                        "Online – zuletzt abgeglichen vor %d Minuten", minutes) % minutes
    hours = minutes // 60
    return ngettext("Online – zuletzt abgeglichen vor %d Stunde",
                    "Online – zuletzt abgeglichen vor %d Stunden", hours) % hours
