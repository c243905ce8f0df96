"""The base of every screen: loads the kv file beside its module, and a ``show`` hook."""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from screens.kv import load_kv  # (the screens import it from here, too)
from screens.widgets.buttons import BigButton, ReadAloudButton
from screens.widgets.dialogs import WarningDialog
from screens.widgets.keyboard import EntryRow, Keyboard
from screens.widgets.paging import PagedText
from screens.widgets.panels import MessagePanel
from screens.widgets.text import BodyLabel, TitleLabel, relayout


class KioskScreen(Screen):
    """Screens are thin: ``show`` takes what to display; taps call into ``kiosk``."""

    #: where few lines fit (``Theme.compact``: the 7-inch display, A++) screens show less at
    #: once; follows the theme (base.kv), so kv rules and ``on_compact`` can watch it
    compact = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # boxes and grids mirror themselves in a right-to-left language (screens.widgets.text):
        # the whole screen is laid out again when the language changes
        self.app.bind(language=self._language_changed)

    def _language_changed(self, *_args) -> None:
        relayout(self)

    @property
    def app(self):
        return App.get_running_app()

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
    body and actions are filled in Python for each step (see base.kv for the frame)."""

    title = StringProperty("")
    #: what the top bar says instead where the title would take more than two lines (a long
    #: topic's step on the 7-inch display): the step's text needs the room
    short_title = StringProperty("")
    #: rows of the rules' least (16 mm), 2 mm apart, the frame 1.5 mm from the edge: a typing
    #: step where that saves the keyboard a page (the 7-inch display: two pages of letters, not
    #: four); see :meth:`typing_area`
    tight = BooleanProperty(False)

    def clear(self) -> None:
        self.tight = False
        self.short_title = ""
        top = self.ids.top
        for button in [c for c in top.children if isinstance(c, ReadAloudButton)]:
            top.remove_widget(button)
        self.ids.body.clear_widgets()
        actions = self._actions_row()
        actions.clear_widgets()
        if actions.parent is None:
            self.ids.frame.add_widget(actions)
        dialog = getattr(self, "_warning_dialog", None)
        if dialog is not None:
            self._warning_dialog = None
            dialog.dismiss(animation=False)

    def action(self, text: str, on_press, *, quiet: bool = False, disabled: bool = False,
               row=None):
        button = BigButton(text=text, quiet=quiet, disabled=disabled)
        button.bind(on_release=lambda _b: on_press())
        (row if row is not None else self.ids.actions).add_widget(button)
        return button

    def read_aloud(self, text_source, *, top: bool = False):
        """A "Vorlesen" button speaking ``text_source()`` (:class:`ReadAloudButton`), in the
        row of actions, or with ``top`` beside "Startseite", as wide as its text: where a third
        button in the row of actions would break its neighbours' words and make the row tall
        (the 7-inch display) or take the room of the code."""
        from kivy.core.window import Window

        button = ReadAloudButton(text_source=text_source)
        if not top:
            self.ids.actions.add_widget(button)
            return button
        button.size_hint = (None, 1)  # as high as the bar

        def fit(*_args) -> None:  # on one line (two overflow the top bar), at most a third
            one_line = button.width_for(button.text, button.font_size, one_line=True)
            button.width = max(self.app.theme.touch, min(one_line, Window.width / 3))
        button.bind(text=fit, font_size=fit)
        fit()
        self.ids.top.add_widget(button, index=1)  # left of "Startseite"
        return button

    def message(self, text: str, *, warning: bool = False, title: bool = False):
        """A paragraph in the body; ``warning`` puts it on the warning colour."""
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
        pages = getattr(self, "_paged_text", None)
        if pages is None:  # one per screen, reused (as the keyboard)
            pages = self._paged_text = PagedText()
        self.ids.body.add_widget(pages)
        pages.set_texts(paragraphs)
        return pages

    def keyboard_for(self, target, layout: str, mode: str = "plain", space: bool = True):
        """The screen's on-screen keyboard, typing into ``target``. Built once per screen and
        reused: making its forty keys is the slowest part of showing a screen. A name is typed
        in any script (a key switches them); a search in the UI language's letters."""
        keyboard = getattr(self, "_keyboard", None)
        if keyboard is None:
            keyboard = self._keyboard = Keyboard()
        keyboard.page = 0
        if mode != "name" or not target.text:  # an empty name starts in the UI's own script
            keyboard.script = ""
        keyboard.target, keyboard.layout, keyboard.mode, keyboard.space = (
            target, layout, mode, space)
        keyboard.switch_scripts = mode == "name"
        return keyboard

    def typing_area(self, entry, layout: str, mode: str = "plain", space: bool = True,
                    warning: str = ""):
        """``entry`` in a row (returned: its buttons go beside it) and the keyboard below it.

        ``warning`` (what was typed was refused) stands above the row where there is room;
        where few lines fit (the 7-inch display, A++) it comes as a dialog instead, and the
        keyboard keeps all its rows. The frame is :attr:`tight` where that saves a page."""
        theme = self.app.theme
        self.keyboard = self.keyboard_for(entry, layout, mode, space)
        inline = bool(warning) and not self.compact
        self.tight = not inline and self._tight_saves_a_page(self.keyboard)
        entry.tight = self.tight
        if inline:
            self.message(warning, warning=True)
        elif warning:
            self._warning_dialog = WarningDialog(text=warning)
            self._warning_dialog.open(animation=False)
        row = EntryRow(entry, spacing=theme.key_gap if self.tight else theme.gap * 2)
        self.ids.body.add_widget(row)
        self.entry = entry
        self.ids.body.add_widget(self.keyboard)
        if self.tight:  # no row of actions below the keyboard: not even its gap
            self.ids.frame.remove_widget(self._actions_row())
        return row

    def _actions_row(self):
        """The row of actions, held by the screen: kv's ids are weak, and a tight typing step
        takes the row out of the frame."""
        row = getattr(self, "_actions", None)
        if row is None:
            row = self._actions = self.ids.actions.__self__
        return row

    def _tight_saves_a_page(self, keyboard) -> bool:
        """Whether the keyboard gets fewer pages in the tight frame than in the usual one: the
        room each leaves below the top bar and the entry row (a line each)."""
        from kivy.core.window import Window

        from kiosk.theme import LEAST_GAP_MM, LEAST_TOUCH_MM

        theme = self.app.theme
        mm = theme.mm
        usual_pad, tight_pad = theme.gap, mm(1.5)
        usual = (Window.width - 2 * usual_pad,
                 Window.height - 2 * usual_pad - 2 * theme.touch - 3 * theme.gap)
        tight = (Window.width - 2 * tight_pad,
                 Window.height - 2 * tight_pad - 2 * mm(LEAST_TOUCH_MM) - 2 * mm(LEAST_GAP_MM))
        return len(keyboard.plan_for(*tight).pages) < len(keyboard.plan_for(*usual).pages)

    def spacer(self):
        from kivy.uix.widget import Widget

        widget = Widget()
        self.ids.body.add_widget(widget)
        return widget


load_kv(__file__)
