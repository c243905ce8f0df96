"""The glossary: hard words in step texts, each explained in a short plain sentence or two.

A manager marks a hard word in a step text with double square brackets: ``[[WLAN]]``. Where
the text uses another form of the word than the glossary does, the glossary's word comes
first, then a bar and the word as the text shows it: ``[[Passwort|Passwörter]]``. The word is
looked up among every entry's id and terms, in every language, capitals, accents and ß folded
("passwort" finds "Passwort"). docs/content-bundle.md, "Glossary".

Pure Python: the bundle's rules (kiosk.bundle, which the server imports), the store, the read-
aloud text, the search and the printed sheet use it; the screens draw the marked words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kiosk.search import fold

MARK_RE = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]|]*))?\]\]")
MAX_TERM_LENGTH = 40
MAX_EXPLANATION_LENGTH = 120  # what the overlay has room for beside a picture on the 7-inch
MAX_ENTRIES = 500
EXAMPLE = "[[WLAN]]"


@dataclass(frozen=True)
class Mark:
    word: str   # what is looked up
    shown: str  # what the text shows


def marks(text: str) -> list[Mark]:
    """The marked words of ``text``, in order."""
    return [Mark(m[1].strip(), (m[2] if m[2] is not None else m[1]).strip())
            for m in MARK_RE.finditer(text)]


def plain(text: str) -> str:
    """``text`` as it reads: each mark replaced by the word it shows (read aloud, searched,
    counted for the 15 words, printed)."""
    return MARK_RE.sub(lambda m: (m[2] if m[2] is not None else m[1]).strip(), text)


def key(word: str) -> str:
    return " ".join(fold(word).split())


def index(entries: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each entry's id and every term in every language (folded) → the entry's id."""
    found: dict[str, str] = {}
    for entry in entries:
        words = [entry["id"], *(entry.get("term") or {}).values()]
        for word in words:
            found.setdefault(key(word), entry["id"])
    return found


def pieces(text: str, lookup: dict[str, str]) -> list[tuple[str, str | None]]:
    """``text`` as it reads, in pieces: (words, None) and (marked word, entry id). A marked
    piece takes in the letters joined to it ("[[WLAN]]-Netz." is one piece "WLAN-Netz."), so
    that a word is never split between two styles when drawn. A word without an entry
    (refused by the rules, so never on a kiosk) stays plain."""
    found: list[tuple[str, str | None]] = []
    rest = 0
    for m in MARK_RE.finditer(text):
        entry = lookup.get(key(m[1]))
        if entry is None:
            continue
        start, end = m.start(), m.end()
        while start > rest and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace() and not text.startswith("[[", end):
            end += 1
        if start < rest:  # (two marks in one word: the first one's)
            continue
        if start > rest:
            found.append((plain(text[rest:start]), None))
        found.append((plain(text[start:end]), entry))
        rest = end
    if rest < len(text):
        found.append((plain(text[rest:]), None))
    return found


def mark_problems(text: str, lookup: dict[str, str], where: str) -> list[str]:
    """What is wrong with the marks of one text, in plain German (empty: nothing)."""
    problems = []
    for mark in marks(text):
        if not mark.word or not mark.shown:
            problems.append(f"{where}: zwischen den Klammern [[ ]] fehlt das Wort. "
                            f"So ist es richtig: {EXAMPLE}")
        elif key(mark.word) not in lookup:
            problems.append(f"{where}: „{mark.word}“ ist als schweres Wort markiert, steht "
                            f"aber nicht im Wörterbuch. Legen Sie es im Wörterbuch an, oder "
                            f"nehmen Sie die Klammern [[ ]] weg.")
    rest = MARK_RE.sub("", text)
    if "[[" in rest or "]]" in rest:
        problems.append(f"{where}: eine Klammer [[ oder ]] um ein schweres Wort fehlt. "
                        f"So ist es richtig: {EXAMPLE}")
    return problems
