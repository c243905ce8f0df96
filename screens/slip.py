""""Beleg drucken": the button that prints a booking's slip (kiosk/slip.py, kiosk/printer.py), on
the done screen, in "Meine Buchung" and in helper mode (a reprint).

Offered only where a printer is configured (:func:`offer_slip`). The printer is talked to on a
thread, so a printer that does not answer never freezes the screen; meanwhile the button says
"Wird gedruckt …" and cannot be tapped (a second tap soon after the first is already ignored by
the touch filter, kiosk/touch.py; a slow printer must not let a later one print twice). When
nothing could be printed, a plain message says why and that the booking stands.
"""

from __future__ import annotations

import threading

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk import printer, slip, timeutil
from kiosk.booking import BookingNotFound
from kiosk.i18n import _
from kiosk.printer import PrinterState
from screens.base import load_kv
from screens.widgets.buttons import BigButton


class SlipButton(BigButton):
    """Prints the slip of booking ``booking_id``; ``printing`` while the printer has it."""

    booking_id = StringProperty("")
    printing = BooleanProperty(False)
    printed = BooleanProperty(False)

    def on_booking_id(self, *_args) -> None:
        self.printed = False

    def on_release(self) -> None:
        if self.printing:
            return
        app = App.get_running_app()
        try:  # built here (the store is the UI thread's); only the printer waits on the thread
            the_slip = slip.slip_of(app.store, self.booking_id, quartier_id=app.settings.quartier,
                                    language=app.language, now=timeutil.now())
        except BookingNotFound as e:  # purged or gone since the screen was shown
            SlipMessage(text=e.message).open(animation=False)
            return
        data = slip.escpos_bytes(the_slip, app.settings.printer.paper_mm)
        self.printing = True
        settings = app.settings
        threading.Thread(target=lambda: self._print(settings, data), daemon=True,
                         name="slip").start()

    def _print(self, settings, data: bytes) -> None:
        state = printer.print_bytes(settings, data)
        Clock.schedule_once(lambda _dt: self._done(state))

    def _done(self, state: PrinterState) -> None:
        self.printing = False
        app = App.get_running_app()
        if app is None:  # the app stopped while the printer had the slip
            return
        printer.record_state(app.store, state)
        if state is PrinterState.OK:
            self.printed = True
            app.usage.slip(app.root.current)  # counted for the programme (kiosk/usage.py)
            return
        SlipMessage(text=_(printer.MESSAGES[state])).open(animation=False)


class SlipMessage(ModalView):
    """Why nothing was printed, and that the booking stands; one button closes it."""

    text = StringProperty("")

    def close(self) -> None:
        self.dismiss(animation=False)  # gone at once: the next tap reaches the screen


def offer_slip(row, booking_id: str) -> SlipButton | None:
    """Put the slip button for ``booking_id`` at the end of ``row`` (or update the one there);
    none, and the old one taken out, where no printer is configured or no booking is given."""
    button = next((c for c in row.children if isinstance(c, SlipButton)), None)
    if not App.get_running_app().settings.printer.enabled or not booking_id:
        if button is not None:
            row.remove_widget(button)
        return None
    if button is None:
        button = SlipButton()
        row.add_widget(button)
    button.booking_id = booking_id
    return button


load_kv(__file__)
