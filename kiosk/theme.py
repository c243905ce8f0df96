"""The theme's numbers: sizes in millimetres turned into pixels for the configured display, text
sizes by capital height, and colours checked for contrast. Pure Python; Kivy reads it in kv.

Accessibility targets (issue "Kiosk UI for seniors"): touch targets ≥ 16 mm on the short side
(never below 14 mm) and ≥ 2 mm apart; text contrast ≥ 7:1 (WCAG AAA) in both colour schemes; body
text capital height ≥ 4.8 mm, ≥ 6.1 mm in large-text mode (EN 301 549 5.1.4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

from kiosk.settings import Display

MM_PER_INCH = 25.4
FONT_DIR = Path(atkinson.__file__).parent / "files"
FONT_REGULAR = str(FONT_DIR / "AtkinsonHyperlegible-Regular.ttf")
FONT_BOLD = str(FONT_DIR / "AtkinsonHyperlegible-Bold.ttf")
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
