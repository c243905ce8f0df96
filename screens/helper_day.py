"""Helper mode: the bookings of today (or the next days), a tap to mark attendance, walk-ins, and
the list of people to call back. Leaving locks helper mode."""

from __future__ import annotations

from datetime import timedelta

from kivy.properties import NumericProperty, StringProperty

from kiosk import booking, helper_mode, timeutil
from kiosk.dates import clock, long_date, short_date
from kiosk.i18n import _, ngettext
from screens.base import load_kv
from screens.helper_login import HelperScreen
from screens.widgets.paging import TileSpec

# (first day offset, number of days) for the three views
VIEWS = {"today": (0, 1), "tomorrow": (1, 1), "later": (2, 12)}


class HelperDayScreen(HelperScreen):
    view = StringProperty("today")
    heading = StringProperty("")
    #: calls to make: call-backs, refused bookings, reminders of the next day's bookings
    callbacks = NumericProperty(0)
    walkins = NumericProperty(0)
    #: what the view says instead of tiles when it has no bookings ("" when it has some)
    empty_text = StringProperty("")

    def show_helper(self, view: str | None = None, **_state) -> None:
        """``view``: "today", "tomorrow" or "later"; None keeps the one shown last."""
        self.view = view or self.view
        self.refresh()

    def refresh(self) -> None:
        app = self.app
        offset, days = VIEWS[self.view]
        today = timeutil.local_day(timeutil.now())
        first = today + timedelta(days=offset)
        rows = helper_mode.bookings_between(app.store, app.settings.quartier, first, days,
                                            app.language)
        self.heading = self.signed_in(
            short_date(first) if days == 1 else _("Ab {day}").format(day=short_date(first)),
            app.helper)
        _day, to_remind = helper_mode.to_remind(app.store, app.settings.quartier, today,
                                                app.language)
        self.callbacks = len(helper_mode.to_call_back(app.store, app.settings.quartier,
                                                      app.language)) + sum(
            not item.reminded for item in to_remind)
        self.walkins = helper_mode.walkins_on(app.store, today)
        self.empty_text = "" if rows else self._nothing_on(today)
        self.ids.grid.set_items([self._tile(row, days > 1) for row in rows])

    def _nothing_on(self, today) -> str:
        """No bookings in this view; "Heute" also says when the next ones are, so a helper
        knows when to come."""
        if self.view != "today":
            return _("Keine Buchungen.")
        upcoming = helper_mode.next_bookings(self.app.store, self.app.settings.quartier, today)
        if upcoming is None:
            return _("Heute keine Termine, und noch keine späteren.")
        day, count = upcoming
        return ngettext("Heute keine Termine. Die nächsten: {day}, %d Termin",
                        "Heute keine Termine. Die nächsten: {day}, %d Termine",
                        count).format(day=long_date(day, self.app.language)) % count

    def _tile(self, row: helper_mode.HelperBooking, with_date: bool) -> TileSpec:
        moment = timeutil.local(row.start)
        when = (short_date(moment.date()) + " " if with_date else "") + clock(moment)
        state = booking.state_text(row.status, helper=True)
        subtitle = " · ".join(p for p in (row.phone, row.topic, state) if p)
        return TileSpec(f"{when}  {row.first_name}", subtitle,
                        on_press=lambda: self.app.go("helper_booking", item=row), key=row.id)

    def reset(self) -> None:
        self.ids.grid.set_items([])
        self.heading = ""
        self.empty_text = ""
        self.view = "today"


load_kv(__file__)
