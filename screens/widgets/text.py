"""Text: scripts and directions (a font for each script, Arabic right to left, boxes and grids
mirrored in a right-to-left UI), measuring text, breaking long words, and the labels
(:class:`BodyLabel`, :class:`TitleLabel`) every screen writes with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial

from bidi import get_display
from kivy.app import App
from kivy.core.text import Label as CoreLabel
from kivy.core.text import LabelBase
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.utils import escape_markup, get_hex_from_color

from kiosk.i18n import RTL_LANGUAGES
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


class BodyLabel(BreaksLongWords, Label):
    """Running text at body size; wraps to its width and grows to its text."""


class TitleLabel(BodyLabel):
    pass


load_kv(__file__)
