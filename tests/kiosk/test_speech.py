"""Read-aloud with real processes: espeak-ng writing WAV files, a shell script standing in for
another engine, and espeak-ng without a sound device."""

import array
import math
import stat
import time
import wave
from pathlib import Path

import pytest

from kiosk.settings import Speech
from kiosk.speech import ENGINE_FAILED, NO_ENGINE, NO_SOUND, Part, Speaker, joined

ESPEAK = "/usr/bin/espeak-ng"
needs_espeak = pytest.mark.skipif(not Path(ESPEAK).exists(), reason="espeak-ng not installed")
STEP = ("Öffnen Sie die App WhatsApp auf Ihrem Telefon und tippen Sie oben rechts auf die drei "
        "Punkte.")


def fake_engine(tmp_path: Path, seconds: float = 0) -> tuple[list[str], Path]:
    """An engine that appends its arguments and its stdin to a file."""
    out = tmp_path / "spoken.txt"
    script = tmp_path / "fake-tts"
    script.write_text(f'#!/bin/sh\necho "$@" >> {out}\ncat >> {out}\necho >> {out}\n'
                      f'sleep {seconds}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return [str(script)], out


def finish(speaker: Speaker, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while speaker.speaking and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not speaker.speaking


def wav_figures(path: Path) -> tuple[float, float]:
    """Duration in seconds and RMS (0–1) of a 16-bit mono WAV, read with the standard library."""
    with wave.open(str(path)) as w:
        assert (w.getsampwidth(), w.getnchannels()) == (2, 1)
        samples = array.array("h", w.readframes(w.getnframes()))
        duration = w.getnframes() / w.getframerate()
    rms = math.sqrt(sum(s * s for s in samples) / max(len(samples), 1)) / 32768
    return duration, rms


@needs_espeak
@pytest.mark.parametrize("wpm", [Speech().words_per_minute, 175])
def test_espeak_speaks_audibly_for_as_long_as_the_words_take(tmp_path, wpm):
    """Non-silent audio whose length fits the word count at the configured speed."""
    wav = tmp_path / "step.wav"
    speaker = Speaker([ESPEAK, "-w", str(wav)], words_per_minute=wpm)
    assert speaker.say([Part(STEP, "de")])
    finish(speaker)
    assert speaker.problem == ""
    duration, rms = wav_figures(wav)
    nominal = len(STEP.split()) / wpm * 60   # 17 words: 7.3 s at 140, 5.8 s at 175
    print(f"{wpm} wpm: {duration:.2f} s (nominal {nominal:.2f} s), RMS {rms:.3f}")
    assert rms > 0.02                        # silence (or a click) is below 0.001
    assert 0.7 * nominal <= duration <= 1.4 * nominal


@needs_espeak
def test_the_default_speed_is_slower_than_espeak_ngs_own(tmp_path):
    durations = []
    for wpm in (Speech().words_per_minute, 175):
        wav = tmp_path / f"{wpm}.wav"
        speaker = Speaker([ESPEAK, "-w", str(wav)], words_per_minute=wpm)
        speaker.say([Part(STEP, "de")])
        finish(speaker)
        durations.append(wav_figures(wav)[0])
    assert durations[0] > durations[1] * 1.15


def test_each_text_is_read_with_the_voice_of_its_language(tmp_path):
    """The Turkish UI's step line in Turkish, the untranslated German step in German."""
    command, out = fake_engine(tmp_path)
    speaker = Speaker(command, words_per_minute=120)
    assert speaker.say([Part("Adım 1 / 3.", "tr"), Part(STEP, "de"),
                        Part("Bild: ein Telefon.", "de")])
    finish(speaker)
    assert out.read_text().splitlines() == [
        "-s 120 -v tr", "Adım 1 / 3.", "-s 120 -v de", f"{STEP} Bild: ein Telefon."]
    assert speaker.command_for(Part("x", "de"))[-2:] == ["-v", "de"]


@needs_espeak
def test_espeak_reads_german_with_the_german_voice(tmp_path):
    """For real: "Telefon" in German phonemes, not in Turkish ones (espeak-ng -x prints them)."""
    out = tmp_path / "phonemes.txt"
    speaker = Speaker([ESPEAK, "-q", "-x", "--phonout", str(out)])
    speaker.say([Part("Telefon", "de")])
    finish(speaker)
    german = out.read_text()
    speaker.say([Part("Telefon", "tr")])
    finish(speaker)
    assert german.strip() and german != out.read_text()


def test_parts_of_one_language_go_together_and_empty_ones_are_dropped():
    assert joined([Part("Eins.", "de"), Part(" ", "tr"), Part("Zwei.", "de"),
                   Part("Üç.", "tr")]) == [Part("Eins. Zwei.", "de"), Part("Üç.", "tr")]


def test_stop_ends_the_engine(tmp_path):
    command, _out = fake_engine(tmp_path, seconds=30)
    speaker = Speaker(command)
    speaker.say([Part("Lang", "de"), Part("Danach", "tr")])
    time.sleep(0.1)
    assert speaker.speaking
    started = time.monotonic()
    speaker.stop()
    assert not speaker.speaking and time.monotonic() - started < 2
    assert speaker.problem == ""             # stopped on purpose is not a failure


def test_no_engine_is_detected(tmp_path):
    speaker = Speaker([str(tmp_path / "missing")])
    assert not speaker.available and speaker.problem == NO_ENGINE
    assert speaker.say([Part("Hallo", "de")]) is False
    assert Speaker(detect=False).problem == NO_ENGINE


@needs_espeak
def test_no_sound_device_is_said_not_silent(tmp_path):
    """espeak-ng exits 0 when the audio output fails; its complaint on stderr gives it away."""
    empty = tmp_path / "alsa.conf"
    empty.write_text("")
    speaker = Speaker(["env", f"ALSA_CONFIG_PATH={empty}", "PULSE_SERVER=unix:/nonexistent",
                       ESPEAK])
    speaker.say([Part("Hallo", "de")])
    finish(speaker)
    assert speaker.problem == NO_SOUND


@needs_espeak
def test_a_failing_engine_is_said_not_silent(tmp_path):
    """espeak-ng that cannot write its output (exit 0, a complaint) and an engine exiting 3."""
    speaker = Speaker([ESPEAK, "-w", str(tmp_path / "missing" / "x.wav")])
    speaker.say([Part("Hallo", "de")])
    finish(speaker)
    assert speaker.problem == ENGINE_FAILED
    failing = Speaker(["sh", "-c", "exit 3", "engine"])
    failing.say([Part("Hallo", "de")])
    finish(failing)
    assert failing.problem == ENGINE_FAILED
    assert failing.say([Part("Hallo", "de")])  # and it tries again when tapped again
