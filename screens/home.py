"""Startseite: the four big choices, the quartier, today's date, online state in words."""

from __future__ import annotations

from screens.base import KioskScreen, load_kv


class HomeScreen(KioskScreen):
    has_home_button = False


load_kv(__file__)
