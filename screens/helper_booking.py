"""Helper mode: one booking — mark "Erschienen", "Nicht erschienen" or "Abgesagt". Attendance is
offered from the booking's day on (kiosk/helper_mode.py): before it nobody can know."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk import helper_mode, timeutil
from kiosk.dates import clock, long_date
from kiosk.i18n import _
from kiosk.states import ACTIVE_BOOKINGS
from screens.base import load_kv
from screens.helper_login import HelperScreen
from screens.slip import offer_slip


class HelperBookingScreen(HelperScreen):
    details = StringProperty("")

    def show_helper(self, item: helper_mode.HelperBooking, **_state) -> None:
        self.item = item
        moment = timeutil.local(item.start)
        attendance = helper_mode.attendance_open(item, timeutil.now())
        self.details = "\n".join(p for p in (
            f"{long_date(moment.date(), self.app.language)}, {clock(moment)}",
            item.first_name, item.phone, item.topic,
            "" if attendance else _(helper_mode.NotYet.text)) if p)
        self._offer_attendance(attendance)
        # a reprint before the day (a slip lost); on the day the row is for attendance
        offer_slip(self.ids.actions,
                   item.id if item.status in ACTIVE_BOOKINGS and not attendance else "")

    def _offer_attendance(self, offered: bool) -> None:
        """The attendance buttons in the row only when they can be used (else none at all:
        a disabled "Erschienen" would only raise the question why)."""
        row = self.ids.actions
        # kv's ids are weak: a button taken out of the row would be collected, and the next
        # past booking could not show it again (ReferenceError). Held here for good.
        if not hasattr(self, "_attendance_buttons"):
            self._attendance_buttons = (self.ids.no_show.__self__, self.ids.attended.__self__)
        for button in self._attendance_buttons:
            if offered and button not in row.children:
                row.add_widget(button, index=len(row.children))
            elif not offered and button in row.children:
                row.remove_widget(button)

    def mark(self, status: str) -> None:
        helper_mode.set_status(self.app.store, self.item, status, timeutil.now())
        self.app.sync_now()
        self.app.go("helper_day")

    def reset(self) -> None:
        self.details = ""
        self.item = None


load_kv(__file__)
