"""Times on the kiosk: stored as UTC ISO strings ("2026-11-26T09:00:00Z"), shown in Berlin time.

UTC strings sort correctly as text, so SQL can compare them; local time is only for people.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

#: Every quartier is in Kreis Recklinghausen.
TIMEZONE = "Europe/Berlin"
LOCAL = ZoneInfo(TIMEZONE)


def now() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """An aware datetime as a UTC ISO string with "Z"."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"time without zone: {text!r}")
    return moment.astimezone(UTC)


# Four-digit years: stored times sort as text. A typo's year 2206 stays a (never bookable) slot.
YEARS = (1000, 9999)


def stored_time(value: Any) -> str | None:
    """A slot time as the kiosk stores it (UTC with "Z": such strings sort as times in SQL), or
    None when ``value`` is not one it can keep: no zone, not a time, a year without four digits.
    """
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            return None
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return to_iso(moment) if YEARS[0] <= moment.year <= YEARS[1] else None


def local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL)


def local_day(moment: datetime) -> date:
    return local(moment).date()


def day_bounds(day: date) -> tuple[str, str]:
    """The UTC ISO range [start, end) covering one local calendar day."""
    start = datetime.combine(day, time(0), LOCAL)
    end = datetime.combine(day + timedelta(days=1), time(0), LOCAL)
    return to_iso(start), to_iso(end)


def at_local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, LOCAL)
