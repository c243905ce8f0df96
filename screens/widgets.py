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
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import Any

from bidi import get_display
from kivy.app import App
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.core.text import Label as CoreLabel
from kivy.core.text import LabelBase
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
from kivy.uix.gridlayout import GridLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView
from kivy.uix.widget import Widget
from kivy.utils import escape_markup, get_hex_from_color

from kiosk import keyboard
from kiosk.i18n import RTL_LANGUAGES, _
from kiosk.keyboard import Key
from kiosk.paging import Pager
from kiosk.speech import NO_ENGINE
from kiosk.theme import FONT_FAMILIES, FONTS, script_of
from kiosk.wordbreak import break_long_words
from screens.kv import load_kv


def _app():
    return App.get_running_app()


# --- scripts and directions -------------------------------------------------------------------
# Every text widget says font_name "Atkinson" (kv); the text's script picks the font that has its
# letters (kiosk.theme.FONTS). Arabic is drawn right to left: SDL2_ttf shapes it with HarfBuzz
# (joined letters, lam-alef), and each line goes in in the order python-bidi finds (numbers,
# codes and Latin words left to right inside). In an Arabic UI the layout is mirrored: every
# box and grid lays its children out from the right, texts aligned left align right.

for _script, (_regular, _bold) in FONTS.items():
    LabelBase.register(FONT_FAMILIES[_script], fn_regular=_regular, fn_bold=_bold)
BASE_FONT = FONT_FAMILIES["latin"]
_MARKUP = re.compile(r"(\[/?[a-z]+(?:=[^\]]*)?\])")


def rtl() -> bool:
    """Whether the UI language is written right to left (the layout is mirrored)."""
    app = _app()
    return app is not None and app.language in RTL_LANGUAGES


def text_options(font_name: str, text: str) -> dict[str, str]:
    """Font and direction for ``text``: the base font's family in the text's script's font,
    right to left with Arabic shaping for Arabic text."""
    script = script_of(text)
    font = FONT_FAMILIES[script] if font_name in FONT_FAMILIES.values() else font_name
    if script == "arabic":
        return {"font_name": font, "font_direction": "rtl", "font_script_name": "Arab"}
    return {"font_name": font, "font_direction": "ltr",
            "font_script_name": "Cyrl" if script == "cyrillic" else "Latn"}


def visual_line(line: str, base: str = "R") -> str:
    """A line with Arabic in it as SDL2_ttf must get it: HarfBuzz lays a right-to-left run out
    from the right, so the line goes in as its visual order (python-bidi's, for a paragraph
    of direction ``base``, "R" or "L") reversed. Arabic letters then arrive in reading order
    (and are joined), digits and Latin words reversed twice: as they are read. Brackets come
    mirrored from python-bidi where they stand in Arabic (SDL2_ttf's HarfBuzz mirrors none)."""
    return get_display(line, base_dir=base)[::-1]


def _wrapped(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text``'s lines as they wrap at word boundaries (its own line breaks kept)."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and not fits(trial):
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def right_to_left(text: str, font_name: str, font_size: float, width: float | None,
                  markup: bool = False) -> tuple[str, list[str]]:
    """``text`` (Arabic) wrapped at ``width`` and each line in the order SDL2_ttf draws right
    (Kivy would wrap the reordered text from its visual left: the last words first), and the
    lines in reading order. With ``markup`` the tags stay as they are and each run between
    them is treated alone (a tile's bold title and its second line)."""
    def fits(line: str) -> bool:
        return width is None or text_width(font_name, font_size, line) <= width - 1

    base = "R" if rtl() else "L"  # (the language names on the Startseite: in any UI)

    reading: list[str] = []  # the runs' wrapped lines in reading order, without tags

    def lines(run: str) -> str:
        plain = _unescaped(run) if markup else run
        wrapped = _wrapped(plain, fits) if plain else []
        reading.append("\n".join(wrapped))
        shown = "\n".join(visual_line(line, base) for line in wrapped)
        return escape_markup(shown) if markup else shown

    parts = _MARKUP.split(text) if markup else [text]
    drawn = "".join(part if markup and _MARKUP.fullmatch(part) else lines(part)
                    for part in parts)
    return drawn, "".join(reading).split("\n")


def _unescaped(text: str) -> str:
    return text.replace("&bl;", "[").replace("&br;", "]").replace("&amp;", "&")


def _mirror_children(layout) -> None:
    """The children of a box or grid laid out from the right: each at the mirror image of the
    place the left-to-right layout gave it."""
    if rtl() and not getattr(layout, "keeps_direction", False):
        for child in layout.children:
            child.x = layout.x + layout.right - child.right


def _mirrored(layout_class) -> None:
    laid_out = layout_class.do_layout

    def do_layout(self, *args):
        laid_out(self, *args)
        _mirror_children(self)
    do_layout.__doc__ = laid_out.__doc__
    layout_class.do_layout = do_layout


# One place for every box and grid of every screen (kv and Python alike), not one per screen.
_mirrored(BoxLayout)
_mirrored(GridLayout)


def relayout(widget) -> None:
    """Lay ``widget`` and everything in it out again (the direction changed)."""
    for child in widget.walk(restrict=True):
        if hasattr(child, "_trigger_layout"):
            child._trigger_layout()


@lru_cache(maxsize=64)
def _measurer(font_name: str, font_size: float, direction: str, script: str) -> CoreLabel:
    return CoreLabel(font_name=font_name, font_size=font_size, bold=True,
                     font_direction=direction, font_script_name=script)


def text_width(font_name: str, font_size: float, text: str) -> float:
    """Width of ``text`` on one line, in bold (the wider cut: safe for either), in the font
    its script is drawn in."""
    options = text_options(font_name, text)
    return _measurer(options["font_name"], font_size, options["font_direction"],
                     options["font_script_name"]).get_extents(text)[0]


def title_font(title: str, width: float, theme) -> float:
    """Title size when the title fits one line; else body size, on as many lines as it needs.
    A title is never cut short."""
    if text_width(BASE_FONT, theme.font_title, title) <= width:
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
        self._setting = False
        super().__init__(**kwargs)
        # as the kv rule or the caller said (a kv file's widget gets its rules after this):
        # the alignment for left to right, and the font family ("Atkinson": by script)
        self._halign, self._base_font, self._font_set = self.halign, self.font_name, ""
        #: right-to-left text: its lines as drawn, in reading order (the tests read them)
        self.drawn_lines: list[str] = []
        for name in ("text", "text_size", "font_size", "halign", "font_name"):
            self.fbind(name, self._break_long_words)
        self.fbind("font_direction", self._trigger_texture)
        app = _app()
        if app is not None:
            app.bind(language=self._language_changed)  # (a weak reference: labels come and go)
        self._break_long_words()

    def _break_long_words(self, *_args) -> None:
        """The given text as shown: long words broken, in its script's font (Arabic right to
        left, see :meth:`texture_update`); aligned to the right where the UI is right to
        left."""
        if self._setting:
            return
        if self.text != self._shown:
            self._given = self.text
        if self.halign != self._mirrored_halign(self._halign):
            self._halign = self.halign
        if self.font_name != self._font_set:
            self._base_font = self.font_name
        shown = self._given
        width = self.text_size[0]
        if width and width > 0 and not self.shorten and _app() is not None:
            shown = broken(shown, self._base_font, self.font_size, width,
                           self.may_add_hyphens())
        options = text_options(self._base_font, shown)
        self._shown, self._font_set = shown, options["font_name"]
        self._setting = True
        try:
            for name, value in (*options.items(), ("text", shown),
                                ("halign", self._mirrored_halign(self._halign))):
                if getattr(self, name) != value:
                    setattr(self, name, value)
        finally:
            self._setting = False

    def _language_changed(self, *_args) -> None:
        """Aligned for the new direction; right-to-left text drawn again (its order in a line
        follows the UI's direction, the same text in another order)."""
        self._break_long_words()
        if self.font_direction == "rtl":
            self._trigger_texture()

    def texture_update(self, *largs) -> None:
        """Drawn as Kivy draws it, but for right-to-left text: that is drawn a line at a time
        in the order SDL2_ttf needs (:func:`right_to_left`); ``text`` stays as given, in
        reading order, for whoever reads it."""
        if self.font_direction != "rtl" or not self.text.strip():
            super().texture_update(*largs)
            return
        width = self.text_size[0]
        drawn, self.drawn_lines = right_to_left(self.text, self._base_font, self.font_size,
                                                width if width and width > 0 else None,
                                                self.markup)
        if self.markup:
            colour = get_hex_from_color(self.disabled_color if self.disabled else self.color)
            drawn = f"[color={colour}]{drawn}[/color]"
        self._label.text = drawn
        self._label.refresh()
        self.texture = self._label.texture
        self.texture_size = list(self.texture.size) if self.texture else [0, 0]
        self.is_shortened = self._label.is_shortened

    @staticmethod
    def _mirrored_halign(halign: str) -> str:
        if not rtl():
            return halign
        return {"left": "right", "right": "left"}.get(halign, halign)

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


def topic_tile(topic, on_press: Callable[[], None]) -> TileSpec:
    """A topic's tile; a topic not translated into the UI language (shown in German) says so
    on its second line, in the UI language."""
    language = _app().language
    note = _("Nur auf Deutsch") if topic.language != language else ""
    return TileSpec(topic.title, note, on_press=on_press, key=topic.id)


def _press_tile(tile: Tile) -> None:
    if tile.spec.on_press:
        tile.spec.on_press()


class PagedGrid(BoxLayout):
    """Tiles a page at a time, as many as fit the space at the theme's sizes; big "Vorige" /
    "Weitere" below when there is more than one page, or left and right of the tiles where
    below they would leave the tiles too low (the 7-inch display, A++).

    ``min_tile_mm`` is a tile's least width; its least height follows from ``lines`` of text.
    """

    min_tile_mm = NumericProperty(60)
    lines = NumericProperty(2)
    #: every tile needs its second line (whom to call and why): where it does not fit, its last
    #: " · " parts are left out first, and there are fewer tiles a page, before a title alone
    whole_tiles = BooleanProperty(False)
    max_per_page = NumericProperty(0)  # 0: as many as fit
    page_text = StringProperty("")
    #: where "Vorige" / "Weitere" are: "none" (one page), "below" or "beside" the tiles
    nav_place = StringProperty("none")

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
        ids = self.ids
        # held here: kv's ids are weak, and the parts move between places (see _place_nav)
        self._parts = (ids.grid.__self__, ids.nav.__self__, ids.previous.__self__,
                       ids.next.__self__)
        # "Nächste Seite" wraps to two lines on a narrow screen: the row grows with it.
        ids.previous.bind(height=self._nav_changed, font_size=self._fit_nav_buttons,
                          text=self._fit_nav_buttons)
        ids.next.bind(height=self._nav_changed, font_size=self._fit_nav_buttons,
                      text=self._fit_nav_buttons)
        self._place_nav("none")

    def _nav_changed(self, *_args) -> None:
        if self.nav_place == "below":
            self._trigger()

    def _fit_nav_buttons(self, *_args) -> None:
        """Below the tiles "Vorige" and "Weitere" are as wide as their words: "Seite 1 von 27"
        between them keeps to one line (at A++ it wrapped in a third of the row and was drawn
        out of it). Again with each new text size or language."""
        if self.nav_place == "beside" or _app() is None:
            return
        for button in self._parts[2:]:
            button.width = max(_app().theme.touch, button.width_for(
                button.given_text, button.font_size, one_line=True))

    def _nav_height(self) -> float:
        """The height of the row "Vorige" / "Seite 1 von 2" / "Weitere" below the tiles."""
        _grid, _nav, previous, following = self._parts
        if self.nav_place == "beside":  # (their heights now are the tiles')
            return _app().theme.touch
        return max(_app().theme.touch, previous.height, following.height)

    def _side_width(self) -> float:
        """The width "Vorige" and "Weitere" take beside the tiles, the gaps included."""
        theme = _app().theme
        _grid, _nav, previous, following = self._parts
        return sum(max(theme.touch, b.width_for(b.given_text, b.font_size, one_line=True))
                   for b in (previous, following)) + 2 * theme.gap

    def set_items(self, items: Sequence, page: int = 0, *,
                  make_tile: Callable[[Any], TileSpec] | None = None) -> None:
        """``items`` are TileSpecs, or anything ``make_tile`` turns into one when it comes into
        view: a list of 10,000 topics then costs the tiles of one page, not 10,000."""
        self.items = items
        self.make_tile = make_tile
        self.pager = Pager(self.items, self.pager.per_page, page)
        self.rebuild()

    def _room(self, place: str) -> tuple[float, float]:
        """Width and height the tiles have with the page turns ``place``."""
        gap = _app().theme.gap
        if place == "below":
            return self.width, self.height - self._nav_height() - gap
        if place == "beside":
            return self.width - self._side_width(), self.height
        return self.width, self.height

    def _tile_size(self) -> tuple[float, float]:
        """A tile's least width and height."""
        theme = _app().theme
        tile_w = theme.mm(self.min_tile_mm) * (theme.font_body / theme.font_for_cap(5.0)) ** 0.5
        tile_h = max(theme.touch, theme.font_body * 1.3 * self.lines + theme.mm(4))
        return tile_w, tile_h

    def _fit(self, place: str) -> tuple[int, int]:
        """Columns and rows of tiles with the page turns ``place``."""
        gap = _app().theme.gap
        tile_w, tile_h = self._tile_size()
        width, height = self._room(place)
        cols = max(1, int((max(width, 1) + gap) // (tile_w + gap)))
        rows = max(1, int((height + gap) // (tile_h + gap)))
        if self.max_per_page:
            per_page = min(cols * rows, int(self.max_per_page))
            cols = min(cols, per_page)
            rows = math.ceil(per_page / cols)
        if place == "none" and self.items:  # no empty rows: the tiles there have their room
            rows = min(rows, math.ceil(len(self.items) / cols))
        return cols, rows

    def _places(self) -> list[str]:
        """Where the page turns may go, in the order tried: nowhere when every tile fits on
        one page; else below, and beside the tiles where below leaves a row of tiles less
        than a touch target high, or a title no room (a tile's lines at A++)."""
        cols, rows = self._fit("none")
        if cols * rows >= len(self.items):
            return ["none"]
        if self._room("below")[1] < _app().theme.touch:
            return ["beside"]
        return ["below", "beside"]

    def rebuild(self) -> None:
        grid = self.ids.grid
        if _app() is None or self.width <= 1:
            return
        first = self.pager.page * self.pager.per_page
        for place in self._places():
            cols, rows = self._fit(place)
            while True:
                self.pager = Pager(self.items, cols * rows)
                self.pager.page = self.pager.page_of(first)
                specs = [self.make_tile(item) if self.make_tile else item
                         for item in self.pager.visible]
                texts = self._texts(specs, cols, rows, place)
                if texts is not None or cols * rows == 1:
                    break
                # A title too long for its tile (Kivy would leave out its first line): fewer,
                # larger tiles on this page, taller ones first.
                rows, cols = (rows - 1, cols) if rows > 1 else (rows, cols - 1)
            if texts is not None:
                break
            # (a single tile too small for its title below the page turns: beside them the
            # tile has the whole height; the text check was not done on the final layout)
        self._place_nav(place if self.pager.pages > 1 else "none")
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

    def _texts(self, specs: list[TileSpec], cols: int, rows: int,
               place: str) -> list[str] | None:
        """What each tile shows at this grid size: title and second line where they fit, else
        the title alone; None when a title alone does not fit its tile."""
        theme = _app().theme
        width, height = self._room(place if self.pager.pages > 1 else "none")
        tile_h = (height - (rows - 1) * theme.gap) / rows - theme.mm(4)
        tile_w = (width - (cols - 1) * theme.gap) / cols - theme.mm(6)
        texts = []
        for spec in specs:
            for text in self._candidates(spec):
                if self._fits(text, tile_w, tile_h):
                    texts.append(text)
                    break
            else:
                return None
        return texts

    def _candidates(self, spec: TileSpec) -> list[str]:
        """What a tile may show, the most first."""
        if not (self.whole_tiles and spec.subtitle):
            return [spec.markup(True), spec.markup(False)]
        parts = spec.subtitle.split(" · ")
        return [replace(spec, subtitle=" · ".join(parts[:n])).markup()
                for n in range(len(parts), 0, -1)]

    @staticmethod
    def _fits(markup: str, width: float, height: float) -> bool:
        """Whether a tile's text fits ``width`` × ``height`` as the tile will show it: broken
        where the language allows, laid out as Kivy will (not drawn), no word wider than a
        line (a German title in the Turkish UI has no Turkish syllables)."""
        font = _app().theme.font_body
        shown = broken(markup, BASE_FONT, font, width)
        plain = _MARKUP.sub("", shown)
        if any(text_width(BASE_FONT, font, word) > width for word in plain.split()):
            return False
        options = text_options(BASE_FONT, plain)
        if options["font_direction"] == "rtl":  # as it will be drawn: wrapped by us
            shown = right_to_left(shown, BASE_FONT, font, width, markup=True)[0]
        label = MarkupLabel(text=shown, font_size=font, text_size=(width, None),
                            halign="center", **options)
        return label.render()[1] <= height

    def _place_nav(self, place: str) -> None:
        """Put "Vorige" / "Weitere" where ``place`` says. Nowhere, they take no room at all
        (an empty row below still took the gap before it: tiles and texts were measured 3 mm
        taller than they were)."""
        grid, nav, previous, following = self._parts
        if place == self.nav_place and (place != "none" or nav.parent is None):
            return
        self.nav_place = place
        for widget in (grid, nav, previous, following):
            if widget.parent is not None:
                widget.parent.remove_widget(widget)
        if place == "beside":
            self.orientation = "horizontal"
            for button in (previous, following):
                button.size_hint = (None, 1)
                button.width = max(_app().theme.touch, button.width_for(
                    button.given_text, button.font_size, one_line=True))
            for widget in (previous, grid, following):
                self.add_widget(widget, index=0)
            return
        self.orientation = "vertical"
        for button in (previous, following):
            button.size_hint = (None, None)
        self._fit_nav_buttons()
        nav.add_widget(previous, index=len(nav.children))  # left of the page label
        nav.add_widget(following)
        self.add_widget(grid)
        if place == "below":
            self.add_widget(nav, index=0)

    def _show_nav(self) -> None:
        """Vorige / "Seite 2 von 3" / Weitere, only when there is more than one page."""
        nav, paged = self.ids.nav, self.pager.pages > 1
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
        self._place_nav("below" if len(pages) > 1 else "none")
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
        """The height ``text`` takes as body text at this width (laid out, not drawn). Right
        to left text in the lines it is drawn in (:func:`right_to_left` wraps it, measuring in
        bold: Kivy's own wrapping gave Arabic steps a line less than drawn, and "Seite 2 von
        3" was pushed over the guide's buttons)."""
        theme = _app().theme
        key = (text, self.width, theme)
        if key not in self._heights:
            options = text_options(BASE_FONT, text)
            if options["font_direction"] == "rtl":
                text = "\n".join(right_to_left(text, BASE_FONT, theme.font_body, self.width)[1])
            label = CoreLabel(text=text, font_size=theme.font_body, **options,
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


class NoticeDialog(ModalView):
    """A message and one button ("Weiter") that closes it: for where the message's lines would
    take the room of what the screen is for (a keyboard's rows, a list's tiles)."""

    text = StringProperty("")
    bg_colour = ListProperty([0, 0, 0, 0])
    text_colour = ListProperty([0, 0, 0, 1])

    def __init__(self, **kwargs):
        super().__init__(auto_dismiss=False, **kwargs)


class WarningDialog(NoticeDialog):
    """What was typed was refused: the reason on the warning colour, and one button back to the
    keyboard. For typing steps where a warning above the keyboard would take its rows."""


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
