"""The booking slip: one layout, printed as ESC/POS bytes and drawn as a PNG.

Many seniors have no pen at hand and cannot read their own handwriting later; the slip is what
they take home. Large print, plain words: the centre and its address, the day in words and the
date, the time, the helper's first name, the topic, the code very large, a QR code a companion's
phone adds to its calendar (:mod:`kiosk.ical`), and how to cancel. Never the senior's name or
phone number: a slip is left lying about.

The layout is a list of items, and its lines are broken once for the paper's width in printer
characters (:func:`lines`); the printer (python-escpos) and the picture (Pillow, for the
screenshots and the admin's preview) both draw exactly those lines, so the preview shows what
the paper shows.

Usage::

    slip = booking_slip(store, record, quartier_id=..., language="de", now=timeutil.now())
    data = escpos_bytes(slip, paper_mm=80)     # kiosk.printer sends them
    png = png_bytes(slip, paper_mm=80)
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import segno
from escpos.constants import QR_ECLEVEL_M
from PIL import Image, ImageDraw, ImageFont

from kiosk import content, timeutil
from kiosk.booking import BookingNotFound, BookingRecord, find_booking
from kiosk.dates import clock, date_words, weekday
from kiosk.i18n import _
from kiosk.ical import booking_event
from kiosk.schedule import get_quartier
from kiosk.store import Store
from kiosk.theme import FONT_BOLD, FONT_REGULAR
from kiosk.wordbreak import break_word

#: Printable width in dots at 203 dpi (8 dots a mm), by paper width: 58 mm paper prints 48 mm,
#: 80 mm paper 72 mm.
PRINT_DOTS = {58: 384, 80: 576}
#: ESC/POS font A: a character cell of 12 × 24 dots, multiplied by the text size.
CELL = (12, 24)
#: Text sizes (the cell's multiplier): running text twice the printer's own (3 mm a letter,
#: what a receipt calls large is still small for low vision), the code as large as fits.
BODY, TITLE = 2, 2
MAX_SIZE = 8
QR_MARGIN_MODULES = 4


@dataclass(frozen=True)
class Text:
    """A paragraph; ``size`` is the cell multiplier, or 0 for "as large as the line allows"."""

    text: str
    size: int = BODY
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A thin line between the parts of the slip."""


@dataclass(frozen=True)
class QR:
    data: str


Item = Text | Rule | QR


@dataclass(frozen=True)
class Slip:
    items: tuple[Item, ...]
    language: str = "de"


@dataclass(frozen=True)
class _Facts:
    centre: str
    address: str
    phone: str  # the centre's number, never the senior's
    topic: str
    place: str


def _facts(store: Store, record: BookingRecord, quartier_id: str, language: str) -> _Facts:
    quartier = get_quartier(store, quartier_id)
    centre = (quartier.centre or quartier.name) if quartier else ""
    address = quartier.address if quartier else ""
    row = store.db.execute("SELECT topic_id FROM bookings WHERE id = ?", [record.id]).fetchone()
    topics = content.topic_summaries(store, [row[0]], language) if row and row[0] else []
    return _Facts(centre, address, quartier.contact_phone if quartier else "",
                  topics[0].title if topics else "",
                  ", ".join(p for p in (centre, record.slot.room, address) if p))


def calendar_event(store: Store, record: BookingRecord, *, quartier_id: str, language: str,
                   now: datetime) -> str:
    """The QR code's text on the done screen and on the slip (kiosk.ical)."""
    return _event(record, _facts(store, record, quartier_id, language), now)


def _event(record: BookingRecord, facts: _Facts, now: datetime) -> str:
    return booking_event(booking_id=record.id, start=record.slot.start, end=record.slot.end,
                         topic=facts.topic, place=facts.place, code=record.code, now=now)


def booking_slip(store: Store, record: BookingRecord, *, quartier_id: str, language: str,
                 now: datetime) -> Slip:
    """The slip of a stored booking, in the UI language."""
    slot = record.slot
    start = timeutil.local(slot.start)
    facts = _facts(store, record, quartier_id, language)
    day_name, day = weekday(start.date(), language), date_words(start.date(), language)
    code = f"{record.code[:3]} {record.code[3:]}"
    items: list[Item] = [
        Text(facts.centre, TITLE, bold=True),
        *(Text(part) for part in facts.address.split(", ")), Rule(),
        Text(_("Ihr Termin")), Text(day_name, bold=True), Text(day, bold=True),
        Text(_("{time} Uhr").format(time=clock(start)), bold=True),
        Text(slot.room),
        Text(_("bei {helper}").format(helper=slot.helper_name) if slot.helper_name else ""),
        Text(_("Thema: {topic}").format(topic=facts.topic) if facts.topic else ""),
        Rule(), Text(_("Ihr Code:")), Text(code, 0, bold=True),
        QR(_event(record, facts, now)),
        Text(_("Mit dem Handy abfotografieren: Der Termin kommt in den Kalender.")), Rule(),
        Text(_("Absagen: Am Kiosk auf „Meine Buchung“ tippen und den Code eingeben.")),
        *((Text(_("Oder rufen Sie an:")), Text(facts.phone, bold=True)) if facts.phone else ()),
    ]
    return Slip(tuple(i for i in items if not isinstance(i, Text) or i.text), language)


def slip_of(store: Store, booking_id: str, *, quartier_id: str, language: str,
            now: datetime) -> Slip:
    """The slip of booking ``booking_id`` (the done screen, "Meine Buchung", a helper's
    reprint); BookingNotFound when it is not (or no longer) there."""
    row = store.db.execute("SELECT code FROM bookings WHERE id = ?", [booking_id]).fetchone()
    if row is None:
        raise BookingNotFound()
    return booking_slip(store, find_booking(store, row[0]), quartier_id=quartier_id,
                        language=language, now=now)


# --- the lines, as both outputs draw them --------------------------------------------------------


def columns(paper_mm: int, size: int) -> int:
    return PRINT_DOTS[paper_mm] // (CELL[0] * size)


def text_size(item: Text, paper_mm: int) -> int:
    """The item's size; for size 0 (the code) the largest at which it fits one line."""
    if item.size:
        return item.size
    return max(1, min(MAX_SIZE, PRINT_DOTS[paper_mm] // (CELL[0] * len(item.text))))


def lines(item: Text, paper_mm: int, language: str) -> list[str]:
    """The paragraph broken into lines of the paper's width in characters: between words, a
    word too long after its hyphen or between syllables (kiosk.wordbreak)."""
    width = columns(paper_mm, text_size(item, paper_mm))

    def fits(part: str) -> bool:
        return len(part) <= width

    result: list[str] = []
    for word in item.text.split():
        pieces = break_word(word, fits, language)
        if result and fits(f"{result[-1]} {pieces[0]}"):
            result[-1] = f"{result[-1]} {pieces.pop(0)}"
        result += pieces
    return result


def qr_module(data: str, paper_mm: int) -> int:
    """Dots per QR module: as large as the paper allows, at most 6 (a phone reads it from
    arm's length; larger only makes the slip long)."""
    modules = segno.make(data, error="m").symbol_size(scale=1, border=QR_MARGIN_MODULES)[0]
    return max(1, min(6, PRINT_DOTS[paper_mm] // modules))


# --- ESC/POS ------------------------------------------------------------------------------------


def escpos_bytes(slip: Slip, paper_mm: int) -> bytes:
    """What the printer gets: reset, centred lines in their sizes, the QR code as the printer's
    own (GS ( k: sharp at any size, and its text stays readable in the byte stream), a cut."""
    from escpos.printer import Dummy  # loads the printers' capabilities: 0.34 s, only here

    printer = Dummy()
    printer.hw("INIT")
    printer.set(align="center")
    for item in slip.items:
        if isinstance(item, Text):
            size = text_size(item, paper_mm)
            printer.set(bold=item.bold, custom_size=True, width=size, height=size)
            for line in lines(item, paper_mm, slip.language):
                printer.textln(line)
        elif isinstance(item, Rule):
            printer.set(bold=False, custom_size=True, width=1, height=1)
            printer.textln("-" * columns(paper_mm, 1))
        else:  # a blank line above and below: the quiet zone scanners need
            printer.ln()
            printer.qr(item.data, ec=QR_ECLEVEL_M, size=qr_module(item.data, paper_mm),
                       native=True)
            printer.ln()
    printer.set(bold=False, custom_size=True, width=1, height=1)
    printer.cut()
    return printer.output


# --- PNG ----------------------------------------------------------------------------------------


Paint = Callable[[ImageDraw.ImageDraw, int], None]


def _painted_rows(slip: Slip, paper_mm: int) -> Iterator[tuple[int, Paint]]:
    """Each row of the picture: its height in dots and how to paint it at a given top."""
    width = PRINT_DOTS[paper_mm]
    for item in slip.items:
        if isinstance(item, Text):
            size = text_size(item, paper_mm)
            font = ImageFont.truetype(FONT_BOLD if item.bold else FONT_REGULAR,
                                      round(CELL[1] * size * 0.8))
            height = CELL[1] * size
            for line in lines(item, paper_mm, slip.language):
                yield height, partial(_paint_text, line=line, font=font, x=width / 2,
                                      height=height)
        elif isinstance(item, Rule):
            yield CELL[1], lambda draw, y: draw.line(
                [(0, y + CELL[1] // 2), (width, y + CELL[1] // 2)], fill=0, width=2)
        else:
            qr = segno.make(item.data, error="m")
            scale = qr_module(item.data, paper_mm)
            side = qr.symbol_size(scale=scale, border=0)[0]
            quiet = QR_MARGIN_MODULES * scale  # scanners need light around the code
            yield side + 2 * quiet, partial(_paint_qr, qr=qr, scale=scale,
                                            left=(width - side) // 2, top=quiet)


def _paint_text(draw: ImageDraw.ImageDraw, y: int, *, line: str, font, x: float,
                height: int) -> None:
    draw.text((x, y + height / 2), line, font=font, fill=0, anchor="mm")


def _paint_qr(draw: ImageDraw.ImageDraw, y: int, *, qr, scale: int, left: int,
              top: int) -> None:
    y += top
    for row, modules in enumerate(qr.matrix):
        for col, dark in enumerate(modules):
            if dark:
                x0, y0 = left + col * scale, y + row * scale
                draw.rectangle([x0, y0, x0 + scale - 1, y0 + scale - 1], fill=0)


def png_bytes(slip: Slip, paper_mm: int) -> bytes:
    """The slip as the paper shows it, one pixel a printer dot: for the screenshots and the
    admin's preview. Atkinson Hyperlegible, the kiosk's font, in the printer's cell heights."""
    rows = list(_painted_rows(slip, paper_mm))
    margin = 2 * CELL[1]
    image = Image.new("L", (PRINT_DOTS[paper_mm], sum(h for h, _p in rows) + 2 * margin), 255)
    draw = ImageDraw.Draw(image)
    y = margin
    for height, paint in rows:
        paint(draw, y)
        y += height
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
