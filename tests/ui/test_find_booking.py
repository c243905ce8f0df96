""""Code vergessen?" in the real window, at both sizes: from Meine Buchung, the first name typed
on the keyboard and the phone's last 4 digits on the number pad find when and where (never the
name or the code); booked without a phone, the day does; five misses lock the lookup. Every step
passes the accessibility rules. Screenshots to $SLIP_SHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kivy.core.window import Window

from kiosk import booking, timeutil
from kiosk.settings import Display
from tests.ui import a11y
from tests.ui.conftest import pump, tap, type_on
from tests.ui.test_senior_hands import SMALL, app_on, frames

SIZES = {"1280x800": Display(), "800x480": SMALL}


@pytest.fixture(params=list(SIZES))
def app(request, tmp_path):
    with app_on(tmp_path, SIZES[request.param]) as app:
        app.size_name = request.param
        yield app


def book(app, phone: str) -> booking.BookingRecord:
    now, rules, quartier = timeutil.now(), app.settings.booking, app.settings.quartier
    day = next(d.day for d in booking.booking_days(app.store, quartier, now, rules)
               if d.free_slots)
    slot = booking.free_slots(app.store, quartier, day, now, rules)[0]
    topic = app.store.db.execute("SELECT id FROM topics ORDER BY id").fetchone()[0]
    return booking.create_booking(app.store, slot_id=slot.id, topic_id=topic,
                                  first_name="Erika", phone=phone, now=now, rules=rules)


def checked(app, name: str) -> None:
    frames(3)
    assert a11y.problems(app.theme) == [], name
    if folder := os.environ.get("SLIP_SHOTS"):
        pump(3)
        Window.screenshot(name=str(Path(folder) / f"{name}-{app.size_name}.png"))


def button(app, text: str):
    return next(w for w in app.root.current_screen.walk()
                if getattr(w, "text", None) == text and hasattr(w, "on_release"))


def texts(app) -> str:
    return " ".join(w.text for w in app.root.current_screen.walk() if hasattr(w, "text"))


def start(app):
    app.go("my_booking")
    checked(app, "my-booking-code")
    tap(button(app, "Code vergessen?"))
    screen = app.root.current_screen
    assert app.root.current == "find_booking" and screen.title == "Code vergessen?"
    type_on(screen.keyboard, "Erika")
    checked(app, "find-booking-name")
    tap(screen.forward_button)
    checked(app, "find-booking-phone")
    return screen


def test_first_name_and_four_digits_find_when_and_where(app):
    record = book(app, "0171 2345678")
    screen = start(app)
    tap(button(app, "Ja"))
    checked(app, "find-booking-digits")
    type_on(screen.keyboard, "5678")
    tap(screen.search_button)
    assert screen.found and screen.found[0].start == record.slot.start
    shown = texts(app)
    assert timeutil.local(record.slot.start).strftime("%H:%M") in shown
    assert "Erika" not in shown and record.code[:3] not in shown
    checked(app, "find-booking-found")


def test_without_a_phone_the_day_finds_it(app):
    record = book(app, "")
    screen = start(app)
    tap(button(app, "Nein"))
    checked(app, "find-booking-day")
    day = timeutil.local_day(record.slot.start).isoformat()
    while day not in [tile.spec.key for tile in screen.grid.tiles]:
        screen.grid.next_page()
    tap(next(tile for tile in screen.grid.tiles if tile.spec.key == day))
    assert [f.start for f in screen.found] == [record.slot.start]


@pytest.mark.parametrize("app", ["800x480"], indirect=True)
def test_five_misses_lock_the_lookup(app):
    book(app, "0171 2345678")
    screen = start(app)
    tap(button(app, "Ja"))
    for tries in range(5):
        type_on(screen.keyboard, f"000{tries}")
        tap(screen.search_button)
        if tries < 4:
            assert "keinen Termin" in texts(app)
            checked(app, "find-booking-nothing")
            tap(button(app, "Zurück"))
            tap(button(app, "Ja"))
    assert "Gesperrt" in texts(app) and screen.first_name == ""
    checked(app, "find-booking-locked")
