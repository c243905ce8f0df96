"""The screen sleeps outside opening hours; the first touch at night only wakes it."""

from dataclasses import replace
from datetime import datetime

from kiosk.timeutil import LOCAL
from tests.ui.conftest import tap

NIGHT = datetime(2026, 11, 25, 23, 0, tzinfo=LOCAL)  # a Wednesday


def test_no_opening_hours_no_switching(kiosk_app):
    assert kiosk_app.display_guard is None  # the demo and desktops never go dark


def test_dark_at_night_and_a_touch_only_wakes(kiosk_app):
    kiosk_app.on_stop()
    kiosk_app.settings = replace(kiosk_app.settings, opening_hours={"wed": "09:00-17:00"})
    kiosk_app.on_start()
    guard = kiosk_app.display_guard
    switched = []
    guard.switch = switched.append
    guard.clock = lambda: NIGHT
    guard.tick()
    assert switched == [False]
    home = kiosk_app.root.current_screen
    tap(home.ids.topics)                      # the first touch wakes the screen …
    assert switched == [False, True]
    assert kiosk_app.root.current == "home"  # … and presses nothing
    tap(home.ids.topics)                      # the next one works as usual
    assert kiosk_app.root.current == "topics"
