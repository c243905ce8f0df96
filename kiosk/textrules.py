"""Names and free texts: what is cleaned, what is refused, and CSV cells that cannot run formulas.

One rule for the kiosk and the server (the server imports this module), standard library only.

- Cleaned without asking: runs of white space (tabs, line breaks in a one-line field, no-break
  spaces) become one space, zero-width characters and soft hyphens go, and the text is put in
  Unicode's composed form (NFC), so "Jose" + combining accent is "José".
- Refused: any other control or format character — NUL, escape, the bidi embeddings, overrides
  and isolates U+202A–U+202E and U+2066–U+2069 (they turn "Anna" into "annA" on screen and in
  exports) — and unpaired surrogates, private-use and unassigned code points; a text that is
  empty once cleaned (a "name" of zero-width characters); a text over its length limit.

:func:`scrub` applies the same rule without refusing (the server's last line of defence before
the database); :func:`clean_line` and :func:`clean_text` say no with a plain German sentence.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters someone might paste without knowing: removed, never refused.
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"
                      "\ufeff")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACES = re.compile(r"\s+")
_LINE_SPACES = re.compile(r"[^\S\n]+")
# A spreadsheet runs a cell that begins with one of these as a formula (=HYPERLINK(…)); the
# full-width forms count too in some spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class TextRefused(ValueError):
    """A text breaks the rule; ``str(error)`` is a plain German sentence saying what to do."""


def _refused(ch: str) -> bool:
    return ch in BIDI_CONTROLS or unicodedata.category(ch) in _REFUSED_CATEGORIES


def _tidy(value: str, multiline: bool) -> str:
    """Composed form, invisible characters out, white space folded (lines kept if asked)."""
    text = unicodedata.normalize("NFC", value)
    text = "".join(ch for ch in text if ch not in INVISIBLE)
    if not multiline:
        return _SPACES.sub(" ", text).strip()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def scrub(value: str, *, multiline: bool = False) -> str:
    """The text with everything this module refuses taken out; never raises."""
    return _tidy("".join(ch for ch in value if ch.isspace() or not _refused(ch)), multiline)


def _clean(value: str, max_length: int, required: bool, multiline: bool) -> str:
    text = _tidy(value, multiline)
    if any(_refused(ch) for ch in text if ch != "\n"):
        raise TextRefused("Der Text enthält unsichtbare Steuerzeichen (etwa aus einer kopierten "
                          "Vorlage). Bitte den Text neu eintippen.")
    if required and not text:
        raise TextRefused("Bitte einen Text mit sichtbaren Zeichen eingeben.")
    if len(text) > max_length:
        raise TextRefused(f"Höchstens {max_length} Zeichen (jetzt {len(text)}).")
    return text


def clean_line(value: str, max_length: int, *, required: bool = True) -> str:
    """A one-line text (a name, a room, a title), cleaned; raises :class:`TextRefused`."""
    return _clean(value, max_length, required, multiline=False)


def clean_text(value: str, max_length: int, *, required: bool = False) -> str:
    """A text of several lines (a description, a reason), cleaned; raises TextRefused."""
    return _clean(value, max_length, required, multiline=True)


def csv_cell(value: object) -> str:
    """A value for a CSV export that a spreadsheet shows as text, never runs: a cell beginning
    with = + - @ (or tab, carriage return) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
