"""Helper mode driven by real taps in a real window."""

from datetime import timedelta

import pytest

from kiosk import booking
from kiosk.pins import hash_pin
from kiosk.schedule import upsert_helpers
from kiosk.store import Store
from tests.conftest import NOW, QUARTIER
from tests.ui.conftest import key, manual_idle, pump, tap


@pytest.fixture
def app(kiosk_app, monkeypatch):
    upsert_helpers(kiosk_app.store, [{"id": "h-anna", "quartier_id": QUARTIER,
                                      "first_name": "Anna", "pin_hash": hash_pin("1234"),
                                      "active": True}])
    # Erna booked tomorrow's slot; "now" is the tests' fixed NOW everywhere in helper mode
    booking.create_booking(kiosk_app.store, slot_id="tomorrow", topic_id="betrug-sms",
                           first_name="Erna", phone="0171 1234567", now=NOW,
                           rules=kiosk_app.settings.booking)
    monkeypatch.setattr("kiosk.timeutil.now", lambda: NOW)
    kiosk_app.go("helper_login")
    pump()
    return kiosk_app


def screen(app):
    return app.root.current_screen


def enter_pin(app, pin):
    login = screen(app)
    for digit in pin:
        tap(key(login.ids.pad, digit))
    tap(login.ids.login)


def visible_texts(app):
    return " ".join(w.text for s in app.root.screens for w in s.walk() if hasattr(w, "text"))


def test_good_pin_shows_the_days_bookings(app):
    enter_pin(app, "1234")
    assert app.root.current == "helper_day" and app.helper.first_name == "Anna"
    day = screen(app)
    assert day.empty  # nobody today
    tap(day.ids.tomorrow)
    [tile] = day.ids.grid.tiles
    assert "Erna" in tile.text and "+491711234567" in tile.text and "Betrugs-SMS" in tile.text


def test_wrong_pin_says_so_and_locks_after_five(app):
    enter_pin(app, "9999")
    login = screen(app)
    assert app.root.current == "helper_login"
    assert "Falsche PIN" in login.message and "4 Versuche" in login.message
    assert login.ids.pin.text == ""
    for _ in range(4):
        enter_pin(app, "9999")
    assert "Gesperrt" in login.message and "5 Minuten" in login.message
    enter_pin(app, "1234")  # even the right PIN waits
    assert app.root.current == "helper_login" and app.helper is None


def test_attendance_survives_a_restart(app):
    enter_pin(app, "1234")
    day = screen(app)
    tap(day.ids.tomorrow)
    tap(day.ids.grid.tiles[0])
    assert app.root.current == "helper_booking"
    assert "Erna" in screen(app).details
    tap(screen(app).ids.attended)
    assert app.root.current == "helper_day"
    assert "Erschienen" in day.ids.grid.tiles[0].text
    reopened = Store.open(app.store.path)
    assert reopened.db.execute("SELECT status FROM bookings").fetchone()[0] == "attended"


def test_walkin_is_counted(app):
    enter_pin(app, "1234")
    tap(screen(app).ids.walkin)
    walkin = screen(app)
    tap(walkin.ids.grid.tiles[0])
    assert "Heute ohne Termin: 1" in walkin.message
    tap(walkin.ids.back)
    assert "(1)" in screen(app).ids.walkin.text


def test_call_back_list_and_done(app):
    app.store.db["callbacks"].insert({
        "id": "cb1", "quartier_id": QUARTIER, "topic_id": "whatsapp-foto", "first_name": "Cem",
        "phone": "+49236212345", "status": "open",
        "created_at": (NOW - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")})
    enter_pin(app, "1234")
    assert "(1)" in screen(app).ids.callbacks.text
    tap(screen(app).ids.callbacks)
    lists = screen(app)
    [tile] = lists.ids.grid.tiles
    assert "Cem" in tile.text and "+49236212345" in tile.text
    tap(tile)
    tap(lists.dialog.ids.yes)
    assert lists.ids.grid.tiles == [] and "Niemand" in lists.message


def test_leaving_locks_and_clears_every_screen(app):
    enter_pin(app, "1234")
    tap(screen(app).ids.tomorrow)
    assert "Erna" in visible_texts(app)
    tap(screen(app).ids.leave)
    assert app.root.current == "home" and app.helper is None
    assert "Erna" not in visible_texts(app) and "+49171" not in visible_texts(app)
    app.go("helper_day")  # no way back in without the PIN
    assert app.root.current == "helper_login"


def test_two_minutes_without_a_touch_lock_helper_mode(app):
    enter_pin(app, "1234")
    tap(screen(app).ids.tomorrow)
    watcher = manual_idle(app)
    start = watcher.timer.last_touch
    lock_after = app.settings.idle.helper_lock_after_s          # 120 s
    warn_at = lock_after - app.settings.idle.countdown_s         # 100 s
    assert watcher.tick(start + app.settings.idle.warning_after_s + 1) is None  # not at 91 s
    assert watcher.tick(start + warn_at) == "warn"
    assert app.helper is not None
    assert watcher.tick(start + lock_after) == "reset"
    pump()
    assert app.root.current == "home" and app.helper is None
    assert "Erna" not in visible_texts(app)


def test_going_home_from_helper_mode_locks_it(app):
    enter_pin(app, "1234")
    tap(screen(app).ids.callbacks)
    tap(screen(app).ids.top.ids.home_button)
    assert app.root.current == "home" and app.helper is None
