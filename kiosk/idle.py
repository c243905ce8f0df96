"""The idle reset as a small state machine, without Kivy: feed it touches and clock ticks.

After ``warning_after`` seconds without a touch it asks "Sind Sie noch da?" (``WARN``); after a
further ``countdown`` seconds without a touch it says ``RESET``: back to the Startseite with
everything entered cleared. A touch at any time starts over. Times come from the caller (a
monotonic clock in the app, a fake one in tests).
"""

from __future__ import annotations

import math

ACTIVE = "active"
WARNING = "warning"

WARN = "warn"
RESET = "reset"


class IdleTimer:
    def __init__(self, warning_after: float, countdown: float, now: float):
        self.warning_after = warning_after
        self.countdown = countdown
        self.state = ACTIVE
        self.last_touch = now

    def touch(self, now: float) -> bool:
        """Someone touched the screen; True if that ended a warning."""
        was_warning = self.state == WARNING
        self.last_touch = now
        self.state = ACTIVE
        return was_warning

    def tick(self, now: float) -> str | None:
        """Advance to ``now``; returns WARN or RESET when that happens, else None."""
        idle = now - self.last_touch
        if self.state == ACTIVE and idle >= self.warning_after:
            self.state = WARNING
            return WARN
        if self.state == WARNING and idle >= self.warning_after + self.countdown:
            self.state = ACTIVE
            self.last_touch = now
            return RESET
        return None

    def seconds_left(self, now: float) -> int:
        """Whole seconds of the countdown still to go (shown on the overlay)."""
        left = self.warning_after + self.countdown - (now - self.last_touch)
        return max(0, math.ceil(left))
