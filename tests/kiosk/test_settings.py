from pathlib import Path

import pytest

from kiosk.settings import SettingsError, from_dict, load


def test_defaults_without_a_file(monkeypatch, tmp_path):
    monkeypatch.setenv("DIGIQUARTIER_DATA", str(tmp_path))
    monkeypatch.delenv("DIGIQUARTIER_CONFIG", raising=False)
    settings = load(None) if not Path("/etc/digiquartier/kiosk.toml").exists() else from_dict({})
    assert settings.data_dir == tmp_path
    assert settings.booking.min_notice_minutes == 60 and settings.booking.horizon_days == 28
    assert settings.idle.warning_after_s == 90 and settings.booking.retention_days == 30
    assert settings.database_path == tmp_path / "kiosk.db"


def test_file_overrides(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('quartier = "herten-innenstadt"\nsound = false\n'
                    '[display]\ndiagonal_inch = 7\nwidth = 800\nheight = 480\n'
                    '[idle]\nwarning_after_s = 30\n[sync]\ntimeout_s = 2.5\n'
                    '[opening_hours]\nmon = "09:00-17:00"\n')
    settings = load(path)
    assert settings.quartier == "herten-innenstadt" and settings.sound is False
    assert (settings.display.width, settings.display.diagonal_inch) == (800, 7.0)
    assert settings.idle.warning_after_s == 30 and settings.idle.countdown_s == 20
    assert settings.sync.timeout_s == 2.5
    assert settings.opening_hours == {"mon": "09:00-17:00"}


@pytest.mark.parametrize(("text", "message"), [
    ("quartir = 'x'", "quartir"),
    ("[display]\nwidth = 'wide'", "display.width"),
    ("[idle]\nsleep = 3", "idle.sleep"),
    ("sound = 'yes'", "sound"),
    ("[display\n", "kiosk.toml"),
    # parsed when the settings are read: it passed `health`, then killed the window at start
    ('[opening_hours]\nmon = "9:00-17:00"', 'mon.*"09:00-17:00"'),
])
def test_bad_settings_say_which_key(tmp_path, text, message):
    path = tmp_path / "kiosk.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message):
        load(path)


def test_the_data_folder_from_the_environment_wins_over_the_file(monkeypatch, tmp_path):
    """install.sh --root DIR points DIGIQUARTIER_DATA below DIR; the installed kiosk.toml's
    data_dir (/var/lib/digiquartier) must not send the check to the host's database."""
    path = tmp_path / "kiosk.toml"
    path.write_text('data_dir = "/var/lib/digiquartier"\n')
    monkeypatch.setenv("DIGIQUARTIER_DATA", str(tmp_path / "root/var/lib/digiquartier"))
    assert load(path).data_dir == tmp_path / "root/var/lib/digiquartier"
    monkeypatch.delenv("DIGIQUARTIER_DATA")
    assert load(path).data_dir == Path("/var/lib/digiquartier")


def test_touch_settings(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("[touch]\nignore_repeat_s = 1\nwander_mm = 3.5\n")
    touch = load(path).touch
    assert (touch.ignore_repeat_s, touch.wander_mm) == (1.0, 3.5)
    assert (from_dict({}).touch.ignore_repeat_s, from_dict({}).touch.wander_mm) == (0.5, 5.0)


@pytest.mark.parametrize(("section", "text", "message"), [
    ("touch", "ignore_repeat_s = 5", "touch.ignore_repeat_s must be from 0 to 2 seconds, not 5"),
    ("touch", "wander_mm = -1", "touch.wander_mm must be from 0 to 15 mm, not -1"),
    ("touch", "wander_mm = '5 mm'", "touch.wander_mm must be float"),
    ("touch", "hold_s = 1", "unknown setting touch.hold_s"),
    ("speech", "words_per_minute = 400", "speech.words_per_minute must be from 80 to 250, not 400"),
    ("speech", "words_per_minute = 'slow'", "speech.words_per_minute must be int"),
    ("speech", "words_per_minute = 120.5", "speech.words_per_minute must be int"),
    ("speech", "rate = 120", "unknown setting speech.rate"),
])
def test_bad_section_settings_are_explained(tmp_path, section, text, message):
    path = tmp_path / "kiosk.toml"
    path.write_text(f"[{section}]\n{text}")
    with pytest.raises(SettingsError, match=message):
        load(path)


@pytest.mark.parametrize("section", ["touch", "speech"])
def test_the_example_file_is_valid_and_lists_every_key(section):
    from dataclasses import fields

    example = Path(__file__).parents[2] / "deploy" / "etc" / "kiosk.toml.example"
    defaults = getattr(from_dict({}), section)
    assert getattr(load(example), section) == defaults
    assert all(f"{f.name} =" in example.read_text() for f in fields(defaults))


def test_speech_speed_is_slow_by_default_and_can_be_set(tmp_path):
    """Slower than espeak-ng's own 175 words a minute (the why: Speech's docstring)."""
    assert from_dict({}).speech.words_per_minute == 140
    path = tmp_path / "kiosk.toml"
    path.write_text("[speech]\nwords_per_minute = 110\n")
    assert load(path).speech.words_per_minute == 110
