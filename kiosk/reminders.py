"""Reminder calls ("Erinnerungsanruf"): which day's bookings a helper phones about — the
cheapest reminder that works for people without a smartphone.

The day is the first after today with bookings that left a phone number, at most
``LOOK_AHEAD_DAYS`` ahead: on a Friday that may be Monday. Helper mode (kiosk/helper_mode.py)
and the admin's list (server/dqserver/bookings/views.py) both ask this module, so a kiosk and
the server always name the same day. Plain rules, no store: the server imports them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

LOOK_AHEAD_DAYS = 3


def window(today: date) -> tuple[date, date]:
    """The first and the last day whose bookings may be reminded on ``today``."""
    return today + timedelta(days=1), today + timedelta(days=LOOK_AHEAD_DAYS)


def reminder_day(days_with_bookings: Iterable[date], today: date) -> date | None:
    """The day to phone about: the earliest of ``days_with_bookings`` in :func:`window`."""
    first, last = window(today)
    return min((day for day in days_with_bookings if first <= day <= last), default=None)
