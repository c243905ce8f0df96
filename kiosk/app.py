"""The Kivy application: window set-up, the screen manager, app-wide state as Kivy properties.

The only module of ``kiosk`` that imports Kivy. Call :func:`configure_kivy` before any other
Kivy import (``Config.set`` after that is ignored for the window).
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.settings import Settings


def configure_kivy(settings: Settings) -> None:
    """Kivy settings for a kiosk: window size, no escape key, one touch per finger."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_HOME", str(settings.data_dir / "kivy"))
    Path(os.environ["KIVY_HOME"]).mkdir(parents=True, exist_ok=True)
    from kivy.config import Config

    display = settings.display
    Config.set("graphics", "width", str(display.width))
    Config.set("graphics", "height", str(display.height))
    Config.set("graphics", "rotation", str(display.rotation))
    Config.set("graphics", "borderless", "1" if display.fullscreen else "0")
    Config.set("graphics", "fullscreen", "0")  # full window, no mode switch (kivy #6651)
    Config.set("graphics", "resizable", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "window_icon", "")
    Config.set("input", "mouse", "mouse,disable_multitouch")


from kivy.app import App  # noqa: E402  (after configure_kivy in __main__)
from kivy.clock import Clock  # noqa: E402
from kivy.core.text import LabelBase  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.properties import ObjectProperty, StringProperty  # noqa: E402

from kiosk import i18n, timeutil  # noqa: E402
from kiosk.schedule import get_quartier  # noqa: E402
from kiosk.store import Store  # noqa: E402
from kiosk.theme import FONT_BOLD, FONT_REGULAR, Theme  # noqa: E402

FONT_NAME = "Atkinson"


class KioskApp(App):
    """App-wide state lives here as properties; screens bind to them in kv."""

    title = "DigiQuartier"
    theme = ObjectProperty(None)
    language = StringProperty(i18n.SOURCE_LANGUAGE)
    quartier_name = StringProperty("")
    connection_text = StringProperty("")

    def __init__(self, settings: Settings, store: Store | None = None, **kwargs):
        self.settings = settings
        self.store = store or Store.open(settings.database_path)
        self.theme = Theme(settings.display)
        super().__init__(**kwargs)
        self.language = settings.language

    def build(self):
        from screens import build_manager

        LabelBase.register(FONT_NAME, fn_regular=FONT_REGULAR, fn_bold=FONT_BOLD)
        self.bind(theme=self._paint_window)
        self._paint_window()
        quartier = get_quartier(self.store, self.settings.quartier)
        self.quartier_name = quartier.name if quartier else ""
        self.connection_text = self.tr("Offline – Buchungen werden gespeichert", self.language)
        return build_manager(self)

    def _paint_window(self, *_args) -> None:
        Window.clearcolor = self.theme.palette.background

    def on_language(self, _instance, language: str) -> None:
        i18n.set_language(language)

    def tr(self, text: str, _language: str = "") -> str:
        """Translate ``text``; kv passes ``app.language`` so labels update when it changes."""
        return i18n._(text)

    def today_text(self, _language: str = "") -> str:
        from kiosk.dates import long_date

        return long_date(timeutil.local_day(timeutil.now()), self.language)

    def go(self, name: str, **state) -> None:
        """Show screen ``name``; ``state`` is handed to the screen's ``show``."""
        manager = self.root
        screen = manager.get_screen(name)
        screen.show(**state)
        manager.current = name

    def go_home(self) -> None:
        self.go("home")

    def later(self, callback, delay: float = 0) -> None:
        Clock.schedule_once(lambda _dt: callback(), delay)
