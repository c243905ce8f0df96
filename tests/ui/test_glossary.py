"""The glossary on the kiosk (issue 18 item 3): every marked word of the demo steps is
underlined with a touch target of at least 16 mm, inside the text and over no other; a real
tap opens its explanation; the overlay keeps every rule of the walk in every UI language on
both displays at their largest text size, takes every touch, and opens once for a double tap.

One app for every case (its display, text size and language switched), frames without
painting, as tests/ui/test_guide_fit.py."""

from __future__ import annotations

import json

import pytest
from kivy.core.window import Window

from kiosk import content, glossary
from kiosk.i18n import LANGUAGES
from kiosk.speech import Speaker
from screens.glossary import GlossaryOverlay, GlossaryWord
from tests.ui import a11y
from tests.ui.test_guide_fit import app as app  # noqa: PLC0414  (the fixture: one app)
from tests.ui.test_guide_fit import frames, on_display
from tests.ui.test_senior_hands import Finger


def overlay():
    return next((w for w in Window.children if isinstance(w, GlossaryOverlay)), None)


def marked_steps(app) -> list[tuple[str, int]]:
    lookup = content.glossary_index(app.store)
    rows = app.store.db.execute("SELECT topic_id, position, json_extract(text, '$.de') "
                                "FROM steps ORDER BY topic_id, position")
    return [(topic_id, position - 1) for topic_id, position, text in rows
            if any(entry for _p, entry in glossary.pieces(text, lookup))]


def targets(screen) -> list[GlossaryWord]:
    return [w for w in screen.step_pages.walk(restrict=True) if isinstance(w, GlossaryWord)]


def test_every_marked_word_has_a_16_mm_target_that_opens_its_explanation(app):
    on_display(app, "800x480")
    app.language = "de"
    least = app.theme.mm(16) - 0.5
    problems, opened = [], 0
    for topic_id, step in marked_steps(app):
        app.go("guide", topic_id=topic_id, step=step)
        frames()
        screen = app.root.current_screen
        for _page in range(screen.step_pages.pager.pages):
            words = targets(screen)
            where = f"{topic_id} Schritt {step + 1} Seite {screen.step_pages.pager.page + 1}"
            left, bottom, right, top = a11y.window_rect(screen.step_pages)
            for target in words:
                x1, y1, x2, y2 = a11y.window_rect(target)
                if min(target.width, target.height) < least:
                    problems.append(f"{where}: {target.text!r} is under 16 mm")
                if x1 < left - 1 or x2 > right + 1 or y1 < bottom - 1 or y2 > top + 1:
                    problems.append(f"{where}: {target.text!r} reaches out of the text")
            problems += [f"{where}: {a.text!r} over {b.text!r}"
                         for a, b in a11y.overlapping_buttons(a11y.touchables())]
            for target in words:  # a real touch at the word's centre
                Finger(app).double_tap(target) if target is words[0] else tap_once(app, target)
                shown = overlay()
                if shown is None or shown.entry.id != target.entry_ids[0]:
                    problems.append(f"{where}: a tap on {target.text!r} opened no explanation")
                    continue
                opened += 1
                assert [w for w in Window.children if isinstance(w, GlossaryOverlay)] == [shown]
                for entry_id in target.entry_ids[1:]:  # words sharing a target: one by one
                    problems += [f"{where} {shown.entry.id}: {p}"
                                 for p in a11y.problems(app.theme)]
                    tap_once(app, shown.next_button)
                    assert shown.entry.id == entry_id
                    opened += 1
                tap_once(app, shown.ids.back)
                assert overlay() is None
            if screen.step_pages.pager.has_next:
                screen.step_pages.next_page()
                frames()
    print(f"{opened} marked words opened")
    assert opened >= 80 and not problems, "\n".join(problems)


def tap_once(app, widget) -> None:
    finger = Finger(app)
    finger.pause()
    finger.touch(*widget.to_window(*widget.center))


@pytest.mark.parametrize("size", ["1280x800", "800x480"])
def test_every_explanation_keeps_the_rules_in_every_language(app, size):
    from screens.glossary import open_entry

    on_display(app, size)
    app.go("guide", topic_id="wlan-verbinden", step=1)
    rows = list(app.store.db.execute("SELECT id, explanation FROM glossary ORDER BY id"))
    longest = max(rows, key=lambda row: len(content.pick(row[1], "de")))[0]
    problems = []
    for language in LANGUAGES:
        app.language = language
        # where not translated the German text is shown: the longest stands for the others
        for entry_id in [gid for gid, texts in rows if language in json.loads(texts)
                         or gid == longest]:
            shown = open_entry(entry_id)
            frames()
            problems += [f"{size} {language} {entry_id}: {p}" for p in a11y.problems(app.theme)]
            if {shown.ids.read_aloud, shown.ids.back} != set(a11y.touchables()):
                problems.append(f"{size} {language} {entry_id}: the screen beneath takes touches")
            shown.dismiss(animation=False)
    assert not problems, "\n".join(problems[:30])


def test_the_overlay_takes_every_touch_and_reads_the_word_aloud(app):
    on_display(app, "800x480")
    app.language = "de"
    app.speaker = Speaker(["true"])
    app.go("guide", topic_id="wlan-verbinden", step=1)
    frames()
    screen = app.root.current_screen
    tap_once(app, targets(screen)[0])
    shown = overlay()
    assert shown.entry.term == "WLAN" and shown.picture
    said = " ".join(p.text for p in shown.read_aloud_text())
    assert said.startswith("WLAN.") and shown.entry.explanation in said
    width, height = Window.size
    finger = Finger(app)
    for i in range(5):
        for j in range(3):
            x, y = width * (i + 0.5) / 5, height * (j + 0.5) / 3
            if any(b.collide_point(*b.to_widget(x, y)) for b in (shown.ids.back,
                                                                 shown.ids.read_aloud)):
                continue
            finger.pause()
            finger.touch(x, y)
            assert overlay() is shown and (app.root.current, screen.step) == ("guide", 1)
    tap_once(app, shown.ids.back)
    assert overlay() is None and (app.root.current, screen.step) == ("guide", 1)
