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
LANGUAGES = {"de": "Deutsch", "en": "English", "tr": "Türkçe"}

_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(language: str) -> None:
    """Switch the UI language; unknown languages fall back to German."""
    global _translation
    if language not in LANGUAGES:
        language = SOURCE_LANGUAGE
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def _(text: str) -> str:
    return _translation.gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(text: str) -> str:
    return text
