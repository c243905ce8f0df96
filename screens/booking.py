"""Termin buchen: topic → day → time (with the helper's first name) → first name → summary →
"Verbindlich buchen" → the code, large, with a QR code. Phone number optional on a number pad.
When nothing fits: a call-back wish (first name and phone number).

Six taps from the Startseite plus typing the name: Termin buchen, topic, day, time, Weiter,
Verbindlich buchen. Every refusal from :mod:`kiosk.booking` is shown in plain words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from kivy.core.window import Window
from kivy.uix.boxlayout import BoxLayout

from kiosk import booking, content, speech, timeutil, unseen
from kiosk.callbacks import create_callback
from kiosk.dates import clock, long_date, short_date
from kiosk.i18n import _, ngettext
from kiosk.slip import calendar_event
from screens.base import StepScreen, load_kv
from screens.slip import offer_slip
from screens.widgets.keyboard import EntryField
from screens.widgets.paging import PagedGrid, TileSpec
from screens.widgets.panels import Panel
from screens.widgets.qr import QRCode
from screens.widgets.text import BodyLabel, TitleLabel

log = logging.getLogger(__name__)


class BookingScreen(StepScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.grid = PagedGrid(min_tile_mm=58, lines=3)
        self.reset()

    # --- state ---------------------------------------------------------------------------------

    def reset(self) -> None:
        if "body" in self.ids:
            self.clear()  # nothing typed stays in a widget
        self.step = "topic"
        self.topic_id = ""
        self.day: date | None = None
        self.slot: booking.Slot | None = None
        self.first_name = ""
        self.phone = ""
        self.record: booking.BookingRecord | None = None
        self.error = ""
        self.entry = None

    def show(self, topic_id: str = "", record: booking.BookingRecord | None = None,
             **_state) -> None:
        self.reset()
        if record is not None:  # stored, but the app died before its code was shown
            self.record = record
            self.go_step("done")
            self.title = _("Gebucht!") if self.compact else _("Ihr Termin wurde gespeichert")
        elif topic_id:
            self.topic_id = topic_id
            self.go_step("day")
        else:
            self.go_step("topic")

    def go_step(self, step: str) -> None:
        self._keep_entry()
        self.step = step
        self.clear()
        getattr(self, f"step_{step}")()
        self.error = ""

    def _keep_entry(self) -> None:
        if self.entry is None:
            return
        if self.step in ("name", "callback_name"):
            self.first_name = self.entry.text
        elif self.step in ("phone", "callback_phone"):
            self.phone = self.entry.text
        self.entry = None

    def typed_anything(self) -> bool:
        return bool(self.first_name or self.phone or super().typed_anything())

    def shows_result(self) -> bool:
        return self.step == "done"

    def _error_panel(self) -> None:
        if self.error:
            self.message(self.error, warning=True)

    @property
    def topic_title(self) -> str:
        found = content.topic_summaries(self.app.store, [self.topic_id], self.app.language)
        return found[0].title if found else ""

    # --- read aloud: what the step shows, never a name, phone number or booking code ----------

    def _read_aloud(self, parts: Callable[[], list[speech.Part]], *, top: bool = False) -> None:
        """The "Vorlesen" button: the question and any error shown, then ``parts()`` as they
        are when tapped (the tiles of the page on screen); ``top``: see
        :meth:`StepScreen.read_aloud`."""
        ui = self.app.language
        heading = [speech.Part(speech.sentence(text), ui) for text in (self.title, self.error)]
        self.read_aloud(lambda: [*heading, *parts()], top=top)

    def _ui(self, *texts: str) -> list[speech.Part]:
        return [speech.Part(speech.sentence(text), self.app.language) for text in texts]

    def _topic_parts(self, topic_ids: list[str]) -> list[speech.Part]:
        """Topic titles, each in its language (German where not translated)."""
        return [speech.Part(speech.sentence(t.title), t.language) for t in
                content.topic_summaries(self.app.store, topic_ids, self.app.language)]

    def _tile_keys(self) -> list[str]:
        return [tile.spec.key for tile in self.grid.tiles]

    def _when_where(self, slot: booking.Slot) -> list[speech.Part]:
        where = self._where(slot)
        return self._ui(f"{_('Wann')}: {self._when(slot)}",
                        f"{_('Wo')}: {where}" if where else "")

    # --- steps ---------------------------------------------------------------------------------

    def step_topic(self) -> None:
        app = self.app
        self.title = _("Wobei brauchen Sie Hilfe?")
        self.ids.body.add_widget(self.grid)
        self.grid.lines = 3
        self.grid.set_items(
            content.all_topics(app.store, app.language),
            make_tile=lambda topic: TileSpec(topic.title, key=topic.id,
                                             on_press=lambda: self.choose_topic(topic.id)))
        self._read_aloud(lambda: self._topic_parts(self._tile_keys()))

    def choose_topic(self, topic_id: str) -> None:
        self.topic_id = topic_id
        self.go_step("day")

    def step_day(self) -> None:
        app = self.app
        self.title = _("An welchem Tag?")
        days = booking.booking_days(app.store, app.settings.quartier, timeutil.now(),
                                    app.settings.booking)
        today = timeutil.local_day(timeutil.now())
        items = []
        for day in days:
            if day.free_slots:
                subtitle = ngettext("{n} freier Termin", "{n} freie Termine",
                                    day.free_slots).format(n=day.free_slots)
            else:
                subtitle = day.reason or _("Ausgebucht")
            title = _("Heute") if day.day == today else short_date(day.day)
            items.append(TileSpec(title, subtitle, disabled=not day.free_slots,
                                  key=day.day.isoformat(),
                                  on_press=lambda d=day.day: self.choose_day(d)))
        self._error_panel()
        free = any(d.free_slots for d in days)
        nothing_free = _("Im Moment ist leider kein Termin frei. Wir können Sie zurückrufen.")
        if not free:
            self.message(nothing_free)
            self.spacer()
        else:
            self.ids.body.add_widget(self.grid)
            self.grid.lines = 2  # weekday and date, then free slots or why there are none
            self.grid.set_items(items)
        self.action(_("Zurück"), lambda: self.go_step("topic"), quiet=True)
        self._read_aloud(lambda: self._ui(*(
            f"{long_date(date.fromisoformat(tile.spec.key), app.language)}: {tile.spec.subtitle}"
            for tile in self.grid.tiles)) if free else self._ui(nothing_free), top=self.compact)
        self.action(_("Rückruf-Wunsch"), lambda: self.go_step("callback_name"),
                    quiet=any(d.free_slots for d in days))

    def choose_day(self, day: date) -> None:
        self.day = day
        self.go_step("time")

    def step_time(self) -> None:
        app = self.app
        if self.day is None:
            self.step = "day"
            self.step_day()
            return
        day = short_date(self.day) if self.compact else long_date(self.day, app.language)
        self.title = _("Um wie viel Uhr?") + " " + day
        self.short_title = _("Um wie viel Uhr?")
        slots = booking.free_slots(app.store, app.settings.quartier, self.day, timeutil.now(),
                                   app.settings.booking)
        items = [TileSpec(_("{time} Uhr").format(time=clock(timeutil.local(s.start))),
                          _("bei {helper}").format(helper=s.helper_name) if s.helper_name else "",
                          key=s.id, on_press=lambda s=s: self.choose_slot(s))
                 for s in slots]
        self._error_panel()
        if items:
            self.ids.body.add_widget(self.grid)
            self.grid.lines = 2
            self.grid.set_items(items)
        else:
            self.message(_("An diesem Tag ist kein Termin mehr frei."))
            self.spacer()
        self.action(_("Zurück"), lambda: self.go_step("day"), quiet=True)
        # the times only: "bei Anna" is a helper's name
        self._read_aloud(lambda: self._ui(*(tile.spec.title for tile in self.grid.tiles))
                         if items else self._ui(_("An diesem Tag ist kein Termin mehr frei.")),
                         top=self.compact)
        self.action(_("Rückruf-Wunsch"), lambda: self.go_step("callback_name"), quiet=True)

    def choose_slot(self, slot: booking.Slot) -> None:
        self.slot = slot
        self.go_step("name")

    def _typing(self, title: str, placeholder: str, text: str, layout: str, mode: str,
                back: str, forward_text: str, forward) -> None:
        self.title = title
        row = self.typing_area(EntryField(text=text, placeholder=placeholder), layout, mode,
                               space=layout == "qwertz", warning=self.error)
        self.action(_("Zurück"), lambda: self.go_step(back), quiet=True, row=row)
        self.forward_button = self.action(forward_text, forward, row=row)

    def step_name(self) -> None:
        self._typing(_("Ihr Vorname"), _("Bitte tippen Sie Ihren Vornamen"), self.first_name,
                     "qwertz", "name", "time", _("Weiter"), self.name_done)

    def name_done(self) -> None:
        self._checked(booking.normalise_name, "name", "summary")

    def _checked(self, check, here: str, then: str) -> None:
        """Go on to step ``then`` if ``check`` accepts what was typed, else say why, here."""
        try:
            check(self.entry.text)
        except booking.BookingError as e:
            self.error = e.message
            self.go_step(here)
            return
        self.go_step(then)

    def step_phone(self) -> None:
        self._typing(_("Telefon (freiwillig)"), _("Für Rückfragen"), self.phone, "numbers",
                     "plain", "summary", _("Fertig"), self.phone_done)

    def phone_done(self) -> None:
        self._checked(booking.normalise_phone, "phone", "summary")

    def _where(self, slot: booking.Slot) -> str:
        return booking.where(self.app.store, self.app.settings.quartier, slot)

    def _when(self, slot: booking.Slot, short: bool = False) -> str:
        start = timeutil.local(slot.start)
        day = short_date(start.date()) if short else long_date(start.date(), self.app.language)
        return _("{day}, {time} Uhr").format(day=day, time=clock(start))

    def step_summary(self) -> None:
        slot = self.slot
        self.title = _("Stimmt alles?")
        self._error_panel()
        if self.compact:  # five short lines fit between the title and the buttons
            when = self._when(slot, short=True)
            if slot.helper_name:
                when += ", " + _("bei {helper}").format(helper=slot.helper_name)
            lines = [
                (_("Thema"), self.topic_title),
                (_("Wann"), when),
                (_("Wo"), self._where(slot)),
                (_("Ihr Vorname"), self.first_name),
                (_("Telefon"), self.phone),
            ]
        else:
            lines = [
                (_("Thema"), self.topic_title),
                (_("Wann"), self._when(slot)),
                (_("Bei"), slot.helper_name),
                (_("Wo"), self._where(slot)),
                (_("Ihr Vorname"), self.first_name),
                (_("Telefon"), self.phone or _("keine Angabe")),
            ]
        pages = self.paged_text(
            ["\n".join(f"{label}: {value}" for label, value in lines if value)])
        self.action(_("Zurück"), lambda: self.go_step("name"), quiet=True)
        # topic, time and place; not the helper's nor the senior's name, not the phone number
        self._read_aloud(lambda: [
            *self._ui(_("Thema") + ":"), *self._topic_parts([self.topic_id]),
            *self._when_where(slot),
            *self._ui(_("Wenn alles stimmt, tippen Sie auf „Verbindlich buchen“."))],
            top=self.compact)
        phone_text = _("Telefon") if self.compact else (
            _("Telefon ändern") if self.phone else _("Telefon angeben"))
        self.action(phone_text, lambda: self.go_step("phone"), quiet=True)
        self.book_button = self.action(_("Verbindlich buchen"), self.book)
        self.book_button.size_hint_x = 1.6
        # booked only after every line of the summary was on screen (a page at a time)
        self.book_button.disabled = not pages.all_seen
        pages.bind(all_seen=self._summary_seen)

    def _summary_seen(self, _pages, seen: bool) -> None:
        if self.step == "summary":
            self.book_button.disabled = not seen

    def book(self) -> None:
        app = self.app
        try:
            self.record = booking.create_booking(
                app.store, slot_id=self.slot.id, topic_id=self.topic_id,
                first_name=self.first_name, phone=self.phone, now=timeutil.now(),
                rules=app.settings.booking)
        except booking.SlotUnavailable as e:
            self.error = e.message + " " + _("Bitte wählen Sie eine andere Zeit.")
            self.go_step("time")
            return
        except booking.BookingError as e:
            self.error = e.message
            self.go_step("summary")
            return
        except Exception:  # the senior sees a sentence, never a crash; the log gets the cause
            log.exception("booking could not be stored")
            self.error = _("Das hat leider nicht geklappt. Bitte fragen Sie hier nach Hilfe.")
            self.go_step("summary")
            return
        self.first_name = self.phone = ""  # names never linger
        app.sync_now()
        self.go_step("done")

    def step_done(self) -> None:
        app = self.app
        theme = app.theme
        record = self.record
        small = self.compact or not self._done_fits_in_full(record)
        self.title = _("Gebucht!") if small else _("Ihr Termin ist gebucht")
        start = timeutil.local(record.slot.start)
        row = BoxLayout(spacing=theme.gap * 3)
        column = BoxLayout(orientation="vertical", spacing=theme.gap)
        code_box = Panel(bg_colour=theme.palette.background, size_hint_y=None)
        self.code_label = TitleLabel(text=" ".join([record.code[:3], record.code[3:]]))
        # set after the kv rule (which gives titles their size): the code is larger
        self.code_label.font_size = theme.font_for_cap(9) if small else theme.font_huge
        code_box.add_widget(self.code_label)
        self.code_label.bind(height=lambda _l, h: setattr(code_box, "height", h))
        column.add_widget(code_box)
        note = TitleLabel(text=_("Bitte notieren Sie sich den Code."))
        if small:
            note.font_size = theme.font_body
        if not (small and app.settings.printer.enabled):  # its room goes to "Drucken" below
            column.add_widget(note)
        day = short_date(start.date()) if small else long_date(start.date(), app.language)
        where = record.slot.room if small and record.slot.room else self._where(record.slot)
        column.add_widget(BodyLabel(text=_("{day}, {time} Uhr").format(day=day, time=clock(start))
                                    + ("\n" if not small else ", ") + where))
        column.add_widget(BoxLayout())
        row.add_widget(column)
        row.add_widget(QRCode(data=calendar_event(  # a companion's phone adds it to its calendar
            app.store, record, quartier_id=app.settings.quartier, language=app.language,
            now=timeutil.now()), size_hint_x=0.3))
        self.ids.body.add_widget(row)
        # the day, time, place and what to do; never the code itself
        self._read_aloud(lambda: [*self._when_where(record.slot), *self._ui(
            _("Bitte notieren Sie sich den Code. Er steht groß auf dem Bildschirm. Bringen "
              "Sie ihn zum Termin mit."))], top=small)
        offer_slip(self.ids.actions, record.id)
        self._mark_shown_when_drawn(record.id)
        if not small:  # on a small screen "Startseite" above is the way on
            self.action(_("Fertig"), app.go_home)

    def _mark_shown_when_drawn(self, booking_id: str) -> None:
        """The code is on the display (kiosk/unseen.py) once the frame showing it is drawn and
        flipped, not when its widgets were made: the app may die in between."""
        def drawn(*_args) -> None:
            Window.unbind(on_flip=drawn)
            if self.app is not None:  # (not stopped meanwhile)
                unseen.mark_shown(self.app.store, booking_id, timeutil.now())

        Window.bind(on_flip=drawn)

    def _done_fits_in_full(self, record: booking.BookingRecord) -> bool:
        """Whether the code at its largest, the note at title size and the long date and the
        place fit above "Fertig", beside the QR code (at A+ on the 10-inch display they did
        not, and the title was drawn over the code): laid out, not drawn."""
        from kivy.core.text import Label as CoreLabel

        theme = self.app.theme
        start = timeutil.local(record.slot.start)
        width = (Window.width - 5 * theme.gap) / 1.3  # the column, beside the QR code's 0.3
        room = Window.height - 4 * theme.gap - 2 * theme.touch  # below the top bar, above
        lines = [(record.code, theme.font_huge, True),
                 (_("Bitte notieren Sie sich den Code."), theme.font_title, True),
                 (_("{day}, {time} Uhr").format(day=long_date(start.date(), self.app.language),
                                                time=clock(start))
                  + "\n" + self._where(record.slot), theme.font_body, False)]
        needs = sum(CoreLabel(text=text, font_name="Atkinson", font_size=size, bold=bold,
                              text_size=(width, None)).render()[1]
                    for text, size, bold in lines)
        return needs + 3 * theme.gap <= room

    # --- call-back wish ------------------------------------------------------------------------

    def step_callback_name(self) -> None:
        self._typing(_("Rückruf: Ihr Vorname"), _("Bitte tippen Sie Ihren Vornamen"),
                     self.first_name, "qwertz", "name", "day", _("Weiter"),
                     self.callback_name_done)

    def callback_name_done(self) -> None:
        self._checked(booking.normalise_name, "callback_name", "callback_phone")

    def step_callback_phone(self) -> None:
        # Where few lines fit, the field says what to type: a one-line title leaves the number
        # pad room for two rows instead of one row and a "Weitere" key.
        title = _("Rückruf") if self.compact else _("Rückruf: Ihre Telefonnummer")
        self._typing(title, _("Ihre Telefonnummer"), self.phone,
                     "numbers", "plain", "callback_name", _("Absenden"), self.send_callback)

    def send_callback(self) -> None:
        app = self.app
        self._keep_entry()
        try:
            create_callback(app.store, quartier_id=app.settings.quartier,
                            topic_id=self.topic_id or None, first_name=self.first_name,
                            phone=self.phone, now=timeutil.now())
        except booking.BookingError as e:
            self.error = e.message
            self.go_step("callback_phone")
            return
        self.first_name = self.phone = ""
        app.sync_now()
        self.go_step("callback_done")

    def step_callback_done(self) -> None:
        self.title = _("Danke!")
        self.message(_("Wir haben Ihren Wunsch gespeichert. Wir rufen Sie in den nächsten "
                       "Tagen an."), title=True)
        self.spacer()
        self._read_aloud(lambda: self._ui(_("Wir haben Ihren Wunsch gespeichert. Wir rufen Sie "
                                            "in den nächsten Tagen an.")))
        self.action(_("Fertig"), self.app.go_home)


load_kv(__file__)
