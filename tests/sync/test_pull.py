"""The changes feed applied to the kiosk's own bookings and call-backs, and a full fetch's sweep:
rules mutation testing found run only end to end (docs/mutation.md), here each on its own."""

from __future__ import annotations

import pytest

from kiosk import booking, helper_mode, outbox
from kiosk.callbacks import create_callback
from kiosk.schedule import upsert_helpers
from kiosk.states import BookingState, CallbackState
from sync.pull import apply_bookings, apply_callbacks, apply_page
from tests.conftest import NOW, QUARTIER


@pytest.fixture
def made(booking_store, rules):
    """A booking the server already has (its op delivered)."""
    record = booking.create_booking(booking_store, slot_id="tomorrow", topic_id="whatsapp-foto",
                                    first_name="Erna", now=NOW, rules=rules)
    with booking_store.write():
        for op in outbox.pending(booking_store):
            outbox.mark_done(booking_store, op.op_id, {"status": "confirmed"})
    return record


def local(store, booking_id):
    return store.db.execute("SELECT status, reason, handled_at, updated_at FROM bookings"
                            " WHERE id = ?", [booking_id]).fetchone()


@pytest.mark.parametrize(("server", "stored"), [
    ("confirmed", BookingState.CONFIRMED),
    ("cancelled", BookingState.CANCELLED),      # a manager cancelled it
    ("attended", BookingState.ATTENDED),        # a helper marked it on another kiosk
    ("no_show", BookingState.NO_SHOW),
    ("conflict", BookingState.CONFLICT),
    ("conflict_done", BookingState.CONFLICT),
])
def test_the_server_s_state_is_stored_for_a_known_booking(booking_store, made, server, stored):
    with booking_store.write():
        assert apply_bookings(booking_store, [{"id": made.id, "status": server}]) >= 1
    status, reason, handled_at, updated_at = local(booking_store, made.id)
    assert status == stored and updated_at is not None
    assert reason == ("Der Termin war schon ausgebucht." if stored == BookingState.CONFLICT
                      else None)
    assert (handled_at is not None) == (server == "conflict_done")


def test_a_reason_the_kiosk_has_is_kept_and_nothing_changes_twice(booking_store, made):
    booking_store.db.execute("UPDATE bookings SET status = 'pending', reason = ? WHERE id = ?",
                             ["Der Termin wurde abgesagt.", made.id])
    with booking_store.write():
        assert apply_bookings(booking_store, [{"id": made.id, "status": "conflict"}]) == 1
        assert apply_bookings(booking_store, [{"id": made.id, "status": "conflict"}]) == 0
        assert apply_bookings(booking_store, [{"id": made.id, "status": "conflict_done"}]) == 1
        assert apply_bookings(booking_store, [{"id": made.id, "status": "conflict_done"}]) == 0
    status, reason, handled_at, _ = local(booking_store, made.id)
    assert (status, reason) == (BookingState.CONFLICT, "Der Termin wurde abgesagt.")
    assert handled_at is not None


def test_one_unknown_booking_holds_back_none_after_it(booking_store, made, rules):
    other = booking.create_booking(booking_store, slot_id="tomorrow-group",
                                   topic_id="whatsapp-foto", first_name="Olga", now=NOW,
                                   rules=rules)
    with booking_store.write():
        for op in outbox.pending(booking_store):
            outbox.mark_done(booking_store, op.op_id, {"status": "confirmed"})
        changed = apply_bookings(booking_store, [{"id": "elsewhere", "status": "cancelled"},
                                                 {"id": made.id, "status": "cancelled"},
                                                 {"id": other.id, "status": "conflict_done"}])
    assert changed == 3           # two states and one conflict handled
    assert local(booking_store, made.id)[0] == BookingState.CANCELLED
    assert local(booking_store, other.id)[0] == BookingState.CONFLICT


def test_a_booking_this_kiosk_still_sends_is_not_overwritten_nor_stops_the_rest(
        booking_store, made, rules):
    waiting = booking.create_booking(booking_store, slot_id="tomorrow-group",
                                     topic_id="whatsapp-foto", first_name="Olga", now=NOW,
                                     rules=rules)                      # its op still pending
    with booking_store.write():
        apply_bookings(booking_store, [{"id": waiting.id, "status": "cancelled"},
                                       {"id": made.id, "status": "cancelled"}])
    assert local(booking_store, waiting.id)[0] == BookingState.PENDING
    assert local(booking_store, made.id)[0] == BookingState.CANCELLED


def test_unknown_bookings_and_states_change_nothing(booking_store, made):
    before = local(booking_store, made.id)
    with booking_store.write():
        assert apply_bookings(booking_store, [{"id": "elsewhere", "status": "cancelled"},
                                              {"id": made.id, "status": "pending"},
                                              {"id": made.id, "status": "later"}]) == 0
    assert local(booking_store, made.id) == before


def test_attendance_set_here_is_not_turned_back(booking_store, made):
    booking_store.db.execute("UPDATE bookings SET status = 'attended' WHERE id = ?", [made.id])
    with booking_store.write():
        assert apply_bookings(booking_store, [{"id": made.id, "status": "confirmed"}]) == 0
        assert apply_bookings(booking_store, [{"id": made.id, "status": "no_show"}]) == 1
    assert local(booking_store, made.id)[0] == BookingState.NO_SHOW


def wish(store, phone="0171 1234567"):
    made = create_callback(store, quartier_id=QUARTIER, topic_id=None, first_name="Cem",
                           phone=phone, now=NOW)
    return made.id


def callback_row(store, callback_id):
    return store.db.execute("SELECT status, done_at FROM callbacks WHERE id = ?",
                            [callback_id]).fetchone()


def test_a_call_back_done_elsewhere_is_done_here_unless_this_kiosk_still_sends(booking_store):
    waiting, delivered = wish(booking_store), wish(booking_store, "0171 7654321")
    with booking_store.write():
        for op in outbox.pending(booking_store):
            if op.payload["callback_id"] == delivered:
                outbox.mark_done(booking_store, op.op_id, {"status": "confirmed"})
        changed = apply_callbacks(booking_store, [
            {"id": waiting, "status": CallbackState.DONE},       # its create op is pending
            {"id": delivered, "status": CallbackState.DONE},
            {"id": "another-kiosk", "status": CallbackState.DONE}])
    assert changed == 1
    assert callback_row(booking_store, waiting) == (CallbackState.OPEN, None)
    status, done_at = callback_row(booking_store, delivered)
    assert status == CallbackState.DONE and done_at is not None
    with booking_store.write():
        assert apply_callbacks(booking_store, [{"id": delivered, "status": "done"}]) == 0
        assert apply_callbacks(booking_store, [{"id": delivered, "status": "open"}]) == 0
    assert callback_row(booking_store, delivered) == (status, done_at)


def test_a_full_fetch_switches_off_what_the_server_no_longer_lists(booking_store):
    upsert_helpers(booking_store, [{"id": "h-gone", "quartier_id": QUARTIER,
                                    "first_name": "Otto", "pin_hash": "hash", "active": True}])
    page = {"cursor": "c1", "more": False, "reset": True,
            "quartier": {"id": QUARTIER, "name": "Dorsten-Wulfen"},
            "helpers": [{"id": "h-anna", "first_name": "Anna", "pin_hash": "x", "active": True}],
            "slots": [{"id": "new", "helper_id": "h-anna", "start": "2026-12-01T09:00:00Z",
                       "end": "2026-12-01T09:45:00Z", "capacity": 1, "booked": 0,
                       "room": "", "cancelled": False}],
            "bookings": [], "callbacks": []}
    apply_page(booking_store, page, "c0", None)
    helpers = {h.id: h for h in helper_mode.helpers_of(booking_store, QUARTIER)}
    assert list(helpers) == ["h-anna"]
    gone = booking_store.db["helpers"].get("h-gone")
    assert (gone["active"], gone["pin_hash"]) == (0, "")     # no PIN of a helper who left
    assert booking_store.db["helpers"].get("h-anna")["pin_hash"] == "x"
    slots = dict(booking_store.db.execute("SELECT id, cancelled FROM slots"))
    assert slots.pop("new") == 0
    assert set(slots.values()) == {1}, "a slot not listed is switched off, not deleted"
    assert booking_store.db["slots"].get("new")["quartier_id"] == QUARTIER
    assert booking_store.get_meta("sync_cursor") == "c1"
