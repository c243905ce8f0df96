"""Kivy's settings for a kiosk, set before Kivy creates the window (so: before importing it)."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.settings import Settings


def configure_kivy(settings: Settings) -> None:
    """Kivy settings for a kiosk: window size, no escape key, one touch per finger."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    # Python's logging (set up in digiquartier.py) writes every line once; Kivy's own handler would
    # write each a second time in its own format.
    os.environ["KIVY_LOG_MODE"] = "PYTHON"
    os.environ.setdefault("KIVY_HOME", str(settings.data_dir / "kivy"))
    Path(os.environ["KIVY_HOME"]).mkdir(parents=True, exist_ok=True)
    from kivy.config import Config

    display = settings.display
    Config.set("graphics", "width", str(display.width))
    Config.set("graphics", "height", str(display.height))
    Config.set("graphics", "rotation", str(display.rotation))
    Config.set("graphics", "borderless", "1" if display.fullscreen else "0")
    Config.set("graphics", "fullscreen", "0")  # full window, no mode switch (kivy #6651)
    Config.set("graphics", "resizable", "0")
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("kivy", "window_icon", "")
    Config.set("input", "mouse", "mouse,disable_multitouch")
