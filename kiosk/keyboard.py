"""The on-screen keyboard's arrangement: which keys go on which page, in which rows, where, for a
space of a given size in millimetres. Pure Python; ``screens/widgets/keyboard.py`` only shows
the plan.

The rules (issue 14): every key at least 16 mm on its short side and 2 mm from the next; the
keys a language needs on one page where they fit (in the order of the keyboard people know),
else on as few pages as possible, in the order of the alphabet (found by anyone, also by someone
who never used a keyboard), a "Weitere" key turning the page. Keys are 17 mm with 2.5 mm between
them, as everywhere on the kiosk, unless the least sizes save a page (the 7-inch display: two
pages of letters instead of four).

Every page has "Weitere" and "Löschen". The other special keys are on every page too unless that
costs a page: then the script key ("АБВ") is on the first page only, and if that is not enough
the space bar on the last page only (:func:`_on_pages`). The 7-inch name step (8 × 3 keys of
16.9 × 16.2 mm a page) has room for 48 keys on two pages; 36 letters (Polish, Arabic) leave 12
units for the special keys: "Weitere" and "Löschen" twice (8), the script key and the space bar
once (4). With all of them on both pages it took three pages in six of the seven languages;
now every language's own letters, and every other script's, take two, but the Arabic letters in
the German UI ("Leerzeichen" is three keys wide: 13 units): three.

The letters of each UI language are data (:data:`LETTERS`, :data:`ROWS`): a language's name
letters are one line there.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from kiosk.i18n import N_
from kiosk.theme import KEY_GAP_MM, LEAST_GAP_MM, LEAST_TOUCH_MM, TOUCH_MM

# The letters of first names for each UI language, in the order of its alphabet (the order of
# the pages where not all fit), "-" last (double names). Names typed in one UI language may
# come from another (an "Ülkü" in the German UI): German has ü of Turkish, Turkish keeps ä ß.
LETTERS: dict[str, str] = {
    "de": "abcdefghijklmnopqrstuvwxyzäöüß-",
    "en": "abcdefghijklmnopqrstuvwxyzäöüß-",
    "tr": "abcçdefgğhıijklmnoöpqrsştuüvwxyzäß-",
    "pl": "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż-",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя-",
    # the apostrophe is a letter of Ukrainian names: Мар'яна, В'ячеслав
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'-",
    "ar": "اأإآبتثجحخدذرزسشصضطظعغفقكلمنهوؤيىئءة",
}
# The same letters in the rows of the language's keyboard (QWERTZ, Turkish Q, Polish QWERTY with
# its letters where a Polish keyboard puts them, ЙЦУКЕН, the Arabic PC layout), where all fit.
ROWS: dict[str, list[str]] = {
    "de": ["qwertzuiopü", "asdfghjklöä", "yxcvbnmß-"],
    "en": ["qwertzuiopü", "asdfghjklöä", "yxcvbnmß-"],
    "tr": ["qwertyuıopğü", "asdfghjklşiä", "zxcvbnmöçß-"],
    "pl": ["qwertyuiopąę", "asdfghjklłóś", "zxcvbnmćńźż-"],
    "ru": ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбюё-"],
    "uk": ["йцукенгшщзхї", "фівапролджє", "ґячсмитьбю'-"],
    "ar": ["ضصثقفغعهخحجد", "شسيبلاتنمكطذ", "ئءؤرىةوزظأإآ"],
}
# The scripts of first names, each with the letters it is typed with outside its own languages,
# and what its key says on the name step ("switch to this script").
SCRIPTS: dict[str, tuple[str, str]] = {"latin": ("de", "ABC"), "cyrillic": ("ru", "АБВ"),
                                       "arabic": ("ar", "أبت")}
SCRIPT_OF = {"de": "latin", "en": "latin", "tr": "latin", "pl": "latin", "ru": "cyrillic",
             "uk": "cyrillic", "ar": "arabic"}
# Layouts that are not a language's letters: the booking code (no 0 O 1 I L), phone, PIN.
CODE_ROWS = ["ABCDEFGH", "JKMNPQRS", "TUVWXYZ", "23456789"]
NUMBER_ROWS = ["123", "456", "789", "+0"]
PIN_ROWS = ["123", "456", "789", "0"]
# Inside a key, left and right of its word: a button's text is its width less 6 mm, and a
# millimetre to spare (Kivy shortens a word that fits to the pixel: "Delete" at A++).
KEY_PADDING_MM = 7.0
# A key is never wider or taller than this, however much room there is.
MAX_KEY_MM = 26.0
# From comfortable to the least the rules allow: (key side, gap) in mm.
SIZES = ((TOUCH_MM, KEY_GAP_MM), (LEAST_TOUCH_MM, KEY_GAP_MM), (LEAST_TOUCH_MM, LEAST_GAP_MM))


@dataclass(frozen=True)
class Key:
    label: str
    insert: str | None = None   # None: a special key (see ``action``)
    units: int = 1              # how many keys wide
    action: str = ""            # "backspace", "more", "script" (the next script's letters)


@dataclass(frozen=True)
class WordKey:
    """A special key with a word on it, before it is known how wide a key is: at least
    ``units`` keys wide, and wide enough for its word (``label_mm`` on one line)."""

    label: str
    label_mm: float
    insert: str | None = None
    units: int = 1
    action: str = ""

    def key(self, unit_mm: float, gap_mm: float) -> Key:
        needs = self.label_mm + KEY_PADDING_MM + gap_mm
        units = max(self.units, math.ceil(needs / (unit_mm + gap_mm) - 1e-9))
        return Key(self.label, self.insert, units, self.action)


@dataclass(frozen=True)
class Placed:
    """A key on a page: left and top edge from the keyboard's top left corner, in mm."""

    key: Key
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Plan:
    """The keyboard for one space: its pages, each a list of rows, and the sizes of a key."""

    pages: list[list[list[Key]]]
    unit_mm: float       # a one-unit key's width
    key_mm: float        # a key's height
    gap_mm: float
    width_mm: float

    def place(self, page: int) -> list[Placed]:
        """Where each key of ``page`` goes: rows from the top, each row centred."""
        placed = []
        unit, gap = self.unit_mm, self.gap_mm
        for r, row in enumerate(self.pages[page % len(self.pages)]):
            widths = [k.units * unit + (k.units - 1) * gap for k in row]
            x = (self.width_mm - sum(widths) - gap * (len(row) - 1)) / 2
            y = r * (self.key_mm + gap)
            for key, width in zip(row, widths, strict=True):
                placed.append(Placed(key, x, y, width, self.key_mm))
                x += width + gap
        return placed

    @property
    def rows(self) -> int:
        return max(len(page) for page in self.pages)


def scripts(language: str) -> list[str]:
    """The scripts a name can be typed in, the UI language's own first: a Ukrainian name in
    the German UI, "Anna" in the Arabic one."""
    own = SCRIPT_OF.get(language, "latin")
    return [own, *(script for script in SCRIPTS if script != own)]


def letters_of(language: str, script: str) -> str:
    """Whose letters a keyboard in ``script`` shows in the UI ``language``: the language's own
    where it is written in that script, else the script's usual ones."""
    return language if SCRIPT_OF.get(language, "latin") == script else SCRIPTS[script][0]


def upper(char: str, language: str) -> str:
    """A letter as its key shows it, and as a name begins: Turkish i and ı are İ and I; ß has
    no capital in names."""
    if char == "ß":
        return char
    if language == "tr":
        return {"i": "İ", "ı": "I"}.get(char, char.upper())
    return char.upper()


def letter_rows(layout: str, language: str) -> tuple[list[list[Key]], str]:
    """The layout's keys in their natural rows, and the order of its pages where paged."""
    if layout == "qwertz":
        rows = ROWS.get(language, ROWS["de"])
        alphabet = LETTERS.get(language, LETTERS["de"])
        return [[Key(upper(c, language), c) for c in row] for row in rows], alphabet
    rows = {"code": CODE_ROWS, "numbers": NUMBER_ROWS, "pin": PIN_ROWS}[layout]
    return [[Key(c, c) for c in row] for row in rows], "".join(rows)


def flow(keys: Sequence[Key], cols: int) -> list[list[Key]]:
    """``keys`` in rows of at most ``cols`` units, in order."""
    rows: list[list[Key]] = [[]]
    for key in keys:
        if rows[-1] and sum(k.units for k in rows[-1]) + key.units > cols:
            rows.append([])
        rows[-1].append(key)
    return rows


def pages_for(letters: list[list[Key]], alphabet: str, specials: Sequence[Key], more: Key,
              cols: int, rows_fit: int, paged: Sequence[Key] | None = None
              ) -> list[list[list[Key]]]:
    """The pages for a grid of ``cols`` × ``rows_fit`` keys: the natural rows if they fit, else
    every key on one page if it fits, else the letters in alphabetical order on as few pages as
    fit, each with ``more`` and the special keys (``paged``: as they are on pages, narrower).

    Where the special keys on every page cost a page, fewer of them go on each
    (:func:`_on_pages`): the script key on the first page only, then the space bar on the last
    page only; "Weitere" and "Löschen" are on every page. The letters go on as evenly as the
    pages' room allows (a page with fewer special keys takes more letters)."""
    natural = [*letters[:-1], letters[-1] + list(specials)]
    if max(sum(k.units for k in r) for r in natural) <= cols and len(natural) <= rows_fit:
        return [natural]
    flat = [k for row in letters for k in row]
    if len(flow([*flat, *specials], cols)) <= rows_fit:
        return [flow([*flat, *specials], cols)]
    flat.sort(key=lambda k: alphabet.find(k.insert) if k.insert in alphabet else len(alphabet))
    on_pages = list(paged or specials)
    pages: list[list[list[Key]]] = []
    # no fewer pages than the letters need beside the keys every page has: the search starts
    # there (a layout pass's tiny space tried 30 counts, ~25 ms a first visit)
    every_page = more.units + sum(k.units for k in on_pages if k.action == "backspace")
    least = math.ceil(len(flat) / max(1, cols * rows_fit - every_page))
    for count in range(max(2, least), len(flat) + 1):
        for extras in _on_pages(on_pages, count):
            pages = _fill(flat, [[more, *keys] for keys in extras], cols, rows_fit)
            if all(len(page) <= rows_fit for page in pages):
                return pages
    return pages  # a letter a page and still too many rows: the space is too small to type in


def _on_pages(specials: list[Key], count: int) -> list[list[list[Key]]]:
    """Which special keys go on each of ``count`` pages, from the best arrangement to the
    least good. First all of them on every page. Then the script key on the first page only: a
    keyboard starts there, also after a script switch, and a name is typed in one script.
    Then, too, the space bar on the last page only, beside "-", the other mark between the two
    parts of a double name (Ayşe Gül, Anna-Lena): a space is typed once a name, at most one
    page turn away like every letter. The keys keep their order on every page (Weitere, the
    script key, space, Löschen) after the letters, at the end of the last row; "Löschen" and
    "Weitere" are on every page (a typo is corrected, and a page turned, from either page)."""
    def without(keys: list[Key], page: int, drop: set[str]) -> list[Key]:
        return [k for k in keys
                if not ("script" in drop and k.action == "script" and page > 0)
                and not ("space" in drop and k.insert == " " and page < count - 1)]

    arrangements, seen = [], []
    for drop in (set(), {"script"}, {"script", "space"}):
        pages = [without(specials, page, drop) for page in range(count)]
        if pages not in seen:
            seen.append(pages)
            arrangements.append(pages)
    return arrangements


def _fits(keys: list[Key], cols: int, rows_fit: int) -> bool:
    return len(flow(keys, cols)) <= rows_fit


def _fill(flat: list[Key], tails: list[list[Key]], cols: int, rows_fit: int
          ) -> list[list[list[Key]]]:
    """``flat`` on pages that end in ``tails`` (each page's "Weitere" and special keys), in
    order: on each page its share of the letters still to go, more where a later page has no
    room for its share, fewer where this page has none. Pages that do not fit come back too
    high (the caller tries another arrangement)."""
    room = []  # the most letters a page has room for: from the cells its keys leave, down
    for tail in tails:
        most = min(len(flat), max(0, cols * rows_fit - sum(k.units for k in tail)))
        while most > 0 and not _fits([*flat[:most], *tail], cols, rows_fit):
            most -= 1
        room.append(most)
    pages, start = [], 0
    for n, tail in enumerate(tails):
        left, pages_left = len(flat) - start, len(tails) - n
        take = max(math.ceil(left / pages_left), left - sum(room[n + 1:]))
        take = min(take, room[n]) if n < len(tails) - 1 else left
        pages.append(flow([*flat[start:start + take], *tail], cols))
        start += take
    return pages


def plan(layout: str, language: str, specials: Sequence[WordKey], more: WordKey,
         width_mm: float, height_mm: float) -> Plan:
    """The keyboard for a space of ``width_mm`` × ``height_mm``: with the fewest pages, at the
    most comfortable key size (:data:`SIZES`) that has that few. Remembered per arguments: a
    screen asks again on every layout pass and keyboard rebuild (a plan is frozen)."""
    return _plan(layout, language, tuple(specials), more, width_mm, height_mm)


@functools.lru_cache(maxsize=256)
def _plan(layout: str, language: str, specials: tuple[WordKey, ...], more: WordKey,
          width_mm: float, height_mm: float) -> Plan:
    letters, alphabet = letter_rows(layout, language)
    best = None
    for key_mm, gap_mm in SIZES:
        cols = max(2, int((width_mm + gap_mm) // (key_mm + gap_mm)))
        rows_fit = max(1, int((height_mm + gap_mm) // (key_mm + gap_mm)))
        unit = min((width_mm - (cols - 1) * gap_mm) / cols, MAX_KEY_MM)
        words = [w.key(unit, gap_mm) for w in specials]
        # on pages no key is wider than its word needs, or two keys (the space bar's four
        # would take a letter's room on each page)
        paged = [replace(w, units=min(w.units, 2)).key(unit, gap_mm) for w in specials]
        pages = pages_for(letters, alphabet, words, more.key(unit, gap_mm), cols, rows_fit,
                          paged)
        # the fewest pages; of as many, the one with the most special keys on its pages; of
        # those, the most comfortable size
        rank = (len(pages), _missing(pages, len(specials)))
        if best is None or rank < best[0]:
            best = (rank, pages, key_mm, gap_mm)
    _rank, pages, key_mm, gap_mm = best
    units = max(sum(k.units for k in row) for page in pages for row in page)
    rows = max(len(page) for page in pages)
    unit = min((width_mm - (units - 1) * gap_mm) / units, MAX_KEY_MM)
    height = max(min((height_mm - (rows - 1) * gap_mm) / rows, MAX_KEY_MM), key_mm)
    return Plan(pages, unit, height, gap_mm, width_mm)


def _missing(pages: list[list[list[Key]]], specials: int) -> int:
    """How many special keys the pages lack, against ``specials`` on every page."""
    shown = sum(1 for page in pages for row in page for k in row
                if (k.insert is None and k.action != "more") or k.insert == " ")
    return len(pages) * specials - shown


def special_keys(layout: str, space: bool, words: Callable[[str], tuple[str, float]],
                 next_script: str = "") -> tuple[list[WordKey], WordKey]:
    """The layout's special keys and its "Weitere" key. ``words(german)`` gives a key's word
    in the UI language and its width in mm. ``next_script``: a key that switches the letters
    to that script (the name step), labelled in it ("АБВ")."""
    def word(german: str, insert: str | None, units: int, action: str = "") -> WordKey:
        label, label_mm = words(german)
        return WordKey(label, label_mm, insert, units, action)

    specials = [word(N_("Löschen"), None, 1 if layout == "numbers" else 2, "backspace")]
    if space and layout == "qwertz":
        specials.insert(0, word(N_("Leerzeichen"), " ", 4))
    if next_script and layout == "qwertz":
        label = SCRIPTS[next_script][1]
        specials.insert(0, WordKey(label, words(label)[1], None, 1, "script"))
    return specials, word(N_("Weitere"), None, 2, "more")
