"""Startseite: the four big choices, the quartier, today's date, online state in words; language,
text size and contrast; a modest "Für Helfer" when helper mode is installed."""

from __future__ import annotations

from kivy.properties import BooleanProperty
from kivy.uix.modalview import ModalView

from kiosk.i18n import LANGUAGES, _
from screens import REGISTRY
from screens.base import KioskScreen, load_kv
from screens.widgets import BigButton


class ChoiceDialog(ModalView):
    """Big buttons, one per choice; the current choice is the dark one. A tap chooses and closes."""

    def __init__(self, choices: list[tuple[str, bool, object]], **kwargs):
        super().__init__(**kwargs)
        for label, current, action in choices:
            button = BigButton(text=label, quiet=not current)
            button.bind(on_release=lambda _b, a=action: self.choose(a))
            self.ids.choices.add_widget(button)

    def choose(self, action) -> None:
        self.dismiss(animation=False)
        action()


class HomeScreen(KioskScreen):
    helper_available = BooleanProperty(False)
    #: a small screen (Theme.small_screen): the date shares a line with the connection state
    compact = BooleanProperty(False)

    def show(self, **_state) -> None:
        self.helper_available = "helper_login" in REGISTRY

    def short_today(self, _language: str = "") -> str:
        from kiosk import timeutil
        from kiosk.dates import short_date

        return short_date(timeutil.local_day(timeutil.now()))

    def open(self, name: str) -> None:
        self.app.go(name)

    def on_kv_post(self, _base) -> None:
        ids = self.ids
        self._wide_settings = [ids.text_size.__self__, ids.contrast.__self__]
        scales = self.app.theme.text_scales
        self.display_button = BigButton(
            text=" ".join(scales) if len(scales) > 1 else _("Kontrast"), quiet=True)
        self.display_button.bind(on_release=lambda _b: self.choose_display())
        self.on_compact(self, self.compact)

    def on_compact(self, _instance, compact: bool) -> None:
        if not hasattr(self, "display_button"):
            return  # before kv_post; called again from there
        row = self.ids.settings_row.__self__
        wanted = [self.display_button] if compact else self._wide_settings
        for button in [self.display_button, *self._wide_settings]:
            if button.parent is row and button not in wanted:
                row.remove_widget(button)
        for button in wanted:
            if button.parent is None:
                row.add_widget(button, index=0)
        self.ids.language.size_hint_x = 2.4 if compact else 1.6

    def choose_language(self) -> ChoiceDialog:
        app = self.app
        dialog = ChoiceDialog([(name, code == app.language,
                                lambda c=code: setattr(app, "language", c))
                               for code, name in LANGUAGES.items()])
        dialog.open(animation=False)
        return dialog

    def choose_display(self) -> ChoiceDialog:
        """Text size and contrast on a small screen, where they do not fit beside the language."""
        app = self.app
        scales = app.theme.text_scales
        choices = [(_("Schrift") + " " + label, i == app.theme.text_scale,
                    lambda i=i: app.set_display(text_scale=i))
                   for i, label in enumerate(scales)] if len(scales) > 1 else []
        choices.append((_("Kontrast hoch") if not app.theme.high_contrast
                        else _("Kontrast normal"), False, self.toggle_contrast))
        dialog = ChoiceDialog(choices)
        dialog.open(animation=False)
        return dialog

    def next_text_size(self) -> None:
        scales = self.app.theme.text_scales
        self.app.set_display(text_scale=(self.app.theme.text_scale + 1) % len(scales))

    def toggle_contrast(self) -> None:
        self.app.set_display(high_contrast=not self.app.theme.high_contrast)

    def helper(self) -> None:
        if "helper_login" in REGISTRY:
            self.app.go("helper_login")


load_kv(__file__)
