"""Every touch of the window goes through the touch rules (:mod:`kiosk.touch`) before any widget
sees it: the app installs one :class:`TouchFilter` on the window's ``on_motion``, which Kivy calls
before the widgets, the idle watcher and the display's wake-up. No button needs to know.
"""

from __future__ import annotations

import math
import time

from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.touch import AT_START, NOWHERE, TouchRules

# Where a touch that must reach no widget goes: outside the window (normalised coordinates). A
# button that took its beginning lets go of it without acting, as when a finger slides off.
_OUTSIDE = (-1.0, -1.0)


class TouchFilter:
    """Feeds the window's touches and screen changes to :class:`TouchRules`. ``clock`` is
    monotonic seconds; tests set a controllable one."""

    def __init__(self, app, manager, clock=time.monotonic):
        self.app = app
        self.manager = manager
        self.clock = clock
        self.rules = TouchRules(app.settings.touch)
        # After the action a touch's end set off (a new screen built, a booking saved) the
        # window starts again: a slow action does not use up the time a bounce is ignored.
        self._action_done = Clock.create_trigger(self.screen_changed, -1)
        Window.bind(on_motion=self._on_motion, children=self.screen_changed)
        manager.bind(current=self.screen_changed)

    def stop(self) -> None:
        Window.unbind(on_motion=self._on_motion, children=self.screen_changed)
        self.manager.unbind(current=self.screen_changed)
        self._action_done.cancel()

    def screen_changed(self, *_args) -> None:
        """A new screen, an overlay opened or closed, an action done."""
        self.rules.screen_changed(self.clock())

    def _on_motion(self, window, etype: str, touch) -> bool:
        """True stops the touch here: no widget sees it."""
        if not touch.is_touch:
            return False
        if etype == "begin":
            return not self.rules.begin(touch.uid, self.clock())
        window.transform_motion_event_2d(touch)  # x, y and where it began (ox, oy) in pixels
        moved_mm = math.hypot(touch.x - touch.ox, touch.y - touch.oy) / self.app.theme.px_per_mm
        if etype == "update":
            verdict = self.rules.move(touch.uid, moved_mm)
        else:
            verdict = self.rules.end(touch.uid, moved_mm, self.clock())
            if verdict != NOWHERE:
                self._action_done()
        if verdict == AT_START:
            touch.sx, touch.sy = touch.osx, touch.osy
        elif verdict == NOWHERE:
            touch.sx, touch.sy = _OUTSIDE
            return True
        return False
