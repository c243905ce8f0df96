"""Widgets every screen uses: big buttons, tiles, text, and the top bar with the way home.

Sizes and colours come only from ``app.theme`` (millimetres turned into pixels), see widgets.kv.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.label import Label

from screens.base import load_kv


class BigButton(Button):
    """A main action: at least 17 mm high, dark on light (or yellow on black)."""

    quiet = BooleanProperty(False)


class Tile(BigButton):
    """A large square-ish choice on a grid (topics, days, times)."""

    subtitle = StringProperty("")


class BodyLabel(Label):
    """Running text at body size; wraps to its width and grows to its text."""


class TitleLabel(BodyLabel):
    pass


class TopBar(BoxLayout):
    """Title of the screen and, except on the Startseite, the way home."""

    title = StringProperty("")
    show_home = BooleanProperty(True)


load_kv(__file__)
