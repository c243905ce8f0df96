"""Read-aloud: speak a screen's text in the UI language with an offline engine.

The default engine is ``espeak-ng`` run as a subprocess; the text goes in on stdin, so it never
shows in a process list. Another engine is any command that reads text on stdin and takes the
voice after ``-v`` (set ``DIGIQUARTIER_SPEECH`` or pass ``command``). Screens pass only content
and UI texts, never personal data (names, phone numbers, booking codes).

Usage::

    speaker = Speaker()
    if speaker.available:
        speaker.say("Schritt 1 von 4. Öffnen Sie WhatsApp.", "de")
    speaker.stop()
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess

VOICES = {"de": "de", "en": "en-gb", "tr": "tr"}
DEFAULT_ENGINE = "espeak-ng"


def default_command() -> list[str] | None:
    """The engine command: ``$DIGIQUARTIER_SPEECH``, else espeak-ng if installed, else None."""
    if env := os.environ.get("DIGIQUARTIER_SPEECH"):
        return shlex.split(env)
    found = shutil.which(DEFAULT_ENGINE)
    return [found] if found else None


class Speaker:
    """One utterance at a time: a new ``say`` stops the one before."""

    def __init__(self, command: list[str] | None = None, *, detect: bool = True):
        self.command = command if command is not None else (default_command() if detect else None)
        self._process: subprocess.Popen | None = None

    @property
    def available(self) -> bool:
        return bool(self.command) and shutil.which(self.command[0]) is not None

    @property
    def speaking(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def say(self, text: str, language: str) -> bool:
        """Start speaking ``text``; False (and silent) when there is no engine."""
        self.stop()
        if not self.available or not text.strip():
            return False
        voice = VOICES.get(language, VOICES["de"])
        try:
            self._process = subprocess.Popen(
                [*self.command, "-v", voice], stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            self._process.stdin.write(text.encode("utf-8"))
            self._process.stdin.close()
        except OSError:
            self._process = None
            return False
        return True

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
