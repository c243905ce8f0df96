"""Helper mode: one booking — mark "Erschienen", "Nicht erschienen" or "Abgesagt"."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk import helper_mode, timeutil
from kiosk.dates import clock, long_date
from screens.base import load_kv
from screens.helper_login import HelperScreen


class HelperBookingScreen(HelperScreen):
    details = StringProperty("")

    def show_helper(self, item: helper_mode.HelperBooking, **_state) -> None:
        self.item = item
        moment = timeutil.local(item.start)
        self.details = "\n".join(p for p in (
            f"{long_date(moment.date(), self.app.language)}, {clock(moment)}",
            item.first_name, item.phone, item.topic) if p)

    def mark(self, status: str) -> None:
        helper_mode.set_status(self.app.store, self.item.id, status, timeutil.now())
        self.app.sync_now()
        self.app.go("helper_day")

    def reset(self) -> None:
        self.details = ""
        self.item = None


load_kv(__file__)
