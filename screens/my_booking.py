"""Meine Buchung: type the code → time and place → cancel, after a confirmation step."""

from __future__ import annotations

from kiosk import booking, speech, timeutil
from kiosk.dates import clock, long_date, short_date
from kiosk.i18n import _
from kiosk.states import ACTIVE_BOOKINGS
from screens.base import StepScreen, load_kv
from screens.slip import offer_slip
from screens.widgets.dialogs import ConfirmDialog, WarningDialog
from screens.widgets.keyboard import EntryField


class MyBookingScreen(StepScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.reset()

    def reset(self) -> None:
        if "body" in self.ids:
            self.clear()  # nothing typed stays in a widget
        self.code = ""
        self.record: booking.BookingRecord | None = None
        self.error = ""
        self.entry = None
        self.dialog = None

    def show(self, **_state) -> None:
        self.reset()
        self.step_code()

    def step_code(self) -> None:
        self.clear()
        self.title = _("Meine Buchung")
        row = self.typing_area(
            EntryField(text=self.code, placeholder=_("Ihr Code"), max_length=6), "code",
            "upper", space=False, warning=self.error)
        self.find_button = self.action(_("Suchen"), self.find, row=row)
        self.action(_("Code vergessen?"), lambda: self.app.go("find_booking"), quiet=True,
                    row=row)

    def find(self) -> None:
        self.code = self.entry.text
        try:
            self.record = booking.find_booking(self.app.store, self.code)
        except booking.BookingError as e:
            self.error = e.message
            self.step_code()
            return
        self.error = ""
        self.step_found()

    def _details(self) -> list[str]:
        """When, where and how it stands, one paragraph each: a page ends between them, never
        inside the date (the short date where few lines fit)."""
        slot = self.record.slot
        start = timeutil.local(slot.start)
        where = booking.where(self.app.store, self.app.settings.quartier, slot)
        day = short_date(start.date()) if self.compact else long_date(start.date(),
                                                                      self.app.language)
        return [
            _("Wann: {day}, {time} Uhr").format(day=day, time=clock(start)),
            _("Wo: {place}").format(place=where),
            _("Stand: {status}").format(status=self.record.state_text()),
        ]

    def step_found(self, note: str = "") -> None:
        self.clear()
        self.title = _("Ihr Termin")
        if note and self.compact:
            # where few lines fit the note comes as a dialog, as a refused entry's warning does:
            # above the details it left them less than a line a page on the 7-inch display (142
            # px for three lines of 49, so one a page, and the Polish "Kiedy: śr., 2.12, godz."
            # and "15:30" came on two)
            self._warning_dialog = WarningDialog(text=note)
            self._warning_dialog.open(animation=False)
        elif note:
            self.message(note, warning=True)
        self.paged_text(self._details())
        # when, where and how it stands (the code and the name are not read); beside
        # "Startseite": the row below has three actions already (four with a printer)
        self.read_aloud(lambda: self._ui(self.title, note, *self._details()), top=True)
        self.action(_("Anderer Code"), self.show, quiet=True)
        if self.record.status in ACTIVE_BOOKINGS:
            self.cancel_button = self.action(_("Termin absagen"), self.ask_cancel, quiet=True)
            offer_slip(self.ids.actions, self.record.id)
        self.action(_("Fertig"), self.app.go_home)

    def _ui(self, *texts: str) -> list[speech.Part]:
        return [speech.Part(speech.sentence(t), self.app.language) for t in texts if t]

    def ask_cancel(self) -> None:
        self.dialog = ConfirmDialog(
            _("Möchten Sie diesen Termin wirklich absagen?"),
            _("Ja, absagen"), _("Nein, behalten"), self.cancel)
        self.dialog.open(animation=False)

    def cancel(self) -> None:
        self.dialog = None
        try:
            self.record = booking.cancel_booking(self.app.store, self.record.code,
                                                 timeutil.now())
        except booking.BookingError as e:
            self.step_found(e.message)
            return
        self.app.sync_now()
        self.step_found(_("Ihr Termin ist abgesagt."))


load_kv(__file__)
