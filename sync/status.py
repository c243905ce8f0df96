"""The sync's status, and the Startseite's line about it in plain German (through gettext).

Usage::

    status_line(service.status(), timeutil.now())
    # "Online – zuletzt abgeglichen vor 2 Minuten"
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.i18n import _, ngettext


@dataclass(frozen=True)
class SyncStatus:
    """What the Startseite and ops need to know; a snapshot, safe to hand between threads."""

    enrolled: bool = False
    online: bool = False
    last_success: datetime | None = None
    last_error: str | None = None
    pending_ops: int = 0
    content_release: int = 0
    failures: int = 0


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
