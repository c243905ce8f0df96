"""Names and free texts (kiosk.textrules): cleaned, refused, and CSV cells that cannot run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kiosk import textrules
from kiosk.textrules import TextRefused, clean_line, clean_text, csv_cell, scrub

STEUERZEICHEN = "Der Text enthält unsichtbare Steuerzeichen"


@pytest.mark.parametrize(("typed", "stored"), [
    ("Anna", "Anna"),
    ("  Anna   Lena ", "Anna Lena"),
    ("Anna\tLena\nMarie", "Anna Lena Marie"),
    ("Anna\u00a0Lena", "Anna Lena"),           # no-break space
    ("Jose\u0301", "José"),                    # combining accent → composed form
    ("An\u200bna\ufeff", "Anna"),              # zero-width space, byte order mark
    ("Ma\u00adrie", "Marie"),                  # soft hyphen
])
def test_names_are_cleaned(typed, stored):
    assert clean_line(typed, 40) == stored


@pytest.mark.parametrize("name", [
    "An\x00na", "Anna\x1b[31m", "\x7fAnna", "Anna\x9b",
    "\u202eannA", "Anna\u202a", "Anna\u202b", "Anna\u202c", "Anna\u202d",
    "\u2066Anna\u2069", "\u2067Anna", "\u2068Anna",
    "Anna\ud800", "Anna\ue000", "Anna\U000e0001", "Anna\u0378",
])
def test_control_bidi_and_unassigned_characters_are_refused(name):
    with pytest.raises(TextRefused, match=STEUERZEICHEN):
        clean_line(name, 40)


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u00ad"])
def test_a_name_of_nothing_visible_is_refused(name):
    with pytest.raises(TextRefused, match="sichtbaren Zeichen"):
        clean_line(name, 40)
    assert clean_line(name, 40, required=False) == ""


def test_length_is_counted_after_cleaning():
    assert clean_line("A" * 40 + "\u200b" * 10, 40) == "A" * 40
    with pytest.raises(TextRefused, match=r"Höchstens 40 Zeichen \(jetzt 41\)"):
        clean_line("A" * 41, 40)


def test_free_text_keeps_its_lines():
    assert clean_text("Erste Zeile \r\n\tzweite  Zeile\r\rdritte\n", 200) == (
        "Erste Zeile\nzweite Zeile\n\ndritte")
    with pytest.raises(TextRefused, match=STEUERZEICHEN):
        clean_text("Zeile\n\u202eeins", 200)
    with pytest.raises(TextRefused, match="Höchstens 5 Zeichen"):
        clean_text("sechs!", 5)


def test_scrub_takes_out_what_would_be_refused_and_never_raises():
    assert scrub("An\x00na \u202eLena\u202c\u200b") == "Anna Lena"
    assert scrub("Zeile\x00\r\neins\u2066", multiline=True) == "Zeile\neins"
    for ch in map(chr, range(0x0, 0x3000)):
        cleaned = scrub(f"a{ch}b")
        assert clean_line(cleaned, 10, required=False) == cleaned  # scrubbed text passes


@pytest.mark.parametrize(("value", "cell"), [
    ("=HYPERLINK(\"http://x\";\"Klick\")", "'=HYPERLINK(\"http://x\";\"Klick\")"),
    ("+49 171 000000", "'+49 171 000000"),
    ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("Anna", "Anna"), ("Anna-Lena", "Anna-Lena"), ("", ""), (None, ""), (7, "7"),
])
def test_csv_cells_never_start_a_formula(value, cell):
    assert csv_cell(value) == cell


def test_textrules_needs_only_the_standard_library():
    """The server imports it; the kiosk runs without Django, the server without Kivy."""
    tree = ast.parse(Path(textrules.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "re", "unicodedata"}


@pytest.mark.parametrize(("typed", "stored"), [("Jose\u0301", "José"), (" An\u200bna ", "Anna"),
                                              ("Anna\u00a0Lena", "Anna Lena")])
def test_the_kiosk_stores_names_by_the_same_rule(typed, stored):
    from kiosk.booking import normalise_name

    assert normalise_name(typed) == stored


@pytest.mark.parametrize("typed", ["\u200b", "\u202eannA", "An\x00na", "A" * 41, "=1+1"])
def test_the_kiosk_refuses_names_by_the_same_rule(typed):
    from kiosk.booking import InvalidName, normalise_name

    with pytest.raises(InvalidName):
        normalise_name(typed)
