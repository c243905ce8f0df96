"""Quartiers, their kiosks, and the change counter every synced row carries.

Everything a kiosk syncs carries a ``seq``: a number from one server-wide counter, raised on every
save. The changes feed hands out "everything with seq > cursor", so a kiosk only ever downloads what
changed. Rows a kiosk knows about are never deleted: slots are cancelled, helpers deactivated,
bookings get a status; retention blanks personal fields but keeps the row.

The tables keep the names of the one-app server before the split into apps (``dqserver_…``),
so a database made then is used as it is.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from kiosk.states import PrinterState

from dqserver import textfields


class ChangeCounter(models.Model):
    """The one row holding the last handed-out change sequence number and the database epoch."""

    value = models.BigIntegerField(default=0)
    epoch = models.CharField(max_length=16, default="")

    class Meta:
        db_table = "dqserver_changecounter"
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
                                      verbose_name="Quartiersmanager",
                                      db_table="dqserver_quartier_managers")

    class Meta:
        db_table = "dqserver_quartier"
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
        db_table = "dqserver_kiosk"
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


textfields.register(Quartier, ("name", "centre", "address", "contact_name", "contact_phone"),
                    ("contact_text",))
textfields.register(Kiosk, ("name",), ("last_error",))
