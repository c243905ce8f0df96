"""The booking as an iCalendar event (RFC 5545) for the QR code: a companion's phone camera
offers to put it into the calendar.

Phone cameras read the QR's text and, finding ``BEGIN:VEVENT`` in it, offer "add to calendar"
(ZXing's VEvent parser on Android, the iOS camera); a whole ``VCALENDAR`` around it keeps it a
valid iCalendar object for any other reader. Only what the event needs: start, end, place, a
title with the topic, and the code (to find or cancel the booking later) — no name, no phone
number, not the helper's name. Written by hand, not with the ``icalendar`` package: that is
the server's dependency, not the kiosk's, and one event needs only escaping and folding.
"""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.i18n import _

PRODID = "-//DigiQuartier//Kiosk//DE"
#: RFC 5545 3.1: lines longer than 75 octets are folded.
FOLD_OCTETS = 75


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """One content line folded at 75 octets, never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = FOLD_OCTETS if not parts else FOLD_OCTETS - 1  # a continuation starts with " "
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    """A DATE-TIME in UTC ("20261202T130000Z"): no time zone block needed."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def booking_event(*, booking_id: str, start: datetime, end: datetime, topic: str, place: str,
                  code: str, now: datetime) -> str:
    """The calendar text for a booking; ``booking_id`` makes the UID (the same event when the
    slip is printed twice), ``now`` the DTSTAMP."""
    title = _("Digital-Sprechstunde: {topic}").format(topic=topic) if topic else _(
        "Digital-Sprechstunde")
    note = _("Code: {code} (für „Meine Buchung“ am Kiosk)")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "BEGIN:VEVENT",
        f"UID:{booking_id}@digiquartier",
        f"DTSTAMP:{utc_stamp(now)}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SUMMARY:{escape(title)}",
        f"LOCATION:{escape(place)}",
        f"DESCRIPTION:{escape(note.format(code=code))}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
