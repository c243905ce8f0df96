"""What a booking's personal details and code look like: the first name, the phone number, the
code. The kiosk's booking steps and the admin's phone bookings apply these same rules, so this
module needs nothing but the text rules (the server imports it without the kiosk's store).
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from kiosk import textrules
from kiosk.errors import KioskError
from kiosk.i18n import N_

# No 0/O, 1/I/L: a code read aloud or copied by hand stays unambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
NAME_MAX = 40
# Between two letters of a name: a space, a hyphen (double names), an apostrophe (Ukrainian
# "Мар'яна", "D'Angelo"; typed as ' or as the typographic ’ or ʼ).
_JOINERS = frozenset(" -'\u2019\u02bc")
_PHONE_JUNK = re.compile(r"[\s/().-]")


class BookingError(KioskError):
    """A booking rule said no; ``message`` is what the screen shows."""


class InvalidName(BookingError):
    text = N_("Bitte geben Sie Ihren Vornamen ein. Nur Buchstaben, höchstens 40.")


class InvalidPhone(BookingError):
    text = N_("Die Telefonnummer stimmt nicht. Bitte prüfen Sie die Nummer.")


def normalise_name(first_name: str) -> str:
    """The name as stored: cleaned by the rule the server applies too (kiosk.textrules), and
    letters only."""
    try:
        name = textrules.clean_line(first_name, NAME_MAX)
    except textrules.TextRefused:
        raise InvalidName() from None
    if not is_name(name):
        raise InvalidName()
    return name


def is_name(text: str) -> bool:
    """Letters of any script (Latin, Cyrillic, Arabic, …) with their accents and vowel marks,
    words joined by one space, hyphen or apostrophe; no digit (of any script), no symbol, no
    punctuation, no control character."""
    before = ""
    for ch in text:
        kind = unicodedata.category(ch)
        if kind == "Lm":         # a lengthening stroke (Arabic ـ): within a word
            if not before or before in _JOINERS:
                return False
        elif kind[0] == "L":
            pass
        elif kind[0] == "M":     # a combining accent or an Arabic vowel mark: after a letter
            if not before or unicodedata.category(before)[0] not in "LM":
                return False
        elif ch in _JOINERS:     # only between two letters
            if not before or before in _JOINERS:
                return False
        else:
            return False
        before = ch
    return bool(text) and text[-1] not in _JOINERS


def normalise_phone(phone: str) -> str:
    """A German (or international) number as +49…; '' when no number was given."""
    digits = _PHONE_JUNK.sub("", phone or "")
    if not digits:
        return ""
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+49" + digits[1:]
    if not (digits.startswith("+") and digits[1:].isdigit()):
        raise InvalidPhone()
    if digits.startswith("+49"):
        national = digits[3:].removeprefix("0")  # "+49 (0)2362 …" is written often
        if not 6 <= len(national) <= 13 or national.startswith("0"):
            raise InvalidPhone()
        return "+49" + national
    if not 8 <= len(digits) - 1 <= 15:
        raise InvalidPhone()
    return digits


def random_code() -> str:
    """A new booking code (the caller makes sure it is not taken)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
