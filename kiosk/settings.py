"""Kiosk settings: one TOML file, read once at start.

The file is found at ``$DIGIQUARTIER_CONFIG``, else ``/etc/digiquartier/kiosk.toml`` if it exists;
without one the kiosk runs on the defaults below (the demo). ``$DIGIQUARTIER_DATA`` overrides the
data folder. Every key is optional. Example::

    quartier = "herten-innenstadt"
    data_dir = "/var/lib/digiquartier"
    language = "de"

    [display]           # the physical screen, so millimetres become the right number of pixels
    diagonal_inch = 10.1
    width = 1280
    height = 800
    rotation = 0
    fullscreen = true

    [idle]
    warning_after_s = 90
    countdown_s = 20
    helper_lock_after_s = 120

    [touch]             # touch that forgives (kiosk.touch); see Touch below for the why
    ignore_repeat_s = 0.5
    wander_mm = 5.0

    [speech]            # read-aloud (kiosk.speech); see Speech below for the why
    words_per_minute = 140

    [booking]
    min_notice_minutes = 60
    horizon_days = 28
    retention_days = 30

    [sync]
    server_url = "https://digiquartier.example.org"
    interval_s = 60

    [printer]           # the receipt printer for the booking slip (kiosk.printer); off by default
    kind = "network"    # "usb", "serial", "network" or "file"
    device = "192.168.1.50"   # network: host[:port]; usb: "04b8:0e15"; serial, file: a path
    paper_mm = 80       # 58 or 80
    timeout_s = 3

    [opening_hours]     # the display sleeps outside these hours
    mon = "09:00-17:00"
    sat = ""            # closed

    sound = true
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.opening_hours import OpeningHours, OpeningHoursError

SYSTEM_CONFIG = Path("/etc/digiquartier/kiosk.toml")


class SettingsError(ValueError):
    """The settings file cannot be used; the message says which key and why."""


@dataclass(frozen=True)
class Display:
    diagonal_inch: float = 10.1
    width: int = 1280
    height: int = 800
    rotation: int = 0
    fullscreen: bool = False


@dataclass(frozen=True)
class Idle:
    warning_after_s: float = 90
    countdown_s: float = 20
    helper_lock_after_s: float = 120


@dataclass(frozen=True)
class Touch:
    """How the kiosk forgives touches (the rules: :mod:`kiosk.touch`).

    ``ignore_repeat_s``: a touch beginning this soon after the previous one ended, or after the
    screen changed, does nothing (iOS Touch Accommodations "Ignore Repeat", Android "Ignore
    repeated touches"; 0 turns it off). Default 0.5 s: a tremor's second tap comes 80–150 ms
    after the first, a burst of bounces at 4–8 Hz (125–250 ms apart) and each ignored bounce
    starts the window again; a senior's deliberate next tap comes later, after reading the new
    screen or finding the next key (typing "Anna" needs a pause of 0.5 s between the n's).

    ``wander_mm``: a touch that moves up to this far from where it went down is a tap where it
    went down. Default 5 mm: the 1–3 mm a tremor moves a resting finger, with room to spare; a
    touch on the middle of a 16 mm key stays on it, and a finger sliding on towards the next key
    (18.5 mm away) no longer taps the first. Phones allow about 1.3 mm (Android's touch slop,
    8 dp), made for steady hands.

    No "Hold Duration" (iOS: a touch counts only when held this long; off unless turned on) and
    no "Touch & hold delay" (Android: 0.4, 1.0 or 1.5 s until a touch becomes a long press): the
    kiosk has no long press, so a hold of any length is one tap when it ends, never a repeat,
    and a minimum hold would make the quick firm tap, the commonest good touch, do nothing.
    """

    ignore_repeat_s: float = 0.5
    wander_mm: float = 5.0

    def __post_init__(self):
        for key, value, most, unit in (("ignore_repeat_s", self.ignore_repeat_s, 2.0, "seconds"),
                                       ("wander_mm", self.wander_mm, 15.0, "mm")):
            if not 0 <= value <= most:
                raise SettingsError(f"touch.{key} must be from 0 to {most:g} {unit}, "
                                    f"not {value:g}")


@dataclass(frozen=True)
class Speech:
    """How fast "Vorlesen" speaks (the engine: :mod:`kiosk.speech`).

    ``words_per_minute``: default 140, a fifth slower than espeak-ng's own 175. Older listeners
    follow synthetic speech less well as it gets faster, most of all with a hearing aid or in a
    noisy room; 140 is the pace of a careful news reader, slow enough for a senior to follow a
    step while looking at the picture, not so slow that sentences fall apart into words. From
    80 (espeak-ng's slowest) to 250.
    """

    words_per_minute: int = 140

    def __post_init__(self):
        if not 80 <= self.words_per_minute <= 250:
            raise SettingsError("speech.words_per_minute must be from 80 to 250, "
                                f"not {self.words_per_minute}")


@dataclass(frozen=True)
class Booking:
    """``show_unseen_minutes``: a booking stored in the last minutes whose code never reached the
    screen (the app died in between) is shown at the next start (kiosk/unseen.py); older ones
    are left to the helpers' lists, as the senior has likely gone."""

    min_notice_minutes: int = 60
    horizon_days: int = 28
    retention_days: int = 30
    show_unseen_minutes: int = 10


@dataclass(frozen=True)
class Sync:
    server_url: str = ""
    interval_s: float = 60
    timeout_s: float = 10


PRINTER_KINDS = ("usb", "serial", "network", "file")


@dataclass(frozen=True)
class Printer:
    """The receipt printer for the booking slip (:mod:`kiosk.printer`); ``kind`` "" is none.

    ``device`` by kind: network "host" or "host:port" (ESC/POS printers listen on 9100), usb
    "vendor:product" in hex as ``lsusb`` shows it, serial a port (``/dev/ttyUSB0``, 9600 baud
    unless ``baudrate`` says), file a device path (``/dev/usb/lp0``). ``timeout_s``: how long a
    printer that does not answer is waited for, on the print thread (the screen never waits).
    """

    kind: str = ""
    device: str = ""
    paper_mm: int = 80
    baudrate: int = 9600
    timeout_s: float = 3

    def __post_init__(self):
        if self.kind and self.kind not in PRINTER_KINDS:
            raise SettingsError(f"printer.kind must be one of {', '.join(PRINTER_KINDS)}, "
                                f"not {self.kind!r}")
        if self.kind and not self.device:
            raise SettingsError(f"printer.device is needed for a {self.kind} printer")
        if self.paper_mm not in (58, 80):
            raise SettingsError(f"printer.paper_mm must be 58 or 80, not {self.paper_mm}")
        if not 0.5 <= self.timeout_s <= 30:
            raise SettingsError(f"printer.timeout_s must be from 0.5 to 30, not {self.timeout_s:g}")

    @property
    def enabled(self) -> bool:
        return bool(self.kind)


@dataclass(frozen=True)
class Settings:
    quartier: str = "dorsten-wulfen"
    data_dir: Path = field(default_factory=lambda: default_data_dir())
    language: str = "de"
    sound: bool = True
    display: Display = field(default_factory=Display)
    idle: Idle = field(default_factory=Idle)
    touch: Touch = field(default_factory=Touch)
    speech: Speech = field(default_factory=Speech)
    booking: Booking = field(default_factory=Booking)
    sync: Sync = field(default_factory=Sync)
    printer: Printer = field(default_factory=Printer)
    opening_hours: dict[str, str] = field(default_factory=dict)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "kiosk.db"

    @property
    def assets_dir(self) -> Path:
        return self.data_dir / "assets"


def default_data_dir() -> Path:
    if env := os.environ.get("DIGIQUARTIER_DATA"):
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "digiquartier"


# Field annotations are strings here (``from __future__ import annotations``).
_TYPES = {"float": float, "int": int, "bool": bool, "str": str}


def _section(cls: type, values: Any, name: str) -> Any:
    if not isinstance(values, dict):
        raise SettingsError(f"[{name}] must be a table")
    known = {f.name: f for f in fields(cls)}
    kwargs = {}
    for key, value in values.items():
        if key not in known:
            raise SettingsError(f"unknown setting {name}.{key}")
        expected = _TYPES[known[key].type]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SettingsError(f"{name}.{key} must be {expected.__name__}, not {value!r}")
        kwargs[key] = value
    return cls(**kwargs)


def from_dict(values: dict[str, Any]) -> Settings:
    """Build settings from parsed TOML, refusing unknown keys and wrong types."""
    settings = Settings()
    changes: dict[str, Any] = {}
    sections = {"display": Display, "idle": Idle, "touch": Touch, "speech": Speech,
                "booking": Booking, "sync": Sync, "printer": Printer}
    for key, value in values.items():
        if key in sections:
            changes[key] = _section(sections[key], value, key)
        elif key == "data_dir":
            changes[key] = Path(value)
        elif key == "opening_hours":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise SettingsError("[opening_hours] maps weekdays to 'HH:MM-HH:MM'")
            try:  # now, not when the app starts: a bad table must fail `health`, not the window
                OpeningHours.parse(value)
            except OpeningHoursError as e:
                raise SettingsError(str(e)) from e
            changes[key] = dict(value)
        elif isinstance(value, bool if key == "sound" else str) and key in (
            "quartier", "language", "sound"
        ):
            changes[key] = value
        else:
            raise SettingsError(f"unknown or wrong setting {key} = {value!r}")
    if os.environ.get("DIGIQUARTIER_DATA"):  # wins over the file, as the docstring says
        changes["data_dir"] = default_data_dir()
    return replace(settings, **changes)


def load(path: Path | None = None) -> Settings:
    """Read the settings file (see module docstring for where it is looked for)."""
    if path is None:
        env = os.environ.get("DIGIQUARTIER_CONFIG")
        path = Path(env) if env else (SYSTEM_CONFIG if SYSTEM_CONFIG.exists() else None)
    if path is None:
        return from_dict({})
    try:
        with open(path, "rb") as f:
            return from_dict(tomllib.load(f))
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"{path}: {e}") from e
