"""The senior's ways through the kiosk, by real taps on the real widgets."""

from __future__ import annotations

import stat
import time
from datetime import timedelta

from kiosk import outbox, timeutil
from kiosk.schedule import upsert_slots
from kiosk.speech import Speaker
from tests.conftest import make_slot
from tests.ui.conftest import manual_idle, pump, tap, type_on


def screen(app):
    return app.root.current_screen


def find(widget_root, text):
    for w in widget_root.walk(restrict=True):
        if getattr(w, "text", None) == text and hasattr(w, "on_release"):
            return w
    raise AssertionError(f"no button {text!r} on {widget_root}")


def tile(app, title):
    for t in screen(app).grid.tiles:
        if t.spec.title == title:
            return t
    raise AssertionError(f"no tile {title!r}")


def add_future_slots(store, days=3):
    now = timeutil.now()
    upsert_slots(store, [make_slot(f"future-{d}", now + timedelta(days=d, hours=2))
                         for d in range(1, days + 1)])
    store.db.execute("UPDATE slots SET cancelled = 0 WHERE id LIKE 'future-%'")


def test_browse_to_a_step(kiosk_app):
    home = screen(kiosk_app)
    tap(home.ids.topics)
    assert kiosk_app.root.current == "topics"
    tap(tile(kiosk_app, "Sicherheit"))
    tap(tile(kiosk_app, "Betrugs-SMS erkennen"))
    guide = screen(kiosk_app)
    assert kiosk_app.root.current == "guide"
    texts = [w.text for w in guide.walk() if hasattr(w, "text")]
    assert guide.title == "Schritt 1 von 3 · Betrugs-SMS erkennen"
    assert "Die Bank fragt nie nach Ihrer PIN." in texts
    tap(guide.next_button)
    assert guide.title.startswith("Schritt 2 von 3")
    tap(guide.help_button)
    assert kiosk_app.root.current == "booking" and screen(kiosk_app).step == "day"
    assert screen(kiosk_app).topic_id == "betrug-sms"


def test_search_with_the_on_screen_keyboard(kiosk_app):
    kiosk_app.go("topics")
    pump()
    tap(find(screen(kiosk_app), "Suchen"))
    search = screen(kiosk_app)
    taps = type_on(search.keyboard, "geschäfte")
    assert search.entry.text == "geschäfte" and taps >= 9
    tap(search.search_button)
    assert [t.spec.key for t in search.grid.tiles] == ["online-einkaufen"]
    tap(search.grid.tiles[0])
    assert kiosk_app.root.current == "guide"


def test_nothing_found_offers_a_booking(kiosk_app):
    kiosk_app.go("search")
    search = screen(kiosk_app)
    pump()
    type_on(search.keyboard, "xylo")
    tap(search.search_button)
    assert "Nichts gefunden." in [w.text for w in search.walk() if hasattr(w, "text")]
    tap(find(search, "Termin buchen"))
    assert kiosk_app.root.current == "booking"


def test_nothing_found_suggests_the_nearest_topics_and_a_typo_still_finds(kiosk_app):
    kiosk_app.go("search")
    search = screen(kiosk_app)
    pump()
    type_on(search.keyboard, "whtasapp betrug")
    tap(search.search_button)
    assert search.title == "Ähnliche Themen zu: whtasapp betrug"
    assert {t.spec.key for t in search.grid.tiles} == {"whatsapp-foto", "betrug-sms",
                                                        "online-einkaufen"}
    tap(find(search, "Neue Suche"))
    type_on(search.keyboard, "whtasapp")
    tap(search.search_button)
    assert search.title == "Suchen: whtasapp"
    assert search.grid.tiles[0].spec.key == "whatsapp-foto"


def test_back_from_a_hit_returns_to_the_results(kiosk_app):
    kiosk_app.go("search")
    search = screen(kiosk_app)
    pump()
    type_on(search.keyboard, "betrug")
    tap(search.search_button)
    tap(search.grid.tiles[0])
    guide = screen(kiosk_app)
    assert kiosk_app.root.current == "guide"
    tap(guide.next_button)
    tap(guide.back_button)                     # step 2 → step 1 …
    assert guide.title.startswith("Schritt 1 von 3")
    tap(guide.back_button)                     # … → the results, as they were
    assert kiosk_app.root.current == "search"
    assert search.title == "Suchen: betrug"
    assert [t.spec.key for t in search.grid.tiles] == ["betrug-sms"]
    # a topic opened from its category still goes back to the category
    tap(find(search, "Neue Suche"))
    kiosk_app.go("topics", category_id="sicherheit")
    pump()
    tap(tile(kiosk_app, "Betrugs-SMS erkennen"))
    tap(screen(kiosk_app).back_button)
    assert kiosk_app.root.current == "topics" and screen(kiosk_app).category_id == "sicherheit"


def book(app, name="Erika"):
    """From the Startseite to the confirmation; returns the taps, not counting typing."""
    add_future_slots(app.store)
    taps = 0

    def counted(widget):
        nonlocal taps
        taps += 1
        tap(widget)

    counted(screen(app).ids.book)
    booking = screen(app)
    counted(booking.grid.tiles[0])                                  # topic
    counted(next(t for t in booking.grid.tiles if not t.disabled))  # day
    counted(booking.grid.tiles[0])                                  # time
    type_on(booking.keyboard, name)                           # typing, not counted
    assert booking.entry.text == name
    counted(booking.forward_button)                                 # Weiter
    assert booking.step == "summary"
    assert any(name in w.text for w in booking.walk() if hasattr(w, "text"))
    counted(booking.book_button)                                    # Verbindlich buchen
    return taps, booking


def test_book_in_six_taps_plus_typing(kiosk_app, monkeypatch):
    kicks = []
    monkeypatch.setattr(kiosk_app, "sync_now", lambda: kicks.append(1))
    started = time.perf_counter()
    taps, booking = book(kiosk_app)
    assert kicks == [1]  # the booking goes out right away when online
    assert booking.step == "done" and taps <= 6, taps
    code = booking.record.code
    texts = [w.text for w in booking.walk() if hasattr(w, "text")]
    assert code[:3] + " " + code[3:] in texts
    assert "Bitte notieren Sie sich den Code." in texts
    assert all("Erika" not in t for t in texts)  # names never linger
    qr = [w for w in booking.walk() if type(w).__name__ == "QRCode"]
    assert qr and qr[0].texture is not None and "BEGIN:VEVENT" in qr[0].data  # kiosk/ical.py
    assert code in qr[0].data and "Erika" not in qr[0].data
    (op,) = outbox.pending(kiosk_app.store)
    assert op.payload["first_name"] == "Erika"
    print(f"booking: {taps} taps + typing, {time.perf_counter() - started:.2f} s")


def test_booking_error_is_shown_in_plain_words(kiosk_app):
    add_future_slots(kiosk_app.store)
    kiosk_app.go("booking", topic_id="betrug-sms")
    pump()
    booking = screen(kiosk_app)
    tap(next(t for t in booking.grid.tiles if not t.disabled))
    slot_tile = booking.grid.tiles[0]
    tap(slot_tile)
    type_on(booking.keyboard, "Erika")
    tap(booking.forward_button)
    kiosk_app.store.db.execute("UPDATE slots SET booked = capacity")  # someone was faster
    tap(booking.book_button)
    assert booking.step == "time"
    texts = [w.text for w in booking.walk() if hasattr(w, "text")]
    assert any("schon vergeben" in t for t in texts)


def test_callback_wish_when_nothing_fits(kiosk_app):
    kiosk_app.store.db.execute("UPDATE slots SET cancelled = 1")
    kiosk_app.go("booking", topic_id="betrug-sms")
    pump()
    booking = screen(kiosk_app)
    tap(find(booking, "Rückruf-Wunsch"))
    type_on(booking.keyboard, "Erika")
    tap(booking.forward_button)
    assert booking.step == "callback_phone"
    type_on(booking.keyboard, "0236212345")
    tap(booking.forward_button)
    assert booking.step == "callback_done"
    (op,) = outbox.pending(kiosk_app.store)
    assert op.type == outbox.CALLBACK_CREATE and op.payload["phone"] == "+49236212345"


def test_look_up_and_cancel(kiosk_app):
    _taps, booking = book(kiosk_app)
    code = booking.record.code
    tap(booking.ids.top.ids.home_button)
    tap(screen(kiosk_app).ids.my_booking)
    mine = screen(kiosk_app)
    type_on(mine.keyboard, code)
    tap(mine.find_button)
    assert any("Wann:" in w.text for w in mine.walk() if hasattr(w, "text"))
    tap(mine.cancel_button)
    dialog = mine.dialog
    tap(dialog.ids.no)                       # the confirmation step can say no
    assert mine.record.status == "pending"
    tap(mine.cancel_button)
    tap(mine.dialog.ids.yes)
    assert mine.record.status == "cancelled"
    assert "Ihr Termin ist abgesagt." in [w.text for w in mine.walk() if hasattr(w, "text")]


def test_unknown_code_is_explained(kiosk_app):
    kiosk_app.go("my_booking")
    mine = screen(kiosk_app)
    pump()
    type_on(mine.keyboard, "ABC234")
    tap(mine.find_button)
    assert any("keine Buchung" in w.text for w in mine.walk() if hasattr(w, "text"))


def test_idle_reset_clears_the_name(kiosk_app):
    add_future_slots(kiosk_app.store)
    kiosk_app.go("booking", topic_id="betrug-sms")
    pump()
    booking = screen(kiosk_app)
    tap(next(t for t in booking.grid.tiles if not t.disabled))
    tap(booking.grid.tiles[0])
    type_on(booking.keyboard, "Erika")
    watcher = manual_idle(kiosk_app)
    start = watcher.timer.last_touch
    warn_at = start + kiosk_app.settings.idle.warning_after_s
    assert watcher.tick(warn_at - 1) is None
    assert watcher.tick(warn_at) == "warn" and watcher.overlay is not None
    pump()
    assert watcher.overlay.seconds_left == 20
    assert watcher.tick(warn_at + kiosk_app.settings.idle.countdown_s) == "reset"
    pump()
    assert kiosk_app.root.current == "home" and watcher.overlay is None
    assert booking.first_name == "" and booking.entry is None
    texts = [w.text for s in kiosk_app.root.screens for w in s.walk() if hasattr(w, "text")]
    assert all("Erika" not in t for t in texts)


def test_yes_keeps_going(kiosk_app):
    kiosk_app.go("topics")
    watcher = manual_idle(kiosk_app)
    watcher.tick(watcher.timer.last_touch + 1000)
    pump()
    tap(watcher.overlay.ids.still_here)
    assert watcher.overlay is None and kiosk_app.root.current == "topics"


def test_language_switch_changes_labels(kiosk_app):
    home = screen(kiosk_app)
    dialog = home.choose_language()
    pump()
    tap(find(dialog, "Türkçe"))
    assert kiosk_app.language == "tr"
    assert home.ids.book.text == "Randevu al"
    assert home.ids.status.text.endswith("Çevrimdışı – randevular kaydediliyor")
    tap(home.ids.topics)
    assert screen(kiosk_app).title != "Hilfe-Themen"
    kiosk_app.language = "de"


def test_text_size_and_contrast(kiosk_app):
    home = screen(kiosk_app)
    body = kiosk_app.theme.font_body
    tap(home.ids.text_size)
    assert kiosk_app.theme.text_scale == 1 and kiosk_app.theme.font_body > body
    tap(home.ids.contrast)
    assert kiosk_app.theme.high_contrast
    assert home.ids.book.background_color == list(kiosk_app.theme.palette.button)


def fake_engine(tmp_path, seconds=30):
    out = tmp_path / "spoken.txt"
    script = tmp_path / "fake-tts"
    script.write_text(f'#!/bin/sh\necho "$@" > {out}\ncat >> {out}\nsleep {seconds}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return [str(script)], out


def test_read_aloud_starts_and_stops(kiosk_app, tmp_path):
    command, out = fake_engine(tmp_path)
    kiosk_app.speaker = Speaker(command)
    kiosk_app.go("guide", topic_id="betrug-sms")
    pump()
    guide = screen(kiosk_app)
    button = next(w for w in guide.walk() if type(w).__name__ == "ReadAloudButton")
    assert button.text == "Vorlesen"
    tap(button)
    for _ in range(100):
        if out.exists() and "PIN" in out.read_text():
            break
        time.sleep(0.02)
    assert out.read_text().splitlines() == ["-s 140 -v de",
                                            "Schritt 1 von 3. Die Bank fragt nie nach Ihrer PIN."]
    assert kiosk_app.speaker.speaking and button.text == "Vorlesen beenden"
    tap(button)
    assert not kiosk_app.speaker.speaking and button.text == "Vorlesen"
    tap(button)
    assert kiosk_app.speaker.speaking
    tap(guide.next_button)                 # a new step is a new screen state ...
    kiosk_app.go("topics")                 # ... and leaving the screen stops it
    assert not kiosk_app.speaker.speaking


def test_without_engine_the_button_says_so(kiosk_app):
    kiosk_app.speaker = Speaker(detect=False)
    kiosk_app.go("volunteer")
    pump()
    button = next(w for w in screen(kiosk_app).walk() if type(w).__name__ == "ReadAloudButton")
    assert button.disabled and button.text == "Vorlesen nicht möglich"


def test_helper_entry_only_when_installed(kiosk_app):
    from screens import REGISTRY

    home = screen(kiosk_app)
    assert home.helper_available == ("helper_login" in REGISTRY)
