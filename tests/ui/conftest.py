"""A real Kivy window (on Xvfb when there is no screen) and a real kiosk app per test.

The window is created once per session (Kivy has one window per process); each test builds a
fresh ``KioskApp`` on its own SQLite file and puts its root into that window.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

from kiosk.settings import Settings

_KIVY_HOME = Path(tempfile.mkdtemp(prefix="kivy-home-"))
SETTINGS = Settings(data_dir=_KIVY_HOME)

from screens.kivyconfig import configure_kivy  # noqa: E402

configure_kivy(SETTINGS)

from kivy.base import EventLoop  # noqa: E402
from kivy.tests.common import UnitTestTouch  # noqa: E402


class ManualClock:
    """The touch filter's clock in tests (``app.touch.clock``): it moves only when told to. It
    starts at the monotonic clock it takes over from (the filter has read that one at start)."""

    def __init__(self):
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


LOOK_S = 2.0


def pump(frames: int = 3) -> None:
    for _ in range(frames):
        EventLoop.idle()


def tap(widget) -> None:
    """One finger, one tap, at the widget's centre, as a person would: after a look at the
    screen (the touch filter ignores a touch right after the last one or a new screen)."""
    from kivy.app import App

    App.get_running_app().touch.clock.advance(LOOK_S)
    x, y = widget.to_window(*widget.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    touch.touch_up()
    pump()


def key(keyboard, label: str):
    """The on-screen key showing ``label`` on the keyboard's current page, or None."""
    return next((k for k in keyboard.children if k.text == label), None)


def type_on(keyboard, text: str) -> int:
    """Type ``text`` by tapping keys (paging with "Weitere" as needed); returns the taps used."""
    from kivy.app import App

    from kiosk.i18n import _
    from kiosk.keyboard import upper

    language = App.get_running_app().language
    taps = 0
    for char in text:
        label = {" ": _("Leerzeichen")}.get(char, upper(char.lower(), language))
        for _turn in range(10):
            if key(keyboard, label) is not None:
                break
            more = key(keyboard, _("Weitere"))
            assert more is not None, f"no key {label!r} and no {_('Weitere')!r} key"
            tap(more)
            taps += 1
        assert key(keyboard, label) is not None, f"no key {label!r} on any page"
        tap(key(keyboard, label))
        taps += 1
    return taps


def manual_idle(app):
    """The idle watcher, ticked only by the test (with its own times), not by the real clock.

    Its clock stands still at a whole number of seconds, so ``last_touch + 90 + 20`` is exactly
    110 s later (with the monotonic clock's fractions the sum could fall short of the reset)."""
    watcher = app.idle
    watcher._event.cancel()
    watcher.clock = lambda: 1000.0
    watcher.timer.touch(1000.0)
    return watcher


def _running_app(store, data_dir: Path):
    """A KioskApp on ``store`` in the window, without its main loop; stopped afterwards."""
    from kivy.app import App
    from kivy.core.window import Window

    from screens.app import KioskApp

    EventLoop.ensure_window()
    app = KioskApp(Settings(data_dir=data_dir, quartier="dorsten-wulfen"), store=store)
    app._run_prepare()
    app.touch.clock = ManualClock()
    pump()
    yield app
    pump(2)  # what waits for the next frame runs with the app (see screens.screenshots.stop_app)
    app.dispatch("on_stop")
    for child in Window.children[:]:
        Window.remove_widget(child)
    App._running_app = None
    Window.size = (1280, 800)


@pytest.fixture
def kiosk_app(booking_store, tmp_path):
    yield from _running_app(booking_store, tmp_path)


@pytest.fixture
def demo_app(tmp_path):
    """The app on the demo content, as in the screenshots: texts of real length."""
    from kiosk import timeutil
    from kiosk.demo import load_demo
    from kiosk.store import Store

    settings = Settings(data_dir=tmp_path)
    store = Store.open(settings.database_path)
    load_demo(store, settings.assets_dir, timeutil.now())
    yield from _running_app(store, tmp_path)
