"""Arabic on the real screens (issue 17): words shaped as HarfBuzz shapes them, lines in reading
order with numbers left to right, the layout mirrored; a topic without a translation says so
and is read in German; a name typed in another script."""

from __future__ import annotations

import numpy as np
import pytest
from kivy.core.text import Label as CoreLabel

from kiosk.theme import FONTS
from screens.widgets.buttons import HomeButton
from screens.widgets.text import BodyLabel, visual_line
from tests.ui.conftest import pump, tap, type_on
from tests.ui.test_flows import add_future_slots, screen


def ink(label) -> np.ndarray:
    """The label's drawn alpha, columns with ink only (the text's own width)."""
    texture = label.texture
    alpha = np.frombuffer(texture.pixels, np.uint8).reshape(texture.height, texture.width, 4)
    alpha = alpha[:, :, 3]
    columns = np.flatnonzero(alpha.max(axis=0) > 64)
    return alpha[:, columns[0]:columns[-1] + 1]


def core(text: str, size: float, **options) -> np.ndarray:
    label = CoreLabel(text=text, font_name=FONTS["arabic"][0], font_size=size, **options)
    label.refresh()
    return ink(label)


@pytest.fixture
def arabic(kiosk_app):
    kiosk_app.language = "ar"
    pump()
    yield kiosk_app
    kiosk_app.language = "de"


def shown(text: str) -> BodyLabel:
    label = BodyLabel(text=text, size_hint=(None, None), width=900)
    label.text_size = (900, None)
    label.texture_update()
    return label


def test_an_arabic_word_is_drawn_as_harfbuzz_shapes_it(arabic):
    """Joined letters right to left (alef last, on the left: "با"), the same pixels as
    HarfBuzz's right-to-left shaping of the word, not its letters one by one."""
    word = "مرحبا"
    label = shown(word)
    assert label.font_name == "NotoSansArabic" and label.text == word  # text: reading order
    drawn = ink(label)
    shaped = core(word, label.font_size, font_direction="rtl", font_script_name="Arab")
    assert drawn.shape == shaped.shape and np.abs(drawn.astype(int) - shaped).mean() < 2
    unshaped = core(word, label.font_size)  # left to right: the letters in the wrong order
    assert unshaped.shape != drawn.shape or np.abs(unshaped.astype(int) - drawn).mean() > 10


def test_numbers_and_codes_stay_left_to_right_in_arabic_text(arabic):
    # what SDL2_ttf gets: the Arabic in reading order, the time reversed (HarfBuzz lays the
    # line out from the right: 10:30 is drawn left to right)
    assert visual_line("الساعة 10:30") == "الساعة 03:01"
    label = shown("الرمز: K7QX9P")
    drawn = ink(label)
    code = core("K7QX9P", label.font_size)
    # the code is at the line's left end (read last), its letters in their own order
    left = drawn[:, :code.shape[1]]
    assert left.shape == code.shape and np.abs(left.astype(int) - code).mean() < 8


def test_the_layout_is_mirrored_and_the_way_home_is_on_the_left(arabic):
    arabic.go("topics")
    pump()
    screen = arabic.root.current_screen
    home = next(w for w in screen.walk() if isinstance(w, HomeButton))
    assert home.center_x < screen.width / 2
    tiles = screen.grid.tiles
    assert len(tiles) > 1 and tiles[0].x > tiles[1].x  # reading order: from the right
    arabic.language = "de"
    pump()
    assert screen.grid.tiles[0].x < screen.grid.tiles[1].x and home.center_x > screen.width / 2


def test_an_untranslated_topic_says_so_and_is_read_in_german(demo_app, monkeypatch):
    said = []
    monkeypatch.setattr(demo_app, "speak", said.append)
    demo_app.language = "ar"
    first = demo_app.store.db.execute(
        "SELECT id FROM categories ORDER BY position, id").fetchone()[0]
    demo_app.store.db.execute("UPDATE topics SET title = json_remove(title, '$.ar')")
    demo_app.go("topics", category_id=first)
    pump()
    screen = demo_app.root.current_screen
    tile = screen.grid.tiles[0]
    assert tile.spec.subtitle == "بالألمانية فقط"
    parts = screen.read_aloud_text()
    assert [p.language for p in parts[1:3]] == ["de", "ar"]
    demo_app.language = "de"


def test_a_russian_name_is_typed_in_the_german_ui(kiosk_app):
    """The name step's script key: АБВ, then the Cyrillic letters."""
    add_future_slots(kiosk_app.store)
    kiosk_app.go("booking", topic_id="betrug-sms")
    pump()
    booking = screen(kiosk_app)
    tap(next(t for t in booking.grid.tiles if not t.disabled))
    tap(booking.grid.tiles[0])
    switch = next(k for k in booking.keyboard.children if k.text == "АБВ")
    tap(switch)
    type_on(booking.keyboard, "ольга")
    assert booking.entry.text == "Ольга"
