"""The booking slip: one layout, as ESC/POS bytes (read back as a printer would) and as a PNG
(its QR code read back from the pixels); the calendar event in its QR code through two iCalendar
parsers, the ``icalendar`` and ``vobject`` packages, and a strict RFC 5545 reading written here
(line lengths, folding, the order of the components)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import segno
import vobject
from PIL import Image

from kiosk import booking, i18n, slip
from kiosk.ical import booking_event, fold
from kiosk.schedule import upsert_quartier
from tests.conftest import NOW, QUARTIER
from tests.kiosk import escpos_stream

PHONE = "0171 2345678"


@pytest.fixture
def record(booking_store, rules):
    upsert_quartier(booking_store, {"id": QUARTIER, "name": "Dorsten-Wulfen",
                                    "centre": "Begegnungsstätte Wulfen",
                                    "address": "Musterweg 1, 46286 Dorsten",
                                    "contact_phone": "02369 000 0001"})
    return booking.create_booking(booking_store, slot_id="tomorrow", topic_id="whatsapp-foto",
                                  first_name="Erika", phone=PHONE, now=NOW, rules=rules)


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("de")


def make_slip(store, record, language="de"):
    i18n.set_language(language)
    return slip.booking_slip(store, record, quartier_id=QUARTIER, language=language, now=NOW)


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_the_printed_slip_says_when_where_and_the_code_large_never_the_name(
        booking_store, record, german, paper_mm):
    printed = escpos_stream.read(slip.escpos_bytes(make_slip(booking_store, record), paper_mm))
    text = " ".join(printed.texts)  # a paragraph over several lines reads as one
    # Thursday 26 November 2026, 10:00 in Berlin (09:00 UTC)
    for expected in ("Begegnungsstätte", "Musterweg 1", "46286 Dorsten", "Donnerstag",
                     "26. November 2026", "10:00 Uhr", "Raum 1", "bei Anna",
                     "„Meine Buchung“", "02369 000 0001"):
        assert expected in text, expected
    assert "WhatsApp" in text and "Fotos per" in text
    assert "Erika" not in text and "2345678" not in text
    for line in printed.lines:  # every line fits the paper at its size
        assert len(line.text) <= slip.columns(paper_mm, line.size), line
    code = next(line for line in printed.lines if line.text == f"{record.code[:3]} "
                f"{record.code[3:]}")
    assert code.bold and code.size >= 4 and code.size > max(
        line.size for line in printed.lines if line.text and line is not code)
    body = [line for line in printed.lines if line.text and not line.text.startswith("---")]
    assert min(line.size for line in body) == 2  # large print: twice the printer's letters
    assert printed.resets == 1 and printed.cuts == 1
    assert printed.qr_module >= 4


def test_the_qr_code_on_paper_and_in_the_picture_is_the_calendar_event(booking_store, record,
                                                                        german):
    the_slip = make_slip(booking_store, record)
    (event,) = [item.data for item in the_slip.items if isinstance(item, slip.QR)]
    assert escpos_stream.read(slip.escpos_bytes(the_slip, 58)).qr == [event]
    assert qr_in_picture(slip.png_bytes(the_slip, 58), event) == segno.make(
        event, error="m").matrix
    assert "BEGIN:VEVENT" in event and record.code in event
    assert "Erika" not in event and "2345678" not in event and "Anna" not in event


def qr_in_picture(png: bytes, data: str) -> tuple:
    """The QR modules read off the picture's pixels at the module centres (where the
    slip draws the code of ``data``: centred, below the code)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    expected = segno.make(data, error="m")
    scale = slip.qr_module(data, 58)
    side = expected.symbol_size(scale=scale, border=0)[0]
    left = (image.width - side) // 2
    # the two upper finder patterns, 7 x 7 modules each, read at their module centres: the
    # first rows where both are whole are the code's top (a rule or the large booking code
    # above it can be dark across: "HHM SYS" was taken for the code's top edge)
    finder = [row[:7] for row in expected.matrix[:7]]

    def dark(x: int, y: int) -> bool:
        return image.getpixel((x, y)) < 128

    def finders_at(y: int) -> bool:
        return all(bool(finder[r][c]) == dark(x + c * scale + scale // 2,
                                              y + r * scale + scale // 2)
                   for x in (left, left + side - 7 * scale)
                   for r in range(7) for c in range(7))

    top = next(y for y in range(image.height - side) if finders_at(y))
    return tuple(bytearray(image.getpixel((left + c * scale + scale // 2,
                                           top + r * scale + scale // 2)) < 128
                           for c in range(len(expected.matrix)))
                 for r in range(len(expected.matrix)))


def test_the_slip_picture_shows_the_same_lines_as_the_paper(booking_store, record, german,
                                                            tmp_path):
    """One pixel a printer dot: as wide as the paper's print, as long as its lines."""
    the_slip = make_slip(booking_store, record)
    for paper_mm in (58, 80):
        png = slip.png_bytes(the_slip, paper_mm)
        image = Image.open(io.BytesIO(png))
        rows = sum(len(slip.lines(i, paper_mm, "de")) for i in the_slip.items
                   if isinstance(i, slip.Text))
        assert image.width == slip.PRINT_DOTS[paper_mm]
        assert image.height > rows * 2 * slip.CELL[1]
        (tmp_path / f"slip-{paper_mm}.png").write_bytes(png)


@pytest.mark.parametrize("language", ["en", "tr"])
def test_the_slip_in_the_ui_language_prints_its_letters(booking_store, record, language):
    try:
        printed = escpos_stream.read(
            slip.escpos_bytes(make_slip(booking_store, record, language), 80))
    finally:
        i18n.set_language("de")
    text = " ".join(printed.texts)
    if language == "en":
        assert "Thursday" in text and "26 November 2026" in text and "Send photos" in text
    else:
        assert "Perşembe" in text  # ş through the printer's Turkish code page


def test_long_words_break_after_their_hyphen_or_between_syllables():
    item = slip.Text("Digital-Sprechstunde Begegnungsstättenleitung")
    assert slip.lines(item, 58, "de") == ["Digital-", "Sprechstunde", "Begegnungsstät-",
                                          "tenleitung"]


# --- the calendar event -------------------------------------------------------------------------

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def event_text(**overrides) -> str:
    fields = {"booking_id": "3f1c2a9e-0000-4000-8000-000000000001", "start": START,
              "end": START + timedelta(minutes=45), "topic": "Fotos per WhatsApp schicken",
              "place": "Begegnungsstätte Wulfen, Raum 1; Musterweg 1, 46286 Dorsten",
              "code": "ABCDEF", "now": NOW, **overrides}
    return booking_event(**fields)


def rfc5545(text: str) -> list[tuple[str, dict[str, str], str]]:
    """A strict reading of RFC 5545 section 3.1: CRLF line ends, folds of at most 75 octets
    that begin with one space, ``name *(";" param) ":" value``; TEXT values unescaped (3.3.11),
    and no unescaped comma or semicolon in them."""
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text[:-2].split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    properties = []
    for line in logical:
        match = re.fullmatch(r"([A-Z][A-Z0-9-]*)((?:;[A-Z-]+=[^;:]*)*):(.*)", line)
        assert match, line
        name, params, value = match.groups()
        if name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
            assert not re.search(r"(?<!\\)[,;]", value), line
            value = re.sub(r"\\([\\;,nN])",
                           lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
        properties.append((name, dict(p.split("=", 1) for p in params[1:].split(";") if p),
                           value))
    return properties


def test_the_calendar_event_reads_the_same_in_two_parsers():
    text = event_text()
    properties = rfc5545(text)
    names = [name for name, _params, _value in properties]
    assert names[:4] == ["BEGIN", "VERSION", "PRODID", "BEGIN"] and names[-2:] == ["END", "END"]
    assert ("BEGIN", {}, "VEVENT") in properties and ("VERSION", {}, "2.0") in properties
    values = {name: value for name, _params, value in properties}
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert values["DTSTART"] == "20261126T090000Z" and event.decoded("dtstart") == START
    assert values["DTEND"] == "20261126T094500Z"
    assert event.decoded("dtend") == START + timedelta(minutes=45)
    assert event.decoded("dtstamp") == NOW
    assert values["UID"] == str(event["uid"]) == "3f1c2a9e-0000-4000-8000-000000000001@digiquartier"
    place = "Begegnungsstätte Wulfen, Raum 1; Musterweg 1, 46286 Dorsten"
    assert values["LOCATION"] == str(event["location"]) == place
    assert values["SUMMARY"] == str(event["summary"]) == (
        "Digital-Sprechstunde: Fotos per WhatsApp schicken")
    assert "ABCDEF" in values["DESCRIPTION"] == str(event["description"])
    (second,) = vobject.readComponents(text)
    assert second.vevent.dtstart.value == START and second.vevent.dtend.value == event.decoded(
        "dtend")
    assert second.vevent.location.value == place and second.vevent.uid.value == str(event["uid"])
    assert second.vevent.summary.value == str(event["summary"])


def test_a_long_place_is_folded_between_characters_and_reads_back_whole():
    place = "Begegnungsstätte " + "Ü" * 120 + ", Raum 1"
    properties = rfc5545(event_text(place=place))
    assert ("LOCATION", {}, place) in properties
    (event,) = icalendar.Calendar.from_ical(event_text(place=place)).walk("VEVENT")
    assert str(event["location"]) == place
    assert all(len(part.encode()) <= 75 for part in fold("X" * 200).split("\r\n"))


def test_the_same_booking_is_the_same_event_when_printed_again():
    first, again = event_text(), event_text(now=NOW + timedelta(hours=3))
    uid = [line for line in first.split("\r\n") if line.startswith("UID:")]
    assert uid == [line for line in again.split("\r\n") if line.startswith("UID:")]
