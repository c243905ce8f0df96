"""Times on the kiosk: stored as UTC ISO strings ("2026-11-26T09:00:00Z"), shown in Berlin time.

UTC strings sort correctly as text, so SQL can compare them; local time is only for people.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
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
