"""A topic's A4 sheet as one layout: every line of text and every picture with its place in
millimetres, drawn the same by both renderers (render.py: the PDF with fpdf2, a PNG with
Pillow to look at). No Django here: made from the topic's manifest entry as a kiosk shows it.

Large print: body text 16 pt (a capital 3.8 mm high, for reading glasses at arm's length),
the title 26 pt, the step number 22 pt, in Atkinson Hyperlegible (the kiosk's font), dark on
white. A step is never split between pages; the hard words of the topic are explained at the
end; each page says "Seite 1 von 2", the topic's "Stand" and the quartier's contact line.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from kiosk import glossary
from kiosk.theme import FONT_BOLD, FONT_REGULAR
from PIL import Image, ImageFont

PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
MARGIN = 16.0
PT = 25.4 / 72  # mm per point
BODY, TITLE, NUMBER, SMALL = 16, 26, 22, 13  # points
LINE = 1.3  # line height / font size
PICTURE_W = 52.0  # a step's picture column
GAP = 6.0


@dataclass(frozen=True)
class Text:
    x: float  # mm from the left
    y: float  # mm from the top to the line's baseline
    text: str
    size: float  # points
    bold: bool = False


@dataclass(frozen=True)
class Picture:
    x: float
    y: float  # top
    w: float
    h: float
    data: bytes


@dataclass(frozen=True)
class Rule:
    x1: float
    y: float
    x2: float


@dataclass
class Page:
    items: list = field(default_factory=list)


@dataclass
class Sheet:
    title: str
    pages: list[Page]

    def text(self) -> str:
        """Every word on the sheet, page by page, line by line (what a reader reads)."""
        return "\n".join(i.text for p in self.pages for i in p.items if isinstance(i, Text))


@lru_cache(maxsize=8)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_BOLD if bold else FONT_REGULAR, 1000)


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in mm at ``size`` points (the font's advance widths)."""
    return _font(bold).getlength(text) / 1000 * size * PT


def lines(text: str, size: float, room: float, bold: bool = False) -> list[str]:
    """``text`` wrapped at word boundaries to ``room`` mm (a word wider than a line alone)."""
    found = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and width(trial, size, bold) > room:
                found.append(line)
                line = word
            else:
                line = trial
        found.append(line)
    return found


def _picture_size(data: bytes, w: float, h: float) -> tuple[float, float]:
    with Image.open(io.BytesIO(data)) as image:
        ratio = image.width / image.height
    return (w, w / ratio) if w / ratio <= h else (h * ratio, h)


@dataclass
class SheetTexts:
    """The words around the steps, in the sheet's language."""

    step: str = "Schritt {n}"
    page: str = "Seite {page} von {pages}"
    hard_words: str = "Schwere Wörter erklärt"
    checked: str = ""  # "Stand: Dezember 2026"
    contact: str = ""  # the quartier's contact line


def build(entry: dict, words: dict[str, dict], picture: Callable[[str | None], bytes | None],
          texts: SheetTexts, language: str = "de") -> Sheet:
    """The sheet of a topic's manifest ``entry``; ``words``: the glossary by id (manifest
    form); ``picture(sha256)``: a picture's bytes."""
    def pick(value: dict) -> str:
        return value.get(language) or value.get("de", "")

    title = pick(entry["title"])
    lookup = glossary.index(words.values())
    right = PAGE_W - MARGIN
    footer_top = PAGE_H - MARGIN - 3 * SMALL * LINE * PT - 4  # three lines at the foot
    pages = [Page()]
    y = MARGIN

    def put(text: str, size: float, x: float, room: float, bold: bool = False) -> None:
        nonlocal y
        for line in lines(text, size, room, bold):
            y += size * LINE * PT
            pages[-1].items.append(Text(x, y, line, size, bold))

    def height(text: str, size: float, room: float, bold: bool = False) -> float:
        return len(lines(text, size, room, bold)) * size * LINE * PT

    put(title, TITLE, MARGIN, right - MARGIN, bold=True)
    y += 2
    put(pick(entry["summary"]), BODY, MARGIN, right - MARGIN)
    y += GAP
    used: list[str] = []
    text_x = MARGIN + PICTURE_W + GAP
    for n, step in enumerate(entry["steps"], 1):
        text = pick(step["text"])
        used += [e for _p, e in glossary.pieces(text, lookup) if e and e not in used]
        heading = texts.step.format(n=n)
        data = picture(step.get("image"))
        pic_h = _picture_size(data, PICTURE_W, 70)[1] if data else 0
        body = glossary.plain(text)
        block = max(pic_h, NUMBER * LINE * PT + height(body, BODY, right - text_x)) + GAP
        if y + block > footer_top and pages[-1].items:
            pages.append(Page())
            y = MARGIN
        top = y
        pages[-1].items.append(Rule(MARGIN, top, right))
        if data:
            w, h = _picture_size(data, PICTURE_W, 70)
            pages[-1].items.append(Picture(MARGIN, top + 3, w, h, data))
        y = top + 1
        put(heading, NUMBER, text_x, right - text_x, bold=True)
        put(body, BODY, text_x, right - text_x)
        y = max(y, top + 3 + pic_h) + GAP
    if used:
        explained = [(pick(words[e]["term"]), pick(words[e]["explanation"])) for e in used]

        def word_height(term: str, explanation: str) -> float:
            return (height(term, BODY, right - MARGIN, True)
                    + height(explanation, BODY, right - MARGIN) + 2)

        need = NUMBER * LINE * PT + word_height(*explained[0])
        if y + need > footer_top:  # (the heading never alone at the foot of a page)
            pages.append(Page())
            y = MARGIN
        pages[-1].items.append(Rule(MARGIN, y, right))
        put(texts.hard_words, NUMBER, MARGIN, right - MARGIN, bold=True)
        for term, explanation in explained:
            if y + word_height(term, explanation) > footer_top:
                pages.append(Page())
                y = MARGIN
            y += 2
            put(term, BODY, MARGIN, right - MARGIN, bold=True)
            put(explanation, BODY, MARGIN, right - MARGIN)
    for number, page in enumerate(pages, 1):
        y = footer_top + 2
        page.items.append(Rule(MARGIN, y, right))
        foot = [texts.checked, texts.page.format(page=number, pages=len(pages))]
        lines_ = [" · ".join(t for t in (title, *foot) if t)] + (
            [texts.contact] if texts.contact else [])
        for line in lines_:
            for part in lines(line, SMALL, right - MARGIN):
                y += SMALL * LINE * PT
                page.items.append(Text(MARGIN, y, part, SMALL))
    return Sheet(title, pages)
