"""Senior hands: touches as a tremor makes them, on the real window — double taps 80–150 ms
apart, a finger that wanders while it rests, a 2 s hold, a tap on a button's edge that rolls off
it — and taps on the idle warning. Exactly one action per touch, and nothing on the screen that
follows.

Time for the touch filter is a controllable clock (``app.touch.clock``, see tests/ui/conftest.py):
a 2 s hold takes no 2 s here.
"""

from __future__ import annotations

import re
import weakref
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta

import pytest
from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.modalview import ModalView

from kiosk import outbox, timeutil
from kiosk.settings import Display
from kiosk.speech import Speaker
from kiosk.theme import Theme
from screens import REGISTRY
from screens.screenshots import STATES, _booking, _helper, start_app, stop_app
from tests.ui import a11y
from tests.ui.conftest import ManualClock, manual_idle, pump
from tests.ui.test_flows import add_future_slots

SMALL = Display(7.0, 800, 480)


def frames(count: int = 1) -> None:
    """Turns of the main loop: the Clock's events (layout, the screen switch) and input, without
    drawing (nothing here looks at pixels); ``quick_frames`` lifts the 60 fps wait."""
    for _ in range(count):
        Clock.tick()
        EventLoop.dispatch_input()
        Clock.tick_draw()


@pytest.fixture
def quick_frames(monkeypatch):
    """No waiting for the next 1/60 s between frames (Kivy has no public switch for it), and
    the screenshot states turn the loop without drawing too."""
    max_fps, Clock._max_fps = Clock._max_fps, 0
    monkeypatch.setattr("screens.screenshots._pump", frames)
    yield
    Clock._max_fps = max_fps


class Finger:
    """One finger on the window; the touch filter's time moves only when the finger moves it."""

    def __init__(self, app, before_touch=lambda: None):
        self.app = app
        self.clock = app.touch.clock
        self.before_touch = before_touch

    def mm(self, millimetres: float) -> float:
        return self.app.theme.mm(millimetres)

    def touch(self, x: float, y: float, *, moves=(), held: float = 0.05) -> None:
        """Down at (x, y), moves by (dx, dy) millimetres from there, up after ``held`` s."""
        self.before_touch()
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        frames()
        for dx, dy in moves:
            self.clock.advance(held / (len(moves) + 1))
            touch.touch_move(x + self.mm(dx), y + self.mm(dy))
        self.clock.advance(held / (len(moves) + 1))
        touch.touch_up()
        frames()

    def pause(self) -> None:
        """A person looks at the screen before the next touch."""
        self.clock.advance(3.0)
        frames()

    def double_tap(self, widget, gap: float = 0.12) -> None:
        x, y = widget.to_window(*widget.center)
        self.pause()
        self.touch(x, y)
        self.clock.advance(gap)
        self.touch(x, y)


def bookings(app) -> int:
    return app.store.db.execute("SELECT COUNT(*) FROM bookings").fetchone()[0]


@contextmanager
def app_on(data_dir, display: Display):
    """The app on the demo content on ``display``, with the touch filter on a controllable clock."""
    app = start_app(data_dir, replace(display))
    app.touch.clock = ManualClock()
    try:
        yield app
    finally:
        stop_app(app)
        Window.size = (1280, 800)


@pytest.fixture
def small_app(tmp_path):
    """The 7-inch display."""
    with app_on(tmp_path, SMALL) as app:
        yield app


def open_warning(app):
    watcher = manual_idle(app)
    watcher.tick(watcher.timer.last_touch + app.settings.idle.warning_after_s)
    frames(2)
    assert watcher.overlay is not None
    return watcher


# --- blocker 2: the idle warning ---------------------------------------------------------------


@pytest.mark.parametrize("step", ["summary", "name"])
def test_taps_anywhere_on_the_idle_warning_change_nothing_beneath(small_app, step):
    app = small_app
    _booking(app, step)
    pump()
    booking = app.root.get_screen("booking")
    typed = booking.entry.text if booking.entry is not None else ""
    finger = Finger(app)
    width, height = Window.size
    points = [(width * (i + 0.5) / 6, height * (j + 0.5) / 4) for i in range(6) for j in range(4)]
    for x, y in points:
        watcher = open_warning(app)
        button = watcher.overlay.ids.still_here
        on_button = button.collide_point(*button.to_widget(x, y))
        finger.pause()
        finger.touch(x, y, moves=[(1, -1), (-1, 2)])
        assert (booking.step, bookings(app), app.root.current) == (step, 0, "booking"), (x, y)
        assert (booking.entry.text if booking.entry is not None else "") == typed, (x, y)
        assert (watcher.overlay is None) == on_button, (x, y)
    # the right half of "Ja, weiter" (over "Verbindlich buchen" on the 7-inch summary) goes on
    watcher = open_warning(app)
    button = watcher.overlay.ids.still_here
    finger.pause()
    finger.touch(*button.to_window(button.right - finger.mm(3), button.center_y))
    assert watcher.overlay is None and bookings(app) == 0 and booking.step == step


@pytest.mark.parametrize("display", [Display(), SMALL], ids=["10-inch", "7-inch"])
def test_the_idle_warning_leaves_the_code_in_sight(tmp_path, display):
    with app_on(tmp_path, display) as app:
        _booking(app, "done")
        pump()
        booking = app.root.get_screen("booking")
        assert booking.step == "done"
        watcher = open_warning(app)
        box = watcher.overlay.ids.idle_box
        code = booking.code_label
        bx, by = box.to_window(box.x, box.y)
        cx, cy = code.to_window(code.x, code.y)
        assert by + box.height <= cy or cy + code.height <= by, "the warning covers the code"
        assert watcher.overlay.overlay_color[3] == 0, "the code is dimmed"
        said = " ".join(w.text for w in watcher.overlay.walk() if hasattr(w, "text"))
        assert "gelöscht" not in said and "Sekunden" in said


def test_a_touch_held_when_the_warning_opens_does_nothing_when_it_ends(kiosk_app):
    app = kiosk_app
    app.go("topics")
    frames(2)
    button = app.root.current_screen.grid.tiles[0]
    x, y = button.to_window(*button.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    frames()
    open_warning(app)
    touch.touch_up()
    frames()
    assert app.root.current == "topics" and app.root.current_screen.category_id == ""
    assert app.idle.overlay is not None


# --- blocker 3: double taps --------------------------------------------------------------------


def test_a_double_tap_on_verbindlich_buchen_books_once_and_shows_the_code(kiosk_app):
    app = kiosk_app
    add_future_slots(app.store)
    _booking(app, "summary")
    pump()
    booking = app.root.get_screen("booking")
    Finger(app).double_tap(booking.book_button)
    assert bookings(app) == 1
    assert app.root.current == "booking" and booking.step == "done"


def test_a_double_tap_on_termin_buchen_does_not_pick_a_topic(kiosk_app):
    app = kiosk_app
    Finger(app).double_tap(app.root.current_screen.ids.book)
    assert app.root.current == "booking" and app.root.current_screen.step == "topic"


def test_a_double_tap_on_weiter_goes_one_step(kiosk_app):
    app = kiosk_app
    app.go("guide", topic_id="betrug-sms")  # three steps
    pump()
    guide = app.root.current_screen
    Finger(app).double_tap(guide.next_button, gap=0.08)
    assert guide.step == 1


def test_a_double_tap_saves_one_walkin_and_it_can_be_undone(demo_app):
    app = demo_app
    _helper(app, "walkin")
    pump()
    walkin = app.root.current_screen
    assert app.root.current == "helper_walkin"
    finger = Finger(app)
    finger.double_tap(walkin.ids.grid.tiles[0], gap=0.15)
    walkins = "SELECT COUNT(*) FROM walkins"
    assert app.store.db.execute(walkins).fetchone()[0] == 1
    assert "Heute ohne Termin: 1" in walkin.message
    finger.double_tap(walkin.ids.undo)
    assert app.store.db.execute(walkins).fetchone()[0] == 0
    assert not [op for op in outbox.pending(app.store) if op.type == outbox.WALKIN_CREATE]
    assert "Heute ohne Termin: 0" in walkin.message and walkin.ids.undo.disabled


def test_a_double_tap_cancels_once_and_marks_attendance_once(demo_app, monkeypatch):
    app = demo_app
    finger = Finger(app)
    STATES["my-booking-cancel"](app)
    frames(2)
    finger.double_tap(app.root.current_screen.dialog.ids.yes, gap=0.1)
    _helper(app, "booking")
    # Attendance is offered from the booking's day on: it is that day now, whatever today is.
    screen = app.root.current_screen
    monkeypatch.setattr(timeutil, "now", lambda: screen.item.start + timedelta(minutes=5))
    screen.show_helper(screen.item)
    frames(2)
    finger.double_tap(screen.ids.attended, gap=0.1)
    sent = [op.type for op in outbox.pending(app.store)]
    assert sent.count(outbox.BOOKING_CANCEL) == 1 and sent.count(outbox.BOOKING_STATUS) == 1
    assert app.root.current == "helper_day"


# --- every button the states reach, four ways ---------------------------------------------------

GESTURES = ("double tap", "jittery tap", "2 s hold", "tap on the edge")


def perform(finger: Finger, button, gesture: str, n: int) -> None:
    x, y = button.to_window(*button.center)
    finger.pause()
    if gesture == "double tap":
        finger.double_tap(button, gap=0.08 + 0.01 * (n % 8))      # 80–150 ms apart
    elif gesture == "jittery tap":
        finger.touch(x, y, moves=[(1, 0), (-1, 2), (2, -2), (-3, 1)], held=0.3)
    elif gesture == "2 s hold":
        finger.touch(x, y, moves=[(0.5, 0.5), (-1, 0)], held=2.0)
    else:  # just inside the right edge, rolling 2 mm off it
        finger.touch(button.to_window(button.right, 0)[0] - finger.mm(0.5), y,
                     moves=[(1, 0), (2, 0.5)])


class Releases:
    """Every button of the window that acted (``on_release``), also those the first tap of a
    double tap brought up: watched again before each touch."""

    def __init__(self):
        self.acted: list = []
        self._watched = weakref.WeakSet()

    def watch(self) -> None:
        for root in Window.children:
            for widget in root.walk():
                if isinstance(widget, ButtonBehavior) and widget not in self._watched:
                    self._watched.add(widget)
                    widget.fbind("on_release", self.acted.append)


def where(app) -> tuple:
    """What the person sees: screen, step, title, the dialogs open, helper mode, language and
    display."""
    screen = app.root.current_screen
    return (app.root.current, getattr(screen, "step", None), getattr(screen, "title", None),
            tuple(type(c).__name__ for c in Window.children), app.helper is None, app.language,
            app.theme)


def label(button) -> tuple[str, str]:
    """A button by what it is and says; counts in its text may grow (each state adds a call-back
    wish to "Anrufen (n)")."""
    return type(button).__name__, re.sub(r"\d+", "#", button.text)


def buttons_on_screen() -> dict[tuple[str, str], object]:
    return {label(b): b for b in a11y.touchables() if not b.disabled}


def enter(app, state: str) -> None:
    """``state`` (screens.screenshots.STATES) from a calm app: no dialog, German, size A, every
    seat free, no PIN lock (states before cancel the slots, book them out, lock helper mode)."""
    app.idle.still_here()
    for child in Window.children[:]:
        if isinstance(child, ModalView):
            child.dismiss(animation=False)
    app.helper = None
    if app.language != "de" or app.theme != Theme(app.settings.display):
        app.language = "de"
        app.set_display(text_scale=0, high_contrast=False)
    app.store.db.execute("UPDATE slots SET cancelled = 0")
    app.store.db.execute("UPDATE bookings SET status = 'cancelled' WHERE status = 'pending'")
    app.store.db.execute("DELETE FROM meta WHERE key LIKE 'pin_%'")
    STATES[state](app)
    frames(2)


def back_to(app, screen: str, here: tuple) -> dict[tuple[str, str], object]:
    """The buttons of ``screen`` as the gesture before left it, if it still looks as it did
    (``here``): dialogs closed and the screen shown again without being shown anew — far
    quicker than entering the state again (a PIN check, a booking). Else nothing."""
    for child in Window.children[:]:
        if isinstance(child, ModalView):
            child.dismiss(animation=False)
    if app.root.current != screen:
        app.root.current = screen
        frames()
    return buttons_on_screen() if where(app) == here else {}


def seen_as(screen: str, key: tuple[str, str]) -> tuple:
    """A button tried once: per screen, but the way home ("Startseite", one class with one
    action) only on the first screen that shows it; on a helper screen each try of it signs
    out, and entering helper mode again checks the PIN (argon2) every time."""
    return key if key == ("HomeButton", "Startseite") else (screen, *key)


def gestures_for(key: tuple[str, str], order: int) -> tuple[str, ...]:
    """All four, except on the tiles of a grid (one class, one handler, each tile re-entering
    its state four times took most of this test): there each tile gets the next gesture in
    turn, so every tile is tried and every gesture on every grid of four tiles or more."""
    return (GESTURES[order % len(GESTURES)],) if key[0] == "Tile" else GESTURES


def test_every_button_acts_once_for_senior_hands(demo_app, quick_frames):
    app = demo_app
    manual_idle(app)
    app.speaker = Speaker(["true"])  # read-aloud acts, silently
    releases = Releases()
    finger = Finger(app, before_touch=releases.watch)
    problems: list[str] = []
    tried: dict[str, int] = {}
    done: set[tuple] = set()
    n = 0
    for state in STATES:
        enter(app, state)
        screen, here = app.root.current, where(app)
        keys = [k for k in buttons_on_screen() if seen_as(screen, k) not in done]
        done.update(seen_as(screen, k) for k in keys)
        tiles = 0
        for key in keys:
            tiles += key[0] == "Tile"
            for gesture in gestures_for(key, tiles - 1):
                n += 1
                button = back_to(app, screen, here).get(key)
                if button is None:
                    enter(app, state)
                    button = buttons_on_screen().get(key)
                if button is None:
                    problems.append(f"{state}: {key[1]!r} gone after entering again")
                    break
                releases.acted.clear()
                perform(finger, button, gesture, n)
                if releases.acted != [button]:  # (a tile shows the next step's choice now)
                    problems.append(f"{state}: {gesture} on {key[1]!r} → "
                                    f"{[b.text for b in releases.acted]}")
            tried[screen] = tried.get(screen, 0) + 1
    print(f"senior hands: {sum(tried.values())} buttons, {n} gestures; by screen {tried}")
    assert set(tried) == set(REGISTRY), f"no button tried on {set(REGISTRY) - set(tried)}"
    assert not problems, "\n".join(problems)
