"""The base of every screen: loads the kv file beside its module, and a ``show`` hook."""

from __future__ import annotations

from pathlib import Path

from kivy.app import App
from kivy.lang import Builder
from kivy.uix.screenmanager import Screen


def load_kv(module_file: str) -> None:
    """Load ``<module>.kv`` once (call at import time of a screen module)."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in Builder.files:
        Builder.load_file(path)


class KioskScreen(Screen):
    """Screens are thin: ``show`` takes what to display; taps call into ``kiosk``."""

    #: False only on the Startseite: every other screen shows a way home.
    has_home_button = True

    @property
    def app(self):
        return App.get_running_app()

    def show(self, **state) -> None:
        """Called before the screen becomes visible, with what it should display."""

    def reset(self) -> None:
        """Forget everything entered (idle reset, going home)."""
