"""The kiosks' day counts as received (kiosk/usage.py): one row per kiosk and local day, its
counts beside it. Nothing links a count to a booking, a slot, a helper or a time of day.

A failed search is kept as a keyed hash (:func:`dqserver.stats.ops.term_digest`) until k
different kiosk-days have asked it (``DQ_STATS_MIN_KIOSK_DAYS``); only then are its words stored
in clear (:class:`SearchTerm`). A first name typed into the search by one person on one day
never reaches the database as text."""

from __future__ import annotations

from django.db import models
from kiosk import usage

from dqserver.kiosks.models import Kiosk, Quartier

KIND_LABELS = {
    usage.TOPIC: "Thema geöffnet", usage.GUIDE_DONE: "Anleitung bis zum Ende",
    usage.SEARCH_MISS: "Gesucht, nicht gefunden", usage.GLOSSARY: "Wort im Glossar",
    usage.LANGUAGE: "Sprache gewählt", usage.TEXT_SIZE: "Schriftgröße gewählt",
    usage.SLIP: "Beleg gedruckt",
}


class KioskDay(models.Model):
    """One kiosk's counts of one of its local days; a day arrives once (a resend is the same)."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.SET_NULL, null=True,
                              related_name="usage_days", verbose_name="Kiosk")
    quartier = models.ForeignKey(Quartier, on_delete=models.PROTECT, related_name="usage_days",
                                 verbose_name="Quartier")
    day = models.DateField("Tag")
    received_at = models.DateTimeField("Empfangen", auto_now_add=True)

    class Meta:
        verbose_name = "Kiosk-Tag"
        verbose_name_plural = "Kiosk-Tage"
        constraints = [models.UniqueConstraint(fields=["kiosk", "day"], name="one_day_per_kiosk")]
        indexes = [models.Index(fields=["quartier", "day"])]

    def __str__(self) -> str:
        return f"{self.kiosk} {self.day:%d.%m.%Y}"


class DayCount(models.Model):
    kiosk_day = models.ForeignKey(KioskDay, on_delete=models.CASCADE, related_name="counts")
    kind = models.CharField("Art", max_length=16, choices=list(KIND_LABELS.items()))
    #: the topic or glossary entry id, language, text size, slip place; a failed search's digest
    key = models.CharField("Schlüssel", max_length=100)
    n = models.PositiveIntegerField("Anzahl")

    class Meta:
        verbose_name = "Tageszahl"
        verbose_name_plural = "Tageszahlen"
        constraints = [models.UniqueConstraint(fields=["kiosk_day", "kind", "key"],
                                               name="one_count_per_day_kind_key")]
        indexes = [models.Index(fields=["kind", "key"])]


class SearchTerm(models.Model):
    """The words of a failed search, stored once k different kiosk-days asked them."""

    digest = models.CharField(max_length=64, primary_key=True)
    term = models.CharField("Suchwörter", max_length=100)
    since = models.DateTimeField("Sichtbar seit", auto_now_add=True)

    class Meta:
        verbose_name = "Suchwort"
        verbose_name_plural = "Suchwörter"
