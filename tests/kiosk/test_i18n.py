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
