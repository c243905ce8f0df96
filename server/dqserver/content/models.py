"""Content: pictures (by sha256), categories, topics with their steps, and the published
releases kiosks download (docs/content-bundle.md). Tables as before the split into apps."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from dqserver import textfields


class Asset(models.Model):
    """A picture, addressed by the sha256 of its bytes. Never changed once stored."""

    sha256 = models.CharField("SHA-256", max_length=64, primary_key=True)
    data = models.BinaryField("Daten")
    size = models.PositiveIntegerField("Größe (Bytes)")
    media_type = models.CharField("Typ", max_length=32)
    licence = models.CharField("Lizenz", max_length=200)
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)

    class Meta:
        db_table = "dqserver_asset"
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
        db_table = "dqserver_category"
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
    # Optional, as in the bundle (docs/content-bundle.md): the kiosk's search words, the month
    # the topic was last checked against its sources ("Stand"), and those official sources.
    keywords = models.JSONField("Suchwörter", default=list, blank=True)
    checked = models.CharField("Stand", max_length=7, blank=True,
                               help_text="Der Monat, in dem das Thema zuletzt mit den Quellen "
                                         "verglichen wurde, z. B. 2026-12. Der Kiosk zeigt "
                                         "„Stand: Dezember 2026“.")
    sources = models.JSONField("Quellen", default=list, blank=True)
    updated_at = models.DateTimeField("Geändert", auto_now=True)

    class Meta:
        db_table = "dqserver_topic"
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
        db_table = "dqserver_step"
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
                                    verbose_name="Bilder",
                                    db_table="dqserver_contentrelease_assets")

    class Meta:
        db_table = "dqserver_contentrelease"
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


textfields.register(Category, ("title_de",))
textfields.register(Topic, ("title_de",), ("summary_de",))
textfields.register(Step, ("alt_de",), ("text_de",))
