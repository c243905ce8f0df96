"""Read-aloud: speak a screen's texts, each in the voice of its own language, offline.

A screen hands over :class:`Part` s: a text and the language it is written in. A German topic
shown in the Turkish UI (content falls back to German) is read with the German voice, the UI's
"Adım 1 / 3" with the Turkish one. Consecutive parts of one language go to the engine together.

The default engine is ``espeak-ng`` run as a subprocess; the text goes in on stdin, so it never
shows in a process list. Another engine is any command that reads text on stdin and takes the
speed in words per minute after ``-s`` and the voice after ``-v`` (set ``DIGIQUARTIER_SPEECH``
or pass ``command``). Screens pass only content and UI texts, never personal data (names, phone
numbers, booking codes), and nothing spoken is logged.

Silence is never the answer: :attr:`Speaker.problem` says in plain German (a gettext msgid) why
nothing can be heard — no engine, no sound (espeak-ng exits 0 when the audio output fails, but
says so on stderr), or an engine that fails.

Usage::

    speaker = Speaker(words_per_minute=140)
    speaker.say([Part("Adım 1 / 4.", "tr"), Part("Öffnen Sie WhatsApp.", "de")])
    speaker.problem   # "" while all is well
    speaker.stop()
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import shutil
import signal
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.content import Step
from kiosk.i18n import N_, _

log = logging.getLogger(__name__)

# espeak-ng's voice for each UI language (every one ships with espeak-ng-data).
VOICES = {"de": "de", "en": "en-gb", "tr": "tr", "ar": "ar", "ru": "ru", "uk": "uk", "pl": "pl"}
DEFAULT_ENGINE = "espeak-ng"
#: The default speed (see ``Speech`` in :mod:`kiosk.settings` for why).
DEFAULT_WORDS_PER_MINUTE = 140

NO_ENGINE = N_("Vorlesen nicht möglich")
NO_SOUND = N_("Vorlesen geht nicht: kein Ton")
ENGINE_FAILED = N_("Vorlesen geht gerade nicht")
# What audio output libraries print when there is no device or it fails (ALSA, PulseAudio,
# PortAudio); anything else on stderr or a non-zero exit is the engine failing.
_AUDIO_WORDS = ("alsa", "pcm", "audio", "pulse", "sound", "snd_")


@dataclass(frozen=True)
class Part:
    """A text and the language it is written in: the voice that reads it."""

    text: str
    language: str


def sentence(text: str) -> str:
    """``text`` ending in a full stop if it has no end mark: the engine pauses there."""
    text = text.strip()
    return text if not text or text[-1] in ".?!:" else text + "."


def step_parts(heading: str, ui_language: str, step: Step) -> list[Part]:
    """A guide step read aloud: its heading ("Schritt 1 von 3") in the UI language, then its
    text, then what its picture shows, each in the language it is written in."""
    parts = [Part(heading, ui_language), Part(step.text, step.language)]
    if step.alt.strip():
        parts += [Part(_("Auf dem Bild:"), ui_language), Part(step.alt, step.alt_language)]
    return parts


def default_command() -> list[str] | None:
    """The engine command: ``$DIGIQUARTIER_SPEECH``, else espeak-ng if installed, else None."""
    if env := os.environ.get("DIGIQUARTIER_SPEECH"):
        return shlex.split(env)
    found = shutil.which(DEFAULT_ENGINE)
    return [found] if found else None


def joined(parts: Sequence[Part]) -> list[Part]:
    """``parts`` without empty ones, neighbours of one language joined: one engine run each."""
    runs: list[Part] = []
    for part in parts:
        text = part.text.strip()
        if not text:
            continue
        if runs and runs[-1].language == part.language:
            runs[-1] = Part(f"{runs[-1].text} {text}", part.language)
        else:
            runs.append(Part(text, part.language))
    return runs


def problem_of(returncode: int, stderr: str) -> str:
    """What went wrong with one engine run, from its exit and its complaints ("" = nothing)."""
    if returncode == 0 and not stderr.strip():
        return ""
    if any(word in stderr.lower() for word in _AUDIO_WORDS):
        return NO_SOUND
    return ENGINE_FAILED


def _signal(process: subprocess.Popen, sig: int) -> None:
    """Signal the engine's whole process group (it may have ended by now)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


class Speaker:
    """One utterance at a time, spoken in a thread: a new ``say`` stops the one before."""

    def __init__(self, command: list[str] | None = None, *, detect: bool = True,
                 words_per_minute: int = DEFAULT_WORDS_PER_MINUTE):
        self.command = command if command is not None else (default_command() if detect else None)
        self.words_per_minute = words_per_minute
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._problem = ""

    @property
    def available(self) -> bool:
        return bool(self.command) and shutil.which(self.command[0]) is not None

    @property
    def speaking(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def problem(self) -> str:
        """Why nothing can be heard, as a German msgid to translate; "" when all is well."""
        return NO_ENGINE if not self.available else self._problem

    def command_for(self, part: Part) -> list[str]:
        """The engine's command line for ``part`` (its text goes in on stdin)."""
        voice = VOICES.get(part.language, VOICES["de"])
        return [*self.command, "-s", str(self.words_per_minute), "-v", voice]

    def say(self, parts: Sequence[Part]) -> bool:
        """Start speaking ``parts`` in turn; False when there is no engine or nothing to say."""
        self.stop()
        runs = joined(parts)
        if not self.available or not runs:
            return False
        self._problem = ""
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._speak, args=(runs, self._stopped),
                                        name="read-aloud", daemon=True)
        self._thread.start()
        return True

    def _speak(self, runs: list[Part], stopped: threading.Event) -> None:
        for part in runs:
            try:
                with self._lock:
                    if stopped.is_set():
                        return
                    process = self._process = subprocess.Popen(
                        self.command_for(part), stdin=subprocess.PIPE,
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                        start_new_session=True)  # stop() ends a wrapper script's children too
                _out, err = process.communicate(part.text.encode("utf-8"))
            except OSError as e:
                log.warning("read-aloud engine could not run: %s", e.strerror)
                self._problem = ENGINE_FAILED
                return
            if stopped.is_set():
                return
            stderr = err.decode("utf-8", "replace")
            if problem := problem_of(process.returncode, stderr):
                # the engine's complaint, never the text
                log.warning("read-aloud failed (exit %s): %s", process.returncode,
                            stderr.strip().splitlines()[-1] if stderr.strip() else "")
                self._problem = problem
                return

    def stop(self) -> None:
        """Stop speaking at once (a new screen, a second tap, the idle reset)."""
        with self._lock:
            self._stopped.set()
            process = self._process
        if process is not None and process.poll() is None:
            _signal(process, signal.SIGTERM)
            try:
                process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                _signal(process, signal.SIGKILL)
                process.wait()
        if self._thread is not None:
            self._thread.join(timeout=2)
