import subprocess
import sys
from pathlib import Path

from kiosk import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_every_ui_text_is_translated_and_compiled():
    result = subprocess.run([sys.executable, "scripts/i18n.py", "check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_switching_language():
    try:
        i18n.set_language("tr")
        assert i18n._("Termin buchen") == "Randevu al"
        i18n.set_language("xx")  # unknown: German
        assert i18n._("Termin buchen") == "Termin buchen"
    finally:
        i18n.set_language("de")


def i18n_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts/i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_catalog_check_reads_what_a_catalog_says_not_its_bytes(tmp_path):
    """A new Babel writes other header bytes (its version, its dates): no difference. A changed
    translation or plural rule: a difference."""
    from babel.messages.pofile import read_po

    script = i18n_script()
    for language in script.LANGUAGES:
        catalog = read_po(script.po_path(language).open("rb"), locale=language)
        catalog.project, catalog.version = "Another Name", "9.9"  # header only
        mo = tmp_path / f"{language}.mo"
        mo.write_bytes(script.mo_bytes(catalog))
        assert script.mo_differences(catalog, mo) == []
        message = next(m for m in catalog if m.id and not isinstance(m.id, tuple))
        message.string = "anders"  # the .po now says something the .mo does not
        assert script.mo_differences(catalog, mo) == [repr(message.id)]


def test_plural_texts_follow_each_language_s_own_rule():
    script = i18n_script()
    for language, rule in script.PLURAL_FORMS.items():
        assert script.new_catalog(language).plural_forms == rule
        i18n.set_language(language)
        try:
            for n in (1, 2, 7):
                text = i18n.ngettext("{n} Thema", "{n} Themen", n)
                assert text not in ("{n} Thema", "{n} Themen"), (language, n)
        finally:
            i18n.set_language("de")
