import json
import threading
import time
from datetime import timedelta

import pytest

from kiosk import booking, contact, outbox
from kiosk.booking import (
    CODE_ALPHABET,
    BeyondHorizon,
    BookingNotFound,
    InvalidName,
    InvalidPhone,
    NotCancellable,
    SlotCancelled,
    SlotFull,
    SlotInPast,
    SlotNotFound,
    TooShortNotice,
    UnknownTopic,
)
from kiosk.i18n import set_language
from kiosk.settings import Booking
from kiosk.states import BookingState
from kiosk.store import Store
from kiosk.timeutil import local_day
from tests.conftest import NOW, QUARTIER


def book(store, rules, slot_id="tomorrow", name="Erna", phone="", topic="betrug-sms", now=NOW):
    return booking.create_booking(store, slot_id=slot_id, topic_id=topic, first_name=name,
                                  phone=phone, now=now, rules=rules)


def test_free_slots_tomorrow(booking_store, rules):
    slots = booking.free_slots(booking_store, QUARTIER, local_day(NOW) + timedelta(days=1),
                               NOW, rules)
    assert [s.id for s in slots] == ["tomorrow", "tomorrow-group"]
    assert slots[0].helper_name == "Anna"
    assert slots[1].seats_left == 3


def test_free_slots_today_excludes_past_and_short_notice(booking_store, rules):
    assert booking.free_slots(booking_store, QUARTIER, local_day(NOW), NOW, rules) == []
    relaxed = Booking(min_notice_minutes=10)
    assert [s.id for s in booking.free_slots(booking_store, QUARTIER, local_day(NOW), NOW,
                                             relaxed)] == ["soon"]


def test_cancelled_full_and_far_slots_excluded(booking_store, rules):
    in_two_days = local_day(NOW) + timedelta(days=2)
    assert booking.free_slots(booking_store, QUARTIER, in_two_days, NOW, rules) == []
    far = local_day(NOW) + timedelta(days=30)
    assert booking.free_slots(booking_store, QUARTIER, far, NOW, rules) == []
    assert booking.free_slots(booking_store, QUARTIER, far, NOW,
                              Booking(horizon_days=31))[0].id == "far"


def test_booking_days_give_reasons(booking_store, rules):
    days = booking.booking_days(booking_store, QUARTIER, NOW, rules)
    assert len(days) == 14 and days[0].day == local_day(NOW)
    by_offset = {(d.day - local_day(NOW)).days: d for d in days}
    assert by_offset[1].free_slots == 2 and by_offset[1].reason is None
    assert by_offset[2].free_slots == 0 and by_offset[2].reason
    assert by_offset[3].reason == "Keine Sprechstunde"


def test_create_booking_stores_booking_and_outbox_together(booking_store, rules):
    record = book(booking_store, rules, name="  Erna   Maria ", phone="0171 / 123 45 67")
    assert record.status == BookingState.PENDING and record.state_text() == "Gebucht"
    assert len(record.code) == 6 and set(record.code) <= set(CODE_ALPHABET)
    row = booking_store.db["bookings"].get(record.id)
    assert row["phone"] == "+491711234567" and row["first_name"] == "Erna Maria"
    [op] = outbox.pending(booking_store)
    assert op.type == outbox.BOOKING_CREATE
    assert op.payload["booking_id"] == record.id and op.payload["code"] == record.code
    # the slot now counts as taken locally
    with pytest.raises(SlotFull):
        book(booking_store, rules)


def test_group_slot_fills_up(booking_store, rules):
    for name in ("Anna", "Bernd", "Cem"):
        book(booking_store, rules, slot_id="tomorrow-group", name=name)
    with pytest.raises(SlotFull):
        book(booking_store, rules, slot_id="tomorrow-group", name="Dora")


@pytest.mark.parametrize(("slot_id", "error"), [
    ("past", SlotInPast), ("soon", TooShortNotice), ("cancelled", SlotCancelled),
    ("full", SlotFull), ("far", BeyondHorizon), ("nope", SlotNotFound),
])
def test_slot_rules_refuse(booking_store, rules, slot_id, error):
    with pytest.raises(error) as refused:
        book(booking_store, rules, slot_id=slot_id)
    assert isinstance(refused.value, booking.SlotUnavailable)  # "choose another time"
    assert booking_store.db["bookings"].count == 0
    assert outbox.pending_count(booking_store) == 0


@pytest.mark.parametrize("name", ["Erna", "Jürgen", "Anne-Marie", "Ayşe", "Zoë", "Ali Rıza",
                                  "A", "Ä" * 40])
def test_good_names(name):
    assert booking.normalise_name(name) == name


@pytest.mark.parametrize("name", ["", "   ", "Erna2", "R2-D2", "-Anna", "Anna-", "a@b",
                                  "Ä" * 41, "Anna--Lena", "Dr. Müller"])
def test_bad_names(name):
    with pytest.raises(InvalidName):
        booking.normalise_name(name)


@pytest.mark.parametrize(("typed", "stored"), [
    ("", ""), ("0171 1234567", "+491711234567"), ("+49 171 1234567", "+491711234567"),
    ("0049 (0)2362 12345", "+49236212345"), ("(02362) 12 34 5", "+49236212345"),
    ("02362/12345", "+49236212345"), ("+49 (0) 2362-12345", "+49236212345"),
    ("+90 532 123 45 67", "+905321234567"),
])
def test_phone_normalised(typed, stored):
    assert booking.normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "0171", "abc", "+49 0171", "0171-12x4567",
                                   "+1 23", "01711234567890123", "0000000"])
def test_bad_phone(typed):
    with pytest.raises(InvalidPhone):
        booking.normalise_phone(typed)


def test_unknown_topic_refused(booking_store, rules):
    with pytest.raises(UnknownTopic):
        book(booking_store, rules, topic="does-not-exist")


def test_codes_are_unique(booking_store, rules, monkeypatch):
    first = book(booking_store, rules, slot_id="tomorrow-group")
    picks = iter(first.code + "ZZZZZZ")
    monkeypatch.setattr(contact.secrets, "choice", lambda _alphabet: next(picks))
    second = book(booking_store, rules, slot_id="tomorrow-group", name="Bernd")
    assert second.code == "ZZZZZZ"


def test_cancel_by_code(booking_store, rules):
    record = book(booking_store, rules)
    cancelled = booking.cancel_booking(booking_store, record.code.lower(), NOW)
    assert cancelled.status == BookingState.CANCELLED
    assert [op.type for op in outbox.pending(booking_store)] == [
        outbox.BOOKING_CREATE, outbox.BOOKING_CANCEL]
    # the seat is free again
    assert book(booking_store, rules, name="Bernd").status == BookingState.PENDING
    with pytest.raises(NotCancellable):
        booking.cancel_booking(booking_store, record.code, NOW)


def test_cancel_unknown_code_or_past(booking_store, rules):
    with pytest.raises(BookingNotFound):
        booking.cancel_booking(booking_store, "ZZZZZZ", NOW)
    record = book(booking_store, rules)
    with pytest.raises(NotCancellable):
        booking.cancel_booking(booking_store, record.code, NOW + timedelta(days=2))


def test_purge_wipes_personal_data_after_retention(booking_store, rules):
    record = book(booking_store, rules, phone="0171 1234567")
    slot_day = NOW + timedelta(days=1)
    assert booking.purge_personal_data(booking_store, slot_day + timedelta(days=29), 30) == 0
    assert booking_store.db["bookings"].get(record.id)["first_name"] == "Erna"
    assert booking.purge_personal_data(booking_store, slot_day + timedelta(days=31), 30) == 1
    row = booking_store.db["bookings"].get(record.id)
    assert row["first_name"] is None and row["phone"] is None and row["code"] == record.code
    # the undelivered operation no longer carries the name and will not be sent
    payloads = [r["payload"] for r in booking_store.db["outbox"].rows]
    assert all("Erna" not in p and "+49171" not in p for p in payloads)
    assert outbox.pending_count(booking_store) == 0
    assert booking.purge_personal_data(booking_store, slot_day + timedelta(days=40), 30) == 0


def test_delivered_operation_forgets_personal_data(booking_store, rules):
    record = book(booking_store, rules, phone="0171 1234567")
    [op] = outbox.pending(booking_store)
    outbox.mark_done(booking_store, op.op_id, {"status": "confirmed"})
    payload = json.loads(booking_store.db["outbox"].get(op.seq)["payload"])
    assert "first_name" not in payload and payload["booking_id"] == record.id


def test_errors_speak_plain_german_and_translate():
    assert InvalidName().message.startswith("Bitte geben Sie Ihren Vornamen ein")
    try:
        set_language("en")
        assert "first name" in InvalidName().message
    finally:
        set_language("de")


def test_a_booking_waits_for_another_thread_s_write_instead_of_failing(booking_store, rules):
    """The sync and purge threads write the same file. A transaction that read before another
    connection committed could not write after it: SQLite refuses at once ("database is
    locked", without waiting), and the senior's booking was lost. Write transactions take the
    write lock first (BEGIN IMMEDIATE): they wait, then read what the other one wrote."""
    other = Store.open(booking_store.path)
    holding = threading.Event()

    def write_meanwhile():
        other.db.execute("BEGIN IMMEDIATE")
        holding.set()
        time.sleep(0.3)
        other.set_meta("written", "by the other thread")
        other.db.execute("COMMIT")

    thread = threading.Thread(target=write_meanwhile)
    thread.start()
    holding.wait()
    try:
        made = book(booking_store, rules)
    finally:
        thread.join()
        other.close()
    assert booking_store.db["bookings"].get(made.id)["first_name"] == "Erna"
    assert booking_store.get_meta("written") == "by the other thread"


@pytest.mark.parametrize(("status", "reason", "de", "en"), [
    # a slot the manager cancelled is no slot full: the server's reason says which
    (BookingState.CONFLICT, "Der Termin wurde abgesagt.",
     "Der Termin wurde abgesagt. Bitte buchen Sie neu.",
     "The appointment was cancelled. Please book again."),
    (BookingState.CONFLICT, "Der Termin war schon ausgebucht.",  # the feed's (sync/pull.py)
     "Der Termin war schon ausgebucht. Bitte buchen Sie neu.",
     "The appointment was already fully booked. Please book again."),
    (BookingState.CONFLICT, None,
     "Dieser Termin war leider schon vergeben. Bitte buchen Sie neu.",
     "Sorry, this appointment was already taken. Please book again."),
    (BookingState.REJECTED, "Kein Termin mit dieser Nummer.",   # not in the catalog: as it is
     "Diese Buchung wurde abgelehnt. Kein Termin mit dieser Nummer.",
     "This booking was refused. Kein Termin mit dieser Nummer."),
    (BookingState.CONFIRMED, "left over", "Gebucht", "Booked"),
])
def test_meine_buchung_says_why_the_server_refused_a_booking(booking_store, rules, status,
                                                              reason, de, en):
    made = book(booking_store, rules)
    booking_store.db.execute("UPDATE bookings SET status = ?, reason = ? WHERE id = ?",
                             [status, reason, made.id])
    record = booking.find_booking(booking_store, made.code)
    assert record.state_text() == de
    try:
        set_language("en")
        assert record.state_text() == en
    finally:
        set_language("de")


def test_a_helper_reads_attendance_in_their_own_words():
    assert booking.state_text(BookingState.ATTENDED) == "Erledigt"
    assert booking.state_text(BookingState.ATTENDED, helper=True) == "Erschienen"
    assert booking.state_text(BookingState.CANCELLED, helper=True) == "Abgesagt"
    assert booking.state_text("something new") == "Gebucht"


def test_the_three_day_reasons_are_told_apart(booking_store):
    """A day without a free slot says why: all full; not bookable yet (beyond the horizon);
    or no longer (past, too short notice, cancelled) — also where one of its slots is full."""
    from kiosk.schedule import upsert_slots
    from tests.conftest import make_slot

    upsert_slots(booking_store, [
        make_slot("full-a", NOW + timedelta(days=3), booked=1),
        make_slot("full-b", NOW + timedelta(days=3, hours=1), capacity=2, booked=2),
        make_slot("later", NOW + timedelta(days=5)),
        make_slot("later-full", NOW + timedelta(days=5, hours=1), booked=1),
    ])
    days = booking.booking_days(booking_store, QUARTIER, NOW, Booking(horizon_days=4))
    reasons = {(d.day - local_day(NOW)).days: d.reason for d in days}
    assert reasons[0] == "Nicht mehr frei"        # one slot past, one too soon
    assert reasons[1] is None
    assert reasons[2] == "Nicht mehr frei"        # full and cancelled: not simply booked up
    assert reasons[3] == "Ausgebucht"
    assert reasons[4] == "Keine Sprechstunde"
    assert reasons[5] == "Noch nicht buchbar"     # free and full, both beyond the horizon


@pytest.mark.parametrize(("phone", "stored"), [
    ("0236 21", None),                    # 5 digits after the 0: too short for Germany
    ("0236 212", "+49236212"),            # 6: the shortest German number
    ("0123 4567 890123", "+491234567890123"),  # 13: the longest
    ("0123 4567 8901234", None),          # 14
    ("+49 (0)2362 123456", "+492362123456"),
    ("+49 0 0236 212345", None),          # a second 0: no German number
    ("+43 12345", None),                  # 7 digits abroad, the country's included
    ("+43 123456", "+43123456"),          # 8
    ("0043 1234567890123", "+431234567890123"),  # 15
    ("+43 12345678901234", None),         # 16
    ("0171 12a4567", None),
    ("", ""),
])
def test_phone_length_limits(phone, stored):
    if stored is None:
        with pytest.raises(InvalidPhone):
            booking.normalise_phone(phone)
    else:
        assert booking.normalise_phone(phone) == stored


def test_where_is_the_centre_and_the_room(booking_store):
    tomorrow = booking.get_slot(booking_store, "tomorrow")
    assert booking.where(booking_store, QUARTIER, tomorrow) == "Begegnungsstätte, Raum 1"
    assert booking.where(booking_store, "elsewhere", tomorrow) == "Raum 1"
    roomless = booking.Slot(**{**tomorrow.__dict__, "room": ""})
    assert booking.where(booking_store, QUARTIER, roomless) == "Begegnungsstätte"


def test_cancel_tells_the_server_which_booking_and_not_once_the_slot_began(booking_store, rules):
    record = book(booking_store, rules)
    with booking_store.write():
        for op in outbox.pending(booking_store):
            outbox.mark_done(booking_store, op.op_id, {"status": "confirmed"})
    start = record.slot.start
    with pytest.raises(NotCancellable):
        booking.cancel_booking(booking_store, record.code, start)      # the slot begins now
    cancelled = booking.cancel_booking(booking_store, record.code, start - timedelta(seconds=1))
    assert cancelled.status == BookingState.CANCELLED
    [op] = outbox.pending(booking_store)
    assert (op.type, op.payload) == (outbox.BOOKING_CANCEL, {"booking_id": record.id})
    row = booking_store.db["bookings"].get(record.id)
    assert row["updated_at"] == "2026-11-26T08:59:59Z"


def test_the_purge_counts_bookings_and_call_backs(booking_store, rules):
    from kiosk.callbacks import create_callback

    book(booking_store, rules)
    create_callback(booking_store, quartier_id=QUARTIER, topic_id=None, first_name="Cem",
                    phone="0171 1234567", now=NOW)
    assert booking.purge_personal_data(booking_store, NOW + timedelta(days=40), 30) == 2
