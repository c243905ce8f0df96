"""The keyboard's arrangement (kiosk/keyboard.py), without a window: which keys on which page,
for spaces measured in millimetres as the screens give them."""

from __future__ import annotations

import pytest

from kiosk import keyboard
from kiosk.keyboard import LETTERS, ROWS

# The special keys' words and their widths in mm, bold at the 7-inch display's body size
# (measured with Atkinson Hyperlegible, 7.49 mm): what the widget passes in.
WORDS = {
    "de": {"Löschen": ("Löschen", 28.4), "Leerzeichen": ("Leerzeichen", 41.7),
           "Weitere": ("Weitere", 26.9)},
    "en": {"Löschen": ("Delete", 22.9), "Leerzeichen": ("Space", 21.2),
           "Weitere": ("More", 17.5)},
    "tr": {"Löschen": ("Sil", 9.3), "Leerzeichen": ("Boşluk", 23.6),
           "Weitere": ("Diğer", 18.9)},
    # (Polish in Atkinson, Cyrillic in Noto Sans, Arabic in Noto Sans Arabic, bold)
    "pl": {"Löschen": ("Usuń", 17.5), "Leerzeichen": ("Spacja", 23.2),
           "Weitere": ("Więcej", 23.3)},
    "ru": {"Löschen": ("Стереть", 30.3), "Leerzeichen": ("Пробел", 28.8),
           "Weitere": ("Ещё", 15.7)},
    "uk": {"Löschen": ("Стерти", 26.6), "Leerzeichen": ("Пробіл", 26.8),
           "Weitere": ("Ще", 12.4)},
    "ar": {"Löschen": ("حذف", 16.7), "Leerzeichen": ("مسافة", 27.6),
           "Weitere": ("المزيد", 24.8)},
}
# The 7-inch display (152.5 × 91.5 mm): below a tight top bar and entry row the keyboard has
# 149.5 × 52.5 mm; in the usual frame 146.5 × 42.5 mm.
SMALL_TIGHT, SMALL_USUAL = (149.5, 52.5), (146.5, 42.5)
# The 10-inch display at A (217.5 × 136 mm): 211.5 × 83 mm below the entry row.
LARGE = (211.5, 83.0)


def plan(layout: str, language: str, room: tuple[float, float], space: bool = True,
         scale: float = 1.0) -> keyboard.Plan:
    words = {german: (label, mm * scale) for german, (label, mm) in WORDS[language].items()}
    specials, more = keyboard.special_keys(layout, space, words.__getitem__)
    return keyboard.plan(layout, language, specials, more, *room)


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
