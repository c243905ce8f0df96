"""The base of every screen: loads the kv file beside its module, and a ``show`` hook."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from screens.kv import load_kv  # noqa: F401  (the screens import it from here)


class KioskScreen(Screen):
    """Screens are thin: ``show`` takes what to display; taps call into ``kiosk``."""

    @property
    def app(self):
        return App.get_running_app()

    @property
    def compact(self) -> bool:
        """Where few lines fit (see ``Theme.compact``) screens show less at once."""
        return self.app.theme.compact

    def show(self, **state) -> None:
        """Called before the screen becomes visible, with what it should display."""

    def reset(self) -> None:
        """Forget everything entered (idle reset, going home)."""

    def typed_anything(self) -> bool:
        """Whether the idle reset would delete something typed here (the warning says so)."""
        entry = getattr(self, "entry", None)
        return entry is not None and bool(entry.text)

    def shows_result(self) -> bool:
        """Whether the screen shows what the person may be noting down (the booking code): the
        idle warning leaves it in sight."""
        return False


class StepScreen(KioskScreen):
    """A screen built of a top bar (title, way home), a body and a row of actions at the bottom;
    body and actions are filled in Python for each step (see widgets.kv for the frame)."""

    title = StringProperty("")

    def clear(self) -> None:
        self.ids.body.clear_widgets()
        self.ids.actions.clear_widgets()

    def action(self, text: str, on_press, *, quiet: bool = False, disabled: bool = False,
               row=None):
        from screens.widgets import BigButton

        button = BigButton(text=text, quiet=quiet, disabled=disabled)
        button.bind(on_release=lambda _b: on_press())
        (row if row is not None else self.ids.actions).add_widget(button)
        return button

    def message(self, text: str, *, warning: bool = False, title: bool = False):
        """A paragraph in the body; ``warning`` puts it on the warning colour."""
        from screens.widgets import BodyLabel, MessagePanel, TitleLabel

        if warning:
            panel = MessagePanel(text=text)
            self.ids.body.add_widget(panel)
            return panel
        label = (TitleLabel if title else BodyLabel)(text=text)
        self.ids.body.add_widget(label)
        return label

    def paged_text(self, paragraphs: list[str]):
        """Paragraphs in the body, a page at a time where they do not all fit (long texts,
        longer languages, large text, the 7-inch display)."""
        from screens.widgets import PagedText

        pages = getattr(self, "_paged_text", None)
        if pages is None:  # one per screen, reused (as the keyboard)
            pages = self._paged_text = PagedText()
        self.ids.body.add_widget(pages)
        pages.set_texts(paragraphs)
        return pages

    def keyboard_for(self, target, layout: str, mode: str = "plain", space: bool = True):
        """The screen's on-screen keyboard, typing into ``target``. Built once per screen and
        reused: making its forty keys is the slowest part of showing a screen."""
        from screens.widgets import Keyboard

        keyboard = getattr(self, "_keyboard", None)
        if keyboard is None:
            keyboard = self._keyboard = Keyboard()
        keyboard.page = 0
        keyboard.target, keyboard.layout, keyboard.mode, keyboard.space = (
            target, layout, mode, space)
        return keyboard

    def typing_area(self, entry, layout: str, mode: str = "plain", space: bool = True):
        """``entry`` in a row (returned: its buttons go beside it) and the keyboard below it."""
        from kivy.uix.boxlayout import BoxLayout

        row = BoxLayout(size_hint_y=None, spacing=self.app.theme.gap * 2)
        row.add_widget(entry)
        entry.bind(height=lambda _e, h: setattr(row, "height", h))
        row.height = entry.height
        self.ids.body.add_widget(row)
        self.entry = entry
        self.keyboard = self.keyboard_for(entry, layout, mode, space)
        self.ids.body.add_widget(self.keyboard)
        return row

    def spacer(self):
        from kivy.uix.widget import Widget

        widget = Widget()
        self.ids.body.add_widget(widget)
        return widget
