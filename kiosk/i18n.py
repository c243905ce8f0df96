"""UI texts through gettext. German is the source language: msgids are the German texts.

``_()`` looks the text up in the language chosen *now*, so a screen that re-reads its texts after
``set_language`` shows the new language. ``N_()`` only marks a text for extraction, for texts
defined at import time and translated when shown.
"""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kiosk"
SOURCE_LANGUAGE = "de"
# Shown on the language buttons, each in its own language.
LANGUAGES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية", "ru": "Русский",
             "uk": "Українська", "pl": "Polski"}
# Written right to left: the screens mirror their layout and order these texts themselves.
RTL_LANGUAGES = frozenset({"ar"})

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def set_language(language: str) -> None:
    """Switch the UI language; unknown languages fall back to German."""
    global _translation, _language
    if language not in LANGUAGES:
        language = SOURCE_LANGUAGE
    _language = language
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def current_language() -> str:
    """The UI language chosen now (what ``_()`` translates into)."""
    return _language


def _(text: str) -> str:
    return _translation.gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(text: str) -> str:
    return text
