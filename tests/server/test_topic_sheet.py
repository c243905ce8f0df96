"""The topic sheet ("Merkblatt", issue 18 item 4): an A4 PDF for every demo topic, its text
read back from the file's bytes (tests/server/pdf_text.py, not fpdf2) — title, every step as it
reads, the hard words explained, "Stand", the quartier's contact line, "Seite 1 von 2" —, its
fonts embedded, large print, nothing outside the page or drawn over a picture; from the admin
for whoever sees the topic.

``SHEET_PNGS=docs/screenshots/sheets`` writes the pages of three topics as PNGs to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from dqserver.content import releases
from dqserver.content.models import Topic
from dqserver.sheets import layout, render
from dqserver.sheets.views import sheet_for

from kiosk import glossary
from kiosk.demo import DEMO_DIR
from tests.server.conftest import admin_login
from tests.server.pdf_text import embedded_fonts, pages_text

pytestmark = pytest.mark.django_db
LOOKED_AT = ["buergerbuero-termin", "wlan-verbinden", "online-banking"]


@pytest.fixture
def demo(quartier):
    releases.import_bundle(DEMO_DIR / "bundle")
    return quartier


def box(item) -> tuple[float, float, float, float]:
    if isinstance(item, layout.Picture):
        return item.x, item.y, item.x + item.w, item.y + item.h
    size = item.size * layout.PT
    return (item.x, item.y - 0.75 * size, item.x + layout.width(item.text, item.size, item.bold),
            item.y + 0.25 * size)


def sheet_problems(sheet: layout.Sheet) -> list[str]:
    """Text or pictures outside the page's margins, text over a picture, print under 13 pt
    (the foot) or 16 pt (everything else)."""
    found = []
    for n, page in enumerate(sheet.pages, 1):
        items = [i for i in page.items if not isinstance(i, layout.Rule)]
        pictures = [box(i) for i in items if isinstance(i, layout.Picture)]
        for item in items:
            x1, y1, x2, y2 = box(item)
            what = getattr(item, "text", "picture")[:30]
            if x1 < layout.MARGIN - 0.1 or x2 > layout.PAGE_W - layout.MARGIN + 0.5 \
                    or y1 < layout.MARGIN - 5 or y2 > layout.PAGE_H - layout.MARGIN + 5:
                found.append(f"page {n}: {what!r} outside the margins")
            if isinstance(item, layout.Text):
                if item.size < layout.SMALL:
                    found.append(f"page {n}: {what!r} in {item.size} pt")
                if any(x1 < p[2] and p[0] < x2 and y1 < p[3] and p[1] < y2 for p in pictures):
                    found.append(f"page {n}: {what!r} over a picture")
    return found


def test_every_demo_topic_has_a_sheet_that_says_it_all(demo):
    problems, pages = [], 0
    out = os.environ.get("SHEET_PNGS")
    for topic in Topic.objects.order_by("slug"):
        sheet = sheet_for(topic, demo)
        pdf = render.pdf_bytes(sheet)
        assert pdf.startswith(b"%PDF") and set(embedded_fonts(pdf)) == {
            "AtkinsonHyperlegible", "AtkinsonHyperlegibleBold"}
        read = pages_text(pdf)
        pages += len(read)
        assert read == [[i.text for i in p.items if isinstance(i, layout.Text)]
                        for p in sheet.pages], topic.slug
        text = " ".join(" ".join(lines) for lines in read).split()
        entry = releases.topic_entry(topic)
        for step in entry["steps"]:
            words = glossary.plain(step["text"]["de"]).split()
            if not any(text[i:i + len(words)] == words for i in range(len(text))):
                problems.append(f"{topic.slug}: step not whole: {' '.join(words)[:40]!r}")
        said = " ".join(text)
        for must in (topic.title_de, "Stand: Dezember 2026", "Digital-Hilfe:",
                     f"Seite {len(read)} von {len(read)}"):
            if " ".join(must.split()) not in said:
                problems.append(f"{topic.slug}: no {must!r}")
        problems += [f"{topic.slug} {p}" for p in sheet_problems(sheet)]
        if out and topic.slug in LOOKED_AT:
            for n in range(1, len(sheet.pages) + 1):
                Path(out, f"{topic.slug}-{n}.png").write_bytes(render.page_png(sheet, n))
    print(f"{Topic.objects.count()} sheets, {pages} pages")
    assert not problems, "\n".join(problems)


def test_a_sheet_explains_the_hard_words_its_steps_mark(demo):
    sheet = sheet_for(Topic.objects.get(slug="wlan-verbinden"), demo)
    text = sheet.text()
    assert "Schwere Wörter erklärt" in text and "WLAN\nWLAN ist Internet ohne Kabel" in text
    assert "[[" not in text


def test_the_admin_gives_the_sheet_to_whoever_sees_the_topic(client, demo, manager,
                                                             other_quartier,
                                                             django_user_model):
    topic = Topic.objects.get(slug="wlan-verbinden")
    url = reverse("topic-sheet", args=[topic.pk])
    assert client.get(url).status_code == 302  # the login first
    boss = django_user_model.objects.create(username="chefin", is_staff=True, is_superuser=True)
    admin_client = admin_login(client, boss)
    listing = admin_client.get(reverse("admin:content_topic_changelist")).content.decode()
    assert "Merkblatt (PDF)" in listing and url in listing
    response = admin_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    own = releases.topic_entry(topic)["title"]["de"]
    assert own in " ".join(" ".join(p) for p in pages_text(response.content))
    topic.quartiers.set([other_quartier])  # another quartier's topic: not the manager's
    client.logout()
    managed = admin_login(client, manager)
    assert managed.get(url).status_code == 404
