"""The idle reset on screen: "Sind Sie noch da?" with a countdown, then back to the Startseite.

The rules live in :mod:`kiosk.idle`; this module feeds them the window's touches and a clock tick
each second, and shows the overlay. Nothing is pending on the Startseite in the default language
and text size, so no warning is shown there.
"""

from __future__ import annotations

import math
import struct
import time
import wave
from pathlib import Path

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, ListProperty, NumericProperty
from kivy.uix.modalview import ModalView

from kiosk.i18n import _
from kiosk.idle import RESET, WARN, IdleTimer
from kiosk.theme import Theme
from screens.base import load_kv


class IdleOverlay(ModalView):
    """"Sind Sie noch da?" over the whole window: it takes every touch, only its button goes on
    (a touch elsewhere must not reach the button beneath, nor close it). ``typed``: the reset
    deletes something typed, and the warning says so."""

    seconds_left = NumericProperty(0)
    typed = BooleanProperty(True)
    bg_colour = ListProperty([0, 0, 0, 0])

    def countdown_text(self, seconds: float, typed: bool, _language: str = "") -> str:
        text = _("Sonst geht es in {seconds} Sekunden zurück zur Startseite.").format(
            seconds=int(seconds))
        return text + " " + _("Was Sie eingegeben haben, wird gelöscht.") if typed else text


class IdleWarning(IdleOverlay):
    """In the middle of the dimmed screen."""


class IdleAside(IdleOverlay):
    """In one row at the bottom, the screen not dimmed: beside a result the person may be noting
    down (the booking code)."""


class IdleWatcher:
    """Touches reset the timer; ``tick`` (each second, or called by tests with a fake clock)."""

    def __init__(self, app, clock=time.monotonic):
        self.app = app
        self.clock = clock
        idle = app.settings.idle
        self.timer = IdleTimer(idle.warning_after_s, idle.countdown_s, clock())
        self.overlay: IdleOverlay | None = None
        Window.bind(on_touch_down=self._on_touch)
        self._event = Clock.schedule_interval(lambda _dt: self.tick(), 1)

    def stop(self) -> None:
        Window.unbind(on_touch_down=self._on_touch)
        self._event.cancel()
        self._close()

    def _on_touch(self, *_args) -> None:
        if self.overlay is None:  # on the warning only its button goes on (still_here)
            self.timer.touch(self.clock())

    def _nothing_to_clear(self) -> bool:
        app = self.app
        return (app.root is not None and app.root.current == "home"
                and app.language == app.settings.language
                and app.theme == Theme(app.settings.display))

    def tick(self, now: float | None = None) -> str | None:
        now = self.clock() if now is None else now
        if self.timer.state == "active" and self._nothing_to_clear():
            self.timer.touch(now)
            return None
        self.timer.warning_after = self._warning_after()
        event = self.timer.tick(now)
        if event == WARN:
            self._open()
            if self.app.settings.sound:
                self._chime()
        elif event == RESET:
            self._close()
            self.app.reset_all()
        if self.overlay is not None:
            self.overlay.seconds_left = self.timer.seconds_left(now)
        return event

    def _warning_after(self) -> float:
        """In helper mode the screen locks ``helper_lock_after_s`` after the last touch (the
        warning comes ``countdown_s`` before); otherwise the senior timeout applies."""
        idle = self.app.settings.idle
        if self.app.helper is not None:
            return max(idle.helper_lock_after_s - idle.countdown_s, 0)
        return idle.warning_after_s

    def still_here(self) -> None:
        self.timer.touch(self.clock())
        self._close()

    def _open(self) -> None:
        if self.overlay is None:
            screen = self.app.root.current_screen
            kind = IdleAside if screen.shows_result() else IdleWarning
            self.overlay = kind(auto_dismiss=False, typed=screen.typed_anything())
            self.overlay.watcher = self
            self.overlay.open(animation=False)

    def _close(self) -> None:
        if self.overlay is not None:
            self.overlay.dismiss(animation=False)
            self.overlay = None

    def _chime(self) -> None:
        """A short soft tone; silently nothing where there is no audio device."""
        try:
            from kivy.core.audio import SoundLoader

            sound = SoundLoader.load(str(chime_file(self.app.settings.data_dir)))
            if sound:
                sound.volume = 0.5
                sound.play()
        except Exception:  # noqa: BLE001 - a missing audio device must not stop the reset
            pass


def chime_file(folder: Path) -> Path:
    """A 0.4 s two-tone chime as a WAV file, made once with the standard library."""
    path = folder / "chime.wav"
    if not path.exists():
        rate = 22050
        frames = bytearray()
        for i in range(int(rate * 0.4)):
            freq = 660 if i < rate * 0.2 else 880
            fade = 1 - i / (rate * 0.4)
            value = int(12000 * fade * math.sin(2 * math.pi * freq * i / rate))
            frames += struct.pack("<h", value)
        folder.mkdir(parents=True, exist_ok=True)
        with wave.open(str(path), "wb") as f:
            f.setnchannels(1)
            f.setsampwidth(2)
            f.setframerate(rate)
            f.writeframes(bytes(frames))
    return path


load_kv(__file__)
