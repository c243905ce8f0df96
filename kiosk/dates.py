"""Dates in words, in the UI language, from CLDR (Babel), without a locale install.

Each language its own pattern ("Mittwoch, 25. November 2026", "25 Kasım 2026 Çarşamba",
"среда, 25 ноября 2026 г."), month names in the form the pattern needs (Russian, Ukrainian and
Polish put the month in the genitive after a day), weekday abbreviations that CLDR keeps distinct
in every language (Turkish "Cum"/"Cmt", "Paz"/"Pzt"). Digits stay 0–9 in every language, as
times and booking codes do; direction marks CLDR puts in Arabic patterns are left out (the
screens order right-to-left text themselves).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton

from kiosk import i18n

# The CLDR locale of each UI language (English as in Britain: day before month).
LOCALES = {"de": "de_DE", "en": "en_GB", "tr": "tr_TR", "ar": "ar", "ru": "ru_RU",
           "uk": "uk_UA", "pl": "pl_PL"}
# Left-to-right, right-to-left and Arabic letter marks: not wanted in a label's text; CLDR's
# narrow no-break space ("2026 г.") is a no-break space (one every font has).
_MARKS = {0x200E: None, 0x200F: None, 0x061C: None, 0x202F: "\u00a0"}


@cache
def _cldr(language: str) -> Locale:
    return Locale.parse(LOCALES.get(language, LOCALES["de"]))


def _locale(language: str | None) -> Locale:
    """The CLDR locale of ``language``; None is the UI language chosen now."""
    return _cldr(language or i18n.current_language())


def _plain(text: str) -> str:
    return text.translate(_MARKS).strip()


def long_date(day: date, language: str | None = None) -> str:
    """The weekday and the date in words, in the language's own order."""
    return _plain(format_date(day, "full", locale=_locale(language)))


def weekday(day: date, language: str | None = None) -> str:
    """The weekday in full, as it stands alone ("Mittwoch")."""
    return _plain(_locale(language).days["stand-alone"]["wide"][day.weekday()])


def date_words(day: date, language: str | None = None) -> str:
    """The date in words without the weekday ("25. November 2026", "25 ноября 2026 г.")."""
    return _plain(format_date(day, "long", locale=_locale(language)))


def short_date(day: date, language: str | None = None) -> str:
    """Weekday and day for the calendar tiles: "Mi., 26.11.", "Çar 26/11", "ср, 26.11"; in
    Arabic CLDR's abbreviation is the whole name ("الأربعاء"): its short form, without the
    article ("أربعاء، 26/11"), keeps a tile and the Startseite's date line to one line."""
    locale = _locale(language)
    if locale.language == "ar":
        weekday_short = locale.days["format"]["short"][day.weekday()]
        return _plain(f"{weekday_short}، {format_skeleton('Md', day, locale=locale)}")
    return _plain(format_skeleton("MEd", day, locale=locale))


def month_year(month: str, language: str | None = None) -> str:
    """ "2026-12" (a topic's "checked") in words: "Dezember 2026"."""
    year, number = month.split("-")
    return _plain(format_skeleton("yMMMM", date(int(year), int(number), 1),
                                  locale=_locale(language)))


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")
