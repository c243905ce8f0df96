"""Opening hours: when the screen is on, and a touch at night that wakes it for a while.

The ``[opening_hours]`` table of the settings maps weekdays to time spans::

    [opening_hours]
    mon = "09:00-17:00"
    tue = "09:00-12:00, 14:00-18:00"   # several spans, comma-separated
    sat = ""                           # closed

A weekday that is missing or empty is closed. An empty (or missing) table means "always open":
the demo and a developer's desktop never go dark. Times are wall-clock times in Europe/Berlin.

Everything here is plain logic. The one thing with an effect, switching the screen, is a callable
handed to :class:`DisplayGuard` (by default :func:`run_display_command`, which runs
``deploy/bin/digiquartier-display on|off``). Usage in the app::

    guard = DisplayGuard(OpeningHours.parse(settings.opening_hours))
    Clock.schedule_interval(lambda dt: guard.tick(), 30)
    Window.bind(on_touch_down=lambda window, touch: guard.touched())
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.timeutil import LOCAL

log = logging.getLogger(__name__)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: How long a touch outside the opening hours keeps the screen on.
WAKE_MINUTES = 10
#: The script that switches the screen (relative to the app folder, as deployed).
DISPLAY_COMMAND = Path(__file__).resolve().parent.parent / "deploy" / "bin" / "digiquartier-display"

_SPAN = re.compile(r"^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$")


class OpeningHoursError(ValueError):
    """An ``[opening_hours]`` value cannot be used; the message says which one, in plain German."""


Span = tuple[int, int]  # minutes since midnight, start inclusive, end exclusive


def _minutes(hh: str, mm: str, day: str, text: str) -> int:
    h, m = int(hh), int(mm)
    if m > 59 or h > 24 or (h == 24 and m):
        raise OpeningHoursError(
            f"Öffnungszeiten {day}: {text!r} enthält keine gültige Uhrzeit "
            "(erlaubt sind 00:00 bis 24:00)."
        )
    return h * 60 + m


def parse_day(day: str, text: str) -> list[Span]:
    """Parse one weekday's value, e.g. ``"09:00-12:00, 14:00-17:00"``; ``""`` means closed."""
    spans: list[Span] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        match = _SPAN.match(part)
        if not match:
            raise OpeningHoursError(
                f"Öffnungszeiten {day}: {part!r} ist keine Zeitspanne. "
                'Bitte so schreiben: "09:00-17:00" (oder "" für geschlossen).'
            )
        start = _minutes(match[1], match[2], day, part)
        end = _minutes(match[3], match[4], day, part)
        if end <= start:
            raise OpeningHoursError(
                f"Öffnungszeiten {day}: {part!r} endet nicht nach dem Beginn. "
                "Über Mitternacht bitte auf zwei Tage verteilen, z. B. "
                '"18:00-24:00" und am nächsten Tag "00:00-02:00".'
            )
        spans.append((start, end))
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise OpeningHoursError(f"Öffnungszeiten {day}: {text!r} – die Zeitspannen überlappen.")
    return spans


@dataclass(frozen=True)
class OpeningHours:
    """Opening spans per weekday (0 = Monday); ``always_open`` when no hours are configured."""

    days: tuple[tuple[Span, ...], ...] = ((),) * 7
    always_open: bool = True

    @classmethod
    def parse(cls, table: Mapping[str, str]) -> OpeningHours:
        """Build from the settings' ``[opening_hours]`` table, with German errors for bad values."""
        if not table:
            return cls()
        days: list[tuple[Span, ...]] = [()] * 7
        for key, value in table.items():
            name = key.strip().lower()
            if name not in WEEKDAYS:
                raise OpeningHoursError(
                    f"Öffnungszeiten: {key!r} ist kein Wochentag. "
                    f"Erlaubt sind {', '.join(WEEKDAYS)} (Montag bis Sonntag)."
                )
            if not isinstance(value, str):
                raise OpeningHoursError(
                    f'Öffnungszeiten {name}: bitte in Anführungszeichen, z. B. "09:00-17:00".'
                )
            days[WEEKDAYS.index(name)] = tuple(parse_day(name, value))
        return cls(tuple(days), always_open=False)

    def is_open(self, now: datetime) -> bool:
        """Is the centre open at ``now``? (Aware datetimes are converted to Berlin time.)"""
        if self.always_open:
            return True
        local = _local(now)
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.days[local.weekday()])


def _local(now: datetime) -> datetime:
    if now.tzinfo is None:
        return now.replace(tzinfo=LOCAL)
    return now.astimezone(LOCAL)


def run_display_command(on: bool, command: Path = DISPLAY_COMMAND) -> None:
    """Switch the physical screen on or off (``digiquartier-display on|off``), without waiting."""
    try:
        subprocess.Popen([str(command), "on" if on else "off"])
    except OSError as e:
        log.warning("Bildschirm %s schalten ging nicht: %s", "an" if on else "aus", e)


@dataclass
class DisplayGuard:
    """Keeps the screen on during opening hours and off outside them; a touch wakes it.

    Call :meth:`tick` every half minute and :meth:`touched` on every touch. ``switch(on)`` is
    called only when the wanted state changes (and once at the first tick).
    """

    hours: OpeningHours
    switch: Callable[[bool], None] = run_display_command
    wake_minutes: float = WAKE_MINUTES
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(LOCAL))
    display_on: bool | None = None  # unknown until the first tick
    awake_until: datetime | None = None

    def wanted(self, now: datetime) -> bool:
        return self.hours.is_open(now) or (self.awake_until is not None and now < self.awake_until)

    def tick(self, now: datetime | None = None) -> bool:
        """Switch the screen if opening hours or a wake-up ending say so; returns the state."""
        now = now or self.clock()
        on = self.wanted(now)
        if on != self.display_on:
            log.info("Bildschirm %s (%s)", "an" if on else "aus", now.isoformat(timespec="minutes"))
            self.switch(on)
            self.display_on = on
        return on

    def touched(self, now: datetime | None = None) -> bool:
        """A touch arrived. Returns True if it woke a dark screen: the app then swallows it."""
        now = now or self.clock()
        if self.hours.is_open(now):
            return False
        self.awake_until = now + timedelta(minutes=self.wake_minutes)
        was_dark = self.display_on is False
        self.tick(now)
        return was_dark
