"""Typing without a system keyboard: the field that shows what was typed (:class:`EntryField`),
its row with the buttons beside it, and the on-screen :class:`Keyboard` (and number pad) that
shows the plan of :mod:`kiosk.keyboard`."""

from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from kiosk import keyboard
from kiosk.i18n import _
from kiosk.keyboard import Key
from screens.kv import load_kv
from screens.widgets.buttons import BigButton
from screens.widgets.panels import Panel
from screens.widgets.text import BASE_FONT, BreaksLongWords, _app, text_width


class EntryLabel(BreaksLongWords, Label):
    """What has been typed (or the placeholder) inside an :class:`EntryField`."""

    typing = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fbind("typing", self._break_long_words)

    def may_add_hyphens(self) -> bool:
        return not self.typing  # typed text shows no hyphen the person did not type


class EntryField(Panel):
    """What has been typed, shown large; no system keyboard ever opens. ``tight``: the rules'
    least height, one line (a tight typing step): a placeholder that needs two is left out
    (the title above says what to type), else the keyboard below would lose a row."""

    text = StringProperty("")
    placeholder = StringProperty("")
    max_length = NumericProperty(40)
    secret = BooleanProperty(False)
    tight = BooleanProperty(False)
    #: the placeholder as shown: "" where it does not fit one line of a tight field
    shown_placeholder = StringProperty("")

    def on_kv_post(self, _base_widget) -> None:
        label = self.ids.entry_label
        for source, name in ((self, "placeholder"), (self, "tight"), (label, "width"),
                             (label, "font_size")):
            source.fbind(name, self._fit_placeholder)
        self._fit_placeholder()

    def _fit_placeholder(self, *_args) -> None:
        label = self.ids.entry_label
        fits = text_width(BASE_FONT, label.font_size, self.placeholder) <= label.width
        self.shown_placeholder = self.placeholder if fits or not self.tight else ""


class EntryRow(BoxLayout):
    """An :class:`EntryField` and the buttons beside it ("Zurück", "Weiter"): each button as
    wide as its text on one line (at most a third of the row: then it wraps), the field takes
    the rest, and the row is as high as the field or the tallest button needs. (Buttons of a
    fixed share wrapped "Absenden" and grew out of the row, over the top bar.)"""

    def __init__(self, entry: EntryField, **kwargs):
        self.entry = entry
        super().__init__(size_hint_y=None, **kwargs)
        self.add_widget(entry)
        entry.bind(height=self._fit)
        self.bind(width=self._fit)

    def add_widget(self, widget, *args, **kwargs):
        super().add_widget(widget, *args, **kwargs)
        if widget is not self.entry:
            widget.size_hint = (None, 1)
            widget.bind(texture_size=self._fit, text=self._fit)
        self._fit()

    def _fit(self, *_args) -> None:
        theme = _app().theme
        buttons = [c for c in self.children if c is not self.entry]
        for button in buttons:
            one_line = button.width_for(button.given_text, button.font_size, one_line=True)
            button.width = min(one_line, self.width / 3)
        needs = [b.texture_size[1] + theme.mm(4) for b in buttons]
        self.height = max([self.entry.height, *needs])


class KeyButton(BigButton):
    """A key: one line of text (shortened, never wrapped), so it keeps the size it is given."""


class Keyboard(Widget):
    """An on-screen keyboard of our own: keys ≥ 16 mm, laid out to fit the space it gets.

    Which keys go on which page, and where, is :func:`kiosk.keyboard.plan` (the letters of the UI
    language, the natural rows where they fit, else pages in the order of the alphabet with a
    "Weitere" key); this widget shows the plan's current page. Typed text goes to ``target`` (an
    :class:`EntryField`). ``mode``: "name" capitalises each word, "upper" types capitals,
    "plain" as the keys say.
    """

    target = ObjectProperty(None, allownone=True)
    layout = StringProperty("qwertz")    # "qwertz", "code", "numbers", "pin" (digits only)
    mode = StringProperty("plain")
    space = BooleanProperty(True)
    page = NumericProperty(0)
    #: a key switching the letters between scripts (the name step: "АБВ", "أبت", "ABC")
    switch_scripts = BooleanProperty(False)
    #: the letters' script now; "" is the UI language's own
    script = StringProperty("")

    def __init__(self, **kwargs):
        self._trigger = Clock.create_trigger(lambda _dt: self.rebuild(), -1)
        self._buttons: dict[Key, KeyButton] = {}
        self._buttons_for: str | None = None
        self.plan: keyboard.Plan | None = None
        super().__init__(**kwargs)
        self.bind(size=self._trigger, pos=self._trigger, layout=self._trigger,
                  space=self._trigger, switch_scripts=self._trigger, script=self._trigger)
        app = _app()
        if app is not None:
            app.bind(theme=self._trigger, language=self._trigger)

    @property
    def letters(self) -> str:
        """Whose letters the keys show (a language of :data:`kiosk.keyboard.LETTERS`)."""
        language = _app().language
        scripts = keyboard.scripts(language)
        script = self.script if self.script in scripts else scripts[0]
        return keyboard.letters_of(language, script)

    def _next_script(self) -> str:
        scripts = keyboard.scripts(_app().language)
        now = self.script if self.script in scripts else scripts[0]
        return scripts[(scripts.index(now) + 1) % len(scripts)]

    def plan_for(self, width: float, height: float) -> keyboard.Plan:
        """The plan for ``width`` × ``height`` pixels in the current language and theme (a
        screen asks this before it lays itself out, too)."""
        app = _app()
        theme = app.theme

        def word(german: str) -> tuple[str, float]:
            label = _(german)
            return label, text_width(BASE_FONT, theme.font_body, label) / theme.px_per_mm

        specials, more = keyboard.special_keys(
            self.layout, self.space, word, self._next_script() if self.switch_scripts else "")
        return keyboard.plan(self.layout, self.letters, specials, more,
                             width / theme.px_per_mm, height / theme.px_per_mm)

    @property
    def pages(self) -> int:
        return len(self.plan.pages) if self.plan else 1

    def rebuild(self) -> None:
        app = _app()
        if app is None or self.width <= 1:
            return
        mm = app.theme.mm
        self.plan = self.plan_for(self.width, self.height)
        self.page = self.page % len(self.plan.pages)
        placed = []
        for spot in self.plan.place(self.page):
            button = self._button(spot.key, f"{app.language} {self.letters}")
            button.pos = (self.x + mm(spot.x), self.top - mm(spot.y) - mm(spot.height))
            button.size = (mm(spot.width), mm(spot.height))
            placed.append(button)
        if list(reversed(self.children)) != placed:
            self.clear_widgets()
            for button in placed:
                self.add_widget(button)

    def _button(self, key: Key, made_for: str) -> KeyButton:
        """The key's button, made once: building ~40 buttons is the slow part of showing a screen,
        and a screen being laid out passes through sizes that arrange the keys differently. A
        new text size or contrast keeps them (their kv rules follow the theme; a word key whose
        width changes is another Key); a new language drops them."""
        if made_for != self._buttons_for:
            self._buttons, self._buttons_for = {}, made_for
        button = self._buttons.get(key)
        if button is None:
            button = KeyButton(text=key.label, quiet=key.insert is None)
            # (a size hint, ignored by the keyboard, keeps BigButton's kv rule from making a
            # key as high as the theme's 17 mm instead of the plan's height)
            button.size_hint = (None, 1)
            button.key = key
            button.bind(on_release=lambda _b, k=key: self.press(k))
            self._buttons[key] = button
        return button

    def press(self, key: Key) -> None:
        if key.action == "more":
            self.page += 1
            self.rebuild()
            return
        if key.action == "script":
            self.script, self.page = self._next_script(), 0
            self.rebuild()
            return
        target = self.target
        if target is None:
            return
        if key.action == "backspace":
            target.text = target.text[:-1]
            return
        if len(target.text) >= target.max_length:
            return
        char = key.insert or ""
        word_start = not target.text or target.text[-1] in " -"
        if self.mode == "upper" or (self.mode == "name" and word_start):
            char = keyboard.upper(char, self.letters)
        target.text += char


load_kv(__file__)
