"""Boxes with a background colour of their own: :class:`Panel`, and :class:`MessagePanel` (a
message on the warning colour)."""

from __future__ import annotations

from kivy.properties import ListProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from screens.kv import load_kv
from screens.widgets import text  # noqa: F401  (panels.kv: BodyLabel)


class Panel(BoxLayout):
    """A box with its own background colour (``bg_colour``; the accessibility test reads it)."""

    bg_colour = ListProperty([0, 0, 0, 0])


class MessagePanel(Panel):
    """A short message on the warning colour: errors in plain words, never a crash."""

    text = StringProperty("")


load_kv(__file__)
