"""The base of every refusal the kiosk shows to a person."""

from __future__ import annotations

from kiosk.i18n import N_, _


class KioskError(Exception):
    """A rule said no; ``message`` is the short plain-German sentence the screen shows
    (translated when shown). Subclasses set ``text``, or override ``message`` when it needs
    numbers."""

    text = N_("Das hat leider nicht geklappt.")

    @property
    def message(self) -> str:
        return _(self.text)

    def __str__(self) -> str:
        return self.message
