"""No empty boxes: every character of every text the kiosk shows is in the font it is drawn in,
read from the fonts' character maps (fontTools) — every catalog, every text of the demo bundle
(each topic in each language), the dates in every language, the keyboards and the language
names; the cut fonts have Atkinson's capital height and every letter shown fits their line
(SDL2_ttf cuts what reaches outside it). And the cut fonts in kiosk/fonts are what
scripts/fonts.py makes of the locked font packages."""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from kiosk import dates, i18n, keyboard
from kiosk.demo import DEMO_DIR
from kiosk.theme import (
    ARABIC_RANGES,
    CAP_RATIO,
    CUT_LINES,
    FONTS,
    LATIN_CYRILLIC_RANGES,
    VARIABLE_FONTS,
    script_of,
)

ROOT = Path(__file__).resolve().parents[2]
NOT_DRAWN = set("\n\t")


@cache
def font(path: str) -> TTFont:
    return TTFont(path, lazy=True)


@cache
def cmap(path: str) -> frozenset[int]:
    return frozenset(font(path).getBestCmap())


def catalog_texts() -> list[tuple[str, str]]:
    texts = []
    for po in sorted((ROOT / "kiosk/locale").glob("*/LC_MESSAGES/kiosk.po")):
        for message in read_po(po.open("rb")):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts += [(f"{po.parts[-3]} catalog", t) for t in (*ids, *strings) if t]
    return texts


def bundle_texts() -> list[tuple[str, str]]:
    """Every string in the demo bundle's manifest: titles, summaries, steps, picture texts,
    keywords, categories, in every language it has."""
    found = []

    def walk(value, where: str) -> None:
        if isinstance(value, str):
            found.append((where, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, f"{where}[{n}]")

    walk(json.loads((DEMO_DIR / "bundle/manifest.json").read_text("utf-8")), "bundle")
    return found


def generated_texts() -> list[tuple[str, str]]:
    """What the code writes itself: dates in every language over a year, the keys of every
    keyboard, the language names (on the Startseite all on one button)."""
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 365, 5)]
    texts = [(f"{language} date", text) for language in i18n.LANGUAGES for day in days
             for text in (dates.long_date(day, language), dates.short_date(day, language),
                          dates.month_year(f"{day.year}-{day.month:02d}", language))]
    texts += [(f"{language} keys", "".join(keyboard.upper(c, language) + c for c in letters))
              for language, letters in keyboard.LETTERS.items()]
    texts += [("script keys", label) for _letters, label in keyboard.SCRIPTS.values()]
    texts.append(("language names", " · ".join(i18n.LANGUAGES.values())))
    return texts


TEXTS = catalog_texts() + bundle_texts() + generated_texts()


def test_the_texts_include_every_language_and_the_bundle():
    languages = {where.split()[0] for where, _text in TEXTS if where.endswith("catalog")}
    assert languages == set(i18n.LANGUAGES) - {"de"}
    scripts = {script_of(text) for _where, text in TEXTS}
    assert scripts == {"latin", "cyrillic", "arabic"}
    assert sum(where.startswith("bundle") for where, _text in TEXTS) > 1000


@pytest.mark.parametrize("weight", [0, 1], ids=["regular", "bold"])
def test_every_character_is_in_the_font_it_is_drawn_in(weight):
    missing = {}
    for where, text in TEXTS:
        path = FONTS[script_of(text)][weight]
        for ch in set(text) - NOT_DRAWN:
            if ord(ch) not in cmap(path):
                missing.setdefault(f"U+{ord(ch):04X} {ch!r} in {Path(path).name}", where)
    assert not missing, "\n".join(f"{k} (first in {v})" for k, v in sorted(missing.items()))


@pytest.mark.parametrize("script", list(CUT_LINES))
def test_the_letters_fit_the_cut_fonts_line(script):
    ascent, descent = CUT_LINES[script]
    used = {ch for _where, text in TEXTS if script_of(text) == script for ch in text}
    outside = []
    for path in FONTS[script]:
        glyphs, names = font(path)["glyf"], font(path).getBestCmap()
        assert (font(path)["hhea"].ascent, font(path)["hhea"].descent) == (ascent, descent)
        for ch in used - NOT_DRAWN:
            glyph = glyphs[names[ord(ch)]]
            if glyph.numberOfContours and not descent <= glyph.yMin <= glyph.yMax <= ascent:
                outside.append((Path(path).name, ch, glyph.yMin, glyph.yMax))
    assert not outside


@pytest.mark.parametrize("script", list(CUT_LINES))
def test_the_cut_fonts_capitals_are_as_high_as_atkinsons(script):
    """The theme sizes text by Atkinson's capital height: an H is as high in every script's
    font (and a Russian line as high as a German one where the line is the same)."""
    for path in FONTS[script]:
        h = font(path)["glyf"][font(path).getBestCmap()[ord("H")]]
        assert h.yMax / font(path)["head"].unitsPerEm == pytest.approx(CAP_RATIO, abs=0.003)


def _in(ranges, code: int) -> bool:
    return any(first <= code <= last for first, last in ranges)


def test_the_cut_fonts_are_made_from_the_locked_packages():
    """Each has exactly the characters of its source within the cut's ranges, and its weight
    (scripts/fonts.py was run after the last font package update)."""
    latin_cyrillic = {c for c in cmap(VARIABLE_FONTS["cyrillic"])
                      if _in(LATIN_CYRILLIC_RANGES, c)}
    arabic = {c for c in cmap(VARIABLE_FONTS["arabic"]) if _in(ARABIC_RANGES, c)}
    assert cmap(FONTS["cyrillic"][0]) == cmap(FONTS["cyrillic"][1]) == latin_cyrillic
    for path, weight in zip(FONTS["arabic"], (400, 700), strict=True):
        assert cmap(path) == latin_cyrillic | arabic
        assert font(path)["OS/2"].usWeightClass == weight
    assert [font(path)["OS/2"].usWeightClass for path in FONTS["cyrillic"]] == [400, 700]
    version = font(VARIABLE_FONTS["cyrillic"])["name"].getDebugName(5)  # the names are its
    assert all(font(path)["name"].getDebugName(5) == version
               for path in (*FONTS["cyrillic"], *FONTS["arabic"]))
