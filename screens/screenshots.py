"""Render every screen and its main states to PNG: ``python -m screens.screenshots OUT_DIR``.

Runs the real app on the demo content (a temporary data folder) at 1280×800 (10.1″) and 800×480
(7″), each state in German, and the main ones in high contrast, at A++ and in every other UI
language (more of them in Turkish, Arabic (right to left) and Russian).
Files are named ``<state>-<width>x<height>.png``. The states are also what the accessibility test
walks (:data:`STATES`).
"""

from __future__ import annotations

import fnmatch
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from kiosk.i18n import LANGUAGES
from kiosk.settings import Display, Settings
from kiosk.theme import Theme

SIZES = {"1280x800": Display(10.1, 1280, 800), "800x480": Display(7.0, 800, 480)}


def _pump(frames: int = 4) -> None:
    from kivy.base import EventLoop

    for _ in range(frames):
        EventLoop.idle()


def _screen(app, name):
    return app.root.get_screen(name)


def _booking(app, step: str):
    screen = _screen(app, "booking")
    app.go("booking", topic_id=_first_topic(app))
    _pump()
    if step == "day":
        return
    free = [t for t in screen.grid.tiles if not t.disabled]
    while not free and screen.grid.pager.has_next:  # big text: few days on a page
        screen.grid.next_page()
        free = [t for t in screen.grid.tiles if not t.disabled]
    free[0].dispatch("on_release")
    _pump()
    if step == "time":
        return
    screen.grid.tiles[0].dispatch("on_release")
    if step == "name":
        screen.entry.text = "Erika"
        return
    screen.entry.text = "Erika"
    screen.forward_button.dispatch("on_release")
    if step == "summary":
        return
    _pump()
    screen.book_button.dispatch("on_release")


def _other_script(app, turns: int):
    """The name step with the keyboard's script key tapped ``turns`` times (ABC, АБВ, أبت)."""
    _booking(app, "name")
    keyboard = _screen(app, "booking").keyboard
    _pump()
    for _turn in range(turns):
        keyboard.press(next(k for page in keyboard.plan.pages for row in page for k in row
                            if k.action == "script"))
        _pump()


def _first_topic(app) -> str:
    sql = "SELECT id FROM topics ORDER BY category_id, position"
    return app.store.db.execute(sql).fetchone()[0]


def _first_category(app) -> str:
    sql = "SELECT id FROM categories ORDER BY position, id"
    return app.store.db.execute(sql).fetchone()[0]


def _no_slots(app):
    app.store.db.execute("UPDATE slots SET cancelled = 1")
    app.go("booking", topic_id=_first_topic(app))


def _my_booking(app, cancel: bool):
    _booking(app, "done")
    code = _screen(app, "booking").record.code
    app.go("my_booking")
    screen = _screen(app, "my_booking")
    screen.entry.text = code
    screen.find()
    if cancel:
        screen.ask_cancel()


def _search(app, text: str):
    app.go("search")
    screen = _screen(app, "search")
    if text:
        screen.entry.text = text
        screen.run_search()


def _idle(app):
    app.go("guide", topic_id=_first_topic(app))
    watcher = app.idle
    watcher.tick(watcher.timer.last_touch + app.settings.idle.warning_after_s + 3)


def _glossary(app):
    """The first topic's first step with a hard word, its explanation open."""
    app.go("guide", topic_id=_first_topic(app))
    _pump()
    word = next(w for w in app.root.current_screen.walk() if type(w).__name__ == "GlossaryWord")
    word.dispatch("on_release")


def _helper(app, step: str):
    """Helper mode with one booking (the next free slot) and one call-back wish."""
    from kiosk import booking, timeutil
    from kiosk.callbacks import create_callback

    now = timeutil.now()
    quartier = app.settings.quartier
    rules = app.settings.booking
    days = [d.day for d in booking.booking_days(app.store, quartier, now, rules) if d.free_slots]
    if days:  # (a store used for many states may be booked out by now)
        slot = booking.free_slots(app.store, quartier, days[0], now, rules)[0]
        booking.create_booking(app.store, slot_id=slot.id, topic_id=_first_topic(app),
                               first_name="Erika", phone="0171 2345678", now=now, rules=rules)
    create_callback(app.store, quartier_id=quartier, topic_id=_first_topic(app),
                    first_name="Cem", phone="02362 12345", now=now)
    app.go("helper_login")
    login = _screen(app, "helper_login")
    if step == "names":
        return
    login.ids.names.tiles[0].dispatch("on_release")
    if step == "login":
        return
    for _attempt in range(5 if step == "locked" else 1):
        login.ids.pin.text = "1234" if step not in ("wrong-pin", "locked") else "0000"
        login.submit()
    if step in ("wrong-pin", "locked"):
        return
    offset = (days[0] - timeutil.local_day(now)).days if days and step != "today" else 0
    _screen(app, "helper_day").show(view=("today", "tomorrow")[offset] if offset < 2 else "later")
    _pump()
    if step == "booking" and _screen(app, "helper_day").ids.grid.tiles:
        _screen(app, "helper_day").ids.grid.tiles[0].dispatch("on_release")
    elif step in ("callbacks", "walkin"):
        app.go(f"helper_{step}")


# name -> what to do on a freshly started app
STATES: dict[str, Callable] = {
    "home": lambda app: app.go("home"),
    "topics": lambda app: app.go("topics"),
    "topics-category": lambda app: app.go("topics", category_id=_first_category(app)),
    "guide": lambda app: app.go("guide", topic_id=_first_topic(app), step=1),
    "search": lambda app: _search(app, ""),
    "search-results": lambda app: _search(app, "whatsapp"),
    "search-nothing": lambda app: _search(app, "xylophon"),
    "booking-topic": lambda app: app.go("booking"),
    "booking-day": lambda app: _booking(app, "day"),
    "booking-time": lambda app: _booking(app, "time"),
    "booking-name": lambda app: _booking(app, "name"),
    "booking-name-script2": lambda app: _other_script(app, 1),
    "booking-name-script3": lambda app: _other_script(app, 2),
    "booking-summary": lambda app: _booking(app, "summary"),
    "booking-confirmed": lambda app: _booking(app, "done"),
    "booking-no-slots": _no_slots,
    "callback": lambda app: (_no_slots(app), _screen(app, "booking").go_step("callback_phone")),
    "my-booking": lambda app: app.go("my_booking"),
    "my-booking-found": lambda app: _my_booking(app, False),
    "my-booking-cancel": lambda app: _my_booking(app, True),
    "find-booking": lambda app: app.go("find_booking"),
    "volunteer": lambda app: app.go("volunteer"),
    "idle-warning": _idle,
    "glossary": _glossary,
    **{f"helper-{step}": partial(_helper, step=step)
       for step in ("names", "login", "wrong-pin", "locked", "today", "day", "booking",
                    "callbacks", "walkin")},
}
# What every UI language is shown in, at both sizes (issue 17): the Startseite, a guide step,
# the name step and the booking's code; and what else a language shows that German does not
# (Turkish: the longest texts; Arabic: right to left; Russian: Cyrillic, a second script).
EVERY_LANGUAGE = ["home", "guide", "booking-name", "booking-confirmed"]
MORE_IN = {
    "en": ["booking-summary"],
    "tr": ["topics", "topics-category", "booking-day", "booking-time", "booking-summary",
           "callback", "search", "search-results", "my-booking", "my-booking-found",
           "volunteer", "helper-day", "helper-booking", "helper-walkin"],
    **{language: ["topics", "topics-category", "booking-day", "booking-time",
                  "booking-name-script2", "booking-name-script3", "booking-summary",
                  "search-results", "my-booking-found"] for language in ("ar", "ru")},
}
# Variants: (suffix, language, text_scale, high_contrast, states)
VARIANTS = [
    ("", "de", 0, False, list(STATES)),
    ("-contrast", "de", 0, True, ["home", "guide", "booking-day", "booking-confirmed"]),
    ("-a++", "de", 2, False, ["home", "topics", "topics-category", "guide", "glossary",
                              "booking-day",
                              "booking-time", "booking-name", "booking-summary",
                              "booking-confirmed", "callback", "search", "search-results",
                              "my-booking", "my-booking-found", "volunteer", "helper-day",
                              "helper-booking", "helper-walkin"]),
    *((f"-{language}", language, 0, False, EVERY_LANGUAGE + MORE_IN.get(language, []))
      for language in LANGUAGES if language != "de"),
    *((f"-{language}-a++", language, 2, False,
       ["home", "topics-category", "guide", "booking-name", "booking-confirmed"])
      for language in ("ar", "ru")),
]


def start_app(data_dir: Path, display: Display, store=None):
    """A running app (no main loop) on ``data_dir`` with the demo loaded; for tools and tests."""
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk import timeutil
    from kiosk.demo import load_demo
    from kiosk.store import Store
    from screens.app import KioskApp

    settings = Settings(data_dir=data_dir, quartier="dorsten-wulfen", display=display)
    if store is None:
        store = Store.open(settings.database_path)
        load_demo(store, settings.assets_dir, timeutil.now())
    EventLoop.ensure_window()
    Window.size = (display.width, display.height)
    _pump(6)
    app = KioskApp(settings, store=store)
    app._run_prepare()
    _pump()
    return app


def stop_app(app) -> None:
    from kivy.app import App
    from kivy.core.window import Window

    # What the last taps scheduled for the next frame (a layout, kv's canvas expressions of
    # widgets made last) runs while the app still runs: after it stopped it finds no app
    # ('NoneType' object has no attribute 'bind', in the next start)
    _pump(2)
    app.dispatch("on_stop")
    for child in Window.children[:]:
        Window.remove_widget(child)
    App._running_app = None


def set_state(app, name: str, language: str = "de", text_scale: int = 0,
              high_contrast: bool = False) -> None:
    app.language = language
    app.set_display(text_scale=text_scale, high_contrast=high_contrast)
    _pump(2)
    STATES[name](app)
    _pump(12)


def main(out: str, only: str = "") -> int:
    from screens.kivyconfig import configure_kivy

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    configure_kivy(Settings(data_dir=work))
    from kivy.core.window import Window

    written = 0
    for size, display in SIZES.items():
        for suffix, language, scale, contrast, names in VARIANTS:
            if scale >= len(Theme(display).text_scales):
                continue  # this display does not offer that text size
            for name in names:
                if only and not fnmatch.fnmatch(f"{name}{suffix}-{size}", only):
                    continue
                data = work / f"{size}{suffix}-{name}"
                app = start_app(data, replace(display))
                try:
                    set_state(app, name, language, scale, contrast)
                    shot = Window.screenshot(name=str(work / "shot.png"))
                    shutil.move(shot, out_dir / f"{name}{suffix}-{size}.png")
                    written += 1
                finally:
                    stop_app(app)
    shutil.rmtree(work, ignore_errors=True)
    print(f"{written} screenshots in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:] or ["docs/screenshots"])))
