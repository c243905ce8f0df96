"""Data of the central server.

Everything a kiosk syncs carries a ``seq``: a number from one server-wide counter, raised on every
save. The changes feed hands out "everything with seq > cursor", so a kiosk only ever downloads what
changed. Rows a kiosk knows about are never deleted: slots are cancelled, helpers deactivated,
bookings get a status; retention blanks personal fields but keeps the row.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import pre_save
from django.utils import timezone
from kiosk import textrules
from kiosk.pins import hash_pin
from kiosk.states import PrinterState


class ChangeCounter(models.Model):
    """The one row holding the last handed-out change sequence number and the database epoch."""

    value = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=16, default="")

    class Meta:
        verbose_name = "Änderungszähler"
        verbose_name_plural = "Änderungszähler"


def next_seq() -> int:
    """Take the next change number. Call inside a transaction: the row stays locked until commit,
    so change numbers become visible in increasing order."""
    updated = ChangeCounter.objects.filter(pk=1).update(value=F("value") + 1)
    if not updated:
        ChangeCounter.objects.create(pk=1, value=1, epoch=secrets.token_hex(4))
        return 1
    return ChangeCounter.objects.values_list("value", flat=True).get(pk=1)


def lock_changes() -> None:
    """Take the change counter's row lock first (PostgreSQL), so writers always lock in the same
    order (counter, then slot, then booking) and can never deadlock. SQLite: IMMEDIATE
    transactions already hold the database's write lock."""
    from django.db import connection

    locked = ChangeCounter.objects.select_for_update().filter(pk=1)
    if connection.features.has_select_for_update and not locked.exists():
        next_seq()


def current_state() -> tuple[str, int]:
    """(epoch, last change number). The epoch changes only with a new database."""
    row = ChangeCounter.objects.filter(pk=1).values_list("epoch", "value").first()
    if row is None:
        with transaction.atomic():
            next_seq()
        row = ChangeCounter.objects.filter(pk=1).values_list("epoch", "value").first()
    return row[0], row[1]


class Tracked(models.Model):
    """A model whose saves show up in the kiosks' changes feed."""

    seq = models.BigIntegerField(default=0, db_index=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            self.seq = next_seq()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = set(kwargs["update_fields"]) | {"seq"}
            super().save(*args, **kwargs)

    def touch(self) -> None:
        """Announce this row again in the feed (e.g. a slot whose booked count changed)."""
        with transaction.atomic():
            type(self).objects.filter(pk=self.pk).update(seq=next_seq())


class Quartier(Tracked):
    slug = models.SlugField("Kennung", max_length=64, unique=True,
                            help_text="Kurz, klein geschrieben, z. B. herten-innenstadt.")
    name = models.CharField("Name", max_length=120)
    centre = models.CharField("Begegnungsstätte", max_length=160, blank=True)
    address = models.CharField("Adresse", max_length=240, blank=True)
    contact_name = models.CharField("Ansprechperson (Digital-Helfer werden)", max_length=120,
                                    blank=True)
    contact_phone = models.CharField("Telefon der Ansprechperson", max_length=40, blank=True)
    contact_text = models.TextField("Text „Digital-Helfer werden“", blank=True)
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                      related_name="managed_quartiers",
                                      verbose_name="Quartiersmanager")

    class Meta:
        verbose_name = "Quartier"
        verbose_name_plural = "Quartiere"
        ordering = ["name"]
        permissions = [("view_all_quartiers", "Darf alle Quartiere sehen (Bezirks-Admin)")]

    def __str__(self) -> str:
        return self.name


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


PRINTER_STATES = [(PrinterState.OK, "bereit"), (PrinterState.NO_PAPER, "kein Papier"),
                  (PrinterState.NOT_CONNECTED, "nicht verbunden"), (PrinterState.ERROR, "Fehler")]


class Kiosk(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="kiosks",
                                 verbose_name="Quartier")
    name = models.CharField("Name", max_length=120)
    token_hash = models.CharField("Token (Hash)", max_length=64, unique=True, null=True,
                                  blank=True, editable=False)
    token_hint = models.CharField("Token beginnt mit", max_length=8, blank=True, editable=False)
    token_issued_at = models.DateTimeField("Token ausgestellt", null=True, blank=True,
                                           editable=False)
    last_seen = models.DateTimeField("Zuletzt gesehen", null=True, blank=True, editable=False)
    app_version = models.CharField("App-Version", max_length=64, blank=True, editable=False)
    content_release = models.PositiveIntegerField("Inhalts-Version", null=True, blank=True,
                                                  editable=False)
    last_error = models.TextField("Letzter Fehler", blank=True, editable=False)
    free_disk_bytes = models.BigIntegerField("Freier Speicher (Bytes)", null=True, blank=True,
                                             editable=False)
    last_heartbeat = models.DateTimeField("Letztes Lebenszeichen", null=True, blank=True,
                                          editable=False)
    #: the slip printer at the last heartbeat; "" without one (or from a kiosk before printers)
    printer_state = models.CharField("Drucker", max_length=16, blank=True, editable=False,
                                     choices=PRINTER_STATES)

    class Meta:
        verbose_name = "Kiosk"
        verbose_name_plural = "Kiosks"
        ordering = ["quartier__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.quartier})"

    def issue_token(self) -> str:
        """Make a new token, store only its hash, and return it (shown once)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_hint = token[:6]
        self.token_issued_at = timezone.now()
        self.save(update_fields=["token_hash", "token_hint", "token_issued_at"])
        return token

    def revoke_token(self) -> None:
        self.token_hash = None
        self.token_hint = ""
        self.save(update_fields=["token_hash", "token_hint"])

    @property
    def is_online(self) -> bool:
        if self.last_seen is None:
            return False
        limit = timedelta(minutes=settings.DQ_KIOSK_OFFLINE_AFTER_MINUTES)
        return timezone.now() - self.last_seen < limit


class Asset(models.Model):
    """A picture, addressed by the sha256 of its bytes. Never changed once stored."""

    sha256 = models.CharField("SHA-256", max_length=64, primary_key=True)
    data = models.BinaryField("Daten")
    size = models.PositiveIntegerField("Größe (Bytes)")
    media_type = models.CharField("Typ", max_length=32)
    licence = models.CharField("Lizenz", max_length=200)
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)

    class Meta:
        verbose_name = "Bild"
        verbose_name_plural = "Bilder"

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.media_type}, {self.size} Bytes)"


def sniff_media_type(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def store_asset(data: bytes, licence: str) -> Asset:
    """Store picture bytes once, by hash. Raises ValueError for anything but PNG or JPEG."""
    media_type = sniff_media_type(data)
    if media_type is None:
        raise ValueError("Nur PNG- oder JPEG-Bilder sind erlaubt.")
    sha = hashlib.sha256(data).hexdigest()
    asset, _ = Asset.objects.get_or_create(
        sha256=sha, defaults={"data": data, "size": len(data), "media_type": media_type,
                              "licence": licence or "unbekannt"})
    return asset


TRANSLATIONS_HELP = ('Weitere Sprachen als JSON, z. B. {"en": {"title": "…"}}. '
                     "Deutsch steht in den Feldern oben und ist Pflicht.")


class Category(models.Model):
    slug = models.SlugField("Kennung", max_length=64, unique=True)
    position = models.PositiveIntegerField("Reihenfolge", default=1)
    title_de = models.CharField("Titel (Deutsch)", max_length=120)
    icon = models.ForeignKey(Asset, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name="Symbol")
    translations = models.JSONField("Übersetzungen", default=dict, blank=True,
                                    help_text=TRANSLATIONS_HELP)

    class Meta:
        verbose_name = "Kategorie"
        verbose_name_plural = "Kategorien"
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title_de


class Topic(models.Model):
    slug = models.SlugField("Kennung", max_length=64, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics",
                                 verbose_name="Kategorie")
    position = models.PositiveIntegerField("Reihenfolge", default=1)
    title_de = models.CharField("Titel (Deutsch)", max_length=160)
    summary_de = models.TextField("Kurzbeschreibung (Deutsch)")
    translations = models.JSONField("Übersetzungen", default=dict, blank=True,
                                    help_text=TRANSLATIONS_HELP)
    active = models.BooleanField("Veröffentlichen", default=True,
                                 help_text="Nur aktive Themen kommen in die nächste Version.")
    updated_at = models.DateTimeField("Geändert", auto_now=True)

    class Meta:
        verbose_name = "Thema"
        verbose_name_plural = "Themen"
        ordering = ["category__position", "position", "slug"]

    def __str__(self) -> str:
        return self.title_de


class Step(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="steps",
                              verbose_name="Thema")
    position = models.PositiveIntegerField("Reihenfolge", default=1)
    text_de = models.TextField("Text (Deutsch)")
    alt_de = models.CharField("Bildbeschreibung (Deutsch)", max_length=300, blank=True)
    image = models.ForeignKey(Asset, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name="Bild")
    translations = models.JSONField("Übersetzungen", default=dict, blank=True,
                                    help_text='z. B. {"en": {"text": "…", "alt": "…"}}')

    class Meta:
        verbose_name = "Schritt"
        verbose_name_plural = "Schritte"
        ordering = ["topic", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.topic} – Schritt {self.position}"


class ContentRelease(models.Model):
    """A published release: the manifest exactly as served, never changed afterwards."""

    number = models.PositiveIntegerField("Version", unique=True)
    manifest_json = models.TextField("Manifest", editable=False)
    created_at = models.DateTimeField("Veröffentlicht am", default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, editable=False,
                                   verbose_name="Veröffentlicht von")
    assets = models.ManyToManyField(Asset, related_name="releases", editable=False,
                                    verbose_name="Bilder")

    class Meta:
        verbose_name = "Inhalts-Version"
        verbose_name_plural = "Inhalts-Versionen"
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def save(self, *args, **kwargs):
        if self.pk and ContentRelease.objects.filter(pk=self.pk).exists():
            raise ValueError("Eine veröffentlichte Version kann nicht mehr geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Eine veröffentlichte Version kann nicht gelöscht werden.")


def new_ical_secret() -> str:
    return secrets.token_urlsafe(24)


class Helper(Tracked):
    first_name = models.CharField("Vorname (auf dem Kiosk sichtbar)", max_length=50)
    contact = models.CharField("Kontakt (nur intern)", max_length=200, blank=True)
    quartiers = models.ManyToManyField(Quartier, related_name="helpers", blank=True,
                                       verbose_name="Quartiere")
    # Every quartier the helper ever belonged to: their kiosks must hear about a removal.
    seen_quartiers = models.ManyToManyField(Quartier, related_name="+", blank=True,
                                            editable=False)
    active = models.BooleanField("Aktiv", default=True)
    pin_hash = models.CharField("PIN (Hash)", max_length=200, blank=True, editable=False)
    ical_secret = models.CharField("Kalender-Geheimnis", max_length=64, unique=True,
                                   default=new_ical_secret, editable=False)

    class Meta:
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
        return self.bookings.filter(status=Booking.CONFIRMED).count()


WEEKDAYS = [(0, "Montag"), (1, "Dienstag"), (2, "Mittwoch"), (3, "Donnerstag"), (4, "Freitag"),
            (5, "Samstag"), (6, "Sonntag")]


class SlotPlan(models.Model):
    """A weekly recurring slot; ``generate_slots`` turns it into Slots for the coming weeks."""

    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="slot_plans",
                                 verbose_name="Quartier")
    helper = models.ForeignKey(Helper, on_delete=models.PROTECT, null=True, blank=True,
                               verbose_name="Digital-Helfer")
    weekday = models.PositiveSmallIntegerField("Wochentag", choices=WEEKDAYS)
    start_time = models.TimeField("Beginn")
    duration_minutes = models.PositiveIntegerField("Dauer (Minuten)", default=30)
    count = models.PositiveSmallIntegerField("Anzahl Termine nacheinander", default=1)
    capacity = models.PositiveIntegerField("Plätze je Termin", default=1)
    room = models.CharField("Raum", max_length=80, blank=True)
    valid_from = models.DateField("Gültig ab", default=timezone.localdate)
    valid_until = models.DateField("Gültig bis", null=True, blank=True)
    active = models.BooleanField("Aktiv", default=True)

    class Meta:
        verbose_name = "Terminplan"
        verbose_name_plural = "Terminpläne"
        ordering = ["quartier__name", "weekday", "start_time"]

    def __str__(self) -> str:
        return f"{self.quartier}: {self.get_weekday_display()} {self.start_time:%H:%M}"


class ClosedDay(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="closed_days", verbose_name="Quartier",
                                 help_text="Leer lassen: gilt für alle Quartiere.")
    date = models.DateField("Datum")
    reason = models.CharField("Grund", max_length=120, blank=True)

    class Meta:
        verbose_name = "Schließtag"
        verbose_name_plural = "Schließtage"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.reason}".strip()


class Booking(Tracked):
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    CONFLICT = "conflict"
    CONFLICT_DONE = "conflict_done"
    STATUSES = [
        (CONFIRMED, "gebucht"),
        (CANCELLED, "abgesagt"),
        (ATTENDED, "erschienen"),
        (NO_SHOW, "nicht erschienen"),
        (CONFLICT, "Konflikt (Termin war voll)"),
        (CONFLICT_DONE, "Konflikt erledigt"),
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
    status = models.CharField("Status", max_length=16, choices=STATUSES, default=CONFIRMED,
                              db_index=True)
    source = models.CharField("Quelle", max_length=8, choices=SOURCES, default="kiosk")
    kiosk = models.ForeignKey(Kiosk, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="Kiosk")
    created_at = models.DateTimeField("Gebucht am", default=timezone.now)
    received_at = models.DateTimeField("Beim Server seit", auto_now_add=True)
    updated_at = models.DateTimeField("Geändert", auto_now=True)
    personal_data_purged_at = models.DateTimeField("Persönliche Daten gelöscht", null=True,
                                                   blank=True, editable=False)

    class Meta:
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
    OPEN = "open"
    DONE = "done"
    STATUSES = [(OPEN, "offen"), (DONE, "erledigt")]

    id = models.UUIDField("ID", primary_key=True, default=uuid.uuid4)
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="callbacks",
                                 verbose_name="Quartier")
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name="Thema")
    topic_ref = models.CharField("Themen-ID vom Kiosk", max_length=64, blank=True,
                                 editable=False)
    first_name = models.CharField("Vorname", max_length=50, blank=True)
    phone = models.CharField("Telefon", max_length=40, blank=True)
    status = models.CharField("Status", max_length=8, choices=STATUSES, default=OPEN)
    created_at = models.DateTimeField("Angefragt am", default=timezone.now)
    personal_data_purged_at = models.DateTimeField("Persönliche Daten gelöscht", null=True,
                                                   blank=True, editable=False)

    class Meta:
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
        verbose_name = "Spontanbesuch"
        verbose_name_plural = "Spontanbesuche"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Spontanbesuch {timezone.localtime(self.at):%d.%m.%Y %H:%M}"


# Names and free texts, cleaned by kiosk.textrules before every save (the admin's forms refuse
# what the rule refuses, with a message on the field; this is the last line of defence for every
# other way in): model -> (one-line fields, multi-line fields).
TEXT_FIELDS: dict[type[models.Model], tuple[tuple[str, ...], tuple[str, ...]]] = {
    Quartier: (("name", "centre", "address", "contact_name", "contact_phone"), ("contact_text",)),
    Kiosk: (("name",), ("last_error",)),
    Category: (("title_de",), ()),
    Topic: (("title_de",), ("summary_de",)),
    Step: (("alt_de",), ("text_de",)),
    Helper: (("first_name", "contact"), ()),
    Slot: (("room",), ()),
    SlotPlan: (("room",), ()),
    ClosedDay: (("reason",), ()),
    Booking: (("first_name", "phone"), ()),
    CallbackRequest: (("first_name", "phone"), ()),
}
TEXT_MAX = 5000  # the limit of a multi-line text field without its own max_length


def scrub_texts(sender, instance, **kwargs) -> None:
    one_line, multi_line = TEXT_FIELDS[sender]
    for name in one_line + multi_line:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, textrules.scrub(value, multiline=name in multi_line))


for _model in TEXT_FIELDS:
    pre_save.connect(scrub_texts, sender=_model, dispatch_uid=f"scrub-{_model.__name__}")


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
        verbose_name = "Kiosk-Vorgang"
        verbose_name_plural = "Kiosk-Vorgänge"
