"""Für Helfer: tap your name, then type your PIN. A wrong PIN says so (on the warning colour);
five wrong tries lock that one helper for 5 minutes (kiosk/helper_mode.py), not all of them."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ObjectProperty, OptionProperty, StringProperty

from kiosk import helper_mode, timeutil
from screens.base import KioskScreen, load_kv
from screens.widgets.paging import TileSpec


class HelperScreen(KioskScreen):
    """A screen of helper mode: without a signed-in helper it sends you to the PIN pad."""

    def show(self, **state) -> None:
        if self.app.helper is None:
            self.app.go("helper_login")
        else:
            self.show_helper(**state)

    def show_helper(self, **state) -> None:
        """What ``show`` does for a signed-in helper."""

    @staticmethod
    def signed_in(title: str, helper: helper_mode.Helper | None) -> str:
        """``title`` led by the signed-in helper's first name: who is signed in is always in
        sight, so a helper who walks away knows to sign out."""
        return f"{helper.first_name} · {title}" if helper else title


class HelperLoginScreen(KioskScreen):
    step = OptionProperty("name", options=("name", "pin"))
    #: the helper whose name was tapped
    chosen = ObjectProperty(None, allownone=True)
    message = StringProperty("")
    no_helpers = BooleanProperty(False)

    def on_kv_post(self, _base_widget) -> None:
        self.on_step(self, self.step)

    def on_step(self, _screen, step: str) -> None:
        """Only the step's own view is in the window (the other one takes no touches)."""
        self.clear_widgets()
        self.add_widget(self.ids[f"{step}_view"])
        self.ids.pin.text = ""
        self.message = ""

    def show(self, **_state) -> None:
        self.reset()
        helpers = helper_mode.helpers_of(self.app.store, self.app.settings.quartier)
        self.no_helpers = not helpers
        self.ids.names.set_items(
            [TileSpec(h.first_name, on_press=lambda h=h: self.choose(h), key=h.id)
             for h in helpers])

    def choose(self, helper: helper_mode.Helper) -> None:
        self.chosen = helper
        self.step = "pin"

    def reset(self) -> None:
        self.step = "name"
        self.chosen = None
        self.ids.pin.text = ""
        self.message = ""

    def submit(self) -> None:
        app = self.app
        try:
            helper = helper_mode.login(app.store, self.chosen, self.ids.pin.text, timeutil.now())
        except helper_mode.HelperModeError as error:
            self.ids.pin.text = ""
            self.message = error.message
            return
        self.reset()
        app.helper = helper
        app.go("helper_day")


load_kv(__file__)
