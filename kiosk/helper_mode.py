"""Helper mode: PIN check with lock-out, the day's bookings, attendance, walk-ins, call-backs,
reminder calls.

Helpers see only their quartier. A helper taps their own name, then types their PIN: wrong PINs
are counted per helper in the store (so a restart does not reset them), and after ``MAX_TRIES``
wrong tries that helper is locked for ``LOCK_MINUTES`` — someone trying PINs on one name locks
out no one else, and two helpers with the same PIN are still two people. Every change a helper
makes goes through the outbox, like a booking, so it reaches the server later.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk import outbox, pins, reminders, timeutil
from kiosk.content import pick
from kiosk.errors import KioskError
from kiosk.i18n import N_, _, ngettext
from kiosk.pins import could_be_pin, verify_pin
from kiosk.states import ACTIVE_BOOKINGS, ATTENDANCE, BookingState, CallbackState
from kiosk.store import Store

MAX_TRIES = 5
LOCK_MINUTES = 5
HELPER_STATUSES = (*ATTENDANCE, BookingState.CANCELLED)
# meta keys per helper id (the "pin_" prefix: every PIN lock in the store, for tools and tests)
_FAILURES, _LOCKED_UNTIL = "pin_failures:{}", "pin_locked_until:{}"


class HelperModeError(KioskError):
    """Helper mode said no; ``message`` is what the PIN pad shows."""


class PinFormat(HelperModeError):
    text = N_("Die PIN hat {least} bis {most} Ziffern.")

    @property
    def message(self) -> str:
        return _(self.text).format(least=min(pins.LOGIN_LENGTHS), most=max(pins.LOGIN_LENGTHS))


class WrongPin(HelperModeError):
    def __init__(self, tries_left: int):
        super().__init__(tries_left)
        self.tries_left = tries_left

    @property
    def message(self) -> str:
        return ngettext(
            "Falsche PIN. Noch %d Versuch.", "Falsche PIN. Noch %d Versuche.", self.tries_left
        ) % self.tries_left


class NotYet(HelperModeError):
    text = N_("Ob jemand erschienen ist, lässt sich erst am Tag des Termins eintragen.")


class LockedOut(HelperModeError):
    def __init__(self, until: datetime, now: datetime):
        super().__init__(until)
        self.until = until
        self.minutes_left = max(1, -(-int((until - now).total_seconds()) // 60))

    @property
    def message(self) -> str:
        return ngettext(
            "Gesperrt. Bitte %d Minute warten.", "Gesperrt. Bitte %d Minuten warten.",
            self.minutes_left,
        ) % self.minutes_left


@dataclass(frozen=True)
class Helper:
    id: str
    first_name: str
    quartier_id: str


@dataclass(frozen=True)
class HelperBooking:
    id: str
    start: datetime
    first_name: str
    phone: str
    topic: str
    status: str
    helper_name: str


@dataclass(frozen=True)
class ToCall:
    """Someone to phone back: a call-back wish, or a booking the server refused."""

    id: str
    kind: str  # "callback" or "conflict"
    first_name: str
    phone: str
    topic: str
    created_at: datetime


@dataclass(frozen=True)
class Reminder:
    """Someone to remind of their booking by phone ("Erinnerungsanruf")."""

    booking_id: str
    start: datetime
    first_name: str
    phone: str
    topic: str
    reminded: bool


def helpers_of(store: Store, quartier_id: str) -> list[Helper]:
    """The quartier's active helpers who have a PIN, by first name: the names to tap before the
    PIN pad."""
    rows = store.db.execute(
        "SELECT id, first_name FROM helpers"
        " WHERE quartier_id = ? AND active = 1 AND pin_hash IS NOT NULL"
        " ORDER BY first_name COLLATE NOCASE, id",
        [quartier_id],
    )
    return [Helper(helper_id, first_name, quartier_id) for helper_id, first_name in rows]


def locked_until(store: Store, helper_id: str, now: datetime) -> datetime | None:
    value = store.get_meta(_LOCKED_UNTIL.format(helper_id))
    until = timeutil.from_iso(value) if value else None
    return until if until and until > now else None


def login(store: Store, helper: Helper, pin: str, now: datetime) -> Helper:
    """``helper`` signed in, if ``pin`` is theirs; raises PinFormat, WrongPin or LockedOut.
    A helper deactivated since the names were shown has no right PIN any more."""
    failures_key, lock_key = _FAILURES.format(helper.id), _LOCKED_UNTIL.format(helper.id)
    if until := locked_until(store, helper.id, now):
        raise LockedOut(until, now)
    if not could_be_pin(pin):
        raise PinFormat()
    row = store.db.execute(
        "SELECT pin_hash FROM helpers"
        " WHERE id = ? AND quartier_id = ? AND active = 1 AND pin_hash IS NOT NULL",
        [helper.id, helper.quartier_id],
    ).fetchone()
    if row and verify_pin(row[0], pin):
        with store.write():
            store.db.execute("DELETE FROM meta WHERE key IN (?, ?)", [failures_key, lock_key])
        return helper
    failures = int(store.get_meta(failures_key, "0")) + 1
    with store.write():
        if failures >= MAX_TRIES:
            until = now + timedelta(minutes=LOCK_MINUTES)
            store.set_meta(lock_key, timeutil.to_iso(until))
            store.set_meta(failures_key, "0")
        else:
            store.set_meta(failures_key, str(failures))
    if failures >= MAX_TRIES:
        raise LockedOut(until, now)
    raise WrongPin(MAX_TRIES - failures)


def bookings_between(
    store: Store, quartier_id: str, first_day: date, days: int, language: str
) -> list[HelperBooking]:
    """Bookings (all states but refused ones) of the quartier's slots on ``days`` days."""
    start, _end = timeutil.day_bounds(first_day)
    _start, end = timeutil.day_bounds(first_day + timedelta(days=days - 1))
    rows = store.db.execute(
        f"""SELECT b.id, s.start, COALESCE(b.first_name, ''), COALESCE(b.phone, ''),
                  t.title, b.status, COALESCE(h.first_name, '')
           FROM bookings b JOIN slots s ON s.id = b.slot_id
           LEFT JOIN topics t ON t.id = b.topic_id
           LEFT JOIN helpers h ON h.id = s.helper_id
           WHERE s.quartier_id = ? AND s.start >= ? AND s.start < ?
             AND b.status NOT IN ('{BookingState.CONFLICT}', '{BookingState.REJECTED}')
           ORDER BY s.start, b.created_at""",
        [quartier_id, start, end],
    )
    return [
        HelperBooking(id, timeutil.from_iso(start), name, phone, pick(title, language),
                      status, helper)
        for id, start, name, phone, title, status, helper in rows
    ]


def next_bookings(store: Store, quartier_id: str, after: date) -> tuple[date, int] | None:
    """The first day after ``after`` with bookings still to come, and how many: what "Heute"
    says when today has none."""
    _start, end = timeutil.day_bounds(after)
    active = ", ".join("?" * len(ACTIVE_BOOKINGS))
    where = (f"FROM bookings b JOIN slots s ON s.id = b.slot_id WHERE s.quartier_id = ?"
             f" AND b.status IN ({active})")
    first = store.db.execute(f"SELECT MIN(s.start) {where} AND s.start >= ?",
                             [quartier_id, *ACTIVE_BOOKINGS, end]).fetchone()[0]
    if first is None:
        return None
    day = timeutil.local_day(timeutil.from_iso(first))
    start, end = timeutil.day_bounds(day)
    count = store.db.execute(f"SELECT COUNT(*) {where} AND s.start >= ? AND s.start < ?",
                             [quartier_id, *ACTIVE_BOOKINGS, start, end]).fetchone()[0]
    return day, count


def attendance_open(item: HelperBooking, now: datetime) -> bool:
    """Whether someone's coming can be known: on the booking's day or after, not before."""
    return timeutil.local_day(item.start) <= timeutil.local_day(now)


def set_status(store: Store, item: HelperBooking, status: str, now: datetime) -> None:
    """Mark attendance ("Erschienen", "Nicht erschienen", from the booking's day on; raises
    NotYet before) or a cancellation by phone."""
    if status not in HELPER_STATUSES:
        raise ValueError(f"not a helper status: {status}")
    if status in ATTENDANCE and not attendance_open(item, now):
        raise NotYet()
    with store.write():
        store.db.execute(
            "UPDATE bookings SET status = ?, updated_at = ? WHERE id = ?",
            [status, timeutil.to_iso(now), item.id],
        )
        outbox.enqueue(store, outbox.BOOKING_STATUS, {"booking_id": item.id, "status": status})


def add_walkin(store: Store, topic_id: str, now: datetime) -> str:
    """Someone was helped without a booking: only the topic is kept, for the statistics."""
    walkin_id = str(uuid.uuid4())
    with store.write():
        store.db["walkins"].insert({"id": walkin_id, "topic_id": topic_id,
                                    "at": timeutil.to_iso(now)})
        outbox.enqueue(store, outbox.WALKIN_CREATE,
                       {"walkin_id": walkin_id, "topic_id": topic_id, "at": timeutil.to_iso(now)})
    return walkin_id


def undo_walkin(store: Store, walkin_id: str) -> bool:
    """Take back a walk-in saved by mistake (a second tap): True if it had not left the kiosk.
    Once sent it stays (the server has no way to take one back) and nothing changes here; an
    undo while its send is under way leaves the server one walk-in more than the kiosk."""
    with store.write():
        unsent = store.db.execute(
            "DELETE FROM outbox WHERE type = ? AND done_at IS NULL"
            " AND json_extract(payload, '$.walkin_id') = ?",
            [outbox.WALKIN_CREATE, walkin_id],
        ).rowcount
        if unsent:
            store.db.execute("DELETE FROM walkins WHERE id = ?", [walkin_id])
    return bool(unsent)


def walkins_on(store: Store, day: date) -> int:
    start, end = timeutil.day_bounds(day)
    return store.db.execute(
        "SELECT COUNT(*) FROM walkins WHERE at >= ? AND at < ?", [start, end]
    ).fetchone()[0]


def to_call_back(store: Store, quartier_id: str, language: str) -> list[ToCall]:
    """Open call-back wishes and refused bookings (slot was full) not yet handled."""
    rows = store.db.execute(
        f"""SELECT c.id, 'callback', c.first_name, c.phone, t.title, c.created_at
           FROM callbacks c LEFT JOIN topics t ON t.id = c.topic_id
           WHERE c.quartier_id = ? AND c.status = '{CallbackState.OPEN}' AND c.purged_at IS NULL
           UNION ALL
           SELECT b.id, 'conflict', b.first_name, b.phone, t.title, b.created_at
           FROM bookings b JOIN slots s ON s.id = b.slot_id
           LEFT JOIN topics t ON t.id = b.topic_id
           WHERE s.quartier_id = ? AND b.status = '{BookingState.CONFLICT}' AND b.handled_at IS NULL
             AND b.purged_at IS NULL
           ORDER BY 6""",
        [quartier_id, quartier_id],
    )
    return [
        ToCall(id, kind, name or "", phone or "", pick(title, language),
                 timeutil.from_iso(created))
        for id, kind, name, phone, title, created in rows
    ]


def mark_called_back(store: Store, item: ToCall, now: datetime) -> None:
    """The helper phoned back ("Erledigt")."""
    stamp = timeutil.to_iso(now)
    with store.write():
        if item.kind == "callback":
            store.db.execute("UPDATE callbacks SET status = ?, done_at = ? WHERE id = ?",
                             [CallbackState.DONE, stamp, item.id])
            outbox.enqueue(store, outbox.CALLBACK_DONE, {"callback_id": item.id})
        else:
            store.db.execute("UPDATE bookings SET handled_at = ? WHERE id = ?", [stamp, item.id])
            outbox.enqueue(store, outbox.CONFLICT_DONE, {"booking_id": item.id})


_TO_REMIND = f"""FROM bookings b JOIN slots s ON s.id = b.slot_id
    LEFT JOIN topics t ON t.id = b.topic_id
    WHERE s.quartier_id = ? AND s.cancelled = 0 AND COALESCE(b.phone, '') != ''
      AND b.status IN ({", ".join(f"'{state}'" for state in ACTIVE_BOOKINGS)})
      AND s.start >= ? AND s.start < ?"""


def to_remind(store: Store, quartier_id: str, today: date,
              language: str) -> tuple[date | None, list[Reminder]]:
    """The day to phone about (kiosk/reminders.py) and its bookings that left a phone number:
    those still to call first, then by time."""
    start, _end = timeutil.day_bounds(reminders.window(today)[0])
    _start, end = timeutil.day_bounds(reminders.window(today)[1])
    days = {timeutil.local_day(timeutil.from_iso(moment)) for (moment,) in store.db.execute(
        f"SELECT s.start {_TO_REMIND}", [quartier_id, start, end])}
    day = reminders.reminder_day(days, today)
    if day is None:
        return None, []
    rows = store.db.execute(
        f"""SELECT b.id, s.start, b.first_name, b.phone, t.title, b.reminded_at IS NOT NULL
            {_TO_REMIND} ORDER BY b.reminded_at IS NOT NULL, s.start, b.first_name""",
        [quartier_id, *timeutil.day_bounds(day)],
    )
    return day, [Reminder(id, timeutil.from_iso(moment), name or "", phone,
                          pick(title, language), bool(reminded))
                 for id, moment, name, phone, title, reminded in rows]


def mark_reminded(store: Store, item: Reminder, now: datetime) -> None:
    """The helper phoned ("Erinnert"): kept here and sent to the server."""
    with store.write():
        if store.db.execute("UPDATE bookings SET reminded_at = ? WHERE id = ?"
                            " AND reminded_at IS NULL",
                            [timeutil.to_iso(now), item.booking_id]).rowcount:
            outbox.enqueue(store, outbox.REMINDER_DONE, {"booking_id": item.booking_id})
