"""Code vergessen? Find a booking with the first name and the last 4 digits of the phone number,
or, booked without a phone number, the first name and the day (kiosk/lookup.py): then when and
where, nothing else — no name, no code; cancelling still needs the code or a helper.

Reached from "Meine Buchung". Misses are rate-limited in the core, as wrong PINs are.
"""

from __future__ import annotations

from datetime import date, timedelta

from kiosk import booking, lookup, timeutil
from kiosk.dates import clock, long_date, short_date
from kiosk.helper_mode import LockedOut
from kiosk.i18n import _
from kiosk.schedule import get_quartier
from screens.base import StepScreen, load_kv
from screens.widgets.keyboard import EntryField
from screens.widgets.paging import PagedGrid, TileSpec


class FindBookingScreen(StepScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.grid = PagedGrid(min_tile_mm=58, lines=2)
        self.reset()

    def reset(self) -> None:
        if "body" in self.ids:
            self.clear()  # nothing typed stays in a widget
        self.first_name = ""
        self.entry = None
        self.found: list[lookup.Found] = []

    def show(self, **_state) -> None:
        self.reset()
        self.step_name()

    def step_problem(self, problem: str, back=None) -> None:
        """Why nothing is shown, on a step of its own: above a keyboard or the day tiles it
        would take their room on the 7-inch display. ``back``: the step to try again from."""
        self.clear()
        self.title = _("Code vergessen?")
        self.message(problem, warning=True)
        self.spacer()
        if back is not None:
            self.action(_("Zurück"), back, quiet=True)
        self.action(_("Fertig"), self.app.go_home)

    def step_name(self) -> None:
        self.clear()
        self.title = _("Code vergessen?")
        row = self.typing_area(EntryField(text=self.first_name,
                                          placeholder=_("Ihr Vorname")), "qwertz", "name")
        self.forward_button = self.action(_("Weiter"), self.name_done, row=row)

    def name_done(self) -> None:
        self.first_name = self.entry.text
        try:
            booking.normalise_name(self.first_name)
        except booking.BookingError as e:
            self.step_problem(e.message, back=self.step_name)
            return
        self.step_phone()

    def step_phone(self) -> None:
        """Which way to look: by the phone's last digits, or by the day."""
        self.clear()
        self.title = _("Haben Sie beim Buchen eine Telefonnummer angegeben?")
        self.spacer()
        self.action(_("Zurück"), self.step_name, quiet=True)
        self.action(_("Nein"), self.step_day)
        self.action(_("Ja"), self.step_digits)

    def step_digits(self) -> None:
        self.clear()
        self.title = _("Letzte 4 Ziffern") if self.compact else _(
            "Die letzten 4 Ziffern Ihrer Telefonnummer")
        row = self.typing_area(EntryField(placeholder=_("4 Ziffern"),
                                          max_length=lookup.DIGITS), "numbers", space=False)
        self.action(_("Zurück"), self.step_phone, quiet=True, row=row)
        self.search_button = self.action(_("Suchen"), lambda: self.search(
            digits=self.entry.text), row=row)

    def step_day(self) -> None:
        self.clear()
        self.title = _("An welchem Tag ist Ihr Termin?")
        today = timeutil.local_day(timeutil.now())
        days = [today + timedelta(days=n)
                for n in range(self.app.settings.booking.horizon_days + 1)]
        self.ids.body.add_widget(self.grid)
        self.grid.set_items([TileSpec(_("Heute") if d == today else short_date(d),
                                      key=d.isoformat(),
                                      on_press=lambda d=d: self.search(day=d))
                             for d in days])
        self.action(_("Zurück"), self.step_phone, quiet=True)

    def search(self, *, digits: str = "", day: date | None = None) -> None:
        try:
            self.found = lookup.find_without_code(
                self.app.store, quartier_id=self.app.settings.quartier,
                first_name=self.first_name, digits=digits, day=day, now=timeutil.now())
        except LockedOut as e:  # no more tries for now, and the name is forgotten
            self.first_name = ""
            self.step_problem(e.message)
            return
        except lookup.TooFewDigits as e:
            self.step_problem(e.message, back=self.step_digits)
            return
        except booking.BookingError as e:  # nothing found: the other way, or other digits
            self.step_problem(e.message, back=self.step_phone)
            return
        self.first_name = ""  # names never linger
        self.step_found()

    def step_found(self) -> None:
        self.clear()
        self.title = _("Ihr Termin")
        quartier = get_quartier(self.app.store, self.app.settings.quartier)
        centre = quartier.centre if quartier else ""
        lines = []
        for found in self.found:
            start = timeutil.local(found.start)
            day = short_date(start.date()) if self.compact else long_date(start.date(),
                                                                          self.app.language)
            where = ", ".join(p for p in (centre, found.room) if p)
            lines.append(_("{day}, {time} Uhr").format(day=day, time=clock(start))
                         + (f"\n{where}" if where else ""))
        self.paged_text([*lines, _("Zum Absagen brauchen Sie den Code. Oder fragen Sie hier "
                                   "nach Hilfe.")])
        self.action(_("Fertig"), self.app.go_home)


load_kv(__file__)
