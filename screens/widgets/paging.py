"""Things a page at a time, turned with big "Vorige" / "Weitere" (no scrolling): tiles
(:class:`Tile`, :class:`TileSpec`) in a :class:`PagedGrid`, paragraphs in a
:class:`PagedText`."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kivy.clock import Clock
from kivy.core.text import Label as CoreLabel
from kivy.core.text.markup import MarkupLabel
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget
from kivy.utils import escape_markup

from kiosk.i18n import _
from kiosk.paging import Pager
from screens.kv import load_kv
from screens.widgets.buttons import BigButton
from screens.widgets.text import (
    _MARKUP,
    BASE_FONT,
    BodyLabel,
    _app,
    broken,
    right_to_left,
    text_options,
    text_width,
)


class Tile(BigButton):
    """A large square-ish choice on a grid (topics, days, times); shows a :class:`TileSpec`."""


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


load_kv(__file__)
