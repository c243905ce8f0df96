"""Every screen, in realistic states, at the default display, in high contrast, at A++ and on the
7-inch display (800×480):
touch targets ≥ 16 mm and ≥ 2 mm apart, text ≥ 7:1 on its background, body capitals ≥ 4.8 mm
(≥ 6.1 mm at A+ and A++) measured from rendered pixels, every text inside its widget with no
word torn apart, and a visible way home."""

from __future__ import annotations

from dataclasses import replace

import pytest
from kivy.core.window import Window

from kiosk.settings import Display
from kiosk.theme import contrast, px_per_mm
from screens.screenshots import STATES, set_state
from tests.ui import a11y
from tests.ui.conftest import pump, tap

# name: (text scale, high contrast, display, language); Turkish texts run longest
SMALL = Display(7.0, 800, 480)
VARIANTS = {"default": (0, False, Display(), "de"), "contrast": (0, True, Display(), "de"),
            "a++": (2, False, Display(), "de"), "7-inch": (0, False, SMALL, "de"),
            "a++ tr": (2, False, Display(), "tr"), "7-inch tr": (0, False, SMALL, "tr"),
            "7-inch en": (0, False, SMALL, "en")}
MINIMA: dict[str, float] = {}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_screen_meets_the_numbers(demo_app, variant):
    app = demo_app
    scale, high, display, language = VARIANTS[variant]
    app.settings = replace(app.settings, display=display)
    Window.size = (display.width, display.height)
    problems = []
    for name in STATES:
        app.reset_all()
        pump()
        app.store.db.execute("UPDATE slots SET cancelled = 0")  # some states cancel them all
        set_state(app, name, language, scale, high)
        theme = app.theme
        assert Window.size == (display.width, display.height)
        assert theme.px_per_mm == pytest.approx(px_per_mm(display))
        least, apart = theme.mm(16), theme.mm(2)
        buttons = a11y.touchables()
        assert buttons, name
        for b in buttons:
            short = min(b.width, b.height)
            MINIMA[f"touch {variant}"] = min(MINIMA.get(f"touch {variant}", 999),
                                             short / theme.px_per_mm)
            if short < least - 0.5:
                problems.append(f"{name}: {b.text!r} is {short / theme.px_per_mm:.1f} mm")
        for i, a in enumerate(buttons):
            for b in buttons[i + 1:]:
                if a11y.gap(a, b) < apart - 0.5:
                    problems.append(f"{name}: {a.text!r} and {b.text!r} are too close")
        for label in a11y.text_widgets():
            ratio = contrast(a11y.text_colour(label), a11y.background_of(label, theme.palette))
            MINIMA[f"contrast {variant}"] = min(MINIMA.get(f"contrast {variant}", 99), ratio)
            if ratio < 7:
                problems.append(f"{name}: {label.text[:30]!r} contrast {ratio:.1f}")
            if label.font_size < theme.font_body - 0.5:
                problems.append(f"{name}: {label.text[:30]!r} smaller than body text")
            if overflow := a11y.text_overflow(label):
                problems.append(f"{name}: {label.text[:30]!r} {overflow}")
        for a, b in a11y.overlapping_texts(a11y.texts_in_front()):
            where = f"drawn over {b.text[:30]!r}" if b is not None else "outside the window"
            problems.append(f"{name}: {a.text[:30]!r} {where}")
        if name != "home" and not a11y.home_ways():
            problems.append(f"{name}: no way home")
        for child in list(a11y.roots())[1:]:
            child.dismiss(animation=False)
        pump()
    print(MINIMA)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("scale, least_mm", [(0, 4.8), (1, 6.1), (2, 6.1)])
def test_body_capital_height_measured_in_pixels(kiosk_app, scale, least_mm):
    kiosk_app.set_display(text_scale=scale)
    theme = kiosk_app.theme
    cap_mm = a11y.cap_height_px(theme.font_body) / theme.px_per_mm
    print(f"A{'+' * scale}: capital height {cap_mm:.2f} mm")
    assert cap_mm >= least_mm


@pytest.mark.parametrize("display", [Display(), Display(7.0, 800, 480)])
def test_the_way_home_reads_startseite_on_one_line_at_every_text_size(demo_app, display):
    app = demo_app
    app.settings = replace(app.settings, display=display)
    Window.size = (display.width, display.height)
    app.go("topics")
    app.set_display(text_scale=0)
    for scale in range(len(app.theme.text_scales)):
        app.set_display(text_scale=scale)
        pump()
        button = app.root.current_screen.ids.top.ids.home_button
        assert button.text == "Startseite", scale
        assert button.texture_size[0] <= button.width - app.theme.mm(4), scale


DIGITS, LETTERS = set("0123456789"), set("qwertzuiopüasdfghjklöäyxcvbnmß")


@pytest.mark.parametrize("state, scale, display, keys", [
    ("callback", 0, Display(7.0, 800, 480), DIGITS),
    ("callback", 0, Display(), DIGITS),
    ("booking-name", 0, Display(), LETTERS),
    ("search", 2, Display(), LETTERS),
])
def test_the_keyboard_shows_every_key_at_once(demo_app, state, scale, display, keys):
    """No "Weitere" key: the number pad even on the 7-inch display, QWERTZ with ä ö ü ß on the
    10-inch one even at A++ (only the 7-inch display pages the letters)."""
    app = demo_app
    app.settings = replace(app.settings, display=display)
    Window.size = (display.width, display.height)
    set_state(app, state, "de", scale, False)
    shown = [b.key for b in app.root.current_screen.keyboard.children]
    assert not any(k.action == "more" for k in shown)
    assert keys <= {k.insert for k in shown}


def test_typed_text_shows_no_hyphen_that_was_not_typed(demo_app):
    """The placeholder breaks between syllables; what the person typed only where they did."""
    from screens.widgets import EntryField

    field = EntryField(placeholder="Ihre Telefonnummer", size_hint_x=None,
                       width=demo_app.theme.mm(45))
    label = field.ids.entry_label
    pump()
    assert "Telefon-\nnummer" in label.text
    field.text = "Telefonnummer"
    pump()
    assert "-" not in label.text and label.text.replace("\n", "") == "Telefonnummer|"
    field.text = ""
    pump()
    assert "Telefon-\nnummer" in label.text


def test_a_long_text_comes_a_page_at_a_time_and_nothing_is_lost(demo_app):
    """The quartier's text on the 7-inch display: more than one page, every sentence once."""
    from screens.widgets import BodyLabel, PagedText

    app = demo_app
    display = Display(7.0, 800, 480)
    app.settings = replace(app.settings, display=display)
    Window.size = (display.width, display.height)
    set_state(app, "volunteer", "de", 0, False)
    pages = next(w for w in app.root.current_screen.walk() if isinstance(w, PagedText))
    assert pages.pager.pages > 1
    shown = []
    for _page in range(pages.pager.pages):
        shown += [w.given_text for w in reversed(pages.ids.grid.children)
                  if isinstance(w, BodyLabel)]
        assert not a11y.overlapping_texts(a11y.texts_in_front())
        tap(pages.ids.next)
    assert pages.ids.next.disabled
    assert " ".join(shown).split() == " ".join(pages.paragraphs).split()

@pytest.mark.parametrize("state, keys", [
    ("booking-name", "abcdefghijklmnopqrstuvwxyzäöüß-"),
    ("my-booking", "ABCDEFGHJKMNPQRSTUVWXYZ23456789"),
])
def test_a_paged_keyboard_brings_every_key_once_in_order(demo_app, state, keys):
    """On the 7-inch display the letters do not fit at once: the pages bring each key once, in
    the order of the alphabet (a page size per page once skipped z ä ö ü ß)."""
    app = demo_app
    app.settings = replace(app.settings, display=SMALL)
    Window.size = (SMALL.width, SMALL.height)
    set_state(app, state, "de", 0, False)
    keyboard = app.root.current_screen.keyboard
    seen: list[str] = []
    for _page in range(len(keys)):
        seen += [b.key.insert for b in reversed(keyboard.children)
                 if b.key.insert and b.key.insert != " "]
        tap(next(b for b in keyboard.children if b.key.action == "more"))
        if keyboard.page == 0:
            break
    assert "".join(seen) == keys
