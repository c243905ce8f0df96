"""Helper mode driven by real taps in a real window."""

from datetime import timedelta

import pytest
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch

from kiosk import booking
from kiosk.pins import hash_pin
from kiosk.schedule import upsert_helpers
from kiosk.store import Store
from tests.conftest import NOW, QUARTIER
from tests.ui import a11y
from tests.ui.conftest import key, manual_idle, pump, tap


class Now:
    """"Now" everywhere in helper mode: the tests' fixed NOW, moved on when a test says so."""

    def __init__(self):
        self.moment = NOW

    def __call__(self):
        return self.moment


@pytest.fixture
def now(monkeypatch) -> Now:
    clock = Now()
    monkeypatch.setattr("kiosk.timeutil.now", clock)
    return clock


@pytest.fixture
def app(kiosk_app, now):
    # Anna and Bernd share a PIN (the admin refuses that now; older helpers may still have one)
    upsert_helpers(kiosk_app.store, [
        {"id": "h-anna", "quartier_id": QUARTIER, "first_name": "Anna",
         "pin_hash": hash_pin("1234"), "active": True},
        {"id": "h-bernd", "quartier_id": QUARTIER, "first_name": "Bernd",
         "pin_hash": hash_pin("1234"), "active": True},
        {"id": "h-otto", "quartier_id": QUARTIER, "first_name": "Otto",
         "pin_hash": hash_pin("1234"), "active": False},
        {"id": "h-mehmet", "quartier_id": "herten-innenstadt", "first_name": "Mehmet",
         "pin_hash": hash_pin("1234"), "active": True}])
    # Erna booked tomorrow's slot
    booking.create_booking(kiosk_app.store, slot_id="tomorrow", topic_id="betrug-sms",
                           first_name="Erna", phone="0171 1234567", now=NOW,
                           rules=kiosk_app.settings.booking)
    kiosk_app.go("helper_login")
    pump()
    return kiosk_app


def screen(app):
    return app.root.current_screen


def name_tile(app, name):
    return next(t for t in screen(app).ids.names.tiles if t.spec.title == name)


def enter_pin(app, pin, name="Anna"):
    """Tap ``name`` (when the names are shown), then type ``pin`` and tap "Anmelden"."""
    login = screen(app)
    if login.step == "name":
        tap(name_tile(app, name))
    for digit in pin:
        tap(key(login.ids.pad, digit))
    tap(login.ids.login)


def in_window(widget) -> bool:
    """Part of what the window shows (not a widget kept aside)."""
    return widget.get_root_window() is Window


def visible_texts(app):
    return " ".join(w.text for s in app.root.screens for w in s.walk()
                    if isinstance(getattr(w, "text", None), str))


def test_the_helper_taps_their_name_among_the_quartiers_active_helpers(app):
    login = screen(app)
    assert login.step == "name" and not in_window(login.ids.pad)
    assert [t.spec.title for t in login.ids.names.tiles] == ["Anna", "Bernd"]
    tap(name_tile(app, "Bernd"))
    assert login.step == "pin" and in_window(login.ids.pad)
    assert not in_window(login.ids.names)
    assert "Bernd, Ihre PIN bitte." in visible_texts(app)
    tap(login.ids.other_name)  # a wrong name is one tap away from the right one
    assert login.step == "name" and not in_window(login.ids.pin)


def test_good_pin_shows_the_days_bookings(app):
    enter_pin(app, "1234")
    assert app.root.current == "helper_day" and app.helper.first_name == "Anna"
    day = screen(app)
    tap(day.ids.tomorrow)
    [tile] = day.ids.grid.tiles
    assert "Erna" in tile.text and "+491711234567" in tile.text and "Betrugs-SMS" in tile.text


def test_the_name_of_the_signed_in_helper_leads_every_helper_screen(app):
    enter_pin(app, "1234", name="Bernd")  # Anna's PIN too: the name tapped says who it is
    assert app.helper.first_name == "Bernd"
    day = screen(app)
    assert day.heading.startswith("Bernd · ")
    tap(day.ids.tomorrow)
    tap(day.ids.grid.tiles[0])
    assert screen(app).ids.top.title == "Bernd · Buchung"
    for button, title in (("callbacks", "Anrufen"), ("walkin", "Ohne Termin geholfen")):
        tap(screen(app).ids.back)
        tap(screen(app).ids[button])
        assert screen(app).ids.top.title == f"Bernd · {title}"
    tap(screen(app).ids.top.ids.home_button)
    assert "Bernd · " not in visible_texts(app)


def test_today_without_bookings_says_when_the_next_ones_are(app):
    booking.create_booking(app.store, slot_id="tomorrow-group", topic_id="betrug-sms",
                           first_name="Bernd", phone="0171 7654321", now=NOW,
                           rules=app.settings.booking)
    enter_pin(app, "1234")
    day = screen(app)
    assert day.view == "today" and day.ids.grid.tiles == []
    assert day.ids.empty.text == (
        "Heute keine Termine. Die nächsten: Donnerstag, 26. November 2026, 2 Termine")
    tap(day.ids.tomorrow)
    assert day.ids.empty.text == "" and len(day.ids.grid.tiles) == 2


def test_a_future_booking_offers_no_attendance_buttons(app, now):
    enter_pin(app, "1234")
    tap(screen(app).ids.tomorrow)
    tap(screen(app).ids.grid.tiles[0])
    details = screen(app)
    assert app.root.current == "helper_booking"
    buttons = [b.text for b in a11y.touchables()]
    assert "Abgesagt" in buttons
    assert "Erschienen" not in buttons and "Nicht erschienen" not in buttons
    assert "erst am Tag des Termins" in details.details
    tap(details.ids.back)
    now.moment = NOW + timedelta(days=1, hours=3)  # the day after: Erna's booking is past
    tap(screen(app).ids.today)
    tap(screen(app).ids.grid.tiles[0])
    buttons = [b.text for b in a11y.touchables()]
    assert {"Erschienen", "Nicht erschienen", "Abgesagt"} <= set(buttons)
    assert buttons.index("Erschienen") < buttons.index("Nicht erschienen")
    assert "erst am Tag" not in details.details


def test_wrong_pin_says_so_on_the_warning_colour(app):
    enter_pin(app, "9999")
    login = screen(app)
    assert app.root.current == "helper_login" and login.ids.pin.text == ""
    warning = login.ids.warning
    assert "Falsche PIN" in warning.ids.message_label.text
    assert "4 Versuche" in warning.ids.message_label.text
    assert a11y.visible(warning) and warning.height > warning.ids.message_label.height
    assert list(warning.bg_colour) == list(app.theme.palette.warning)
    assert list(warning.ids.message_label.color) == list(app.theme.palette.warning_text)
    assert "Ihre PIN bitte" not in visible_texts(app)


def test_wrong_pins_lock_one_helper_not_the_others(app):
    for _ in range(4):
        enter_pin(app, "9999")
    login = screen(app)
    assert "1 Versuch" in login.message
    tap(login.ids.other_name)
    enter_pin(app, "9999", name="Bernd")  # Bernd's own count: five tries
    assert "4 Versuche" in login.message
    tap(login.ids.other_name)
    enter_pin(app, "9999")
    assert "Gesperrt" in login.message and "5 Minuten" in login.message
    enter_pin(app, "1234")  # even the right PIN waits
    assert app.root.current == "helper_login" and app.helper is None
    tap(login.ids.other_name)
    enter_pin(app, "1234", name="Bernd")
    assert app.root.current == "helper_day" and app.helper.first_name == "Bernd"


def test_attendance_survives_a_restart(app, now):
    now.moment = NOW + timedelta(days=1)  # Erna's day
    enter_pin(app, "1234")
    day = screen(app)
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
    assert "(2)" in screen(app).ids.callbacks.text        # Cem, and Erna to remind
    tap(screen(app).ids.callbacks)
    lists = screen(app)
    tile, _erna = lists.ids.grid.tiles
    assert "Cem" in tile.text and "+49236212345" in tile.text
    tap(tile)
    tap(lists.dialog.ids.yes)
    assert [t.spec.title for t in lists.ids.grid.tiles] == ["Erna  +491711234567"]
    app.store.db.execute("UPDATE bookings SET status = 'cancelled'")    # nothing left to call
    lists.show_helper()
    assert lists.ids.grid.tiles == [] and "Niemand" in lists.message


def test_reminder_calls_list_tomorrow_s_numbers_and_one_double_tap_marks_once(app):
    """Erinnerungsanrufe (issue 16 item 5) in "Anrufen": the next day's bookings that left a
    number, a booking made by phone in the admin (copied from the feed) among them; a tremor's
    double tap on "Ja, erinnert" sends one op, and the tile stays, marked, at the end."""
    booking.create_booking(app.store, slot_id="tomorrow-group", topic_id="whatsapp-foto",
                           first_name="Ohne", phone="", now=NOW, rules=app.settings.booking)
    app.store.db["bookings"].insert({
        "id": "by-phone", "slot_id": "tomorrow-group", "topic_id": None, "first_name": "Hatice",
        "phone": "02366 12345", "code": "PHON3X", "status": "confirmed",
        "created_at": "2026-11-20T09:00:00Z", "shown_at": "2026-11-20T09:00:00Z"})
    enter_pin(app, "1234")
    assert "Anrufen (2)" in screen(app).ids.callbacks.text
    tap(screen(app).ids.callbacks)
    lists = screen(app)
    names = [tile.spec.title for tile in lists.ids.grid.tiles]
    assert names == ["Erna  +491711234567", "Hatice  02366 12345"]       # by time; no "Ohne"
    assert all(t.spec.subtitle.startswith("An den Termin erinnern") for t in lists.ids.grid.tiles)
    tap(lists.ids.grid.tiles[1])
    yes = lists.dialog.ids.yes
    x, y = yes.to_window(*yes.center)
    tap(yes)
    app.touch.clock.advance(0.1)                 # the tremor's second tap, where "Ja" was
    second = UnitTestTouch(x, y)
    second.touch_down()
    second.touch_up()
    pump()
    ops = app.store.db.execute("SELECT payload FROM outbox WHERE type = 'reminder.done'").fetchall()
    assert ops == [('{"booking_id": "by-phone"}',)]
    assert [(t.spec.title, t.spec.disabled) for t in lists.ids.grid.tiles] == [
        ("Erna  +491711234567", False), ("Hatice  02366 12345", True)]
    assert lists.ids.grid.tiles[1].spec.subtitle.startswith("Erinnert")
    tap(lists.ids.back)
    assert "Anrufen (1)" in screen(app).ids.callbacks.text


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


def test_attendance_buttons_come_back_after_a_collection(app, now):
    """kv ids are weak references: removed from the row and collected, the buttons were gone
    for the next booking of today (ReferenceError in a full CI run)."""
    import gc

    enter_pin(app, "1234")
    tap(screen(app).ids.tomorrow)
    tap(screen(app).ids.grid.tiles[0])
    tap(screen(app).ids.back)
    gc.collect()
    now.moment = NOW + timedelta(days=1, hours=3)
    tap(screen(app).ids.today)
    tap(screen(app).ids.grid.tiles[0])
    assert {"Erschienen", "Nicht erschienen"} <= {b.text for b in a11y.touchables()}
