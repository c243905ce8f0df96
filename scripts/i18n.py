"""Keep the translations in step with the code: ``python scripts/i18n.py [check]``.

Collects every UI text (``_()``/``N_()``/``ngettext`` in Python, ``app.tr("…")`` in kv), adds new
ones to each language's .po file (empty, to be translated), drops texts no longer used, and
compiles the .mo files the kiosk reads. ``check`` changes nothing and fails if a text has no
translation or a .mo file does not say what its .po file says. It compares what the catalogs
say, never their bytes, so a new Babel release (its version is in the header, its plural rules
change) cannot fail it; each language's plural rule is written here, not taken from Babel.
"""

from __future__ import annotations

import gettext
import io
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "kiosk" / "locale"
# Each language's plural rule, as gettext writes it (CLDR: Turkish has "one" and "other", even
# though its noun stays the same after a number).
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "tr": "nplurals=2; plural=(n != 1);",
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
          ": n%100>=11 ? 4 : 5);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 "
          "|| n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 "
          "|| n%100>=20) ? 1 : 2);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) "
          "? 1 : 2);",
}
LANGUAGES = tuple(PLURAL_FORMS)
SOURCES = ("kiosk", "screens", "sync")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "tr": None}
HEADER_DATE = datetime(2026, 1, 1, tzinfo=UTC)
KV_TEXT = re.compile(r"""app\.tr\(\s*(["'])(.+?)(?<!\\)\1""")


def collect() -> dict[str | tuple[str, str], list[str]]:
    """msgid (or singular/plural pair) -> where it is used."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for lineno, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS
            ):
                msgid = tuple(message) if isinstance(message, (tuple, list)) else message
                found.setdefault(msgid, []).append(f"{path.relative_to(ROOT)}:{lineno}")
        for path in sorted((ROOT / folder).rglob("*.kv")):
            for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                for match in KV_TEXT.finditer(line):
                    found.setdefault(match.group(2), []).append(
                        f"{path.relative_to(ROOT)}:{lineno}")
    return found


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "kiosk.po"


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def new_catalog(language: str) -> Catalog:
    """An empty catalog with fixed header dates and this file's plural rule for the language."""
    catalog = Catalog(locale=language, project="DigiQuartier Kiosk", domain="kiosk",
                      creation_date=HEADER_DATE, revision_date=HEADER_DATE)
    catalog.mime_headers = [(key, PLURAL_FORMS[language] if key == "Plural-Forms" else value)
                            for key, value in catalog.mime_headers]
    return catalog


def mo_differences(catalog: Catalog, mo: Path) -> list[str]:
    """Where the compiled catalog says something else than ``catalog`` (empty: they agree)."""
    if not mo.exists():
        return ["missing"]
    compiled = gettext.GNUTranslations(mo.open("rb"))
    found = []
    if compiled.info().get("plural-forms") != catalog.plural_forms:
        found.append(f"plural rule {compiled.info().get('plural-forms')!r}")
    for message in catalog:
        if not message.id or not all(message.string if isinstance(message.string, tuple)
                                     else (message.string,)):
            continue  # untranslated: reported as such
        if isinstance(message.id, tuple):
            for n in range(catalog.num_plurals + 2):
                index = gettext.c2py(catalog.plural_expr)(n)
                if compiled.ngettext(*message.id, n) != message.string[index]:
                    found.append(f"{message.id[0]!r} for n={n}")
        elif compiled.gettext(message.id) != message.string:
            found.append(repr(message.id))
    return found


def main(argv: list[str]) -> int:
    check = argv[1:] == ["check"]
    texts = collect()
    problems = []
    for language in LANGUAGES:
        path = po_path(language)
        old = read_po(path.open("rb"), locale=language) if path.exists() else Catalog(language)
        catalog = new_catalog(language)
        for msgid, places in sorted(texts.items(), key=lambda item: str(item[0])):
            previous = old.get(msgid[0] if isinstance(msgid, tuple) else msgid)
            string = previous.string if previous else ""
            if isinstance(msgid, tuple):  # one string per plural form, missing ones empty
                forms = string if isinstance(string, tuple) else (string,)
                string = (forms + ("",) * catalog.num_plurals)[:catalog.num_plurals]
            catalog.add(msgid, string,
                        locations=[(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1]))
                                   for p in places])
        missing = [m.id for m in catalog if m.id and not all(
            m.string if isinstance(m.string, tuple) else (m.string,))]
        problems += [f"{language}: no translation for {m!r}" for m in missing]
        mo = path.with_suffix(".mo")
        if check:
            problems += [f"{language}: {mo.relative_to(ROOT)} is out of date: {difference}"
                         for difference in mo_differences(catalog, mo)]
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=True)
        mo.write_bytes(mo_bytes(catalog))
    for problem in problems:
        print(problem)
    return 1 if check and problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
