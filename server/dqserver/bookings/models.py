"""Helpers, their slots (one by one and as weekly plans), closed days, and what seniors ask for
at a kiosk: bookings, call-back wishes, walk-ins; with the record of each op a kiosk uploaded.
Tables as before the split into apps.

States are kiosk.states' (one set of values for kiosk, wire and server); their German labels for
the admin live here.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.db import models, transaction
from django.utils import timezone
from kiosk.pins import hash_pin
from kiosk.states import BookingState, CallbackState

from dqserver import textfields
from dqserver.content.models import Topic
from dqserver.kiosks.models import Kiosk, Quartier, Tracked, next_seq


def new_ical_secret() -> str:
    return secrets.token_urlsafe(24)


class Helper(Tracked):
    first_name = models.CharField("Vorname (auf dem Kiosk sichtbar)", max_length=50)
    contact = models.CharField("Kontakt (nur intern)", max_length=200, blank=True)
    quartiers = models.ManyToManyField(Quartier, related_name="helpers", blank=True,
                                       verbose_name="Quartiere",
                                       db_table="dqserver_helper_quartiers")
    # Every quartier the helper ever belonged to: their kiosks must hear about a removal.
    seen_quartiers = models.ManyToManyField(Quartier, related_name="+", blank=True,
                                            editable=False,
                                            db_table="dqserver_helper_seen_quartiers")
    active = models.BooleanField("Aktiv", default=True)
    pin_hash = models.CharField("PIN (Hash)", max_length=200, blank=True, editable=False)
    ical_secret = models.CharField("Kalender-Geheimnis", max_length=64, unique=True,
                                   default=new_ical_secret, editable=False)

    class Meta:
        db_table = "dqserver_helper"
        verbose_name = "Digital-Helfer"
        verbose_name_plural = "Digital-Helfer"
        ordering = ["first_name"]

    def __str__(self) -> str:
        return self.first_name

    def set_pin(self, pin: str) -> None:
        """Store the PIN as an argon2id PHC string, verifiable offline on a kiosk (the kiosk's own
        hasher: one rule for both sides)."""
        self.pin_hash = hash_pin(pin)

    def rotate_ical_secret(self) -> None:
        """A new secret calendar address; the old one stops working. Not synced to kiosks, so
        no new ``seq``."""
        self.ical_secret = new_ical_secret()
        Helper.objects.filter(pk=self.pk).update(ical_secret=self.ical_secret)


class Slot(Tracked):
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="slots",
                                 verbose_name="Quartier")
    helper = models.ForeignKey(Helper, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="slots", verbose_name="Digital-Helfer")
    start = models.DateTimeField("Beginn")
    end = models.DateTimeField("Ende")
    capacity = models.PositiveIntegerField("Plätze", default=1)
    room = models.CharField("Raum", max_length=80, blank=True)
    cancelled = models.BooleanField("Abgesagt", default=False)
    plan = models.ForeignKey("SlotPlan", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="slots", editable=False, verbose_name="Terminplan")

    class Meta:
        db_table = "dqserver_slot"
        verbose_name = "Termin"
        verbose_name_plural = "Termine"
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "start"], name="slot_unique_per_plan_start"),
        ]
        indexes = [models.Index(fields=["quartier", "seq"], name="slot_quartier_seq")]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.quartier} {local:%d.%m.%Y %H:%M}"

    def booked_count(self) -> int:
        return self.bookings.filter(status=BookingState.CONFIRMED).count()


WEEKDAYS = [(0, "Montag"), (1, "Dienstag"), (2, "Mittwoch"), (3, "Donnerstag"), (4, "Freitag"),
            (5, "Samstag"), (6, "Sonntag")]


class SlotPlan(models.Model):
    """A weekly office hour: from ``start_time`` to ``end_time`` one slot every
    ``duration_minutes``, none in the break. Saving it makes its slots (``plans.sync_plan``)."""

    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="slot_plans",
                                 verbose_name="Quartier")
    helper = models.ForeignKey(Helper, on_delete=models.PROTECT, null=True, blank=True,
                               verbose_name="Digital-Helfer")
    weekday = models.PositiveSmallIntegerField("Wochentag", choices=WEEKDAYS)
    start_time = models.TimeField("Von", help_text="Beginn des ersten Termins, z. B. 10:00")
    # Nullable only for the rows of the release before (migration 0002 fills them).
    end_time = models.TimeField("Bis", null=True,
                                help_text="Ende des letzten Termins, z. B. 12:00")
    duration_minutes = models.PositiveIntegerField("Länge eines Termins (Minuten)", default=30)
    break_start = models.TimeField("Pause von", null=True, blank=True,
                                   help_text="Leer lassen: keine Pause")
    break_end = models.TimeField("Pause bis", null=True, blank=True)
    # What the release before reads instead of end_time: the slots in a row before the break.
    count = models.PositiveSmallIntegerField("Anzahl Termine nacheinander", default=1,
                                             editable=False)
    capacity = models.PositiveIntegerField("Plätze je Termin", default=1)
    room = models.CharField("Raum", max_length=80, blank=True)
    valid_from = models.DateField("Gültig ab", default=timezone.localdate)
    valid_until = models.DateField("Gültig bis", null=True, blank=True)
    active = models.BooleanField("Aktiv", default=True)

    class Meta:
        db_table = "dqserver_slotplan"
        verbose_name = "Terminplan"
        verbose_name_plural = "Terminpläne"
        ordering = ["quartier__name", "weekday", "start_time"]

    def __str__(self) -> str:
        until = f"–{self.end_time:%H:%M}" if self.end_time else ""
        return f"{self.quartier}: {self.get_weekday_display()} {self.start_time:%H:%M}{until}"

    def slot_times(self) -> list[tuple[int, int]]:
        """Each slot of a day as (start, end) in minutes after midnight."""
        def minutes(t: dt.time) -> int:
            return t.hour * 60 + t.minute

        if not self.start_time or not self.duration_minutes or self.duration_minutes <= 0:
            return []
        pause = ((minutes(self.break_start), minutes(self.break_end))
                 if self.break_start and self.break_end else None)
        start = minutes(self.start_time)
        # No end time: a plan the release before saved ("count slots in a row").
        last = (minutes(self.end_time) if self.end_time
                else min(start + self.duration_minutes * self.count, 24 * 60 - 1))
        times = []
        while start + self.duration_minutes <= last:
            end = start + self.duration_minutes
            if pause and start < pause[1] and end > pause[0]:
                start = max(start, pause[1])
                continue
            times.append((start, end))
            start = end
        return times

    def save(self, *args, **kwargs):
        times = self.slot_times()
        if self.end_time is None and times:  # made as "count slots in a row" (seed_demo)
            self.end_time = dt.time(*divmod(times[-1][1], 60))
        in_a_row = 0
        for n, (start, _end) in enumerate(times):
            if start != times[0][0] + n * self.duration_minutes:
                break
            in_a_row += 1
        self.count = max(in_a_row, 1)
        super().save(*args, **kwargs)


class ClosedDay(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="closed_days", verbose_name="Quartier",
                                 help_text="Leer lassen: gilt für alle Quartiere.")
    date = models.DateField("Datum")
    reason = models.CharField("Grund", max_length=120, blank=True)

    class Meta:
        db_table = "dqserver_closedday"
        verbose_name = "Schließtag"
        verbose_name_plural = "Schließtage"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.reason}".strip()


class Booking(Tracked):
    # The states a booking has on the server (a kiosk's own "pending" and "rejected" never
    # reach it), with their German names.
    STATUSES = [
        (BookingState.CONFIRMED, "gebucht"),
        (BookingState.CANCELLED, "abgesagt"),
        (BookingState.ATTENDED, "erschienen"),
        (BookingState.NO_SHOW, "nicht erschienen"),
        (BookingState.CONFLICT, "Konflikt (Termin war voll)"),
        (BookingState.CONFLICT_DONE, "Konflikt erledigt"),
    ]
    SOURCES = [("kiosk", "Kiosk"), ("admin", "Verwaltung")]

    id = models.UUIDField("Buchungs-ID", primary_key=True, default=uuid.uuid4)
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="bookings",
                                 verbose_name="Quartier")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings",
                             verbose_name="Termin")
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="Thema")
    topic_ref = models.CharField("Themen-ID vom Kiosk", max_length=64, blank=True,
                                 editable=False)
    first_name = models.CharField("Vorname", max_length=50, blank=True)
    phone = models.CharField("Telefon", max_length=40, blank=True)
    code = models.CharField("Buchungscode", max_length=16)
    status = models.CharField("Status", max_length=16, choices=STATUSES,
                              default=BookingState.CONFIRMED, db_index=True)
    source = models.CharField("Quelle", max_length=8, choices=SOURCES, default="kiosk")
    kiosk = models.ForeignKey(Kiosk, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="Kiosk")
    created_at = models.DateTimeField("Gebucht am", default=timezone.now)
    received_at = models.DateTimeField("Beim Server seit", auto_now_add=True)
    updated_at = models.DateTimeField("Geändert", auto_now=True)
    personal_data_purged_at = models.DateTimeField("Persönliche Daten gelöscht", null=True,
                                                   blank=True, editable=False)
    # The slot was cancelled on the server (closed day, action, helper gone): someone phones the
    # person (the call list) and notes it.
    call_needed_since = models.DateTimeField("Termin abgesagt am", null=True, blank=True,
                                             editable=False)
    called_at = models.DateTimeField("Angerufen am", null=True, blank=True, editable=False)
    # A helper (on a kiosk or here) phoned the day before to remind the person of the booking.
    reminded_at = models.DateTimeField("Erinnert am", null=True, blank=True, editable=False)

    class Meta:
        db_table = "dqserver_booking"
        verbose_name = "Buchung"
        verbose_name_plural = "Buchungen"
        ordering = ["-slot__start"]
        indexes = [models.Index(fields=["quartier", "seq"], name="booking_quartier_seq")]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            # The slot's "booked" number may have changed: announce the slot again.
            Slot.objects.filter(pk=self.slot_id).update(seq=next_seq())


class CallbackRequest(Tracked):
    STATUSES = [(CallbackState.OPEN, "offen"), (CallbackState.DONE, "erledigt")]

    id = models.UUIDField("ID", primary_key=True, default=uuid.uuid4)
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="callbacks",
                                 verbose_name="Quartier")
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="Thema")
    topic_ref = models.CharField("Themen-ID vom Kiosk", max_length=64, blank=True,
                                 editable=False)
    first_name = models.CharField("Vorname", max_length=50, blank=True)
    phone = models.CharField("Telefon", max_length=40, blank=True)
    status = models.CharField("Status", max_length=8, choices=STATUSES,
                              default=CallbackState.OPEN)
    created_at = models.DateTimeField("Angefragt am", default=timezone.now)
    personal_data_purged_at = models.DateTimeField("Persönliche Daten gelöscht", null=True,
                                                   blank=True, editable=False)

    class Meta:
        db_table = "dqserver_callbackrequest"
        verbose_name = "Rückrufwunsch"
        verbose_name_plural = "Rückrufwünsche"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["quartier", "seq"], name="callback_quartier_seq")]

    def __str__(self) -> str:
        return f"Rückruf {timezone.localtime(self.created_at):%d.%m.%Y %H:%M}"


class WalkIn(models.Model):
    id = models.UUIDField("ID", primary_key=True, default=uuid.uuid4)
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="walkins",
                                 verbose_name="Quartier")
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="Thema")
    topic_ref = models.CharField("Themen-ID vom Kiosk", max_length=64, blank=True,
                                 editable=False)
    at = models.DateTimeField("Zeitpunkt")

    class Meta:
        db_table = "dqserver_walkin"
        verbose_name = "Spontanbesuch"
        verbose_name_plural = "Spontanbesuche"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Spontanbesuch {timezone.localtime(self.at):%d.%m.%Y %H:%M}"


class OpRecord(models.Model):
    """The first result of each uploaded op, replayed when the same op_id comes again.

    Only an HMAC of the payload under the server's secret is kept (``ops.keyed_digest``): a plain
    hash would give purged names back to anyone trying candidates. Deleted by the purge after
    ``DQ_RETENTION_DAYS``."""

    op_id = models.UUIDField(primary_key=True)
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="+")
    kiosk = models.ForeignKey(Kiosk, on_delete=models.SET_NULL, null=True, related_name="+")
    op_type = models.CharField(max_length=32)
    payload_hash = models.CharField(max_length=64)
    result = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "dqserver_oprecord"
        verbose_name = "Kiosk-Vorgang"
        verbose_name_plural = "Kiosk-Vorgänge"


textfields.register(Helper, ("first_name", "contact"))
textfields.register(Slot, ("room",))
textfields.register(SlotPlan, ("room",))
textfields.register(ClosedDay, ("reason",))
textfields.register(Booking, ("first_name", "phone"))
textfields.register(CallbackRequest, ("first_name", "phone"))
