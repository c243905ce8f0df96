"""Finding a booking without its code: the first name and the last digits of the phone number
given, or, for a booking without a phone number, the first name and the day.

A lost code must not mean a lost appointment. What is found is only when and where: never a
name, a phone number or the code (with the code the booking could be cancelled, and a first name
and four digits are easier to guess than a code). The same first name and digits of two people
show both times, never whose they are. Misses are counted for the kiosk in the store, as wrong
PINs are counted for a helper (kiosk/helper_mode.py): after ``MAX_TRIES`` misses the lookup is
locked for ``LOCK_MINUTES``, so nobody can try names and numbers one after another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk import timeutil
from kiosk.booking import BookingError, normalise_name
from kiosk.helper_mode import LOCK_MINUTES, MAX_TRIES, LockedOut
from kiosk.i18n import N_
from kiosk.states import ACTIVE_BOOKINGS
from kiosk.store import Store

DIGITS = 4
_FAILURES, _LOCKED_UNTIL = "lookup_failures", "lookup_locked_until"


class NothingFound(BookingError):
    text = N_("Dazu gibt es keinen Termin. Bitte prüfen Sie Ihre Angaben oder fragen Sie hier "
              "nach Hilfe.")


class TooFewDigits(BookingError):
    text = N_("Bitte geben Sie die letzten 4 Ziffern Ihrer Telefonnummer ein.")


@dataclass(frozen=True)
class Found:
    """When and where, nothing else."""

    start: datetime
    room: str


def find_without_code(store: Store, *, quartier_id: str, first_name: str, digits: str = "",
                      day: date | None = None, now: datetime) -> list[Found]:
    """The coming bookings of ``first_name`` whose phone number ends in ``digits`` or, without
    digits, that gave no phone number and fall on ``day``. Raises InvalidName, TooFewDigits,
    NothingFound (counted) or LockedOut."""
    until = store.get_meta(_LOCKED_UNTIL)
    if until and timeutil.from_iso(until) > now:
        raise LockedOut(timeutil.from_iso(until), now)
    name = normalise_name(first_name)
    digits = "".join(digits.split())
    if digits and not (digits.isascii() and digits.isdigit() and len(digits) == DIGITS):
        raise TooFewDigits()
    if not digits and day is None:
        raise TooFewDigits()
    sql = f"""SELECT s.start, COALESCE(s.room, '') FROM bookings b JOIN slots s ON s.id = b.slot_id
              WHERE s.quartier_id = ? AND s.start > ? AND lower(b.first_name) = lower(?)
                AND b.status IN ({",".join("?" * len(ACTIVE_BOOKINGS))})"""
    args: list = [quartier_id, timeutil.to_iso(now), name, *ACTIVE_BOOKINGS]
    if digits:
        sql += " AND COALESCE(b.phone, '') LIKE ?"
        args.append(f"%{digits}")
    else:
        start, end = timeutil.day_bounds(day)
        sql += " AND COALESCE(b.phone, '') = '' AND s.start >= ? AND s.start < ?"
        args += [start, end]
    found = [Found(timeutil.from_iso(start), room)
             for start, room in store.db.execute(sql + " ORDER BY s.start", args)]
    if not found:
        if until := _missed(store, now):
            raise LockedOut(until, now)
        raise NothingFound()
    return found


def _missed(store: Store, now: datetime) -> datetime | None:
    """Count a miss; the time the lookup is locked until when it was one too many. A hit resets
    nothing: one's own booking must not buy someone trying names more tries."""
    with store.write():
        failures = int(store.get_meta(_FAILURES, "0")) + 1
        if failures < MAX_TRIES:
            store.set_meta(_FAILURES, str(failures))
            return None
        until = now + timedelta(minutes=LOCK_MINUTES)
        store.set_meta(_FAILURES, "0")
        store.set_meta(_LOCKED_UNTIL, timeutil.to_iso(until))
        return until
