"""No booking unseen, in the real window: a child process books and is killed with SIGKILL before
any screen showed the code; the app started afterwards shows "Ihr Termin wurde gespeichert" with
the code (and the slip button where a printer is configured), marks it shown once the frame is
drawn, and does not show it again at the next start. Screenshots to $SLIP_SHOTS when set."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from kivy.core.window import Window

from kiosk import timeutil
from kiosk.demo import load_demo
from kiosk.settings import Display, Settings
from kiosk.store import Store
from tests.ui import a11y
from tests.ui.conftest import pump
from tests.ui.test_senior_hands import SMALL, app_on

CHILD = """
import os, signal, sys
from kiosk import booking, timeutil
from kiosk.settings import Booking
from kiosk.store import Store
store, now, rules = Store.open(sys.argv[1]), timeutil.now(), Booking()
day = next(d.day for d in booking.booking_days(store, "dorsten-wulfen", now, rules)
           if d.free_slots)
slot = booking.free_slots(store, "dorsten-wulfen", day, now, rules)[0]
topic = store.db.execute("SELECT id FROM topics ORDER BY id").fetchone()[0]
record = booking.create_booking(store, slot_id=slot.id, topic_id=topic, first_name="Erika",
                                now=now, rules=rules)
print(record.code, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # dead between the commit and the screen
"""


@pytest.mark.parametrize("display", [Display(), SMALL], ids=["1280x800", "800x480"])
def test_a_booking_the_app_died_before_showing_is_shown_at_the_next_start(tmp_path, display):
    settings = Settings(data_dir=tmp_path)
    store = Store.open(settings.database_path)
    load_demo(store, settings.assets_dir, timeutil.now())
    store.close()
    child = subprocess.run([sys.executable, "-c", CHILD, str(settings.database_path)],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    code = child.stdout.strip()

    with app_on(tmp_path, display) as app:
        screen = app.root.current_screen
        assert app.root.current == "booking" and screen.step == "done"
        assert screen.record.code == code
        assert screen.code_label.text == f"{code[:3]} {code[3:]}"
        assert screen.title == ("Gebucht!" if app.theme.compact
                                else "Ihr Termin wurde gespeichert")
        pump(3)  # drawn and on the display: now it counts as shown
        shown = "SELECT shown_at FROM bookings WHERE code = ?"
        assert app.store.db.execute(shown, [code]).fetchone()[0] is not None
        assert a11y.problems(app.theme) == []
        if folder := os.environ.get("SLIP_SHOTS"):
            size = f"{display.width}x{display.height}"
            Window.screenshot(name=str(Path(folder) / f"booking-unseen-{size}.png"))
    with app_on(tmp_path, display) as app:  # shown once is enough
        assert app.root.current == "home"
