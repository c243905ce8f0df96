"""Helper mode: one booking — mark "Erschienen", "Nicht erschienen" or "Abgesagt"."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk import helper_mode, timeutil
from kiosk.dates import clock, long_date
from screens.base import KioskScreen, load_kv


class HelperBookingScreen(KioskScreen):
    details = StringProperty("")

    def show(self, item: helper_mode.HelperBooking | None = None, **_state) -> None:
        if self.app.helper is None or item is None:
            self.app.go("helper_login")
            return
        self.item = item
        moment = timeutil.local(item.start)
        self.details = "\n".join(p for p in (
            f"{long_date(moment.date(), self.app.language)}, {clock(moment)}",
            item.first_name, item.phone, item.topic) if p)

    def mark(self, status: str) -> None:
        helper_mode.set_status(self.app.store, self.item.id, status, timeutil.now())
        self.app.go("helper_day")

    def reset(self) -> None:
        self.details = ""
        self.item = None


load_kv(__file__)
