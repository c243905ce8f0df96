"""Buttons and the bars that hold them: :class:`BigButton` (every main action), the way home,
"Vorlesen", the row of actions at the bottom of a step and the top bar (title, way home)."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button

from kiosk.speech import NO_ENGINE
from screens.kv import load_kv
from screens.widgets.text import (
    BASE_FONT,
    BreaksLongWords,
    _app,
    _wrapped,
    text_width,
    title_font,
)


class BigButton(BreaksLongWords, Button):
    """A main action: at least 17 mm high, dark on light (or yellow on black)."""

    quiet = BooleanProperty(False)

    def width_for(self, text: str, font_size: float, *, one_line: bool = False) -> float:
        """Wide enough for ``text`` on one line, or for its widest word (``one_line`` False):
        for buttons sized by what they say, in any language."""
        parts = [text] if one_line else text.split()
        widest = max((text_width(self.font_name, font_size, p) for p in parts), default=0)
        return widest + _app().theme.mm(8)


class HomeButton(BigButton):
    """The way back to the Startseite (every screen but the Startseite shows one).

    A tap always goes home; a screen may bind more to it (helper mode signs out first)."""

    def on_release(self) -> None:
        _app().go_home()


class TopBar(BoxLayout):
    """Title of the screen and, except on the Startseite, the way home. ``tight``: the rules'
    least height (a tight typing step, :attr:`screens.base.StepScreen.tight`)."""

    title = StringProperty("")
    #: shown instead of ``title`` where that would take more than two lines
    short_title = StringProperty("")
    show_home = BooleanProperty(True)
    tight = BooleanProperty(False)

    def title_font(self, title: str, width: float, theme) -> float:
        return title_font(title, width, theme)

    @staticmethod
    def shown_title(title: str, short_title: str, width: float, theme) -> str:
        """The title, or the short one where the title needs more than two lines (at body
        size, as a title too long for one line is drawn), on the 7-inch display more than
        one: an Arabic step title of three lines left the 7-inch display's step text less
        than a line, a Polish "O której godzinie? pon., 14.12" of two its time tiles 15.8 mm."""
        if not short_title or width <= 1:
            return title

        def fits(line: str) -> bool:
            return text_width(BASE_FONT, theme.font_body, line) <= width - 1

        most = 1 if theme.small_screen else 2
        return title if len(_wrapped(title, fits)) <= most else short_title


class ButtonRow(BoxLayout):
    """A row of big buttons, equally high: as high as the tallest label needs (≥ 17 mm)."""

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        widget.size_hint_y = 1
        widget.bind(texture_size=self._fit)
        self._fit()

    def remove_widget(self, widget, *args, **kwargs):
        super().remove_widget(widget, *args, **kwargs)
        widget.unbind(texture_size=self._fit)
        self._fit()

    def _fit(self, *_args) -> None:
        theme = _app().theme
        needs = [c.texture_size[1] + theme.mm(4) for c in self.children
                 if hasattr(c, "texture_size")]
        self.height = max([*needs, theme.touch]) if self.children else 0
        for child in self.children:
            # (a kv rule may set a button's size_hint_y back to None after it was added)
            child.size_hint_y = 1
            child.height = self.height


class ReadAloudButton(BigButton):
    """Speaks ``text_source()`` (a text in the UI language, or :class:`kiosk.speech.Part` s,
    each in its own language); a second tap stops. Never silent: when nothing can be heard it
    says why (``problem``, :mod:`kiosk.speech`), and a tap tries again."""

    speaking = BooleanProperty(False)
    available = BooleanProperty(True)
    problem = StringProperty("")
    text_source = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        Clock.schedule_once(lambda _dt: self.refresh(), 0)

    def refresh(self) -> None:
        app = _app()
        speaker = getattr(app, "speaker", None)
        self.available = bool(speaker and speaker.available)
        self.speaking = bool(speaker and speaker.speaking)
        self.problem = speaker.problem if speaker else NO_ENGINE

    def on_release(self) -> None:
        app = _app()
        speaker = app.speaker
        if speaker.speaking:
            speaker.stop()
        elif self.text_source is not None:
            app.speak(self.text_source())
        self.refresh()
        if self.speaking:
            Clock.schedule_once(lambda _dt: self._poll(), 0.5)

    def _poll(self) -> None:
        if self.get_root_window() is None:  # its screen was left, or its app stopped
            return
        self.refresh()
        if self.speaking:
            Clock.schedule_once(lambda _dt: self._poll(), 0.5)


load_kv(__file__)
