"""Für Helfer: the PIN pad. A wrong PIN says so; too many wrong tries lock for 5 minutes."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk import helper_mode, timeutil
from screens.base import KioskScreen, load_kv


class HelperScreen(KioskScreen):
    """A screen of helper mode: without a signed-in helper it sends you to the PIN pad."""

    def show(self, **state) -> None:
        if self.app.helper is None:
            self.app.go("helper_login")
        else:
            self.show_helper(**state)

    def show_helper(self, **state) -> None:
        """What ``show`` does for a signed-in helper."""


class HelperLoginScreen(KioskScreen):
    message = StringProperty("")

    def show(self, **_state) -> None:
        self.reset()

    def reset(self) -> None:
        self.ids.pin.text = ""
        self.message = ""

    def submit(self) -> None:
        app = self.app
        try:
            helper = helper_mode.login(app.store, app.settings.quartier, self.ids.pin.text,
                                       timeutil.now())
        except helper_mode.HelperModeError as error:
            self.ids.pin.text = ""
            self.message = error.message
            return
        self.reset()
        app.helper = helper
        app.go("helper_day")


load_kv(__file__)
