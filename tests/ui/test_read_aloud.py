"""Vorlesen on the real screens: each text in its own language's voice, every booking step read
without a name, phone number or code, and a plain message when nothing can be heard."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from kiosk.speech import Speaker
from tests.ui.conftest import pump, tap, type_on
from tests.ui.test_flows import add_future_slots, find, screen

ESPEAK = "/usr/bin/espeak-ng"


def recording_engine(tmp_path: Path) -> tuple[list[str], Path]:
    """An engine that appends its arguments and what it was told to read, one run per line."""
    out = tmp_path / "spoken.txt"
    script = tmp_path / "fake-tts"
    script.write_text(f'#!/bin/sh\necho "$@" >> {out}\ncat >> {out}\necho >> {out}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return [str(script)], out


def read_aloud(app, out: Path | None = None) -> str:
    """Tap the screen's Vorlesen button, wait until the engine is done; what was read."""
    before = out.read_text() if out and out.exists() else ""
    button = next(w for w in screen(app).walk() if type(w).__name__ == "ReadAloudButton")
    tap(button)
    for _ in range(250):
        if not app.speaker.speaking:
            break
        time.sleep(0.02)
    button.refresh()
    pump()
    return out.read_text()[len(before):] if out else button.text


def test_a_german_topic_in_the_turkish_ui_is_read_in_german(kiosk_app, tmp_path):
    command, out = recording_engine(tmp_path)
    kiosk_app.speaker = Speaker(command,
                                words_per_minute=kiosk_app.settings.speech.words_per_minute)
    kiosk_app.language = "tr"
    kiosk_app.go("guide", topic_id="betrug-sms")   # no Turkish text: shown in German
    pump()
    assert read_aloud(kiosk_app, out).splitlines() == [
        "-s 140 -v tr", "Adım 1 / 3.", "-s 140 -v de", "Die Bank fragt nie nach Ihrer PIN."]
    kiosk_app.language = "de"


def test_every_booking_step_reads_aloud_but_no_name_phone_or_code(kiosk_app, tmp_path):
    command, out = recording_engine(tmp_path)
    kiosk_app.speaker = Speaker(command)
    add_future_slots(kiosk_app.store)
    tap(screen(kiosk_app).ids.book)
    booking = screen(kiosk_app)
    spoken = {"topic": read_aloud(kiosk_app, out)}
    tap(booking.grid.tiles[0])
    spoken["day"] = read_aloud(kiosk_app, out)
    tap(next(t for t in booking.grid.tiles if not t.disabled))
    spoken["time"] = read_aloud(kiosk_app, out)
    helper = booking.grid.tiles[0].spec.subtitle     # "bei Anna"
    tap(booking.grid.tiles[0])
    type_on(booking.keyboard, "Erika")
    tap(booking.forward_button)
    tap(find(booking, "Telefon angeben"))
    type_on(booking.keyboard, "0236912345")
    tap(booking.forward_button)
    assert booking.step == "summary" and booking.phone == "0236912345"
    spoken["summary"] = read_aloud(kiosk_app, out)
    tap(booking.book_button)
    assert booking.step == "done"
    spoken["done"] = read_aloud(kiosk_app, out)
    print(spoken)
    code = booking.record.code
    assert "Wobei brauchen Sie Hilfe?" in spoken["topic"] and "Betrugs-SMS" in spoken["topic"]
    assert "An welchem Tag?" in spoken["day"] and "freie" in spoken["day"] + spoken["time"]
    assert " Uhr" in spoken["time"]
    assert "Thema: Fotos per WhatsApp schicken." in spoken["summary"]
    assert "Verbindlich buchen" in spoken["summary"]
    assert "Wann:" in spoken["done"] and "notieren Sie sich den Code" in spoken["done"]
    for text in spoken.values():
        assert "Erika" not in text and "12345" not in text and helper.split()[-1] not in text
        assert code not in text and code[:3] + " " + code[3:] not in text


def test_no_sound_device_is_said_on_screen(kiosk_app, tmp_path):
    """espeak-ng with no audio output exits 0; the button says so instead of staying silent."""
    empty = tmp_path / "alsa.conf"
    empty.write_text("")
    kiosk_app.speaker = Speaker(["env", f"ALSA_CONFIG_PATH={empty}",
                                 "PULSE_SERVER=unix:/nonexistent", ESPEAK])
    kiosk_app.go("guide", topic_id="betrug-sms")
    pump()
    assert read_aloud(kiosk_app) == "Vorlesen geht nicht: kein Ton"
    kiosk_app.language = "tr"
    pump()
    button = next(w for w in screen(kiosk_app).walk() if type(w).__name__ == "ReadAloudButton")
    assert button.text not in ("", "Vorlesen geht nicht: kein Ton")   # translated
    assert not button.disabled                                          # a tap tries again
    kiosk_app.language = "de"


def test_the_speaker_speaks_at_the_configured_speed(kiosk_app):
    assert kiosk_app.speaker.words_per_minute == kiosk_app.settings.speech.words_per_minute


def test_my_booking_and_search_results_read_aloud_without_the_code_or_what_was_typed(
        kiosk_app, tmp_path):
    """"Meine Buchung" reads when, where and how it stands (not the code, not the name);
    the search results their topics (not the words typed)."""
    from kiosk import booking, timeutil

    command, out = recording_engine(tmp_path)
    kiosk_app.speaker = Speaker(command)
    add_future_slots(kiosk_app.store)
    now, rules = timeutil.now(), kiosk_app.settings.booking
    day = next(d.day for d in booking.booking_days(kiosk_app.store, "dorsten-wulfen", now, rules)
               if d.free_slots)
    slot = booking.free_slots(kiosk_app.store, "dorsten-wulfen", day, now, rules)[0]
    record = booking.create_booking(kiosk_app.store, slot_id=slot.id, topic_id="betrug-sms",
                                    first_name="Erika", phone="0171 2345678", now=now,
                                    rules=rules)
    tap(screen(kiosk_app).ids.my_booking)
    type_on(screen(kiosk_app).keyboard, record.code)
    tap(screen(kiosk_app).find_button)
    found = read_aloud(kiosk_app, out)
    assert "Wann:" in found and "Wo:" in found and "Stand:" in found
    assert record.code not in found and "Erika" not in found and "2345678" not in found
    kiosk_app.go_home()
    pump()
    tap(screen(kiosk_app).ids.search)   # the Startseite's own search button
    assert screen(kiosk_app).name == "search"
    type_on(screen(kiosk_app).keyboard, "sms")
    tap(screen(kiosk_app).search_button)
    results = read_aloud(kiosk_app, out)
    titles = [tile.spec.title for tile in screen(kiosk_app).grid.tiles]
    assert titles and all(title in results for title in titles)
    assert "sms" not in results.replace("SMS", "")
