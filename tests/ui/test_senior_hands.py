"""Senior hands: touches as a tremor makes them, on the real window — double taps 80–150 ms
apart, a finger that wanders while it rests, a 2 s hold, a tap on a button's edge that rolls off
it — and taps on the idle warning. Exactly one action per touch, and nothing on the screen that
follows.

Time for the touch filter is a controllable clock (``app.touch.clock``, see tests/ui/conftest.py):
a 2 s hold takes no 2 s here.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

import pytest
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch

from kiosk import outbox
from kiosk.settings import Display
from screens.screenshots import _booking, start_app, stop_app
from tests.ui.conftest import ManualClock, manual_idle, pump

SMALL = Display(7.0, 800, 480)


class Finger:
    """One finger on the window; the touch filter's time moves only when the finger moves it."""

    def __init__(self, app):
        self.app = app
        self.clock = app.touch.clock

    def mm(self, millimetres: float) -> float:
        return self.app.theme.mm(millimetres)

    def touch(self, x: float, y: float, *, moves=(), held: float = 0.05) -> None:
        """Down at (x, y), moves by (dx, dy) millimetres from there, up after ``held`` s."""
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        pump(1)
        for dx, dy in moves:
            self.clock.advance(held / (len(moves) + 1))
            touch.touch_move(x + self.mm(dx), y + self.mm(dy))
        self.clock.advance(held / (len(moves) + 1))
        touch.touch_up()
        pump(1)

    def pause(self) -> None:
        """A person looks at the screen before the next touch."""
        self.clock.advance(3.0)
        pump(1)

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
    pump()
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


# --- blocker 3: double taps --------------------------------------------------------------------


def test_a_double_tap_on_verbindlich_buchen_books_once_and_shows_the_code(demo_app):
    app = demo_app
    _booking(app, "summary")
    pump()
    booking = app.root.get_screen("booking")
    Finger(app).double_tap(booking.book_button)
    assert bookings(app) == 1
    assert app.root.current == "booking" and booking.step == "done"


def test_a_double_tap_on_termin_buchen_does_not_pick_a_topic(demo_app):
    app = demo_app
    Finger(app).double_tap(app.root.current_screen.ids.book)
    assert app.root.current == "booking" and app.root.current_screen.step == "topic"


def test_a_double_tap_on_weiter_goes_one_step(demo_app):
    app = demo_app
    app.go("guide", topic_id=app.store.db.execute("SELECT id FROM topics").fetchone()[0])
    pump()
    guide = app.root.current_screen
    Finger(app).double_tap(guide.next_button, gap=0.08)
    assert guide.step == 1


def test_a_double_tap_saves_one_walkin_and_it_can_be_undone(demo_app):
    from screens.screenshots import _helper

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
