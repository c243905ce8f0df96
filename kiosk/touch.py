"""Touch that forgives: the rules every touch on the kiosk goes through, without Kivy.

People with a tremor tap twice where they meant once, their finger wanders while it rests on a
button, and they hold a button long. Phones offer them remedies in their accessibility settings
(iOS Touch Accommodations, Android's touch settings); the kiosk applies them to everyone, in one
place: ``screens/touch.py`` feeds every touch of the window through :class:`TouchRules` before any
widget sees it. The settings, and why their defaults: :class:`kiosk.settings.Touch`.

- **Ignore repeats**: a touch that begins less than ``ignore_repeat_s`` after the previous touch
  ended, or after the screen changed (an action done, a new screen, an overlay opened or closed),
  does nothing. An ignored touch starts the window again: a burst of bounces is one tap.
- **One finger at a time**: a touch that begins while another is down does nothing (a second
  finger, the ball of the hand).
- **Wander**: a touch that stays within ``wander_mm`` of where it went down counts as a tap at the
  place where it went down, on the widget it went down on.
- **Hold**: the kiosk has no long press, so a touch held for any time is one tap when it ends,
  never a repeat.
- **The screen changed under the finger**: a touch that is down when the screen changes does
  nothing when it ends.

Times come from the caller (a monotonic clock in the app, a controllable one in tests), as in
:mod:`kiosk.idle`; distances in millimetres on the screen.
"""

from __future__ import annotations

from collections.abc import Hashable

from kiosk.settings import Touch

#: What to do with a touch's move or end: deliver it as it is, deliver it at the place where the
#: touch went down, or deliver it to no widget.
AS_IS = "as_is"
AT_START = "at_start"
NOWHERE = "nowhere"


class TouchRules:
    """Which touches count; one instance sees every touch of the window."""

    def __init__(self, settings: Touch):
        self.settings = settings
        self.quiet_until = float("-inf")
        # The touches down that count. One whose end never came blocks others only until the
        # screen changes (at the latest the idle reset).
        self._counting: set[Hashable] = set()

    def begin(self, touch: Hashable, now: float) -> bool:
        """A finger went down. False: this touch does nothing, nor do its moves and its end."""
        counts = now >= self.quiet_until and not self._counting
        if counts:
            self._counting.add(touch)
        return counts

    def move(self, touch: Hashable, moved_mm: float) -> str:
        """The finger is ``moved_mm`` away from where it went down: AS_IS, AT_START or NOWHERE."""
        if touch not in self._counting:
            return NOWHERE
        return AT_START if moved_mm <= self.settings.wander_mm else AS_IS

    def end(self, touch: Hashable, moved_mm: float, now: float) -> str:
        """The finger came up (see :meth:`move`); the next touch must wait for the window."""
        verdict = self.move(touch, moved_mm)
        self._counting.discard(touch)
        self._quiet_from(now)
        return verdict

    def screen_changed(self, now: float) -> None:
        """What is under the finger changed: touches down now do nothing, and touches that begin
        within the window neither."""
        self._quiet_from(now)
        self._counting.clear()

    def _quiet_from(self, now: float) -> None:
        self.quiet_until = max(self.quiet_until, now + self.settings.ignore_repeat_s)
