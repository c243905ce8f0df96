"""No booking unseen: a booking stored on the kiosk whose code never reached the screen.

The app can die between the commit and the done screen (a power cut, the watchdog's restart): the
slot is then taken by someone who does not know it. Each booking records when its done screen
was drawn (``bookings.shown_at``, set by screens/booking.py once the frame with the code is on the
display); at start the app shows the newest booking stored in the last
``Booking.show_unseen_minutes`` and never shown, with its code and the slip button. Older ones
are left to the helpers' lists: the senior has most likely gone home.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from kiosk import timeutil
from kiosk.booking import BookingRecord, find_booking
from kiosk.states import ACTIVE_BOOKINGS
from kiosk.store import Store


def mark_shown(store: Store, booking_id: str, now: datetime) -> None:
    with store.write():
        store.db.execute("UPDATE bookings SET shown_at = ? WHERE id = ? AND shown_at IS NULL",
                         [timeutil.to_iso(now), booking_id])


def latest_unseen(store: Store, now: datetime, minutes: int) -> BookingRecord | None:
    """The newest still active booking of the last ``minutes`` whose code was never shown."""
    marks = ",".join("?" * len(ACTIVE_BOOKINGS))
    row = store.db.execute(
        f"""SELECT code FROM bookings
            WHERE shown_at IS NULL AND created_at >= ? AND status IN ({marks})
            ORDER BY created_at DESC LIMIT 1""",
        [timeutil.to_iso(now - timedelta(minutes=minutes)), *ACTIVE_BOOKINGS]).fetchone()
    return find_booking(store, row[0]) if row else None
