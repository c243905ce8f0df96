from datetime import datetime, time, timedelta

import pytest

from kiosk import booking, helper_mode, outbox, timeutil
from kiosk.helper_mode import Helper, LockedOut, NotYet, PinFormat, WrongPin
from kiosk.pins import hash_pin
from kiosk.schedule import upsert_helpers
from kiosk.states import BookingState
from kiosk.store import Store
from kiosk.timeutil import local_day
from tests.conftest import NOW, QUARTIER


@pytest.fixture
def helper_store(booking_store):
    upsert_helpers(booking_store, [
        {"id": "h-anna", "quartier_id": QUARTIER, "first_name": "Anna",
         "pin_hash": hash_pin("1234"), "active": True},
        {"id": "h-old", "quartier_id": QUARTIER, "first_name": "Otto",
         "pin_hash": hash_pin("9999"), "active": False},
        {"id": "h-other", "quartier_id": "herten-innenstadt", "first_name": "Mehmet",
         "pin_hash": hash_pin("5555"), "active": True},
    ])
    return booking_store


def anna() -> Helper:
    return Helper("h-anna", "Anna", QUARTIER)


def test_the_names_to_tap_are_the_quartiers_active_helpers(helper_store):
    upsert_helpers(helper_store, [{"id": "h-bernd", "quartier_id": QUARTIER,
                                   "first_name": "bernd", "pin_hash": hash_pin("1234"),
                                   "active": True},
                                  {"id": "h-nopin", "quartier_id": QUARTIER,
                                   "first_name": "Nils", "pin_hash": None, "active": True}])
    assert [h.first_name for h in helper_mode.helpers_of(helper_store, QUARTIER)] == [
        "Anna", "bernd"]
    assert helper_mode.helpers_of(helper_store, "herten-innenstadt") == [
        Helper("h-other", "Mehmet", "herten-innenstadt")]


def test_good_pin(helper_store):
    assert helper_mode.login(helper_store, anna(), "1234", NOW) == anna()


@pytest.mark.parametrize("helper", [
    Helper("h-anna", "Anna", QUARTIER),              # not Anna's PIN
    Helper("h-old", "Otto", QUARTIER),               # his PIN, but no longer active
    Helper("h-other", "Mehmet", QUARTIER),           # his PIN, but another quartier's helper
])
def test_wrong_pin_counts_down(helper_store, helper):
    pin = {"h-anna": "0000", "h-old": "9999", "h-other": "5555"}[helper.id]
    with pytest.raises(WrongPin) as error:
        helper_mode.login(helper_store, helper, pin, NOW)
    assert error.value.tries_left == 4
    assert "Falsche PIN" in error.value.message and "4 Versuche" in error.value.message


@pytest.mark.parametrize("pin", ["", "123", "1234567890", "12a4", " 1234", "１２３４"])
def test_pin_format(helper_store, pin):
    with pytest.raises(PinFormat, match="Die PIN hat 4 bis 9 Ziffern."):
        helper_mode.login(helper_store, anna(), pin, NOW)


@pytest.mark.parametrize("pin", ["4321", "470113", "470113825"])
def test_the_pin_pad_takes_old_short_pins_and_new_nine_digit_ones(helper_store, pin):
    """A PIN of every length the pad takes gets as far as the hash check (a wrong PIN, not a
    format error)."""
    with pytest.raises(WrongPin):
        helper_mode.login(helper_store, anna(), pin, NOW)


def test_lockout_after_five_wrong_tries_survives_restart_and_ends(helper_store, tmp_path):
    for tries_left in (4, 3, 2, 1):
        with pytest.raises(WrongPin, match=f"Noch {tries_left} Versuch"):
            helper_mode.login(helper_store, anna(), "0000", NOW)
    with pytest.raises(LockedOut) as error:
        helper_mode.login(helper_store, anna(), "0000", NOW)
    assert "5 Minuten" in error.value.message
    # a restart (new connection) does not lift the lock, and the right PIN does not either
    reopened = Store.open(helper_store.path)
    later = NOW + timedelta(minutes=3, seconds=30)
    with pytest.raises(LockedOut, match="2 Minuten"):
        helper_mode.login(reopened, anna(), "1234", later)
    assert helper_mode.login(reopened, anna(), "1234", NOW + timedelta(minutes=5, seconds=1))


def test_one_helpers_lock_leaves_the_others_free(helper_store):
    """Someone trying PINs on Anna's name locks Anna, not Bernd: each has their own count."""
    upsert_helpers(helper_store, [{"id": "h-bernd", "quartier_id": QUARTIER,
                                   "first_name": "Bernd", "pin_hash": hash_pin("1234"),
                                   "active": True}])
    bernd = Helper("h-bernd", "Bernd", QUARTIER)
    for _ in range(4):
        with pytest.raises(WrongPin):
            helper_mode.login(helper_store, anna(), "0000", NOW)
    with pytest.raises(WrongPin) as error:  # Bernd's own count starts at five tries
        helper_mode.login(helper_store, bernd, "0000", NOW)
    assert error.value.tries_left == 4
    with pytest.raises(LockedOut):
        helper_mode.login(helper_store, anna(), "0000", NOW)
    reopened = Store.open(helper_store.path)  # the counts live in the store, per helper
    with pytest.raises(LockedOut):
        helper_mode.login(reopened, anna(), "1234", NOW)
    # the same PIN as Anna's: the name tapped says who signs in
    assert helper_mode.login(reopened, bernd, "1234", NOW) == bernd


def test_good_pin_resets_the_count(helper_store):
    for _ in range(4):
        with pytest.raises(WrongPin):
            helper_mode.login(helper_store, anna(), "0000", NOW)
    helper_mode.login(helper_store, anna(), "1234", NOW)
    with pytest.raises(WrongPin) as error:
        helper_mode.login(helper_store, anna(), "0000", NOW)
    assert error.value.tries_left == 4


def make_booking(store, rules, name="Erna", slot="tomorrow", now=NOW):
    return booking.create_booking(store, slot_id=slot, topic_id="betrug-sms", first_name=name,
                                  phone="0171 1234567", now=now, rules=rules)


def test_bookings_list_and_status_changes_survive_restart(helper_store, rules):
    erna = make_booking(helper_store, rules)
    make_booking(helper_store, rules, name="Bernd", slot="tomorrow-group")
    tomorrow = local_day(NOW) + timedelta(days=1)
    listed = helper_mode.bookings_between(helper_store, QUARTIER, tomorrow, 1, "de")
    assert [(b.first_name, b.phone, b.topic) for b in listed] == [
        ("Erna", "+491711234567", "Betrugs-SMS erkennen"),
        ("Bernd", "+491711234567", "Betrugs-SMS erkennen")]
    assert helper_mode.bookings_between(helper_store, QUARTIER, local_day(NOW), 1, "de") == []

    on_the_day = NOW + timedelta(days=1)
    helper_mode.set_status(helper_store, listed[0], BookingState.ATTENDED, on_the_day)
    reopened = Store.open(helper_store.path)
    listed = helper_mode.bookings_between(reopened, QUARTIER, tomorrow, 1, "de")
    assert listed[0].status == BookingState.ATTENDED
    ops = outbox.pending(reopened)
    assert ops[-1].type == outbox.BOOKING_STATUS
    assert ops[-1].payload == {"booking_id": erna.id, "status": "attended"}
    with pytest.raises(ValueError):
        helper_mode.set_status(reopened, listed[0], "lost", on_the_day)


def test_attendance_from_the_bookings_day_on_not_before(helper_store, rules):
    make_booking(helper_store, rules)  # tomorrow at 10:00
    tomorrow = local_day(NOW) + timedelta(days=1)
    [erna] = helper_mode.bookings_between(helper_store, QUARTIER, tomorrow, 1, "de")
    assert not helper_mode.attendance_open(erna, NOW)
    for status in (BookingState.ATTENDED, BookingState.NO_SHOW):
        with pytest.raises(NotYet):
            helper_mode.set_status(helper_store, erna, status, NOW)
    assert outbox.pending(helper_store)[-1].type == outbox.BOOKING_CREATE  # nothing sent
    # a cancellation by phone is fine before the day
    helper_mode.set_status(helper_store, erna, BookingState.CANCELLED, NOW)
    # early on the day (before the slot's hour) and days after, attendance can be marked
    early = datetime.combine(tomorrow, time(0, 30), timeutil.LOCAL)
    for moment in (early, NOW + timedelta(days=9)):
        assert helper_mode.attendance_open(erna, moment)
        helper_mode.set_status(helper_store, erna, BookingState.NO_SHOW, moment)


def test_no_bookings_today_says_when_the_next_ones_are(helper_store, rules):
    today = local_day(NOW)
    assert helper_mode.next_bookings(helper_store, QUARTIER, today) is None
    make_booking(helper_store, rules)
    make_booking(helper_store, rules, name="Bernd", slot="tomorrow-group")
    make_booking(helper_store, rules, name="Cem", slot="far", now=NOW + timedelta(days=25))
    assert helper_mode.next_bookings(helper_store, QUARTIER, today) == (
        today + timedelta(days=1), 2)
    assert helper_mode.next_bookings(helper_store, QUARTIER, today + timedelta(days=1)) == (
        today + timedelta(days=30), 1)
    assert helper_mode.next_bookings(helper_store, "herten-innenstadt", today) is None
    # cancelled ones are not coming
    for item in helper_mode.bookings_between(helper_store, QUARTIER, today, 40, "de"):
        if item.first_name != "Bernd":
            helper_mode.set_status(helper_store, item, BookingState.CANCELLED, NOW)
    assert helper_mode.next_bookings(helper_store, QUARTIER, today) == (
        today + timedelta(days=1), 1)


def test_walkins_are_counted_without_personal_data(helper_store):
    helper_mode.add_walkin(helper_store, "whatsapp-foto", NOW)
    helper_mode.add_walkin(helper_store, "betrug-sms", NOW + timedelta(minutes=5))
    assert helper_mode.walkins_on(helper_store, local_day(NOW)) == 2
    assert helper_mode.walkins_on(helper_store, local_day(NOW) + timedelta(days=1)) == 0
    assert [op.type for op in outbox.pending(helper_store)] == [outbox.WALKIN_CREATE] * 2
    assert set(helper_store.db["walkins"].columns_dict) == {"id", "topic_id", "at"}


def test_a_walkin_can_be_undone_until_it_is_sent(helper_store):
    kept = helper_mode.add_walkin(helper_store, "whatsapp-foto", NOW)
    mistake = helper_mode.add_walkin(helper_store, "whatsapp-foto", NOW)
    assert helper_mode.undo_walkin(helper_store, mistake)
    assert not helper_mode.undo_walkin(helper_store, mistake)         # once is enough
    assert helper_mode.walkins_on(helper_store, local_day(NOW)) == 1
    [op] = outbox.pending(helper_store)
    assert op.payload["walkin_id"] == kept
    outbox.mark_done(helper_store, op.op_id, {"status": "confirmed"})
    assert not helper_mode.undo_walkin(helper_store, kept)            # the server has it
    assert helper_mode.walkins_on(helper_store, local_day(NOW)) == 1


def test_callbacks_and_conflicts_to_call_back(helper_store, rules):
    refused = make_booking(helper_store, rules)
    helper_store.db.execute("UPDATE bookings SET status = 'conflict' WHERE id = ?", [refused.id])
    helper_store.db["callbacks"].insert({
        "id": "cb1", "quartier_id": QUARTIER, "topic_id": "whatsapp-foto", "first_name": "Cem",
        "phone": "+49236212345", "status": "open", "created_at": "2026-11-25T08:00:00Z"})
    items = helper_mode.to_call_back(helper_store, QUARTIER, "de")
    assert [(i.kind, i.first_name) for i in items] == [("callback", "Cem"), ("conflict", "Erna")]
    assert helper_mode.to_call_back(helper_store, "herten-innenstadt", "de") == []
    for item in items:
        helper_mode.mark_called_back(helper_store, item, NOW)
    assert helper_mode.to_call_back(helper_store, QUARTIER, "de") == []
    assert [op.type for op in outbox.pending(helper_store)][-2:] == [
        outbox.CALLBACK_DONE, outbox.CONFLICT_DONE]
    # a refused booking is not on the day's list
    tomorrow = local_day(NOW) + timedelta(days=1)
    assert helper_mode.bookings_between(helper_store, QUARTIER, tomorrow, 1, "de") == []
