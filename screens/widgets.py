"""Widgets every screen uses: big buttons, tiles, text, the top bar with the way home, a paged
tile grid, an on-screen keyboard and number pad, a confirm dialog, a QR code, and read-aloud.

Sizes and colours come only from ``app.theme`` (millimetres turned into pixels), see widgets.kv.
Nothing here needs more than a single tap: no swipe, no long press, no scrolling.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.core.text import Label as CoreLabel
from kivy.core.text.markup import MarkupLabel
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView
from kivy.uix.widget import Widget
from kivy.utils import escape_markup

from kiosk.i18n import _
from kiosk.paging import Pager
from kiosk.speech import NO_ENGINE
from kiosk.wordbreak import break_long_words
from screens.kv import load_kv


def _app():
    return App.get_running_app()


@lru_cache(maxsize=32)
def _measurer(font_name: str, font_size: float) -> CoreLabel:
    return CoreLabel(font_name=font_name, font_size=font_size, bold=True)


def text_width(font_name: str, font_size: float, text: str) -> float:
    """Width of ``text`` on one line, in bold (the wider cut: safe for either)."""
    return _measurer(font_name, font_size).get_extents(text)[0]


def title_font(title: str, width: float, theme) -> float:
    """Title size when the title fits one line; else body size, on as many lines as it needs.
    A title is never cut short."""
    if text_width("Atkinson", theme.font_title, title) <= width:
        return theme.font_title
    return theme.font_body


def broken(text: str, font_name: str, font_size: float, width: float,
           hyphens: bool = True) -> str:
    """``text`` with its words too wide for ``width`` broken where the language allows."""
    # Syllables only on lines at least three times the font size (about five letters): narrower
    # pieces help no one, and Kivy's first layout pass gives every label 100 px (the
    # dictionary, ~0.5 s and ~15 MB, would load at start for nothing).
    language = _app().language if hyphens and width >= 3 * font_size else None
    return break_long_words(text, partial(text_width, font_name, font_size), width, language)


class BreaksLongWords:
    """A wrapping label whose words too wide for a line break where the language allows
    (:mod:`kiosk.wordbreak`), not after whatever letter reaches the edge. ``text`` is what is
    shown; a text set from outside is kept and broken again when the width or size changes."""

    def __init__(self, **kwargs):
        self._given = self._shown = ""
        super().__init__(**kwargs)
        for name in ("text", "text_size", "font_size"):
            self.fbind(name, self._break_long_words)
        self._break_long_words()

    def _break_long_words(self, *_args) -> None:
        if self.text != self._shown:
            self._given = self.text
        shown = self._given
        width = self.text_size[0]
        if width and width > 0 and not self.shorten and _app() is not None:
            shown = broken(shown, self.font_name, self.font_size, width, self.may_add_hyphens())
        self._shown = shown
        if self.text != shown:
            self.text = shown

    def may_add_hyphens(self) -> bool:
        """Whether a break between syllables (which adds a hyphen) suits this text."""
        return True

    @property
    def given_text(self) -> str:
        """The text as it was set, before any word was broken."""
        return self._given


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


class Tile(BigButton):
    """A large square-ish choice on a grid (topics, days, times); shows a :class:`TileSpec`."""


class BodyLabel(BreaksLongWords, Label):
    """Running text at body size; wraps to its width and grows to its text."""


class TitleLabel(BodyLabel):
    pass


class Panel(BoxLayout):
    """A box with its own background colour (``bg_colour``; the accessibility test reads it)."""

    bg_colour = ListProperty([0, 0, 0, 0])


class MessagePanel(Panel):
    """A short message on the warning colour: errors in plain words, never a crash."""

    text = StringProperty("")


class TopBar(BoxLayout):
    """Title of the screen and, except on the Startseite, the way home."""

    title = StringProperty("")
    show_home = BooleanProperty(True)

    def title_font(self, title: str, width: float, theme) -> float:
        return title_font(title, width, theme)


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


# --- paged tile grid --------------------------------------------------------------------------


@dataclass
class TileSpec:
    """One tile: a title, an optional second line, what a tap does, and why it is disabled."""

    title: str
    subtitle: str = ""
    on_press: Callable[[], None] | None = None
    disabled: bool = False
    key: str = ""

    def markup(self, with_subtitle: bool = True) -> str:
        text = f"[b]{escape_markup(self.title)}[/b]"
        if with_subtitle and self.subtitle:
            text += f"\n{escape_markup(self.subtitle)}"
        return text


def _press_tile(tile: Tile) -> None:
    if tile.spec.on_press:
        tile.spec.on_press()


class PagedGrid(BoxLayout):
    """Tiles a page at a time, as many as fit the space at the theme's sizes; big "Zurück" /
    "Weiter" below when there is more than one page.

    ``min_tile_mm`` is a tile's least width; its least height follows from ``lines`` of text.
    """

    min_tile_mm = NumericProperty(60)
    lines = NumericProperty(2)
    max_per_page = NumericProperty(0)  # 0: as many as fit
    page_text = StringProperty("")

    def __init__(self, **kwargs):
        self.items: Sequence = []
        self.make_tile: Callable[[Any], TileSpec] | None = None
        self._tiles: list[Tile] = []
        self.pager: Pager = Pager([], 1)
        self._trigger = Clock.create_trigger(lambda _dt: self.rebuild(), -1)
        super().__init__(**kwargs)
        self.bind(size=self._trigger)
        app = _app()
        if app is not None:
            app.bind(theme=self._trigger)

    def on_kv_post(self, _base_widget) -> None:
        # "Nächste Seite" wraps to two lines on a narrow screen: the row grows with it.
        self.ids.previous.bind(height=self._trigger)
        self.ids.next.bind(height=self._trigger)

    def _nav_height(self) -> float:
        return max(_app().theme.touch, self.ids.previous.height, self.ids.next.height)

    def set_items(self, items: Sequence, page: int = 0, *,
                  make_tile: Callable[[Any], TileSpec] | None = None) -> None:
        """``items`` are TileSpecs, or anything ``make_tile`` turns into one when it comes into
        view: a list of 10,000 topics then costs the tiles of one page, not 10,000."""
        self.items = items
        self.make_tile = make_tile
        self.pager = Pager(self.items, self.pager.per_page, page)
        self.rebuild()

    def _fit(self) -> tuple[int, int]:
        theme = _app().theme
        gap = theme.gap
        tile_w = theme.mm(self.min_tile_mm) * (theme.font_body / theme.font_for_cap(5.0)) ** 0.5
        tile_h = max(theme.touch, theme.font_body * 1.3 * self.lines + theme.mm(4))
        nav_h = self._nav_height() + gap
        width = max(self.width, 1)
        cols = max(1, int((width + gap) // (tile_w + gap)))
        height_all = self.height
        rows = max(1, int((height_all + gap) // (tile_h + gap)))
        if cols * rows < len(self.items):
            rows = max(1, int((height_all - nav_h + gap) // (tile_h + gap)))
        per_page = cols * rows
        if self.max_per_page:
            per_page = min(per_page, int(self.max_per_page))
            cols = min(cols, per_page)
            rows = math.ceil(per_page / cols)
        return cols, rows

    def rebuild(self) -> None:
        grid = self.ids.grid
        if _app() is None or self.width <= 1:
            return
        cols, rows = self._fit()
        first = self.pager.page * self.pager.per_page
        while True:
            self.pager = Pager(self.items, cols * rows)
            self.pager.page = self.pager.page_of(first)
            specs = [self.make_tile(item) if self.make_tile else item
                     for item in self.pager.visible]
            texts = self._texts(specs, cols, rows)
            if texts is not None or cols * rows == 1:
                break
            # A title too long for its tile (Kivy would leave out its first line): fewer,
            # larger tiles on this page, taller ones first.
            rows, cols = (rows - 1, cols) if rows > 1 else (rows, cols - 1)
        grid.clear_widgets()
        grid.cols, grid.rows = cols, rows
        for n, (spec, text) in enumerate(zip(specs, texts or [s.markup() for s in specs],
                                             strict=True)):
            tile = self._tile(n)
            tile.spec, tile.text, tile.disabled = spec, text, spec.disabled
            grid.add_widget(tile)
        for _empty in range(cols * rows - len(specs)):
            grid.add_widget(Widget())
        self._show_nav()

    def _texts(self, specs: list[TileSpec], cols: int, rows: int) -> list[str] | None:
        """What each tile shows at this grid size: title and second line where they fit, else
        the title alone; None when a title alone does not fit its tile."""
        theme = _app().theme
        paged = self.pager.pages > 1
        grid_h = self.height - (self._nav_height() + theme.gap if paged else 0)
        tile_h = (grid_h - (rows - 1) * theme.gap) / rows - theme.mm(4)
        tile_w = (self.width - (cols - 1) * theme.gap) / cols - theme.mm(6)
        texts = []
        for spec in specs:
            for text in (spec.markup(True), spec.markup(False)):
                if self._fits(text, tile_w, tile_h):
                    texts.append(text)
                    break
            else:
                return None
        return texts

    @staticmethod
    def _fits(markup: str, width: float, height: float) -> bool:
        """Whether a tile's text fits ``width`` × ``height`` as the tile will show it: broken
        where the language allows, laid out as Kivy will (not drawn), no word wider than a
        line (a German title in the Turkish UI has no Turkish syllables)."""
        font = _app().theme.font_body
        shown = broken(markup, "Atkinson", font, width)
        plain = re.sub(r"\[/?[a-z]+(=[^\]]*)?\]", "", shown)
        if any(text_width("Atkinson", font, word) > width for word in plain.split()):
            return False
        label = MarkupLabel(text=shown, font_name="Atkinson", font_size=font,
                            text_size=(width, None), halign="center")
        return label.render()[1] <= height

    def _show_nav(self) -> None:
        """Vorige / "Seite 2 von 3" / Weitere below, only when there is more than one page."""
        nav, paged = self.ids.nav, self.pager.pages > 1
        nav.opacity = 1 if paged else 0
        nav.disabled = not paged
        nav.height = self._nav_height() if paged else 0
        self.ids.previous.disabled = not self.pager.has_previous
        self.ids.next.disabled = not self.pager.has_next
        self.page_text = _("Seite {page} von {pages}").format(
            page=self.pager.page + 1, pages=self.pager.pages)

    def _tile(self, n: int) -> Tile:
        """The grid's n-th tile, made once and then reused: making tiles is most of what showing
        a page costs, and dead tiles are what makes the garbage collector pause a later tap."""
        while len(self._tiles) <= n:
            tile = Tile(size_hint_y=1, bold=False)
            tile.bind(on_release=_press_tile)
            self._tiles.append(tile)
        return self._tiles[n]

    @property
    def tiles(self) -> list[Tile]:
        return [w for w in reversed(self.ids.grid.children) if isinstance(w, Tile)]

    def next_page(self) -> None:
        if self.pager.next():
            self.rebuild()

    def previous_page(self) -> None:
        if self.pager.previous():
            self.rebuild()


class PagedText(PagedGrid):
    """Paragraphs a page at a time where they do not all fit (a manager's long text, A++, the
    7-inch display), with the same big "Vorige" / "Weitere" as the tile grids: no scrolling.
    A page ends between paragraphs, or between sentences of a paragraph taller than a page."""

    #: every page has been on screen (or there is one page): what a confirmation waits for
    all_seen = BooleanProperty(False)

    def __init__(self, **kwargs):
        self.paragraphs: list[str] = []
        self._labels: list[BodyLabel] = []
        self._rest = Widget()
        self._heights: dict[tuple, float] = {}
        self._seen_pages, self._seen_upto = [], 0
        super().__init__(**kwargs)

    def set_texts(self, paragraphs: list[str]) -> None:
        self.paragraphs = list(paragraphs)
        self._heights.clear()
        self.pager = Pager([], 1)
        self._seen_pages, self._seen_upto = [], 0
        self.all_seen = False
        self.rebuild()

    def rebuild(self) -> None:
        if _app() is None or self.width <= 1:
            return
        gap = _app().theme.gap
        whole = self._pages(self.height)
        pages = whole if len(whole) == 1 else self._pages(self.height - self._nav_height() - gap)
        self.pager = Pager(pages, 1, min(self.pager.page, len(pages) - 1))
        grid = self.ids.grid
        grid.clear_widgets()
        grid.cols, grid.rows = 1, None
        for n, text in enumerate(self.pager.visible[0]):
            grid.add_widget(self._label(n, text))
        grid.add_widget(self._rest)  # the rest of the page stays empty
        self._show_nav()
        # Seen is counted per way of cutting the text into pages: a layout pass that had room
        # for all of it on one page does not count once the text needs two.
        if pages != self._seen_pages:
            self._seen_pages, self._seen_upto = pages, self.pager.page
        self._seen_upto = max(self._seen_upto, self.pager.page)
        self.all_seen = self._seen_upto >= self.pager.pages - 1

    def _label(self, n: int, text: str) -> BodyLabel:
        """The page's n-th paragraph, its label made once and reused (as the grids' tiles)."""
        while len(self._labels) <= n:
            self._labels.append(BodyLabel())
        self._labels[n].text = text
        return self._labels[n]

    def _pages(self, room: float) -> list[list[str]]:
        """Each page's paragraphs; a paragraph taller than a page is cut between its lines
        and sentences, and the pieces that share a page are one paragraph again."""
        gap = _app().theme.gap
        pages: list[list[list]] = [[]]  # [paragraph number, text] per label
        for number, paragraph in enumerate(self.paragraphs):
            for piece, joiner in self._pieces(paragraph, room):
                trial = [list(label) for label in pages[-1]]
                if trial and trial[-1][0] == number:
                    trial[-1][1] += joiner + piece
                else:
                    trial.append([number, piece])
                height = sum(self._height(text) for _n, text in trial) + gap * (len(trial) - 1)
                if pages[-1] and height > room:
                    pages.append([[number, piece]])
                else:
                    pages[-1] = trial
        return [[text for _n, text in page] for page in pages]

    def _pieces(self, paragraph: str, room: float) -> list[tuple[str, str]]:
        """The paragraph whole if it fits, else its sentences (with the line break or space
        that joined each to the one before)."""
        if self._height(paragraph) <= room:
            return [(paragraph, "")]
        # (a full stop after a number is no sentence's end: "Mittwoch, 2. Dezember")
        return [(sentence, " " if n else "\n")
                for line in paragraph.split("\n")
                for n, sentence in enumerate(re.split(r"(?<=[^\d\W][.!?])\s+", line))]

    def _height(self, text: str) -> float:
        """The height ``text`` takes as body text at this width (laid out, not drawn)."""
        theme = _app().theme
        key = (text, self.width, theme)
        if key not in self._heights:
            label = CoreLabel(text=text, font_name="Atkinson", font_size=theme.font_body,
                              text_size=(self.width, None))
            self._heights[key] = label.render()[1]
        return self._heights[key]


# --- text entry, keyboard, number pad --------------------------------------------------------


class EntryLabel(BreaksLongWords, Label):
    """What has been typed (or the placeholder) inside an :class:`EntryField`."""

    typing = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fbind("typing", self._break_long_words)

    def may_add_hyphens(self) -> bool:
        return not self.typing  # typed text shows no hyphen the person did not type


class EntryField(Panel):
    """What has been typed, shown large; no system keyboard ever opens."""

    text = StringProperty("")
    placeholder = StringProperty("")
    max_length = NumericProperty(40)
    secret = BooleanProperty(False)


@dataclass(frozen=True)
class Key:
    label: str
    insert: str | None = None   # None: a special key (see ``action``)
    units: int = 1
    action: str = ""            # "backspace", "more"


def letter_keys(rows: list[str]) -> list[list[Key]]:
    return [[Key(c.upper() if c != "ß" else "ß", c) for c in row] for row in rows]


QWERTZ = ["qwertzuiopü", "asdfghjklöä", "yxcvbnmß-"]
ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüß-"
CODE_KEYS = ["ABCDEFGH", "JKMNPQRS", "TUVWXYZ", "23456789"]
NUMBER_KEYS = ["123", "456", "789", "+0"]
PIN_KEYS = ["123", "456", "789", "0"]


class KeyButton(BigButton):
    """A key: one line of text (shortened, never wrapped), so it keeps the size it is given."""


class Keyboard(Widget):
    """An on-screen keyboard of our own: keys ≥ 16 mm, laid out to fit the space it gets.

    The natural rows (QWERTZ with ä ö ü ß) are used when they fit; on a small screen the keys flow
    into as many rows as fit, and a "Weitere" key pages through the rest. Typed text goes to
    ``target`` (an :class:`EntryField`). ``mode``: "name" capitalises each word, "upper" types
    capitals, "plain" as the keys say.
    """

    target = ObjectProperty(None, allownone=True)
    layout = StringProperty("qwertz")    # "qwertz", "code", "numbers", "pin" (digits only)
    mode = StringProperty("plain")
    space = BooleanProperty(True)
    max_key_mm = NumericProperty(26)
    page = NumericProperty(0)

    def __init__(self, **kwargs):
        self._trigger = Clock.create_trigger(lambda _dt: self.rebuild(), -1)
        self._buttons: dict[Key, KeyButton] = {}
        self._buttons_for: str | None = None
        super().__init__(**kwargs)
        self.bind(size=self._trigger, pos=self._trigger, layout=self._trigger,
                  space=self._trigger)
        app = _app()
        if app is not None:
            app.bind(theme=self._trigger, language=self._trigger)

    def _rows(self) -> tuple[list[list[Key]], list[Key]]:
        source = {"qwertz": QWERTZ, "code": CODE_KEYS, "numbers": NUMBER_KEYS,
                  "pin": PIN_KEYS}[self.layout]
        letters = letter_keys(source)
        special = [self._word_key(_("Löschen"), None, 2 if self.layout != "numbers" else 1,
                                  "backspace")]
        if self.space and self.layout == "qwertz":
            special.insert(0, self._word_key(_("Leerzeichen"), " ", 4))
        return letters, special

    def _word_key(self, label: str, insert: str | None, units: int, action: str = "") -> Key:
        """A key with a word on it, at least ``units`` wide and wide enough for the word (a key
        is at least 16 mm wide, so ``n`` units are at least n × 16 mm plus the gaps)."""
        theme = _app().theme
        needs = text_width("Atkinson", theme.font_body, label) + theme.mm(6) + theme.key_gap
        return Key(label, insert, max(units, math.ceil(needs / (theme.touch + theme.key_gap))),
                   action)

    def _arrange(self, cols: int, rows_fit: int) -> list[list[Key]]:
        letters, special = self._rows()
        natural = [*letters[:-1], letters[-1] + special] if letters else [special]
        if (max(sum(k.units for k in r) for r in natural) <= cols and len(natural) <= rows_fit):
            return natural
        flat = [k for row in letters for k in row]

        def flow(keys: list[Key]) -> list[list[Key]]:
            rows: list[list[Key]] = [[]]
            for key in keys:
                if sum(k.units for k in rows[-1]) + key.units > cols:
                    rows.append([])
                rows[-1].append(key)
            return rows

        if len(flow(flat + special)) <= rows_fit:
            return flow(flat + special)
        # Paged, the QWERTZ rows are gone anyway: letters in the order of the alphabet are
        # found by anyone, also by someone who never used a keyboard.
        flat.sort(key=lambda k: ALPHABET.find(k.insert) if k.insert in ALPHABET else len(ALPHABET))
        more = self._word_key(_("Weitere"), None, 2, "more")
        capacity = cols * rows_fit - sum(k.units for k in special) - more.units
        # Wide keys do not always pack: the largest page size at which every page fits. (One
        # size for all pages: a size per page skipped the letters between them.)
        for size in range(max(capacity, 1), 0, -1):
            pages = [flat[i:i + size] for i in range(0, len(flat), size)]
            if all(len(flow(page + [more] + special)) <= rows_fit for page in pages):
                break
        self.page = self.page % len(pages)
        return flow(pages[self.page] + [more] + special)

    def rebuild(self) -> None:
        app = _app()
        if app is None or self.width <= 1:
            return
        theme = app.theme
        gap, least = theme.key_gap, theme.touch
        cols = max(2, int((self.width + gap) // (least + gap)))
        rows_fit = max(1, int((self.height + gap) // (least + gap)))
        rows = self._arrange(cols, rows_fit)
        units = max(sum(k.units for k in r) for r in rows)
        unit = min((self.width - (units - 1) * gap) / units, theme.mm(self.max_key_mm))
        key_h = min((self.height - (len(rows) - 1) * gap) / len(rows), theme.mm(self.max_key_mm))
        key_h = max(key_h, least)
        placed = []
        top = self.top
        for r, row in enumerate(rows):
            row_w = sum(k.units * unit + (k.units - 1) * gap for k in row) + gap * (len(row) - 1)
            x = self.x + (self.width - row_w) / 2
            y = top - (r + 1) * key_h - r * gap
            for key in row:
                w = key.units * unit + (key.units - 1) * gap
                button = self._button(key, app.language)
                button.pos, button.size = (x, y), (w, key_h)
                placed.append(button)
                x += w + gap
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
            button = KeyButton(text=key.label, size_hint=(None, None), quiet=key.insert is None)
            button.key = key
            button.bind(on_release=lambda _b, k=key: self.press(k))
            self._buttons[key] = button
        return button

    def press(self, key: Key) -> None:
        if key.action == "more":
            self.page += 1
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
        if self.mode == "upper":
            char = char.upper()
        elif self.mode == "name":
            start = not target.text or target.text[-1] in " -"
            char = char.upper() if start and char != "ß" else char
        target.text += char


# --- dialogs, QR code, read-aloud ------------------------------------------------------------


class ConfirmDialog(ModalView):
    """A yes/no question with two big buttons; ``on_yes``/``on_no`` are called after closing."""

    question = StringProperty("")
    yes_text = StringProperty("")
    no_text = StringProperty("")
    bg_colour = ListProperty([0, 0, 0, 0])

    def __init__(self, question: str, yes_text: str, no_text: str,
                 on_yes: Callable[[], None], on_no: Callable[[], None] | None = None, **kwargs):
        self._on_yes, self._on_no = on_yes, on_no
        super().__init__(question=question, yes_text=yes_text, no_text=no_text,
                         auto_dismiss=False, **kwargs)

    def answer(self, yes: bool) -> None:
        self.dismiss(animation=False)  # gone at once: the next tap reaches the screen
        callback = self._on_yes if yes else self._on_no
        if callback:
            callback()


def qr_texture(text: str, dark=(0, 0, 0, 1), light=(1, 1, 1, 1)):
    """A Kivy texture of ``text`` as a QR code (segno), with a quiet zone."""
    def hex_of(colour) -> str:
        return "#" + "".join(f"{round(c * 255):02x}" for c in colour[:3])

    buffer = io.BytesIO()
    import segno

    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=4,
                                     dark=hex_of(dark), light=hex_of(light))
    buffer.seek(0)
    texture = CoreImage(buffer, ext="png").texture
    texture.mag_filter = "nearest"
    return texture


class QRCode(Image):
    """A QR code of ``data``, always dark on light (scanners need that), crisp when scaled."""

    data = StringProperty("")

    def on_data(self, _instance, data: str) -> None:
        self.texture = qr_texture(data) if data else None


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
