import stat
import time
from pathlib import Path

from kiosk.speech import Speaker


def fake_engine(tmp_path: Path, seconds: float = 0) -> tuple[list[str], Path]:
    out = tmp_path / "spoken.txt"
    script = tmp_path / "fake-tts"
    script.write_text(f'#!/bin/sh\necho "$@" > {out}\ncat >> {out}\nsleep {seconds}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return [str(script)], out


def wait_for(path: Path, text: str) -> str:
    for _ in range(100):
        if path.exists() and text in path.read_text():
            return path.read_text()
        time.sleep(0.02)
    return path.read_text() if path.exists() else ""


def test_speaks_text_on_stdin_with_the_language_voice(tmp_path):
    command, out = fake_engine(tmp_path)
    speaker = Speaker(command)
    assert speaker.available
    assert speaker.say("Öffnen Sie WhatsApp.", "tr")
    spoken = wait_for(out, "WhatsApp")
    assert spoken.splitlines() == ["-v tr", "Öffnen Sie WhatsApp."]


def test_stop_ends_the_engine(tmp_path):
    command, out = fake_engine(tmp_path, seconds=30)
    speaker = Speaker(command)
    speaker.say("Lang", "de")
    assert speaker.speaking
    speaker.stop()
    assert not speaker.speaking


def test_no_engine_is_detected(tmp_path):
    speaker = Speaker([str(tmp_path / "missing")])
    assert not speaker.available
    assert speaker.say("Hallo", "de") is False
    assert Speaker(detect=False).available is False
