"""A booking made by phone in the admin reaches the quartier's kiosk (feed version 2): helpers
see it in helper mode, "Meine Buchung" finds it by its code, and a reminder call marked on the
kiosk reaches the server — one real server process, one real kiosk store, the real sync."""

from __future__ import annotations

import sqlite3
import uuid

from kiosk import booking, helper_mode, timeutil
from tests.e2e.conftest import HERTEN

PHONE_BOOKING = """
from datetime import timedelta
from django.utils import timezone
from dqserver.bookings.models import Slot
from dqserver.bookings.views import book_by_phone
from dqserver.kiosks.models import Quartier
herten = Quartier.objects.get(slug={quartier!r})
day = timezone.localdate() + timedelta(days=1)
start = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 15, 17))
slot = Slot.objects.create(quartier=herten, start=start, end=start + timedelta(minutes=30),
                           capacity=1, room="Telefon-Test")
booking = book_by_phone(herten, slot.pk, {{"topic": None, "first_name": "Hatice",
                                          "phone": "02366 98765"}})
print(booking.pk, booking.code)
"""


def reminded_on_server(server, booking_id: str) -> str | None:
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        return db.execute("SELECT reminded_at FROM dqserver_booking WHERE id = ?",
                          [uuid.UUID(booking_id).hex]).fetchone()[0]


def test_a_phone_booking_reaches_the_kiosk_and_its_reminder_the_server(server, make_kiosk):
    kiosk = make_kiosk(HERTEN)
    kiosk.sync()
    out = server.manage("shell", "-c", PHONE_BOOKING.format(quartier=HERTEN))
    booking_id, code = out.strip().splitlines()[-1].split()
    kiosk.sync()
    today = timeutil.local_day(timeutil.now())
    day, due = helper_mode.to_remind(kiosk.store, HERTEN, today, "de")
    mine = [item for item in due if item.booking_id == booking_id]
    assert [(m.first_name, m.phone, m.reminded) for m in mine] == [("Hatice", "02366 98765",
                                                                    False)]
    tomorrow = helper_mode.bookings_between(kiosk.store, HERTEN, mine[0].start.date(), 1, "de")
    assert "Hatice" in {b.first_name for b in tomorrow}
    assert booking.find_booking(kiosk.store, code).id == booking_id     # "Meine Buchung"
    helper_mode.mark_reminded(kiosk.store, mine[0], timeutil.now())
    kiosk.sync()
    assert reminded_on_server(server, booking_id) is not None
    kiosk.sync()                                  # the feed brings the mark back: no change
    _day, again = helper_mode.to_remind(kiosk.store, HERTEN, today, "de")
    assert [item.reminded for item in again if item.booking_id == booking_id] == [True]
