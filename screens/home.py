"""Startseite: the four big choices, the quartier, today's date, online state in words; language,
text size and contrast; a modest "Für Helfer" when helper mode is installed."""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty
from kivy.uix.modalview import ModalView

from kiosk import usage
from kiosk.i18n import LANGUAGES, _
from screens import REGISTRY
from screens.base import KioskScreen, load_kv
from screens.widgets.buttons import BigButton


class ChoiceDialog(ModalView):
    """Big buttons, one per choice; the current choice is the dark one. A tap chooses and closes."""

    #: one column where the choices fit the window's height, else two (seven languages on
    #: the 7-inch display)
    cols = NumericProperty(1)

    def __init__(self, choices: list[tuple[str, bool, object]], **kwargs):
        from kivy.app import App
        from kivy.core.window import Window

        theme = App.get_running_app().theme
        tall = len(choices) * (theme.touch + theme.gap * 2) + theme.gap * 2
        super().__init__(cols=1 if tall <= Window.height * 0.9 else 2, **kwargs)
        for label, current, action in choices:
            button = BigButton(text=label, quiet=not current)
            button.bind(on_release=lambda _b, a=action: self.choose(a))
            self.ids.choices.add_widget(button)

    def choose(self, action) -> None:
        self.dismiss(animation=False)
        action()


class HomeScreen(KioskScreen):
    helper_available = BooleanProperty(False)

    def show(self, **_state) -> None:
        self.helper_available = "helper_login" in REGISTRY

    def status_text(self, *_changes) -> str:
        """Today's date and the connection in words; short where few lines fit, and at larger
        text (beside "Suchen" and "Für Helfer" the long words took five lines at A+ and
        squeezed the main buttons over the row below)."""
        from kiosk import timeutil
        from kiosk.dates import short_date

        app = self.app
        if not self.compact and app.theme.text_scale == 0:
            return app.today_text() + " · " + app.connection_text
        return short_date(timeutil.local_day(timeutil.now())) + " · " + app.connection_short

    def open(self, name: str) -> None:
        self.app.go(name)

    def on_kv_post(self, _base) -> None:
        ids = self.ids
        self._wide_settings = [ids.text_size.__self__, ids.contrast.__self__]
        self._compact_settings = [ids.display.__self__]
        self.on_compact(self, self.compact)

    def on_compact(self, _instance, compact: bool) -> None:
        """Where few lines fit (the 7-inch display, A++) text size and contrast share one
        button: three beside the language names would wrap into lines the main buttons need."""
        if not hasattr(self, "_wide_settings"):
            return  # before kv_post; called again from there
        row = self.ids.settings_row.__self__
        wanted = self._compact_settings if compact else self._wide_settings
        for button in [*self._compact_settings, *self._wide_settings]:
            if button.parent is row and button not in wanted:
                row.remove_widget(button)
        for button in wanted:
            if button.parent is None:
                row.add_widget(button, index=0)

    def needs(self, *buttons: BigButton) -> float:
        """The height a row of main buttons needs for the longest of their texts."""
        theme = self.app.theme
        return max(theme.touch, *(b.texture_size[1] + theme.mm(2) for b in buttons))

    @staticmethod
    def contrast_text(theme, _language: str = "") -> str:
        """What a tap does: the button names the action, not the current state."""
        return _("Kontrast normal") if theme.high_contrast else _("Kontrast erhöhen")

    def language_text(self, button: BigButton, width: float, font_size: float,
                      language: str) -> str:
        """The language button's text: all names on one line where they fit, else the
        language now and "…"."""
        every = " · ".join(LANGUAGES.values())
        if not self.compact and button.width_for(every, font_size, one_line=True) <= width:
            return every
        return LANGUAGES[language] + " · …"

    def choose_language(self) -> ChoiceDialog:
        app = self.app
        dialog = ChoiceDialog([(name, code == app.language,
                                lambda c=code: self.set_language(c))
                               for code, name in LANGUAGES.items()])
        dialog.open(animation=False)
        return dialog

    def set_language(self, code: str) -> None:
        """A language chosen by a tap, counted for the programme (kiosk/usage.py)."""
        self.app.usage.count(usage.LANGUAGE, code)
        self.app.language = code

    def choose_display(self) -> ChoiceDialog | None:
        """Text size and contrast where they share one button; with one text size (the 7-inch
        display) the button is the contrast button."""
        app = self.app
        scales = app.theme.text_scales
        if len(scales) == 1:
            self.toggle_contrast()
            return None
        choices = [(_("Schrift") + " " + label, i == app.theme.text_scale,
                    lambda i=i: app.set_display(text_scale=i))
                   for i, label in enumerate(scales)]
        choices.append((self.contrast_text(app.theme), False, self.toggle_contrast))
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
