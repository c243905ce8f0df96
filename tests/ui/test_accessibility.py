"""The accessibility walk: every screen of the registry in every state reachable by taps, in
every variant (text size × contrast × display × language, from the code), measured the way the
rules are written — touch targets ≥ 16 mm, never drawn over each other, text ≥ 7:1 on what is
really behind it, no text cut, torn, over another text or outside the window; plus the capital
height of body text measured from rendered pixels and a visible way home."""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.settings import Display
from screens import REGISTRY
from screens.screenshots import set_state
from tests.ui import a11y, walk_report
from tests.ui.conftest import pump, tap, type_on

SMALL = Display(7.0, 800, 480)


WALK_PIN = "246813579"

def _seed(app) -> str:
    """One booking (the walk types its code on "Meine Buchung", helpers see it), one call-back
    wish, and :data:`WALK_PIN` for the quartier's helpers, hashed cheaply: the walk checks
    screens, not argon2 (0.2 to 0.9 s a try, and the walk logs in on every path through helper
    mode). Returns the booking's code."""
    from argon2 import PasswordHasher

    from kiosk import booking, timeutil
    from kiosk.callbacks import create_callback

    now, quartier, rules = timeutil.now(), app.settings.quartier, app.settings.booking
    # The booking is tonight's, in a slot of its own: helper mode's "Heute" lists it, which
    # way into helper_booking the walk takes (the day's first free slot was tomorrow's once
    # the afternoon's had passed, and the walk, which sees "Heute" and "Morgen" as one state,
    # never reached it). After 20:00 the next free slot.
    tonight = timeutil.local(now).replace(hour=21, minute=0, second=0, microsecond=0)
    if tonight - timeutil.local(now) > timedelta(hours=1):
        template = dict(app.store.db["slots"].rows_where("quartier_id = ?", [quartier],
                                                         limit=1).__next__())
        template.update(id="walk-tonight", start=timeutil.to_iso(tonight),
                        end=timeutil.to_iso(tonight + timedelta(minutes=45)), capacity=1,
                        booked=0, cancelled=0)
        app.store.db["slots"].insert(template)
        slot = booking.get_slot(app.store, "walk-tonight")
    else:
        day = next(d.day for d in booking.booking_days(app.store, quartier, now, rules)
                   if d.free_slots)
        slot = booking.free_slots(app.store, quartier, day, now, rules)[0]
    topic = app.store.db.execute("SELECT id FROM topics LIMIT 1").fetchone()[0]
    record = booking.create_booking(app.store, slot_id=slot.id, topic_id=topic,
                                    first_name="Erika", phone="0171 2345678", now=now,
                                    rules=rules)
    create_callback(app.store, quartier_id=quartier, topic_id=topic, first_name="Cem",
                    phone="02362 12345", now=now)
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(WALK_PIN)
    app.store.db.execute("UPDATE helpers SET pin_hash = ? WHERE quartier_id = ?",
                         [cheap, quartier])
    app.store.db.conn.commit()
    return record.code


def test_the_walk_sees_every_screen_in_every_variant(demo_app, monkeypatch):
    """``WALK=full``: every variant; ``WALK=<regular expression>``: the variants whose names
    match it (``WALK="800x480 A tr"``, while fixing a screen); else the sample ``make test``
    walks."""
    app = demo_app
    walk = os.environ.get("WALK") or "sample"
    # A theme change collects garbage first, so that the collector cannot run during it; it
    # stays switched off there, and the walk's ~200 fresh starts need not wait for it each time.
    monkeypatch.setattr(gc, "collect", lambda *_args: 0)
    samples = {**a11y.SAMPLES, "code": (_seed(app),), "pin": ("0000", WALK_PIN)}
    snapshot = sqlite3.connect(":memory:")
    app.store.db.conn.backup(snapshot)

    def start(variant: a11y.Variant) -> None:
        """A fresh start on the Startseite: the data as seeded, the variant's settings."""
        a11y.close_dialogs()
        snapshot.backup(app.store.db.conn)
        display = variant.display
        if app.settings.display != display:
            Window.size = (display.width, display.height)
        app.settings = replace(app.settings, display=display, language=variant.language)
        app.reset_all()
        if (variant.text_scale, variant.high_contrast) != (0, False):
            app.set_display(text_scale=variant.text_scale, high_contrast=variant.high_contrast)
        pump()

    states: dict = {}
    every = a11y.variants()
    gc.freeze()  # as the app does after start: what exists now is never collected
    began = time.monotonic()
    failed = []
    # Frames are pumped by hand here: no waiting for a display's refresh (60 fps) between them.
    max_fps, Clock._max_fps = Clock._max_fps, 0
    try:
        # The sample checks two further pages of each paged grid or text, and in high contrast
        # (colours move nothing) the first page; the full walk every page in both palettes.
        pages, contrast_pages = (None, None) if walk != "sample" else (2, 0)
        for variant in a11y.walked(every, full=walk != "sample", only=walk):
            with a11y.frames_without_drawing() as paint:
                paths, failed_here = a11y.walk(start, variant, samples, states, paint,
                                               pages=pages)
                contrast = replace(variant, high_contrast=True)
                _paths, failed_there = a11y.walk(start, contrast, samples, states, paint, paths,
                                                 pages=contrast_pages)
            failed += failed_here + failed_there
    finally:
        Clock._max_fps = max_fps
        gc.unfreeze()
    seconds = time.monotonic() - began
    offered = sum(v.offered for v in every)
    summary = (f"{len(states)} states × {offered} variants offered ({len(every) - offered} not "
               f"offered): {sum(len(s.checked) for s in states.values())} state × variant "
               f"checked in {seconds:.0f} s; least touch target "
               f"{a11y.MEASURED['touch_mm']:.1f} mm, least contrast "
               f"{a11y.MEASURED['contrast']:.1f}:1")
    table = a11y.matrix(states, every)
    print(f"\n{summary}\n{table}")
    # the run's copy (not in git); docs/accessibility-walk.md only by `python -m
    # tests.ui.walk_report docs/accessibility-walk.md`, from a full walk that passed
    walk_report.write(walk_report.RUN_COPY, summary, table, walk)
    print(f"matrix written to {walk_report.RUN_COPY}")
    reached = {key[0] for key in states}
    assert reached == set(REGISTRY), f"never reached: {set(REGISTRY) - reached}"
    problems = [p for s in states.values() for p in s.problems] + failed
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
    from screens.widgets.keyboard import EntryField

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
    from screens.widgets.paging import PagedText
    from screens.widgets.text import BodyLabel

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


def test_every_tile_title_is_whole_on_the_7_inch_display(demo_app):
    """Every topic of every category, page by page: no tile leaves out a line of its title (five
    lost their first line, "Fotos per", "Wichtige", with nothing to show it)."""
    from kiosk import content
    from screens.widgets.paging import Tile

    app = demo_app
    app.settings = replace(app.settings, display=SMALL)
    Window.size = (SMALL.width, SMALL.height)
    lost = []
    for language in ("de", "en", "tr"):
        set_state(app, "topics", language, 0, False)
        for category in content.categories(app.store, app.language):
            app.go("topics", category_id=category.id)
            pump()
            grid = app.root.current_screen.grid
            while True:
                lost += [(language, t.spec.title) for t in grid.tiles
                         if isinstance(t, Tile) and a11y.lost_words(t)]
                if not grid.pager.has_next:
                    break
                tap(grid.ids.next)
    assert not lost


def test_the_cancellation_screen_shows_the_date_on_one_page(demo_app):
    """"Meine Buchung" on the 7-inch display, in every language: the whole "Wann" line on one
    page (it was spread over four: a page ended after "2.")."""
    from kiosk.i18n import LANGUAGES, _
    from screens.widgets.text import BodyLabel

    app = demo_app
    app.settings = replace(app.settings, display=SMALL)
    Window.size = (SMALL.width, SMALL.height)
    for language in LANGUAGES:
        set_state(app, "my-booking-found", language, 0, False)
        screen = app.root.current_screen
        when = screen._details()[0]
        for note in ("", _("Ihr Termin ist abgesagt.")):  # (after a cancellation, above it)
            screen.step_found(note)
            pump()
            pages, on_a_page = screen._paged_text, []
            for _page in range(pages.pager.pages):
                on_a_page.append(" ".join(w.given_text for w in pages.ids.grid.children
                                          if isinstance(w, BodyLabel)).replace("\n", " "))
                tap(pages.ids.next)
            assert any(when in page for page in on_a_page), (language, note, on_a_page)


def test_the_booking_is_confirmed_only_after_the_whole_summary_was_shown(demo_app):
    """"Verbindlich buchen" waits until every page of the summary has been on screen (on the
    7-inch display in Turkish it could be tapped before the name and phone were shown)."""
    app = demo_app
    paged = []
    for display, scale, language in [(SMALL, 0, "tr"), (Display(), 2, "tr"), (SMALL, 0, "de")]:
        app.settings = replace(app.settings, display=display)
        Window.size = (display.width, display.height)
        set_state(app, "booking-summary", language, scale, False)
        screen = app.root.current_screen
        screen.phone = "0171 2345678"  # the longest summary: with a phone number
        screen.go_step("summary")
        pump()
        pages = screen._paged_text
        paged.append(pages.pager.pages > 1)
        assert screen.book_button.disabled == paged[-1]
        while pages.pager.has_next:
            assert screen.book_button.disabled
            tap(pages.ids.next)
        assert not screen.book_button.disabled
        app.reset_all()
    assert any(paged)  # the case this is about: a summary of more than one page


def test_todays_day_tile_says_heute(demo_app, monkeypatch):
    """The day to book that is today says so, in words."""
    from kiosk import booking, timeutil

    today = timeutil.local_day(timeutil.now())
    monkeypatch.setattr(booking, "booking_days", lambda *_a: [
        booking.Day(today, 2, ""), booking.Day(today.fromordinal(today.toordinal() + 1), 1, "")])
    app = demo_app
    set_state(app, "booking-day", "de", 0, False)
    titles = [t.spec.title for t in app.root.current_screen.grid.tiles]
    assert titles[0] == "Heute" and titles[1] != "Heute"


@pytest.mark.parametrize("language, word", [("de", "Ülkü"), ("tr", "Ayşe Gül")])
def test_a_name_on_the_7_inch_display_takes_at_most_one_page_turn_a_letter(demo_app, language,
                                                                           word):
    """Two pages of letters at 16 mm: "Ülkü" is 4 letters and 3 page turns (it took 16 taps,
    five letters a page); the Turkish keyboard has ş ğ ç ı İ."""
    from kiosk.keyboard import LETTERS

    app = demo_app
    app.settings = replace(app.settings, display=SMALL)
    Window.size = (SMALL.width, SMALL.height)
    set_state(app, "booking-name", language, 0, False)
    screen = app.root.current_screen
    screen.entry.text = ""
    pump()
    keyboard = screen.keyboard
    assert keyboard.pages == 2
    seen: set = set()
    for _page in range(keyboard.pages):
        seen |= {b.key.insert for b in keyboard.children}
        assert not a11y.problems(app.theme)
        tap(next(k for k in keyboard.children if k.key.action == "more"))
    assert set(LETTERS[language]) <= seen
    taps = type_on(keyboard, word.lower())
    assert screen.entry.text == word
    assert taps <= len(word) + len(word) - 1
    assert not a11y.problems(app.theme)


@pytest.mark.parametrize("display, scale", [(SMALL, 0), (Display(), 2)])
def test_every_walkin_tile_shows_its_whole_title(demo_app, display, scale):
    """The walk-in list page by page, also after a walk-in was saved: no tile leaves out a line
    (a lone tile too low for its title below the page turns showed it cut: at A++ the page
    turns now go beside it; on the 7-inch display the saved message comes as a dialog)."""
    from screens.widgets.paging import Tile

    app = demo_app
    app.settings = replace(app.settings, display=display)
    Window.size = (display.width, display.height)
    set_state(app, "helper-walkin", "de", scale, False)
    walkin = app.root.current_screen
    grid = walkin.ids.grid
    tap(grid.tiles[0])
    a11y.close_dialogs()
    pump()
    lost = []
    while True:
        lost += [t.spec.title for t in grid.tiles if isinstance(t, Tile) and a11y.lost_words(t)]
        if not grid.pager.has_next:
            break
        tap(grid.ids.next)
    assert not lost
