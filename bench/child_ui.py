"""Tap → next screen drawn, in its own process: ``python -m bench.child_ui DATA_DIR ROUNDS``.

Opens the real kiosk on the store in ``DATA_DIR`` (the parent fills it with 10,000 topics), lets
it stand for 3 s as a kiosk does before its first tap, then for ``ROUNDS`` rounds (the first
round's taps are each screen's first visit): taps every button of the Startseite that leads
somewhere (a real touch at the button's centre), and calls ``app.go(name)`` for every screen in
the registry; each time it counts from the tap (or call) until the first frame drawn that shows
the new screen, then goes home the same way. Prints one JSON line
``BENCH {"label": [seconds, ...], ...}`` plus what it could not do.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path


def main() -> None:
    data_dir, rounds = Path(sys.argv[1]), int(sys.argv[2])
    from kiosk.settings import Settings
    from kiosk.store import Store
    from screens.kivyconfig import configure_kivy

    settings = Settings(data_dir=data_dir, quartier="dorsten-wulfen")
    configure_kivy(settings)
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    from screens import REGISTRY
    from screens.app import KioskApp

    EventLoop.ensure_window()
    app = KioskApp(settings, Store.open(settings.database_path))
    app._run_prepare()
    # A kiosk stands a while before the first senior taps it: start-up's work after the first
    # frame (building the other screens, screens/app.py) is done by then.
    started = time.perf_counter()
    while time.perf_counter() - started < 3:
        EventLoop.idle()
    manager = app.root
    flips = [0]
    Window.bind(on_flip=lambda *_a: flips.__setitem__(0, flips[0] + 1))

    def timed(action) -> float:
        """Seconds from ``action()`` to the first drawn frame after the switch has finished."""
        start_flips = flips[0]
        t0 = time.perf_counter()
        action()
        deadline = t0 + 5
        while time.perf_counter() < deadline:
            EventLoop.idle()
            if flips[0] > start_flips and not manager.transition.is_active:
                break
        return time.perf_counter() - t0

    # A person looks at the new screen before the next tap: the touch filter's clock jumps
    # ahead before each one, so its ignore window (for a tremor's double tap) never swallows a
    # measured tap; the filter itself still runs on every touch.
    looked = [0.0]
    app.touch.clock = lambda: time.monotonic() + looked[0]

    def tap(widget) -> None:
        looked[0] += 10
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()

    times: dict[str, list[float]] = {}
    problems: dict[str, str] = {}
    home = manager.get_screen("home")
    buttons = {key: w for key, w in home.ids.items() if hasattr(w, "on_release")}
    for _ in range(rounds):
        for key, button in buttons.items():
            if manager.current != "home":
                app.go_home()
            seconds = timed(lambda b=button: tap(b))
            if manager.current == "home":
                problems[f"tap {key}"] = "the tap did not open another screen"
                continue
            target = manager.current
            times.setdefault(f"tap Startseite:{key} → {target}", []).append(seconds)
            times.setdefault("→ Startseite (app.go)", []).append(timed(app.go_home))
        for name in REGISTRY:
            if name == "home":
                continue
            try:
                seconds = timed(lambda n=name: app.go(n))
            except Exception as e:  # a screen that needs state we cannot guess
                problems[f"app.go({name})"] = f"{type(e).__name__}: {e}"
                traceback.print_exc()
                continue
            times.setdefault(f"app.go({name})", []).append(seconds)
            times.setdefault("→ Startseite (app.go)", []).append(timed(app.go_home))
    times["baseline: bare ScreenManager switch"] = _baseline(rounds * 5, timed, Window)
    print("BENCH " + json.dumps({"times": times, "problems": problems,
                                 "registry": sorted(REGISTRY)}), flush=True)


def _baseline(count: int, timed, window) -> list[float]:
    """The same switch in a bare ScreenManager (two screens, one button each), same window."""
    from kivy.uix.button import Button
    from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

    for child in window.children[:]:
        window.remove_widget(child)
    manager = ScreenManager(transition=NoTransition())
    for name in ("a", "b"):
        screen = Screen(name=name)
        screen.add_widget(Button(text=name))
        manager.add_widget(screen)
    window.add_widget(manager)
    result = []
    for i in range(count):
        result.append(timed(lambda i=i: setattr(manager, "current", "ab"[(i + 1) % 2])))
    return result


if __name__ == "__main__":
    main()
