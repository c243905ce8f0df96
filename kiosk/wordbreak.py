"""Breaking words too wide for a line where the language allows, not after any letter.

Kivy wraps lines at spaces; a single word wider than the line it breaks after whatever letter
reaches the edge ("Smartphone-Grun|dlagen", "Startseit|e"). German has long words, large text
makes them longer, and a word torn in the wrong place is hard to read for someone learning
German. So a word too wide for the line is broken after a hyphen it has; else between syllables
(pyphen's dictionaries, with a hyphen added); only when neither fits is it left to Kivy.

Plain Python: the caller measures (``width_of``), so this is tested without a window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

_TAGS = re.compile(r"^((?:\[[^\]]*\])*)(.*?)((?:\[[^\]]*\])*)$", re.DOTALL)


@cache
def _dictionary(language: str):
    """pyphen's dictionary for ``language`` (None: there is none), imported and loaded when
    first needed: most screens never need it."""
    import pyphen

    found = pyphen.language_fallback(language)
    return pyphen.Pyphen(lang=found) if found else None


def syllable_breaks(word: str, language: str) -> list[int]:
    """Where ``word`` may be broken between syllables (indexes into it); none next to a hyphen."""
    dictionary = _dictionary(language)
    if dictionary is None:
        return []
    return [i for i in dictionary.positions(word)
            if word[i - 1] != "-" and word[i:i + 1] != "-"]


def break_word(word: str, fits: Callable[[str], bool], language: str | None) -> list[str]:
    """``word`` as lines that each fit, broken after its own hyphens first, else between
    syllables with a hyphen added (not when ``language`` is None). A rest that cannot be broken
    further stays whole."""
    lines: list[str] = []
    rest = word
    while not fits(rest):
        own_hyphens = [i + 1 for i, c in enumerate(rest[:-1]) if c == "-" and i > 0]
        own = [(i, "") for i in reversed(own_hyphens)]
        cut = next(((i, added) for i, added in own if fits(rest[:i] + added)), None)
        if cut is None and language is not None:
            syllables = [(i, "-") for i in reversed(syllable_breaks(rest, language))]
            cut = next(((i, added) for i, added in syllables if fits(rest[:i] + added)), None)
        if cut is None:
            break
        i, added = cut
        lines.append(rest[:i] + added)
        rest = rest[i:]
    return [*lines, rest]


def break_long_words(text: str, width_of: Callable[[str], float], line_width: float,
                     language: str | None) -> str:
    """``text`` with a line break put into each word wider than ``line_width``. Kivy markup
    tags around a word (``[b]…[/b]``) are kept and not measured. ``language`` None: only after
    hyphens (loading a syllable dictionary takes ~0.5 s and ~15 MB)."""
    def fits(part: str) -> bool:
        return width_of(part) <= line_width

    def fix(token: str) -> str:
        before, word, after = _TAGS.match(token).groups()
        if not word or fits(word):
            return token
        return before + "\n".join(break_word(word, fits, language)) + after

    return "\n".join(" ".join(fix(token) for token in line.split(" "))
                     for line in text.split("\n"))
