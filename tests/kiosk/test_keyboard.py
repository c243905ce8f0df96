"""The keyboard's arrangement (kiosk/keyboard.py), without a window: which keys on which page,
for spaces measured in millimetres as the screens give them."""

from __future__ import annotations

import pytest

from kiosk import keyboard
from kiosk.keyboard import LETTERS, ROWS

# The special keys' words and their widths in mm, bold at the 7-inch display's body size
# (Atkinson Hyperlegible, 7.49 mm): what the widget passes in, as measured on the screen
# (text_width / px_per_mm; Cyrillic and Arabic in the Noto fonts cut to Atkinson's measures).
WORDS = {
    "de": {"Löschen": ("Löschen", 28.4), "Leerzeichen": ("Leerzeichen", 41.7),
           "Weitere": ("Weitere", 26.9)},
    "en": {"Löschen": ("Delete", 22.9), "Leerzeichen": ("Space", 21.2),
           "Weitere": ("More", 17.5)},
    "tr": {"Löschen": ("Sil", 9.3), "Leerzeichen": ("Boşluk", 23.6),
           "Weitere": ("Diğer", 18.9)},
    "pl": {"Löschen": ("Usuń", 17.3), "Leerzeichen": ("Spacja", 23.1),
           "Weitere": ("Więcej", 22.9)},
    "ru": {"Löschen": ("Стереть", 27.8), "Leerzeichen": ("Пробел", 26.9),
           "Weitere": ("Ещё", 14.5)},
    "uk": {"Löschen": ("Стерти", 24.4), "Leerzeichen": ("Пробіл", 25.0),
           "Weitere": ("Ще", 11.4)},
    "ar": {"Löschen": ("حذف", 15.4), "Leerzeichen": ("مسافة", 20.6),
           "Weitere": ("المزيد", 17.5)},
}
# The script keys' words ("switch to this script"), as wide in every UI language but Arabic
# (where أبت is 16.2 mm): what the name step's keyboard passes in.
SCRIPT_WORDS = {"ABC": 14.87, "АБВ": 13.91, "أبت": 16.20}
# The 7-inch display (152.5 × 91.5 mm): below a tight top bar and entry row the keyboard has
# 149.5 × 52.5 mm; in the usual frame 146.5 × 42.5 mm.
SMALL_TIGHT, SMALL_USUAL = (149.5, 52.5), (146.5, 42.5)
# The name step's keyboard there, as the screen has it (800 × 480 at A: screen.keyboard.size /
# app.theme.px_per_mm = 149.46 × 52.48 mm), a little less: 8 × 3 keys, none to spare.
SMALL_NAME = (149.4, 52.4)
# The 10-inch display at A (217.5 × 136 mm): 211.5 × 83 mm below the entry row.
LARGE = (211.5, 83.0)


def plan(layout: str, language: str, room: tuple[float, float], space: bool = True,
         scale: float = 1.0, script: str = "", letters: str = "") -> keyboard.Plan:
    """The plan in the UI ``language``; ``script``: with the key switching to that script;
    ``letters``: another language's letters (another script's, in the UI language's words)."""
    words = {german: (label, mm * scale) for german, (label, mm) in WORDS[language].items()}
    words |= {label: (label, mm * scale) for label, mm in SCRIPT_WORDS.items()}
    specials, more = keyboard.special_keys(layout, space, words.__getitem__, script)
    return keyboard.plan(layout, letters or language, specials, more, *room)


def letters_in_order(p: keyboard.Plan) -> str:
    return "".join(k.insert for page in p.pages for row in page for k in row
                   if k.insert and k.insert != " ")


@pytest.mark.parametrize("language", sorted(LETTERS))
def test_the_7_inch_name_keyboard_has_two_pages_in_the_order_of_the_alphabet(language):
    """All letters of the language at ≥ 16 mm: two pages (a letter is never more than one page
    turn away; there were five letters a page), each letter once, a to z."""
    p = plan("qwertz", language, SMALL_TIGHT)
    assert len(p.pages) == 2
    assert letters_in_order(p) == LETTERS[language]
    for page in p.pages:
        actions = [k.action for row in page for k in row if k.action]
        assert actions.count("more") == 1 and actions.count("backspace") == 1
        assert any(k.insert == " " for row in page for k in row)  # double first names


@pytest.mark.parametrize("language", sorted(LETTERS))
def test_the_7_inch_name_step_has_two_pages_with_the_script_key(language):
    """The name step's keyboard with its script key ("АБВ", "ABC"): two pages at 16 mm, not three
    (the script key on both pages took the room of a row of letters). "Weitere" and "Löschen"
    on both pages, the script key on the first (where the keyboard starts), the space bar where
    it fits: on both pages, or on the last beside "-"."""
    p = plan("qwertz", language, SMALL_NAME, script=keyboard.scripts(language)[1])
    assert len(p.pages) == 2
    assert letters_in_order(p) == LETTERS[language]
    first, last = ([k for row in page for k in row] for page in p.pages)
    for page in (first, last):
        actions = [k.action for k in page if k.action]
        assert actions.count("more") == 1 and actions.count("backspace") == 1
    assert [k.action for k in first].count("script") == 1
    assert [k.insert for k in last].count(" ") == 1
    assert p.unit_mm >= keyboard.LEAST_TOUCH_MM and p.key_mm >= keyboard.LEAST_TOUCH_MM
    assert p.gap_mm >= keyboard.LEAST_GAP_MM
    for page in range(2):
        for spot in p.place(page):
            assert spot.x >= -1e-6 and spot.x + spot.width <= SMALL_NAME[0] + 1e-6
            assert spot.y + spot.height <= SMALL_NAME[1] + 1e-6


def test_the_7_inch_name_step_in_every_script_of_every_ui_language():
    """After a script switch, too, two pages: but the Arabic letters in the German UI, 36 letters
    and 13 units of special keys ("Leerzeichen" is three keys wide) in 48 keys' room."""
    pages = {}
    for language in sorted(WORDS):
        scripts = keyboard.scripts(language)
        for n, script in enumerate(scripts):
            p = plan("qwertz", language, SMALL_NAME, script=scripts[(n + 1) % len(scripts)],
                     letters=keyboard.letters_of(language, script))
            pages[language, script] = len(p.pages)
    assert {key for key, count in pages.items() if count != 2} == {("de", "arabic")}
    assert pages["de", "arabic"] == 3


def test_typing_uelkue_on_the_7_inch_display_takes_seven_taps():
    """Four letters and three page turns (it took 16 taps)."""
    p = plan("qwertz", "de", SMALL_TIGHT)
    page_of = {k.insert: n for n, page in enumerate(p.pages) for row in page for k in row}
    taps, page = 0, 0
    for char in "ülkü":
        while page != page_of[char]:
            page, taps = (page + 1) % len(p.pages), taps + 1
        taps += 1
    assert taps == 7


@pytest.mark.parametrize("language", sorted(LETTERS))
@pytest.mark.parametrize("layout", ["qwertz", "code", "numbers", "pin"])
@pytest.mark.parametrize("room", [SMALL_TIGHT, SMALL_USUAL, LARGE, (211.5, 40.0), (60, 40)])
def test_every_key_is_16_mm_at_least_2_mm_apart_and_inside(language, layout, room):
    p = plan(layout, language, room)
    assert p.unit_mm >= keyboard.LEAST_TOUCH_MM and p.key_mm >= keyboard.LEAST_TOUCH_MM
    assert p.gap_mm >= keyboard.LEAST_GAP_MM
    width, height = room
    for page in range(len(p.pages)):
        placed = p.place(page)
        for spot in placed:
            assert spot.x >= -1e-6 and spot.x + spot.width <= width + 1e-6
            if room != (60, 40):  # (no room to type in: a letter a page overflows)
                assert spot.y + spot.height <= height + 1e-6
        for a in placed:
            for b in placed:
                if a is not b and a.y == b.y:
                    assert abs(a.x - b.x) >= min(a.width, b.width) + p.gap_mm - 1e-6


@pytest.mark.parametrize("language", sorted(LETTERS))
def test_the_10_inch_keyboard_shows_every_letter_at_once_in_the_rows_people_know(language):
    p = plan("qwertz", language, LARGE, scale=1.0)
    assert len(p.pages) == 1
    assert letters_in_order(p) == "".join(ROWS[language])
    assert not any(k.action == "more" for row in p.pages[0] for k in row)


def test_the_number_pad_fits_the_7_inch_display_without_a_page_turn():
    p = plan("numbers", "de", SMALL_USUAL)
    assert len(p.pages) == 1
    assert letters_in_order(p) == "123456789+0"


def test_comfortable_keys_where_the_least_sizes_save_no_page():
    """17 mm keys 2.5 mm apart unless 16 mm and 2 mm give fewer pages."""
    assert plan("qwertz", "de", LARGE).gap_mm == keyboard.KEY_GAP_MM
    assert plan("numbers", "de", SMALL_USUAL).key_mm >= keyboard.TOUCH_MM
    tight = plan("qwertz", "de", SMALL_TIGHT)
    assert (tight.gap_mm, len(tight.pages)) == (keyboard.LEAST_GAP_MM, 2)


def test_the_code_keyboard_pages_in_order():
    p = plan("code", "de", SMALL_TIGHT, space=False)
    assert letters_in_order(p) == "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    assert len(p.pages) == 2


@pytest.mark.parametrize("language", sorted(LETTERS))
def test_each_language_has_its_letters_once_in_both_orders(language):
    alphabet, rows = LETTERS[language], "".join(ROWS[language])
    assert len(set(alphabet)) == len(alphabet)
    assert sorted(alphabet) == sorted(rows)


def test_turkish_capitals():
    assert [keyboard.upper(c, "tr") for c in "iışüç"] == ["İ", "I", "Ş", "Ü", "Ç"]
    assert [keyboard.upper(c, "de") for c in "iüß"] == ["I", "Ü", "ß"]
    assert {k.label for row in keyboard.letter_rows("qwertz", "tr")[0] for k in row} >= {
        "İ", "I", "Ğ", "Ş", "Ç"}


def test_a_word_key_is_as_wide_as_its_word_needs():
    """"Leerzeichen" on the 7-inch display: three keys wide on a page, four when all fit."""
    word = keyboard.WordKey("Leerzeichen", 41.7, " ", 4)
    assert word.key(16.9, 2.0).units == 4
    assert keyboard.WordKey("Leerzeichen", 41.7, " ", 1).key(16.9, 2.0).units == 3
    assert keyboard.WordKey("Sil", 9.3, None, 1).key(16.9, 2.0).units == 1
