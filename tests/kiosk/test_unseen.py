"""No booking unseen (kiosk/unseen.py): a booking stored but never shown is found at the next
start, for a few minutes; one shown, old, or cancelled is not. A real child process books and
is killed with SIGKILL before any screen could show the code."""

from __future__ import annotations

import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from kiosk import booking, unseen
from kiosk.store import Store
from tests.conftest import NOW

MINUTES = 10


def book(store, rules, slot_id: str = "tomorrow-group"):
    return booking.create_booking(store, slot_id=slot_id, topic_id="whatsapp-foto",
                                  first_name="Erika", now=NOW, rules=rules)


def test_a_booking_never_shown_is_found_until_it_is_shown(booking_store, rules):
    record = book(booking_store, rules)
    assert unseen.latest_unseen(booking_store, NOW + timedelta(minutes=1), MINUTES) == record
    unseen.mark_shown(booking_store, record.id, NOW + timedelta(seconds=2))
    assert unseen.latest_unseen(booking_store, NOW + timedelta(minutes=1), MINUTES) is None


@pytest.mark.parametrize("later", [timedelta(minutes=MINUTES, seconds=1), timedelta(days=1)])
def test_after_a_few_minutes_it_is_left_to_the_helpers(booking_store, rules, later):
    book(booking_store, rules)
    assert unseen.latest_unseen(booking_store, NOW + later, MINUTES) is None


def test_the_newest_active_one_is_shown(booking_store, rules):
    first = book(booking_store, rules)
    second = booking.create_booking(booking_store, slot_id="tomorrow", topic_id="betrug-sms",
                                    first_name="Cem", now=NOW + timedelta(seconds=30),
                                    rules=rules)
    assert unseen.latest_unseen(booking_store, NOW + timedelta(minutes=1), MINUTES) == second
    booking.cancel_booking(booking_store, second.code, NOW + timedelta(seconds=40))
    assert unseen.latest_unseen(booking_store, NOW + timedelta(minutes=1), MINUTES) == first


def test_bookings_from_before_the_upgrade_count_as_shown(tmp_path, rules):
    old = Store.open(tmp_path / "kiosk.db", migrate=False)
    old.migrate(5)
    old.db["bookings"].insert({"id": "b1", "slot_id": "s1", "code": "ABCDEF",
                               "status": "pending", "created_at": "2026-11-25T09:00:00Z"})
    old.close()
    store = Store.open(tmp_path / "kiosk.db")
    assert store.db.execute("SELECT shown_at FROM bookings").fetchone()[0] == (
        "2026-11-25T09:00:00Z")


CHILD = """
import os, signal, sys
from datetime import datetime
from kiosk import booking
from kiosk.settings import Booking
from kiosk.store import Store
now = datetime.fromisoformat(sys.argv[2])
record = booking.create_booking(Store.open(sys.argv[1]), slot_id="tomorrow-group",
                                topic_id="whatsapp-foto", first_name="Erika", now=now,
                                rules=Booking())
print(record.code, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # dead before any screen could show the code
"""


def test_killed_between_commit_and_screen_the_booking_is_found(booking_store):
    child = subprocess.run([sys.executable, "-c", CHILD, str(booking_store.path),
                            NOW.isoformat()], capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    code = child.stdout.strip()
    found = unseen.latest_unseen(Store.open(booking_store.path), NOW + timedelta(minutes=2),
                                 MINUTES)
    assert found is not None and found.code == code
