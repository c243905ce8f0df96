"""Helper mode: one booking — mark "Erschienen", "Nicht erschienen" or "Abgesagt". Attendance is
offered from the booking's day on (kiosk/helper_mode.py): before it nobody can know."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk import helper_mode, timeutil
from kiosk.dates import clock, long_date, short_date
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
        day = short_date(moment.date()) if self.compact else long_date(moment.date(),
                                                                       self.app.language)
        self.details = "\n".join(p for p in (
            f"{day}, {clock(moment)}", item.first_name, item.phone, item.topic,
            "" if attendance else _(helper_mode.NotYet.text)) if p)
        self.ids.details.set_texts([self.details])
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

    def on_kv_post(self, _base_widget) -> None:
        self._back = self.ids.back.__self__  # (kv's ids are weak; the button moves)
        self._back.bind(text=self._fit_back, font_size=self._fit_back)
        self.on_compact(self, self.compact)

    def _fit_back(self, *_args) -> None:
        back = self._back
        if self.compact:  # one line, beside "Startseite"
            back.width = back.width_for(back.given_text, back.font_size, one_line=True)

    def on_compact(self, _screen, compact: bool) -> None:
        """"Zurück zur Liste" in the top bar where few lines fit (below the buttons it left the
        details no room and pushed the top bar out of the window), else below the buttons."""
        back = getattr(self, "_back", None)
        if back is None:
            return  # before kv_post; called again from there
        if back.parent is not None:
            back.parent.remove_widget(back)
        if compact:
            back.size_hint = (None, 1)
            self._fit_back()
            self.ids.top.add_widget(back, index=1)  # left of "Startseite"
        else:
            back.size_hint = (1, None)
            self.ids.frame.add_widget(back)

    def reset(self) -> None:
        self.details = ""
        self.item = None
        self.ids.details.set_texts([])


load_kv(__file__)
