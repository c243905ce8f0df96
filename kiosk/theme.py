"""The theme's numbers: sizes in millimetres turned into pixels for the configured display, text
sizes by capital height, and colours checked for contrast. Pure Python; Kivy reads it in kv.

Accessibility targets (issue "Kiosk UI for seniors"): touch targets ≥ 16 mm on the short side
(never below 14 mm) and ≥ 2 mm apart; text contrast ≥ 7:1 (WCAG AAA) in both colour schemes; body
text capital height ≥ 4.8 mm, ≥ 6.1 mm in large-text mode (EN 301 549 5.1.4).
"""

from __future__ import annotations

import functools
import math
import struct
from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson
import fontpkg_noto_sans as noto_sans
import fontpkg_noto_sans_arabic as noto_arabic

from kiosk.settings import Display

MM_PER_INCH = 25.4
FONT_DIR = Path(atkinson.__file__).parent / "files"
FONT_REGULAR = str(FONT_DIR / "AtkinsonHyperlegible-Regular.ttf")
FONT_BOLD = str(FONT_DIR / "AtkinsonHyperlegible-Bold.ttf")
# Atkinson Hyperlegible (made for low vision) has Latin letters only. Cyrillic is in Noto Sans,
# Arabic in Noto Sans Arabic: both drawn for reading on screens, open and wide like Atkinson,
# with Latin letters and digits of the same design (codes, times and "WhatsApp" inside a
# Russian or Arabic text). They come from PyPI (locked) as variable fonts, which SDL2_ttf draws
# at their default weight only: scripts/fonts.py cuts the static fonts the kiosk draws with
# from them (committed in kiosk/fonts/; seconds of work, too slow for a kiosk's start):
# Noto Sans in both weights, and Noto Sans Arabic in both weights with Noto Sans's Latin and
# Cyrillic merged in (a line may hold Arabic beside a Russian name; a label has one font).
VARIABLE_FONTS = {
    "cyrillic": str(Path(noto_sans.__file__).parent / "files" / "NotoSans[wdth,wght].ttf"),
    "arabic": str(Path(noto_arabic.__file__).parent / "files" / "NotoSansArabic[wdth,wght].ttf"),
}
CUT_DIR = Path(__file__).parent / "fonts"
#: script -> (regular, bold) font files
FONTS = {
    "latin": (FONT_REGULAR, FONT_BOLD),
    "cyrillic": (str(CUT_DIR / "NotoSans-Regular.ttf"), str(CUT_DIR / "NotoSans-Bold.ttf")),
    "arabic": (str(CUT_DIR / "NotoSansArabic-Regular.ttf"),
               str(CUT_DIR / "NotoSansArabic-Bold.ttf")),
}
#: the family names the screens register the fonts under (Kivy's ``font_name``)
FONT_FAMILIES = {"latin": "Atkinson", "cyrillic": "NotoSans", "arabic": "NotoSansArabic"}
# What the cut fonts keep of Noto Sans: Latin with accents, modifier letters (Ukrainian ʼ),
# combining accents, Cyrillic, punctuation, currency, arrows and shapes; of Noto Sans Arabic:
# the Arabic letters with their presentation forms and punctuation.
LATIN_CYRILLIC_RANGES = ((0x20, 0x24F), (0x2B0, 0x36F), (0x400, 0x52F), (0x2000, 0x206F),
                         (0x20A0, 0x20CF), (0x2100, 0x214F), (0x2190, 0x21FF),
                         (0x2200, 0x22FF), (0x25A0, 0x25FF))
ARABIC_RANGES = ((0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
# Every size on the kiosk is reckoned in Atkinson's measures: its capital height (668 of 1000
# units) and its line (950 + 290). Noto's capitals are 714 high and its lines 1.37 and 1.6 em:
# at the same font size a Russian button of two lines was 12 px taller than the room the theme
# gave it, an Arabic Startseite ran into its settings row. So the cut fonts are drawn smaller,
# to Atkinson's capital height, and Noto Sans gets Atkinson's line: a Russian text takes the
# room a German one does. The Arabic line holds what its letters need (أ above, ي below: 1.4 em
# instead of 1.6; Noto Sans Arabic's own line is for stacked marks the kiosk never shows).
CUT_SCALE = 668 / 714
#: script -> (ascent, descent) of the cut fonts' line, in font units of 1000 an em
CUT_LINES = {"cyrillic": (950, -290), "arabic": (950, -450)}


@functools.cache
def characters(path: str) -> frozenset[int]:
    """The characters a TrueType font has glyphs for, from its cmap table (formats 4 and 12;
    the standard library only: the kiosk's install has no fontTools)."""
    data = Path(path).read_bytes()
    tables = {data[12 + 16 * n:16 + 16 * n]: struct.unpack_from(">I", data, 20 + 16 * n)[0]
              for n in range(struct.unpack_from(">H", data, 4)[0])}
    cmap = tables[b"cmap"]
    found: set[int] = set()
    for n in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * n)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
            continue
        table = cmap + offset
        kind = struct.unpack_from(">H", data, table)[0]
        if kind == 4:
            segments = struct.unpack_from(">H", data, table + 6)[0] // 2
            ends = struct.unpack_from(f">{segments}H", data, table + 14)
            starts = struct.unpack_from(f">{segments}H", data, table + 16 + 2 * segments)
            deltas = struct.unpack_from(f">{segments}h", data, table + 16 + 4 * segments)
            ranges_at = table + 16 + 6 * segments
            ranges = struct.unpack_from(f">{segments}H", data, ranges_at)
            for i, (first, last) in enumerate(zip(starts, ends, strict=True)):
                for code in range(first, min(last, 0xFFFE) + 1):
                    if ranges[i] == 0:
                        glyph = (code + deltas[i]) & 0xFFFF
                    else:
                        at = ranges_at + 2 * i + ranges[i] + 2 * (code - first)
                        glyph = struct.unpack_from(">H", data, at)[0]
                        glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
                    if glyph:
                        found.add(code)
        elif kind == 12:
            groups = struct.unpack_from(">I", data, table + 12)[0]
            for g in range(groups):
                first, last, _glyph = struct.unpack_from(">III", data, table + 16 + 12 * g)
                found.update(range(first, last + 1))
    return frozenset(found)


def script_of(text: str) -> str:
    """Which font draws ``text`` (a key of :data:`FONTS`): Atkinson Hyperlegible where it has
    every character (it lacks Turkish İ), else Noto Sans (Latin and Cyrillic), else the Arabic
    one (Arabic, Latin and Cyrillic)."""
    codes = {ord(ch) for ch in text} - {0x0A, 0x09}
    for key in ("latin", "cyrillic"):
        if codes <= characters(FONTS[key][0]):
            return key
    return "arabic"


# Capital height / font size of Atkinson Hyperlegible (668 of 1000 units; checked in tests).
CAP_RATIO = 0.668

TOUCH_MM = 17.0        # a button's short side
GAP_MM = 3.0
KEY_GAP_MM = 2.5
# The least the rules allow, for where every millimetre counts (the 7-inch name keyboard).
LEAST_TOUCH_MM = 16.0
LEAST_GAP_MM = 2.0
# Body-text capital height in mm for text size A, A+, A++.
BODY_CAP_MM = (5.0, 6.3, 7.4)
TEXT_SCALES = ("A", "A+", "A++")
SMALL_SCREEN_MM = 110  # below this height a screen shows less at once

Colour = tuple[float, float, float, float]


def hex_colour(code: str) -> Colour:
    code = code.lstrip("#")
    return tuple(int(code[i:i + 2], 16) / 255 for i in (0, 2, 4)) + (1.0,)  # type: ignore


def _luminance(colour: Colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 … 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True)
class Palette:
    background: Colour
    text: Colour
    button: Colour          # main buttons and tiles
    button_text: Colour
    quiet: Colour           # secondary buttons ("Zurück", "Für Helfer")
    quiet_text: Colour
    disabled: Colour
    disabled_text: Colour
    accent: Colour          # focus ring, the booking code's frame
    warning: Colour
    warning_text: Colour


NORMAL = Palette(
    background=hex_colour("#FFFDF7"),
    text=hex_colour("#141414"),
    button=hex_colour("#0B3D91"),
    button_text=hex_colour("#FFFFFF"),
    quiet=hex_colour("#E6E1D3"),
    quiet_text=hex_colour("#141414"),
    disabled=hex_colour("#D9D9D9"),
    disabled_text=hex_colour("#2B2B2B"),
    accent=hex_colour("#B35C00"),
    warning=hex_colour("#FFE8A3"),
    warning_text=hex_colour("#141414"),
)

HIGH_CONTRAST = Palette(
    background=hex_colour("#000000"),
    text=hex_colour("#FFFFFF"),
    button=hex_colour("#FFE600"),
    button_text=hex_colour("#000000"),
    quiet=hex_colour("#333333"),
    quiet_text=hex_colour("#FFFFFF"),
    disabled=hex_colour("#1A1A1A"),
    disabled_text=hex_colour("#C8C8C8"),
    accent=hex_colour("#00E5FF"),
    warning=hex_colour("#FFE600"),
    warning_text=hex_colour("#000000"),
)


def px_per_mm(display: Display) -> float:
    diagonal_px = math.hypot(display.width, display.height)
    return diagonal_px / (display.diagonal_inch * MM_PER_INCH)


@dataclass(frozen=True)
class Theme:
    """Everything a screen needs to size and colour itself; a new Theme per setting change."""

    display: Display
    text_scale: int = 0          # index into TEXT_SCALES
    high_contrast: bool = False

    @property
    def px_per_mm(self) -> float:
        return px_per_mm(self.display)

    def mm(self, millimetres: float) -> float:
        return millimetres * self.px_per_mm

    @property
    def small_screen(self) -> bool:
        """The 7-inch display (91 mm high): screens show less at once there."""
        height_mm = min(self.display.width, self.display.height) / self.px_per_mm
        return height_mm < SMALL_SCREEN_MM

    @property
    def compact(self) -> bool:
        """Few lines of body text fit on the screen: screens show less at once. The 7-inch
        display at A and the 10-inch at A++ have room for 10.2 lines, the 10-inch at A+ for 12."""
        line = self.font_body * 1.2
        return self.small_screen or min(self.display.width, self.display.height) / line < 11

    @property
    def text_scales(self) -> tuple[str, ...]:
        """The text sizes this display can offer. A small screen has no room for larger text
        next to 16 mm buttons: it offers A only."""
        return TEXT_SCALES[:1] if self.small_screen else TEXT_SCALES

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.high_contrast else NORMAL

    @property
    def touch(self) -> float:
        return self.mm(TOUCH_MM)

    @property
    def gap(self) -> float:
        return self.mm(GAP_MM)

    @property
    def key_gap(self) -> float:
        """Keys of the on-screen keyboard sit closer (the rule is ≥ 2 mm apart): on the 7-inch
        display the number pad then gets two rows instead of one and a "Weitere" key."""
        return self.mm(KEY_GAP_MM)

    def font_for_cap(self, cap_mm: float) -> float:
        return self.mm(cap_mm) / CAP_RATIO

    @property
    def body_cap_mm(self) -> float:
        return BODY_CAP_MM[self.text_scale]

    @property
    def font_body(self) -> float:
        return self.font_for_cap(self.body_cap_mm)

    @property
    def font_title(self) -> float:
        return self.font_for_cap(self.body_cap_mm * 1.3)

    @property
    def font_huge(self) -> float:
        """The booking code: readable from a step back."""
        return self.font_for_cap(14.0)
