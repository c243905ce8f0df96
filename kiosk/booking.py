"""Booking rules: which slots are free, what a valid booking is, cancelling, and the privacy purge.

Plain Python on the store; every rule that can refuse raises its own :class:`BookingError` whose
``message`` is a short plain-German sentence for the screen (translated when shown).

The server is the authority on capacity. Locally a slot counts as taken by the bookings the server
has confirmed (``slots.booked``, from the change feed) plus this kiosk's bookings still waiting in
the outbox.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kiosk import outbox, timeutil

# The rules of a booking's name, phone and code live in kiosk/contact.py (the admin's phone
# bookings import them without the store); the kiosk's screens and tests find them here too.
from kiosk.contact import CODE_ALPHABET as CODE_ALPHABET
from kiosk.contact import CODE_LENGTH as CODE_LENGTH
from kiosk.contact import NAME_MAX as NAME_MAX
from kiosk.contact import BookingError as BookingError
from kiosk.contact import InvalidName as InvalidName
from kiosk.contact import InvalidPhone as InvalidPhone
from kiosk.contact import normalise_name as normalise_name
from kiosk.contact import normalise_phone as normalise_phone
from kiosk.contact import random_code
from kiosk.i18n import N_, _
from kiosk.schedule import get_quartier
from kiosk.settings import Booking as BookingRules
from kiosk.states import ACTIVE_BOOKINGS, BookingState
from kiosk.store import Store


class UnknownTopic(BookingError):
    text = N_("Bitte wählen Sie ein Thema.")


class SlotUnavailable(BookingError):
    """The chosen slot cannot be booked (any more): the person has to choose another time."""


class SlotNotFound(SlotUnavailable):
    text = N_("Diesen Termin gibt es nicht mehr.")


class SlotCancelled(SlotUnavailable):
    text = N_("Dieser Termin fällt aus.")


class SlotFull(SlotUnavailable):
    text = N_("Dieser Termin ist schon vergeben.")


class SlotInPast(SlotUnavailable):
    text = N_("Dieser Termin ist schon vorbei.")


class TooShortNotice(SlotUnavailable):
    text = N_("Dieser Termin ist zu bald. Bitte wählen Sie einen späteren Termin.")


class BeyondHorizon(SlotUnavailable):
    text = N_("Dieser Termin ist zu weit weg. Bitte wählen Sie einen früheren Termin.")


class BookingNotFound(BookingError):
    text = N_("Zu diesem Code gibt es keine Buchung. Bitte prüfen Sie den Code.")


class NotCancellable(BookingError):
    text = N_("Diese Buchung kann nicht mehr abgesagt werden.")


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime
    end: datetime
    helper_name: str
    room: str
    capacity: int
    taken: int
    cancelled: bool

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.taken, 0)


@dataclass(frozen=True)
class Day:
    """One day in the booking calendar; ``reason`` says why it cannot be chosen."""

    day: date
    free_slots: int
    reason: str | None


#: A booking's state in the senior's words (Meine Buchung); an unknown state reads as booked.
STATE_TEXT = {
    BookingState.PENDING: N_("Gebucht"),
    BookingState.CONFIRMED: N_("Gebucht"),
    BookingState.CONFLICT: N_("Dieser Termin war leider schon vergeben. Bitte buchen Sie neu."),
    BookingState.REJECTED: N_("Diese Buchung wurde abgelehnt."),
    BookingState.CANCELLED: N_("Abgesagt"),
    BookingState.ATTENDED: N_("Erledigt"),
    BookingState.NO_SHOW: N_("Vorbei"),
}
#: A helper's words (the day's list) where they differ from the senior's.
HELPER_STATE_TEXT = {
    BookingState.ATTENDED: N_("Erschienen"),
    BookingState.NO_SHOW: N_("Nicht erschienen"),
}
#: The server's reasons for a refused booking (server/dqserver/ops.py), here to be translated.
SERVER_REASONS = (N_("Der Termin wurde abgesagt."), N_("Der Termin ist schon ausgebucht."))


def state_text(state: str, *, helper: bool = False) -> str:
    """A booking's state in words, translated: for the senior, or (``helper``) for a helper."""
    text = (HELPER_STATE_TEXT.get(state) if helper else None) or STATE_TEXT.get(
        state, STATE_TEXT[BookingState.PENDING])
    return _(text)


@dataclass(frozen=True)
class BookingRecord:
    id: str
    code: str
    status: str
    slot: Slot
    #: why the server refused it (CONFLICT, REJECTED): its sentence, or the sync's
    reason: str | None

    def state_text(self) -> str:
        """Its state for the senior; for a refused booking with the server's reason (a slot
        cancelled is no slot full), translated where the catalog knows the sentence."""
        if self.reason and self.status == BookingState.CONFLICT:
            return " ".join((_(self.reason), _("Bitte buchen Sie neu.")))
        if self.reason and self.status == BookingState.REJECTED:
            return " ".join((state_text(self.status), _(self.reason)))
        return state_text(self.status)


_SLOT_SQL = f"""
    SELECT s.id, s.start, s.end, COALESCE(h.first_name, ''), COALESCE(s.room, ''),
           s.capacity, COALESCE(s.booked, 0)
             + (SELECT COUNT(*) FROM bookings b
                WHERE b.slot_id = s.id AND b.status = '{BookingState.PENDING}'),
           s.cancelled
    FROM slots s LEFT JOIN helpers h ON h.id = s.helper_id
"""


def where(store: Store, quartier_id: str, slot: Slot) -> str:
    """Where a slot is, for the screens: the quartier's centre and the slot's room."""
    quartier = get_quartier(store, quartier_id)
    return ", ".join(p for p in ((quartier.centre if quartier else ""), slot.room) if p)


def _slot(row: tuple) -> Slot:
    id, start, end, helper, room, capacity, taken, cancelled = row
    return Slot(id, timeutil.from_iso(start), timeutil.from_iso(end), helper, room,
                capacity, taken, bool(cancelled))


def get_slot(store: Store, slot_id: str) -> Slot | None:
    row = store.db.execute(_SLOT_SQL + " WHERE s.id = ?", [slot_id]).fetchone()
    return _slot(row) if row else None


def slot_problem(slot: Slot, now: datetime, rules: BookingRules) -> BookingError | None:
    """Why ``slot`` cannot be booked now, or None if it can."""
    if slot.cancelled:
        return SlotCancelled()
    if slot.start <= now:
        return SlotInPast()
    if slot.start < now + timedelta(minutes=rules.min_notice_minutes):
        return TooShortNotice()
    last_day = timeutil.local_day(now) + timedelta(days=rules.horizon_days)
    if timeutil.local_day(slot.start) > last_day:
        return BeyondHorizon()
    if slot.seats_left <= 0:
        return SlotFull()
    return None


def slots_on(store: Store, quartier_id: str, day: date) -> list[Slot]:
    """Every slot of the quartier on a local calendar day, bookable or not."""
    start, end = timeutil.day_bounds(day)
    rows = store.db.execute(
        _SLOT_SQL + " WHERE s.quartier_id = ? AND s.start >= ? AND s.start < ? ORDER BY s.start",
        [quartier_id, start, end],
    )
    return [_slot(r) for r in rows]


def free_slots(
    store: Store, quartier_id: str, day: date, now: datetime, rules: BookingRules
) -> list[Slot]:
    """Slots that can be booked now: not cancelled, not past, enough notice, in range, seat left."""
    return [s for s in slots_on(store, quartier_id, day) if slot_problem(s, now, rules) is None]


def booking_days(
    store: Store, quartier_id: str, now: datetime, rules: BookingRules, days: int = 14
) -> list[Day]:
    """The next ``days`` days for the calendar: free slots, or the reason there are none."""
    today = timeutil.local_day(now)
    result = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        slots = slots_on(store, quartier_id, day)
        problems = [slot_problem(s, now, rules) for s in slots]
        free = sum(p is None for p in problems)
        reason = None
        if not slots:
            reason = _("Keine Sprechstunde")
        elif not free:  # short: the reason shares a small tile with the date
            if all(isinstance(p, SlotFull) for p in problems if p is not None):
                reason = _("Ausgebucht")
            elif any(isinstance(p, BeyondHorizon) for p in problems):
                reason = _("Noch nicht buchbar")
            else:
                reason = _("Nicht mehr frei")
        result.append(Day(day, free, reason))
    return result


def new_code(store: Store) -> str:
    while True:
        code = random_code()
        if store.db.execute("SELECT 1 FROM bookings WHERE code = ?", [code]).fetchone() is None:
            return code


def topic_exists(store: Store, topic_id: str | None) -> bool:
    """Whether ``topic_id`` names a topic of the current content (bookings and call-backs)."""
    return bool(topic_id) and store.db.execute(
        "SELECT 1 FROM topics WHERE id = ?", [topic_id]
    ).fetchone() is not None


def create_booking(
    store: Store,
    *,
    slot_id: str,
    topic_id: str,
    first_name: str,
    phone: str = "",
    now: datetime,
    rules: BookingRules,
) -> BookingRecord:
    """Validate and store a booking and its outbox entry in one transaction."""
    name = normalise_name(first_name)
    number = normalise_phone(phone)
    if not topic_exists(store, topic_id):
        raise UnknownTopic()
    with store.write():
        slot = get_slot(store, slot_id)
        if slot is None:
            raise SlotNotFound()
        if problem := slot_problem(slot, now, rules):
            raise problem
        booking_id = str(uuid.uuid4())
        code = new_code(store)
        created = timeutil.to_iso(now)
        store.db["bookings"].insert(
            {
                "id": booking_id, "slot_id": slot_id, "topic_id": topic_id,
                "first_name": name, "phone": number, "code": code, "status": BookingState.PENDING,
                "created_at": created, "updated_at": created,
            }
        )
        outbox.enqueue(
            store,
            outbox.BOOKING_CREATE,
            {"booking_id": booking_id, "slot_id": slot_id, "topic_id": topic_id,
             "first_name": name, "phone": number, "code": code, "created_at": created},
        )
    return find_booking(store, code)


def find_booking(store: Store, code: str) -> BookingRecord:
    code = "".join(code.split()).upper()
    row = store.db.execute(
        "SELECT id, code, status, slot_id, reason FROM bookings WHERE code = ?",
        [code],
    ).fetchone()
    slot = get_slot(store, row[3]) if row else None
    if row is None or slot is None:
        raise BookingNotFound()
    return BookingRecord(row[0], row[1], row[2], slot, row[4])


def cancel_booking(store: Store, code: str, now: datetime) -> BookingRecord:
    """Cancel by code (the senior's own cancellation); the server hears of it via the outbox."""
    with store.write():
        booking = find_booking(store, code)
        if booking.status not in ACTIVE_BOOKINGS or booking.slot.start <= now:
            raise NotCancellable()
        store.db.execute(
            "UPDATE bookings SET status = ?, updated_at = ? WHERE id = ?",
            [BookingState.CANCELLED, timeutil.to_iso(now), booking.id],
        )
        outbox.enqueue(store, outbox.BOOKING_CANCEL, {"booking_id": booking.id})
    return find_booking(store, code)


def purge_personal_data(store: Store, now: datetime, retention_days: int) -> int:
    """Wipe names and phone numbers ``retention_days`` after the slot (or the call-back wish).

    Delivered outbox entries hold no personal data (see :func:`kiosk.outbox.mark_done`).
    Returns the number of bookings and call-backs wiped.
    """
    cutoff = timeutil.to_iso(now - timedelta(days=retention_days))
    stamp = timeutil.to_iso(now)
    with store.write():
        bookings = store.db.execute(
            """UPDATE bookings SET first_name = NULL, phone = NULL, purged_at = ?
               WHERE purged_at IS NULL
                 AND slot_id IN (SELECT id FROM slots WHERE start < ?)""",
            [stamp, cutoff],
        ).rowcount
        callbacks = store.db.execute(
            """UPDATE callbacks SET first_name = NULL, phone = NULL, purged_at = ?
               WHERE purged_at IS NULL AND created_at < ?""",
            [stamp, cutoff],
        ).rowcount
        # Undelivered operations of what was just wiped are given up: the slot is long past.
        store.db.execute(
            """UPDATE outbox SET payload = json_remove(payload, '$.first_name', '$.phone'),
                      done_at = ?, result = '{"status": "expired"}'
               WHERE done_at IS NULL AND (
                 json_extract(payload, '$.booking_id') IN
                   (SELECT id FROM bookings WHERE purged_at IS NOT NULL)
                 OR json_extract(payload, '$.callback_id') IN
                   (SELECT id FROM callbacks WHERE purged_at IS NOT NULL))
                 AND json_extract(payload, '$.first_name') IS NOT NULL""",
            [stamp],
        )
    return bookings + callbacks
