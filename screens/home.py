"""Startseite: the four big choices, the quartier, today's date, online state in words; language,
text size and contrast; a modest "Für Helfer" when helper mode is installed."""

from __future__ import annotations

from kivy.properties import BooleanProperty
from kivy.uix.modalview import ModalView

from kiosk.i18n import LANGUAGES
from kiosk.theme import TEXT_SCALES
from screens import REGISTRY
from screens.base import KioskScreen, load_kv
from screens.widgets import BigButton


class LanguageDialog(ModalView):
    """Deutsch / English / Türkçe, each in its own language."""

    def __init__(self, home, **kwargs):
        super().__init__(**kwargs)
        for code, name in LANGUAGES.items():
            button = BigButton(text=name, quiet=code != home.app.language)
            button.language = code
            button.bind(on_release=lambda b: self.choose(home, b.language))
            self.ids.choices.add_widget(button)

    def choose(self, home, language: str) -> None:
        self.dismiss(animation=False)
        home.app.language = language


class HomeScreen(KioskScreen):
    has_home_button = False
    helper_available = BooleanProperty(False)

    def show(self, **_state) -> None:
        self.helper_available = "helper_login" in REGISTRY

    def open(self, name: str) -> None:
        self.app.go(name)

    def choose_language(self) -> LanguageDialog:
        dialog = LanguageDialog(self)
        dialog.open(animation=False)
        return dialog

    def next_text_size(self) -> None:
        self.app.set_display(text_scale=(self.app.theme.text_scale + 1) % len(TEXT_SCALES))

    def toggle_contrast(self) -> None:
        self.app.set_display(high_contrast=not self.app.theme.high_contrast)

    def helper(self) -> None:
        if "helper_login" in REGISTRY:
            self.app.go("helper_login")


load_kv(__file__)
