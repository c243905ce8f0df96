"""Helper mode: people to phone (call-back wishes, bookings the server refused, reminders of
the next day's bookings), and walk-ins (someone helped without a booking: only the topic is
kept)."""

from __future__ import annotations

from kivy.properties import ObjectProperty, StringProperty

from kiosk import content, helper_mode, timeutil
from kiosk.dates import clock, short_date
from kiosk.i18n import _
from screens.base import load_kv
from screens.helper_login import HelperScreen
from screens.widgets.dialogs import ConfirmDialog, NoticeDialog
from screens.widgets.paging import TileSpec


class HelperCallbacksScreen(HelperScreen):
    """Anrufen: everyone a helper is to phone, in one list — call-back wishes and bookings the
    server refused first, then the reminder calls for the next day with bookings (those made
    stay at the end, marked). A tap asks whether the call was made; "Ja" marks it here and on
    the server."""

    message = StringProperty("")

    def show_helper(self, **_state) -> None:
        app = self.app
        calls = helper_mode.to_call_back(app.store, app.settings.quartier, app.language)
        _day, reminders = helper_mode.to_remind(
            app.store, app.settings.quartier, timeutil.local_day(timeutil.now()), app.language)
        self.message = "" if calls or reminders else _("Niemand muss angerufen werden.")
        self.ids.grid.set_items([self._tile(item) for item in calls]
                                + [self._reminder_tile(item) for item in reminders])

    def _tile(self, item: helper_mode.ToCall) -> TileSpec:
        kind = _("Rückruf-Wunsch") if item.kind == "callback" else _("Termin war schon voll")
        moment = timeutil.local(item.created_at)
        title = f"{item.first_name}  {item.phone}"
        subtitle = f"{kind} · {item.topic} · {short_date(moment.date())} {clock(moment)}"
        return TileSpec(title, subtitle, on_press=lambda: self.confirm(item), key=item.id)

    def _reminder_tile(self, item: helper_mode.Reminder) -> TileSpec:
        start = timeutil.local(item.start)
        kind = _("Erinnert") if item.reminded else _("An den Termin erinnern")
        subtitle = " · ".join(part for part in (
            kind, f"{short_date(start.date())} {clock(start)}", item.topic) if part)
        return TileSpec(f"{item.first_name}  {item.phone}", subtitle,
                        on_press=None if item.reminded else lambda: self.confirm_reminder(item),
                        disabled=item.reminded, key=item.booking_id)

    def confirm(self, item: helper_mode.ToCall) -> None:
        self.dialog = ConfirmDialog(
            _("Haben Sie {name} angerufen?").format(name=item.first_name),
            _("Ja, erledigt"), _("Nein"), on_yes=lambda: self.done(item))
        self.dialog.open()

    def confirm_reminder(self, item: helper_mode.Reminder) -> None:
        self.dialog = ConfirmDialog(
            _("Haben Sie {name} an den Termin erinnert?").format(name=item.first_name),
            _("Ja, erinnert"), _("Nein"), on_yes=lambda: self.reminded(item))
        self.dialog.open()

    def done(self, item: helper_mode.ToCall) -> None:
        helper_mode.mark_called_back(self.app.store, item, timeutil.now())
        self.app.sync_now()
        self.show_helper()

    def reminded(self, item: helper_mode.Reminder) -> None:
        helper_mode.mark_reminded(self.app.store, item, timeutil.now())
        self.app.sync_now()
        self.show_helper()

    def reset(self) -> None:
        self.ids.grid.set_items([])


class HelperWalkinScreen(HelperScreen):
    """One tap on a topic saves a walk-in; "Rückgängig" takes the last one back. The sync is not
    kicked: until its next regular round the walk-in has not left the kiosk and can be undone."""

    message = StringProperty("")
    #: (walk-in id, topic) of the last one saved, while it can be taken back
    last = ObjectProperty(None, allownone=True)

    def show_helper(self, **_state) -> None:
        app = self.app
        self.last = None
        self.message = _("Bei welchem Thema haben Sie geholfen?")
        self.ids.grid.set_items(
            content.all_topics(app.store, app.language),
            make_tile=lambda t: TileSpec(t.title, on_press=lambda: self.record(t), key=t.id))

    def record(self, topic: content.TopicSummary) -> None:
        self.last = (helper_mode.add_walkin(self.app.store, topic.id, timeutil.now()), topic)
        self.message = _("Gespeichert: {topic}. Heute ohne Termin: {count}.").format(
            topic=topic.title, count=self._count())
        if self.compact:
            ConfirmDialog(self.message, _("Weiter"), _("Rückgängig"), on_yes=lambda: None,
                          on_no=self.undo).open(animation=False)

    def undo(self) -> None:
        if self.last is None:
            return
        walkin_id, topic = self.last
        self.last = None
        if helper_mode.undo_walkin(self.app.store, walkin_id):
            self.message = _("Zurückgenommen: {topic}. Heute ohne Termin: {count}.").format(
                topic=topic.title, count=self._count())
        else:
            self.message = _("Schon gesendet, nicht mehr rückgängig.")
        if self.compact:
            NoticeDialog(text=self.message).open(animation=False)

    def _count(self) -> int:
        return helper_mode.walkins_on(self.app.store, timeutil.local_day(timeutil.now()))

    def reset(self) -> None:
        self.message = ""
        self.last = None


load_kv(__file__)
