"""Write the kiosk's Kivy config (``$KIVY_HOME/config.ini``) before each start of the app.

Run by ``deploy/bin/digiquartier-session`` with the release's Python. Kivy first fills the file
with its own defaults; we then set what a kiosk needs:

- ``[input]`` replaced by a single ``mouse`` provider. Under cage, SDL hands every touch to Kivy
  as a mouse event; Kivy's default ``probesysfs`` entry would read the same touchscreen again
  through hidinput/mtdev, and every tap would arrive twice (kivy/kivy #3801, #6160).
- ``exit_on_escape = 0``: no way out by keyboard; no cursor; borderless (no mode switch, #6651).
- ``rotation`` and size from the ``[display]`` table of ``/etc/digiquartier/kiosk.toml``.

``screens.kivyconfig.configure_kivy`` sets most of these keys again at run time (same TOML); what
only this file can do is drop the ``probesysfs`` entry that Kivy wrote into ``config.ini``.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

ROTATIONS = (0, 90, 180, 270)


def display_table(config_path: Path) -> dict:
    """The ``[display]`` table of the kiosk settings, or ``{}`` when there is no file."""
    try:
        with open(config_path, "rb") as f:
            return dict(tomllib.load(f).get("display", {}))
    except FileNotFoundError:
        return {}


def kiosk_options(display: dict) -> dict[str, dict[str, str]]:
    """Section -> key -> value for everything this module sets."""
    rotation = display.get("rotation", 0)
    if rotation not in ROTATIONS:
        raise SystemExit(f"[display] rotation muss 0, 90, 180 oder 270 sein, nicht {rotation!r}")
    return {
        "kivy": {"exit_on_escape": "0", "log_enable": "0", "pause_on_minimize": "0"},
        "graphics": {
            "borderless": "1",
            "fullscreen": "0",
            "show_cursor": "0",
            "resizable": "0",
            "rotation": str(rotation),
            "width": str(display.get("width", 1280)),
            "height": str(display.get("height", 800)),
            "maxfps": "30",
            "allow_screensaver": "0",
        },
        "input": {"mouse": "mouse,disable_multitouch"},
    }


def main() -> int:
    config_path = Path(os.environ.get("DIGIQUARTIER_CONFIG", "/etc/digiquartier/kiosk.toml"))
    options = kiosk_options(display_table(config_path))
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    from kivy.config import Config  # Kivy writes its defaults here, under $KIVY_HOME

    Config.remove_section("input")
    for section, values in options.items():
        if not Config.has_section(section):
            Config.add_section(section)
        for key, value in values.items():
            Config.set(section, key, value)
    Config.write()
    print(f"Kivy-Einstellungen geschrieben: {Config.filename}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
