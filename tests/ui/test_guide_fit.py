"""The guide on both displays at the largest text size each offers, in every UI language: the
longest step of every demo topic, and its last step with the "Stand", comes whole — a page at
a time where it must — and nothing is drawn over the title, the buttons or out of the window
(the 7-inch display ran step 8 of "Termin im Bürgerbüro" over the title and "Startseite").

One app for every case, its display, text size and language switched (a fresh app per case
would take minutes); frames are turned without painting (nothing here looks at pixels)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from kivy.clock import Clock
from kivy.core.window import Window

from kiosk import content
from kiosk.i18n import LANGUAGES
from screens.screenshots import SIZES, start_app, stop_app
from screens.widgets.text import BodyLabel
from tests.ui import a11y
from tests.ui.conftest import ManualClock, tap


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = start_app(tmp_path_factory.mktemp("guide-fit"), replace(SIZES["1280x800"]))
    app.touch.clock = ManualClock()
    max_fps, Clock._max_fps = Clock._max_fps, 0
    try:
        with a11y.frames_without_drawing():
            yield app
    finally:
        Clock._max_fps = max_fps
        stop_app(app)
        Window.size = (1280, 800)


def on_display(app, size: str) -> None:
    """``size`` (screens.screenshots.SIZES) at the largest text size it offers."""
    display = SIZES[size]
    app.settings = replace(app.settings, display=display)
    Window.size = (display.width, display.height)
    app.reset_all()
    app.set_display(text_scale=len(app.theme.text_scales) - 1)
    frames(3)


def frames(count: int = 2) -> None:
    from kivy.base import EventLoop

    for _ in range(count):
        EventLoop.idle()


def longest_step(app, topic_id: str, language: str) -> tuple[content.Topic, int]:
    """The topic and its longest step, the last one's "Stand" counted in."""
    topic = content.topic(app.store, topic_id, language)
    stand = len("Stand: Dezember 2026 ") if topic.checked else 0
    return topic, max(range(len(topic.steps)), key=lambda n: len(topic.steps[n].text) + (
        stand if n == len(topic.steps) - 1 else 0))


def page_words(screen) -> list[str]:
    """The words of the step's text on the page shown."""
    grid = screen.step_pages.ids.grid
    return " ".join(w.given_text for w in reversed(grid.children)
                    if isinstance(w, BodyLabel) and w is not screen.step_pages._foot).split()


def between_title_and_buttons(screen) -> list[str]:
    """The step's texts lie below the top bar and above the row of actions."""
    top, actions = screen.ids.top, screen._actions_row()
    floor = actions.to_window(actions.x, actions.top)[1]
    ceiling = top.to_window(top.x, top.y)[1]
    found = []
    for label in screen.step_pages.walk(restrict=True):
        if isinstance(label, BodyLabel) and label.text.strip():
            _x1, y1, _x2, y2 = a11y.window_rect(label)
            if y1 < floor - 1 or y2 > ceiling + 1:
                found.append(f"{label.text[:30]!r} reaches over the title or the buttons")
    return found


def step_problems(app, topic: content.Topic, step: int) -> tuple[list[str], int]:
    """What breaks the rules on each page of the step, and its number of pages."""
    app.go("guide", topic_id=topic.id, step=step)
    frames()
    screen = app.root.current_screen
    shown: list[str] = []

    def check() -> list[str]:
        shown.extend(page_words(screen))
        return a11y.problems(app.theme) + between_title_and_buttons(screen)

    found = a11y.every_page(check)
    if shown != " ".join(screen.paragraphs()).split():
        found.append(f"words not shown: {shown}")
    if step == len(topic.steps) - 1 and topic.checked \
            and " ".join(screen.checked_text().split()) not in " ".join(shown):
        found.append("no 'Stand' on the last step")
    return found, screen.step_pages.pager.pages


@pytest.mark.parametrize("size", list(SIZES))
def test_every_step_shows_every_word_and_nothing_overlaps(app, size):
    on_display(app, size)
    ids = [row[0] for row in app.store.db.execute("SELECT id FROM topics ORDER BY id")]
    problems, paged = [], 0
    for language in LANGUAGES:
        app.language = language
        for topic_id in ids:
            topic, step = longest_step(app, topic_id, language)
            found, pages = step_problems(app, topic, step)
            paged += pages > 1
            problems += [f"{size} {language} {topic_id} Schritt {step + 1}: {p}" for p in found]
    print(f"{size}: {paged} of {len(ids) * len(LANGUAGES)} steps paged")
    assert not problems, "\n".join(problems[:30])


def test_weiter_turns_the_pages_of_a_long_step_then_goes_on(app):
    on_display(app, "800x480")
    app.language = "de"
    app.go("guide", topic_id="buergerbuero-termin", step=7)
    frames()
    screen = app.root.current_screen
    pages = screen.step_pages.pager.pages
    assert pages > 1 and screen.step_pages.page_text == f"Seite 1 von {pages}"
    assert screen.step_pages._foot.parent is not None and screen.next_button.text == "Weiter"
    for page in range(1, pages):
        tap(screen.next_button)
        assert (screen.step, screen.step_pages.pager.page) == (7, page)
    assert screen.next_button.text == "Fertig"
    tap(screen.back_button)
    assert (screen.step, screen.step_pages.pager.page) == (7, pages - 2)
    for _page in range(pages - 1):
        tap(screen.back_button)
    assert screen.step == 6
    tap(screen.next_button)  # the step before comes back at its last page, and on
    assert (screen.step, screen.step_pages.pager.page) == (7, 0)
    app.go("guide", topic_id="buergerbuero-termin", step=1)
    frames()
    tap(screen.back_button)  # from its first page back goes to the step before ...
    assert (screen.step, screen.step_pages.pager.page) == (0, screen.step_pages.pager.pages - 1)


def test_a_step_shown_in_german_says_so_in_the_ui_language(app):
    """A manager's new topic not yet translated: the Turkish UI shows its steps in German,
    and says so above them (as its tile does); a translated step says nothing of the kind."""
    on_display(app, "1280x800")
    app.language = "tr"
    note = app.tr("Nur auf Deutsch", "tr")
    db = app.store.db
    (text,) = db.execute("SELECT text FROM steps WHERE topic_id = 'whatsapp-foto-schicken' "
                         "AND position = 1").fetchone()
    try:
        app.go("guide", topic_id="whatsapp-foto-schicken", step=1)
        frames()
        assert note not in page_words(app.root.current_screen)[:4]
        db.execute("UPDATE steps SET text = json_remove(text, '$.tr') WHERE "
                   "topic_id = 'whatsapp-foto-schicken' AND position = 1")
        app.go("guide", topic_id="whatsapp-foto-schicken", step=0)
        frames()
        screen = app.root.current_screen
        german = content.topic(app.store, "whatsapp-foto-schicken", "de").steps[0].text
        assert screen.paragraphs() == [note, german]
        assert " ".join(page_words(screen)).startswith(f"{note} {german.split()[0]}")
    finally:
        db.execute("UPDATE steps SET text = ? WHERE topic_id = 'whatsapp-foto-schicken' "
                   "AND position = 1", [text])
