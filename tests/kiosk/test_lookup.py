"""Finding a booking without its code (kiosk/lookup.py): by first name and the phone's last four
digits, or by first name and day when no phone was given; only when and where; five misses lock
the lookup for five minutes, for everyone at this kiosk, and a hit buys no more tries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk import booking, lookup, timeutil
from kiosk.booking import InvalidName
from kiosk.helper_mode import LockedOut
from tests.conftest import NOW, QUARTIER


@pytest.fixture
def store(booking_store, rules):
    for slot, name, phone in (("tomorrow", "Erika", "0171 2345678"),
                              ("tomorrow-group", "Cem", "")):
        booking.create_booking(booking_store, slot_id=slot, topic_id="whatsapp-foto",
                               first_name=name, phone=phone, now=NOW, rules=rules)
    return booking_store


def find(store, name, digits="", day=None, now=NOW):
    return lookup.find_without_code(store, quartier_id=QUARTIER, first_name=name,
                                    digits=digits, day=day, now=now)


def test_first_name_and_the_last_four_digits_find_when_and_where(store):
    (found,) = find(store, "erika", "5678")
    assert found == lookup.Found(NOW + timedelta(days=1), "Raum 1")
    assert set(vars(found)) == {"start", "room"}  # no name, no phone, no code


def test_without_a_phone_the_first_name_and_the_day(store):
    day = timeutil.local_day(NOW + timedelta(days=1))
    (found,) = find(store, "Cem", day=day)
    assert found.start == NOW + timedelta(days=1, hours=2)
    with pytest.raises(lookup.NothingFound):
        find(store, "Cem", day=day + timedelta(days=1))
    with pytest.raises(lookup.NothingFound):  # Erika gave a phone number: the day is not enough
        find(store, "Erika", day=day)


@pytest.mark.parametrize(("name", "digits", "error"), [
    ("Erika", "567", lookup.TooFewDigits), ("Erika", "56789", lookup.TooFewDigits),
    ("Erika", "", lookup.TooFewDigits), ("Erika 1", "5678", InvalidName),
])
def test_what_was_typed_is_checked_first(store, name, digits, error):
    with pytest.raises(error):
        find(store, name, digits)
    assert store.get_meta("lookup_failures") is None  # not a miss


def test_five_misses_lock_the_lookup_and_a_hit_buys_no_more_tries(store):
    for tries in range(4):
        with pytest.raises(lookup.NothingFound):
            find(store, "Erika", f"000{tries}")
        if tries == 1:
            find(store, "Erika", "5678")  # one's own booking in between
    with pytest.raises(LockedOut) as locked:
        find(store, "Anna", "1234")
    assert locked.value.minutes_left == 5
    with pytest.raises(LockedOut):  # even the right answer waits
        find(store, "Erika", "5678", now=NOW + timedelta(minutes=4))
    assert find(store, "Erika", "5678", now=NOW + timedelta(minutes=5, seconds=1))


def test_a_past_or_cancelled_booking_is_not_found(store):
    code = store.db.execute("SELECT code FROM bookings WHERE first_name = 'Erika'").fetchone()[0]
    with pytest.raises(lookup.NothingFound):
        find(store, "Erika", "5678", now=NOW + timedelta(days=2))
    booking.cancel_booking(store, code, NOW)
    with pytest.raises(lookup.NothingFound):
        find(store, "Erika", "5678")
