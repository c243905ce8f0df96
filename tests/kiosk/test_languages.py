"""The seven UI languages (issue 17), everywhere the core has a table per language: the same
languages in each; dates from CLDR that tell the days apart; each language read in its own
voice, audibly; names in every script of these languages, nothing else."""

from __future__ import annotations

import importlib.util
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk import contact, dates, i18n, keyboard, speech
from kiosk.speech import Part, Speaker
from tests.kiosk.test_speech import ESPEAK, finish, needs_espeak, wav_figures

ROOT = Path(__file__).resolve().parents[2]
# A Monday to a Sunday.
WEEK = [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]


def _plural_rules() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts/i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PLURAL_FORMS


def test_every_table_has_every_ui_language():
    languages = set(i18n.LANGUAGES)
    assert len(languages) == 7
    assert set(_plural_rules()) == languages - {i18n.SOURCE_LANGUAGE}
    for table in (speech.VOICES, dates.LOCALES, keyboard.LETTERS, keyboard.ROWS,
                  keyboard.SCRIPT_OF):
        assert set(table) == languages
    assert i18n.RTL_LANGUAGES.issubset(languages)
    for language in languages:  # a catalog for each (German is the source)
        assert language == "de" or (ROOT / "kiosk/locale" / language / "LC_MESSAGES/kiosk.mo"
                                    ).exists()


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_the_day_tiles_tell_seven_days_apart(language):
    """Turkish "Cu"/"Cu" (Friday, Saturday) and "Pa"/"Pa" (Sunday, Monday) were the first
    two letters; CLDR's abbreviations differ."""
    tiles = [dates.short_date(day, language) for day in WEEK]
    weekdays = {re.sub(r"[\d.,/\s،]", "", tile) for tile in tiles}
    assert len(weekdays) == 7 and "" not in weekdays, tiles
    assert "23" in tiles[0] and "11" in tiles[0], tiles[0]


@pytest.mark.parametrize("language, words", [
    ("de", "Mittwoch, 25. November 2026"),
    ("en", "Wednesday, 25 November 2026"),
    ("tr", "25 Kasım 2026 Çarşamba"),                # the weekday last, no German full stop
    ("ru", "среда, 25 ноября 2026\u00a0г."),         # the month in the genitive
    ("uk", "середа, 25 листопада 2026\u00a0р."),
    ("pl", "środa, 25 listopada 2026"),
    ("ar", "الأربعاء، 25 نوفمبر 2026"),              # digits as on the codes and times
])
def test_each_language_writes_the_date_its_own_way(language, words):
    day = date(2026, 11, 25)
    assert dates.long_date(day, language) == words
    assert dates.weekday(day, language).lower() in words.lower()
    assert dates.date_words(day, language) in words
    assert not any(mark in words for mark in "\u200e\u200f\u061c")


def test_dates_follow_the_ui_language_when_none_is_given():
    i18n.set_language("ru")
    try:
        assert dates.month_year("2027-01") == "январь 2027\u00a0г."
        assert dates.short_date(date(2026, 11, 27)) == "пт, 27.11"
    finally:
        i18n.set_language("de")
    assert dates.short_date(date(2026, 11, 27)) == "Fr., 27.11."


@needs_espeak
@pytest.mark.parametrize("language, text", [
    ("ar", "اضغط على الزر الأخضر."), ("ru", "Нажмите на зелёную кнопку."),
    ("uk", "Натисніть на зелену кнопку."), ("pl", "Proszę dotknąć zielonego przycisku."),
])
def test_each_language_is_read_aloud_in_its_own_voice(tmp_path, language, text):
    """espeak-ng has the voice (a missing voice exits non-zero) and the audio is not silent."""
    wav = tmp_path / f"{language}.wav"
    speaker = Speaker([ESPEAK, "-w", str(wav)])
    assert speaker.command_for(Part(text, language))[-1] == speech.VOICES[language]
    assert speaker.say([Part(text, language)])
    finish(speaker)
    assert speaker.problem == ""
    duration, rms = wav_figures(wav)
    assert duration > 0.8 and rms > 0.02


@pytest.mark.parametrize("name", [
    "Ayşe", "İlkay", "Łucja", "Małgorzata", "Ольга", "Мар'яна", "Мар’яна", "Ґалина", "Євгенія",
    "Їржі", "فاطمة", "محمد علي", "آمنة", "Anna-Lena", "José", "Zoë",
])
def test_names_in_every_script_are_accepted(name):
    assert contact.normalise_name(f" {name} ") == name


@pytest.mark.parametrize("name", [
    "Anna1", "Ольга2", "فاطمة٣",                   # digits, Arabic-Indic ones too
    "Anna!", "Anna_", "Ann@", "Anna😀", "Ан$на",     # symbols and punctuation
    "An\u202ena", "An\u200fna\u0007",               # direction overrides, controls
    "'Anna", "Anna-", "Anna--Lena", "ـ",            # joiners and a lone stroke
])
def test_names_refuse_digits_symbols_and_controls(name):
    with pytest.raises(contact.InvalidName):
        contact.normalise_name(name)


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_the_name_keyboard_switches_between_every_script(language):
    scripts = keyboard.scripts(language)
    assert sorted(scripts) == sorted(keyboard.SCRIPTS) and len(set(scripts)) == 3
    assert keyboard.letters_of(language, scripts[0]) == language  # its own letters first
    words = {"Löschen": ("x", 10.0), "Leerzeichen": ("x", 20.0), "Weitere": ("x", 10.0)}
    for script in scripts[1:]:
        specials, _more = keyboard.special_keys("qwertz", True, lambda g: words.get(g, (g, 9)),
                                                script)
        assert [k.label for k in specials if k.action == "script"] == [
            keyboard.SCRIPTS[script][1]]
    letters = keyboard.LETTERS[keyboard.letters_of(language, "cyrillic")]
    assert "ж" in letters and keyboard.upper("ж", "ru") == "Ж"


def test_ukrainian_letters_and_the_apostrophe_are_keys():
    assert set("іїєґ'") <= set("".join(keyboard.ROWS["uk"]))
    assert set("ąćęłńóśźż") <= set("".join(keyboard.ROWS["pl"]))
    for language, rows in keyboard.ROWS.items():
        assert sorted("".join(rows)) == sorted(keyboard.LETTERS[language]), language
