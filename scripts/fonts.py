"""Cut the static fonts the kiosk draws Cyrillic and Arabic with: ``python scripts/fonts.py``
(after the locked font packages change), then commit ``kiosk/fonts/``.

Noto Sans and Noto Sans Arabic come from PyPI (locked) as variable fonts. SDL2_ttf 2.22, Kivy's
text provider, draws a variable font at its default weight (400) only and makes nothing bold
itself; and a label has one font, while an Arabic line may hold a Russian name. So this writes
Noto Sans at 400 and 700, and Noto Sans Arabic at 400 and 700 with Noto Sans's Latin and
Cyrillic merged in, each cut to the characters the kiosk shows, drawn to Atkinson's capital
height and given the line of :data:`kiosk.theme.CUT_LINES`. Cutting takes seconds, too slow for
a kiosk's start. ``tests/kiosk/test_fonts.py`` checks the result.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.theme import (  # noqa: E402
    ARABIC_RANGES,
    CUT_LINES,
    CUT_SCALE,
    FONTS,
    LATIN_CYRILLIC_RANGES,
    VARIABLE_FONTS,
)


def cut(variable: str, ranges: tuple[tuple[int, int], ...], weight: int) -> TTFont:
    """``variable`` at ``weight`` as a static font, with only the characters in ``ranges``."""
    font = TTFont(variable)
    options = subset.Options()
    options.layout_features = ["*"]        # Arabic joining forms and ligatures, kerning
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for first, last in ranges for c in range(first, last + 1)])
    subsetter.subset(font)
    return instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100},
                                             updateFontNames=True)


def measured(font: TTFont, line: tuple[int, int]) -> TTFont:
    """``font`` drawn smaller by :data:`CUT_SCALE` in the same em (outlines, advances, kerning
    and marks alike: fontTools scales them all to a smaller em, then the em is set back), with
    ``line`` as its ascent and descent for every platform's table."""
    units = font["head"].unitsPerEm
    scale_upem(font, round(units * CUT_SCALE))
    font["head"].unitsPerEm = units
    ascent, descent = line
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = ascent, descent, 0
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, descent, 0
    os2.usWinAscent, os2.usWinDescent = ascent, -descent
    return font


def arabic(weight: int) -> TTFont:
    """Noto Sans's Latin and Cyrillic, then Noto Sans Arabic's letters, in one font."""
    with tempfile.TemporaryDirectory() as work:
        parts = []
        for name, ranges in (("cyrillic", LATIN_CYRILLIC_RANGES), ("arabic", ARABIC_RANGES)):
            path = f"{work}/{name}.ttf"
            cut(VARIABLE_FONTS[name], ranges, weight).save(path)
            parts.append(path)
        return Merger().merge(parts)


def main() -> int:
    Path(FONTS["arabic"][0]).parent.mkdir(exist_ok=True)
    for path, weight in zip(FONTS["cyrillic"], (400, 700), strict=True):
        font = cut(VARIABLE_FONTS["cyrillic"], LATIN_CYRILLIC_RANGES, weight)
        measured(font, CUT_LINES["cyrillic"]).save(path)
    for path, weight in zip(FONTS["arabic"], (400, 700), strict=True):
        measured(arabic(weight), CUT_LINES["arabic"]).save(path)
    for path in (*FONTS["cyrillic"], *FONTS["arabic"]):
        print(f"{path} ({Path(path).stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
