"""Hard words explained: a step text's marked words underlined and tappable, and the overlay
a tap opens — the word, its short explanation, its picture if it has one, "Vorlesen" and a
large "Zurück" (issue 18 item 3; the marks and rules are kiosk/glossary.py).

Each marked word gets a touch target, at least 16 mm each way (a line of text is about 9 mm
high), centred on the word and kept inside the text: a button like any other, so the touch
filter, the accessibility walk and the senior-hands tests see it. Words closer than that
("PIN, TAN", one above the other) share one target, and its overlay explains them one after
another ("Weiter"): no target is smaller, none lies over another. The overlay takes every
touch; a tremor's second tap is ignored by the touch filter (an overlay opened).
"""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.modalview import ModalView
from kivy.uix.widget import Widget
from kivy.utils import escape_markup

from kiosk import content, glossary, speech
from kiosk.i18n import _
from kiosk.theme import LEAST_TOUCH_MM
from screens.base import load_kv
from screens.widgets.buttons import BigButton
from screens.widgets.text import BodyLabel, broken


class GlossaryWord(ButtonBehavior, Widget):
    """The touch target of marked words (drawn by the text beneath: underlined)."""

    text = StringProperty("")
    entry_ids = ListProperty([])


class GlossaryText(BodyLabel):
    """Running text whose marked words are underlined, each with its :class:`GlossaryWord`.
    ``lookup``: the release's words (:func:`kiosk.content.glossary_index`); ``bounds``: the
    widget the targets stay inside; ``open_entry``: what a tap on a word does."""

    lookup = ObjectProperty(None, allownone=True)
    bounds = ObjectProperty(None, allownone=True)
    open_entry = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs):
        self.targets: list[GlossaryWord] = []
        super().__init__(markup=True, **kwargs)
        for name in ("refs", "pos", "size"):
            self.fbind(name, self._place_targets)
        self.fbind("lookup", self._break_long_words)

    def _break_long_words(self, *_args) -> None:
        """The marked text (``given_text``) as markup: each piece broken where the language
        allows, a marked one underlined as a reference to its entry. A text without marked
        words is shown as any running text (its script's font, its direction)."""
        if self.text != self._shown:
            self._given = self.text
        pieces = glossary.pieces(self._given, self.lookup or {})
        if not any(entry for _piece, entry in pieces):  # no hard word: running text as ever
            super()._break_long_words(*_args)
            return
        width = self.text_size[0]
        can_break = width and width > 0 and App.get_running_app() is not None

        def shown(piece: str) -> str:
            piece = broken(piece, self.font_name, self.font_size, width) if can_break else piece
            return escape_markup(piece)

        markup = "".join(f"[ref={entry}][u]{shown(piece)}[/u][/ref]" if entry else shown(piece)
                         for piece, entry in pieces)
        self._shown = markup
        if self.text != markup:
            self.text = markup

    def _place_targets(self, *_args) -> None:
        """The targets over the marked words: each at least 16 mm each way, inside ``bounds``;
        words whose targets would overlap share one."""
        for target in self.targets:
            self.remove_widget(target)
        self.targets = []
        if not self.refs or self.width <= 1:
            return
        words = {entry: piece for piece, entry in glossary.pieces(self._given, self.lookup or {})
                 if entry}
        order = list(words)  # (a layout pass may still show the text before: refs not in it)
        for (x, y, w, h), entries in self._areas():
            target = GlossaryWord(size_hint=(None, None), size=(w, h), entry_ids=sorted(
                entries, key=lambda e: order.index(e) if e in order else len(order)))
            target.text = " · ".join(words.get(e, e) for e in target.entry_ids)
            target.pos = self.to_widget(x, y, relative=False)
            target.bind(on_release=self._tapped)
            self.add_widget(target)
            self.targets.append(target)

    def _areas(self) -> list[tuple[tuple[float, float, float, float], set[str]]]:
        """(x, y, width, height) in the window and the entries of each target."""
        least = App.get_running_app().theme.mm(LEAST_TOUCH_MM)
        bounds = self.bounds or self
        left, bottom = bounds.to_window(bounds.x, bounds.y)
        right, top = left + bounds.width, bottom + bounds.height
        # the texture is drawn from the label's top left (halign left, valign top)
        x0, y0 = self.to_window(self.x, self.top)
        areas = []
        for entry, boxes in self.refs.items():
            for x1, y1, x2, y2 in boxes:
                cx, cy = x0 + (x1 + x2) / 2, y0 - (y1 + y2) / 2
                w, h = max(least, x2 - x1), max(least, y2 - y1)
                areas.append(([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], {entry}))
        merged = True
        while merged:  # words closer than a target share one
            merged = False
            for i, (a, ea) in enumerate(areas):
                for j in range(i + 1, len(areas)):
                    b, eb = areas[j]
                    if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                        areas[i] = ([min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]),
                                     max(a[3], b[3])], ea | eb)
                        del areas[j]
                        merged = True
                        break
                if merged:
                    break
        placed = []
        for (x1, y1, x2, y2), entries in areas:
            w, h = min(x2 - x1, right - left), min(y2 - y1, top - bottom)
            x = min(max(x1, left), right - w)
            y = min(max(y1, bottom), top - h)
            placed.append(((x, y, w, h), entries))
        return placed

    def _tapped(self, target: GlossaryWord) -> None:
        if self.open_entry is not None:
            self.open_entry(list(target.entry_ids))


class GlossaryOverlay(ModalView):
    """Hard words explained, one at a time, over the dimmed screen; takes every touch, only
    its buttons act. ``entries``: :class:`kiosk.content.GlossaryEntry` s, their pictures."""

    entry = ObjectProperty(None)
    picture = StringProperty("")
    has_next = BooleanProperty(False)
    bg_colour = ListProperty([0, 0, 0, 0])

    def __init__(self, entries: list[tuple[content.GlossaryEntry, str]], **kwargs):
        self.entries, self.shown = entries, 0
        super().__init__(auto_dismiss=False, **kwargs)
        self.next_button = BigButton(text=_("Weiter"))
        self.next_button.bind(on_release=lambda _b: self.next_word())
        self._show()

    def _show(self) -> None:
        """The word shown now; "Weiter" to the next while there is one."""
        self.entry, self.picture = self.entries[self.shown]
        self.has_next = self.shown < len(self.entries) - 1
        row = self.ids.buttons
        if self.has_next and self.next_button.parent is None:
            row.add_widget(self.next_button)
        elif not self.has_next and self.next_button.parent is not None:
            row.remove_widget(self.next_button)

    def next_word(self) -> None:
        App.get_running_app().speaker.stop()
        self.shown = min(self.shown + 1, len(self.entries) - 1)
        self._show()

    def read_aloud_text(self) -> list[speech.Part]:
        app = App.get_running_app()
        return [speech.Part(f"{self.entry.term}.", self.entry.language),
                speech.Part(self.entry.explanation, self.entry.language)] if app else []

    def close(self) -> None:
        App.get_running_app().speaker.stop()
        self.dismiss(animation=False)


def open_entry(entry_ids: str | list[str]) -> GlossaryOverlay | None:
    """The overlay explaining ``entry_ids`` in the UI language (German where not
    translated), one after another."""
    app = App.get_running_app()
    entries = []
    for entry_id in [entry_ids] if isinstance(entry_ids, str) else entry_ids:
        entry = content.glossary_entry(app.store, entry_id, app.language)
        if entry is not None:
            app.usage.glossary(entry.id)  # counted for the programme (kiosk/usage.py)
            picture = app.settings.assets_dir / entry.image if entry.image else None
            entries.append((entry, str(picture) if picture and picture.is_file() else ""))
    if not entries:
        return None
    overlay = GlossaryOverlay(entries)
    overlay.open(animation=False)
    return overlay


load_kv(__file__)
