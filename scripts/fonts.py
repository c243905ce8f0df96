"""Cut the static fonts the kiosk draws Cyrillic and Arabic with: ``python scripts/fonts.py``
(after the locked font packages change), then commit ``kiosk/fonts/``.

Noto Sans and Noto Sans Arabic come from PyPI (locked) as variable fonts. SDL2_ttf 2.22, Kivy's
text provider, draws a variable font at its default weight (400) only and makes nothing bold
itself; and a label has one font, while an Arabic line may hold a Russian name. So this writes
Noto Sans at weight 700, and Noto Sans Arabic at 400 and 700 with Noto Sans's Latin and Cyrillic
merged in, each cut to the characters the kiosk shows (see :mod:`kiosk.theme`). Cutting takes
seconds, too slow for a kiosk's start. ``tests/kiosk/test_fonts.py`` checks the result.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.theme import (  # noqa: E402
    ARABIC_LINE,
    ARABIC_RANGES,
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


def arabic(weight: int, out: str) -> None:
    """Noto Sans's Latin and Cyrillic, then Noto Sans Arabic's letters, in one font."""
    with tempfile.TemporaryDirectory() as work:
        parts = []
        for name, ranges in (("cyrillic", LATIN_CYRILLIC_RANGES), ("arabic", ARABIC_RANGES)):
            path = f"{work}/{name}.ttf"
            cut(VARIABLE_FONTS[name], ranges, weight).save(path)
            parts.append(path)
        merged = Merger().merge(parts)
    ascent, descent = ARABIC_LINE
    hhea, os2 = merged["hhea"], merged["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = ascent, descent, 0
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = ascent, descent, 0
    os2.usWinAscent, os2.usWinDescent = ascent, -descent
    merged.save(out)


def main() -> int:
    Path(FONTS["arabic"][0]).parent.mkdir(exist_ok=True)
    cut(VARIABLE_FONTS["cyrillic"], LATIN_CYRILLIC_RANGES, 700).save(FONTS["cyrillic"][1])
    arabic(400, FONTS["arabic"][0])
    arabic(700, FONTS["arabic"][1])
    for path in (FONTS["cyrillic"][1], *FONTS["arabic"]):
        print(f"{path} ({Path(path).stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
