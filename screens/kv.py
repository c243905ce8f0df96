"""Loads the kv file beside a module: for the screens and for the widgets they share (which the
screens' base imports, so this lives in neither: no import cycle)."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder


def load_kv(module_file: str) -> None:
    """Load ``<module>.kv`` once (call at import time of a screen module)."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in Builder.files:
        Builder.load_file(path)
