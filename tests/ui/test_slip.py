""""Beleg drucken" in the real window, against a printer on a real socket (tests/kiosk/
escpos_stream.py): on the done screen, in "Meine Buchung" and in helper mode; a double tap prints
one slip; no paper gives a plain message and the booking stands; no printer configured, no
button. Screenshots of the states at both sizes go to $SLIP_SHOTS when it is set."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from kivy.core.window import Window

from kiosk import printer, timeutil
from kiosk.settings import Display, Printer
from screens.screenshots import STATES, _booking, _helper
from screens.slip import SlipButton, SlipMessage
from tests.kiosk import escpos_stream
from tests.kiosk.escpos_stream import SocketPrinter
from tests.ui import a11y
from tests.ui.conftest import pump
from tests.ui.test_senior_hands import SMALL, Finger, app_on, frames

SIZES = {"1280x800": Display(), "800x480": SMALL}


@pytest.fixture(params=list(SIZES))
def shop(request, tmp_path):
    """The app on the demo content with a network printer on 127.0.0.1, at both sizes."""
    device = SocketPrinter()
    with app_on(tmp_path, SIZES[request.param]) as app:
        app.settings = replace(app.settings, printer=Printer(
            kind="network", device=f"127.0.0.1:{device.port}", timeout_s=2))
        yield app, device, request.param
    device.close()


def slip_button(app) -> SlipButton | None:
    return next((w for w in app.root.current_screen.walk() if isinstance(w, SlipButton)), None)


def until_printed(app, button, seconds: float = 5) -> None:
    """The printer is talked to on a thread; its answer comes back through the Clock."""
    deadline = time.monotonic() + seconds
    while button.printing and time.monotonic() < deadline:
        frames()
        time.sleep(0.01)
    frames(3)
    assert not button.printing


def shot(name: str, size: str) -> None:
    if folder := os.environ.get("SLIP_SHOTS"):
        pump(3)  # drawn: the screenshot is of the last frame drawn
        Window.screenshot(name=str(Path(folder) / f"{name}-{size}.png"))


def slips(device: SocketPrinter) -> escpos_stream.Printed:
    time.sleep(0.2)  # the server thread reads what was sent
    return escpos_stream.read(bytes(device.received))


def test_a_double_tap_on_beleg_drucken_prints_one_slip_of_the_booking(shop):
    app, device, size = shop
    _booking(app, "done")
    frames(3)
    button = slip_button(app)
    assert button is not None and button.text == ("Drucken" if app.theme.compact
                                                  else "Beleg drucken")
    shot("booking-confirmed-slip", size)
    assert a11y.problems(app.theme) == []
    Finger(app).double_tap(button, gap=0.1)
    until_printed(app, button)
    printed = slips(device)
    record = app.root.current_screen.record
    assert printed.cuts == 1, "one tap, one slip"
    assert f"{record.code[:3]} {record.code[3:]}" in printed.texts
    assert all("Erika" not in text for text in printed.texts)
    assert record.id in printed.qr[0]
    assert button.text == "Noch einmal drucken" and app.root.current_screen.step == "done"
    assert printer.last_state(app.store) is printer.PrinterState.OK


@pytest.mark.parametrize("shop", ["800x480"], indirect=True)
def test_no_paper_says_so_plainly_and_the_booking_stands(shop):
    app, device, size = shop
    device.paper = SocketPrinter.NO_PAPER
    _booking(app, "done")
    frames(3)
    button = slip_button(app)
    Finger(app).double_tap(button)
    until_printed(app, button)
    (message,) = [w for w in Window.children if isinstance(w, SlipMessage)]
    assert "kein Papier" in message.text and "trotzdem gebucht" in message.text
    shot("slip-no-paper", size)
    assert a11y.problems(app.theme) == []
    assert slips(device).cuts == 0
    assert app.store.db.execute("SELECT status FROM bookings").fetchone()[0] == "pending"
    assert printer.last_state(app.store) is printer.PrinterState.NO_PAPER
    Finger(app).double_tap(message.ids.ok)
    assert message.parent is None and button.text == "Drucken" and not button.printed


def test_my_booking_and_helper_mode_offer_the_slip(shop, monkeypatch):
    app, device, size = shop
    STATES["my-booking-found"](app)
    frames(3)
    assert slip_button(app) is not None
    shot("my-booking-found-slip", size)
    assert a11y.problems(app.theme) == []
    _helper(app, "booking")
    screen = app.root.current_screen
    # on the booking's day the row is for attendance; a reprint is for the days before
    monkeypatch.setattr(timeutil, "now", lambda: screen.item.start)
    screen.show_helper(screen.item)
    frames(3)
    assert slip_button(app) is None
    monkeypatch.setattr(timeutil, "now", lambda: screen.item.start - timedelta(days=1))
    with_printer, app.settings = app.settings, replace(app.settings, printer=Printer())
    screen.show_helper(screen.item)
    frames(3)
    # (a future booking's details do not fit the 7-inch display with or without the button)
    without_button = a11y.problems(app.theme)
    app.settings = with_printer
    screen.show_helper(screen.item)
    frames(3)
    button = slip_button(app)
    assert button is not None and button.booking_id == screen.item.id
    shot("helper-booking-slip", size)
    assert a11y.problems(app.theme) == without_button
    Finger(app).double_tap(button)
    until_printed(app, button)
    assert slips(device).cuts == 1


@pytest.mark.parametrize("shop", ["1280x800"], indirect=True)
def test_without_a_printer_there_is_no_button(shop):
    app, _device, _size = shop
    app.settings = replace(app.settings, printer=Printer())
    _booking(app, "done")
    frames(3)
    assert slip_button(app) is None
    _helper(app, "booking")
    frames(3)
    assert slip_button(app) is None
