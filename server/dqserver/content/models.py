"""Content: pictures (by sha256), categories, topics with their steps, and the published
releases kiosks download (docs/content-bundle.md). Tables as before the split into apps.

A topic goes draft → ready → published: publishing takes only ready and published topics, so one
manager's unfinished draft never blocks another's release; a published topic put back to draft
keeps its last published form (``published_json``) on the kiosks until it is ready again.
A topic is for every quartier or for the chosen ones; each release is for every quartier or for
the ones it names (releases.py), so a Herten manager's topic never reaches Dorsten's kiosks."""

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
    name = models.CharField("Name", max_length=200, blank=True,
                            help_text="Damit man das Bild in der Bildersammlung wiederfindet.")
    created_at = models.DateTimeField("Angelegt", auto_now_add=True)

    class Meta:
        db_table = "dqserver_asset"
        verbose_name = "Bild"
        verbose_name_plural = "Bilder"

    def __str__(self) -> str:
        return self.name or f"Bild {self.sha256[:8]}"


def sniff_media_type(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def store_asset(data: bytes, licence: str, name: str = "") -> Asset:
    """Store picture bytes once, by hash. Raises ValueError for anything but PNG or JPEG (an
    upload from a manager goes through pictures.prepare first: decoded, shrunk, re-encoded)."""
    media_type = sniff_media_type(data)
    if media_type is None:
        raise ValueError("Nur PNG- oder JPEG-Bilder sind erlaubt.")
    sha = hashlib.sha256(data).hexdigest()
    asset, created = Asset.objects.get_or_create(
        sha256=sha, defaults={"data": data, "size": len(data), "media_type": media_type,
                              "licence": licence or "unbekannt", "name": name[:200]})
    if not created and name and not asset.name:
        Asset.objects.filter(pk=sha).update(name=name[:200])
        asset.name = name[:200]
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


class Status(models.TextChoices):
    DRAFT = "draft", "Entwurf"
    READY = "ready", "Fertig zum Veröffentlichen"
    PUBLISHED = "published", "Veröffentlicht"


class Topic(models.Model):
    slug = models.SlugField("Kennung", max_length=64, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics",
                                 verbose_name="Kategorie")
    position = models.PositiveIntegerField("Reihenfolge", default=1)
    title_de = models.CharField("Titel (Deutsch)", max_length=160)
    summary_de = models.TextField("Kurzbeschreibung (Deutsch)")
    translations = models.JSONField("Übersetzungen", default=dict, blank=True,
                                    help_text=TRANSLATIONS_HELP)
    # Made by code (import, demo) a topic is ready; the admin starts a manager's as a draft.
    status = models.CharField("Stand der Arbeit", max_length=16, choices=Status.choices,
                              default=Status.READY)
    # The topic's manifest entry as last published: what kiosks keep while it is a draft again.
    published_json = models.TextField("Zuletzt veröffentlicht", blank=True, editable=False)
    quartiers = models.ManyToManyField(
        "kiosks.Quartier", blank=True, related_name="topics", verbose_name="Quartiere",
        help_text="Leer: für alle Quartiere. Sonst nur für die Kiosks der gewählten Quartiere.")
    translation_status = models.JSONField("Stand der Übersetzungen", default=dict, blank=True)
    # Kept for the release before drafts, which publishes the active topics (CONTRIBUTING.md).
    active = models.BooleanField("Aktiv", default=True, editable=False)
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
    """A published release: the manifest exactly as served, never changed afterwards. For the
    kiosks of ``quartiers``, or of every quartier when it names none."""

    number = models.PositiveIntegerField("Version", unique=True)
    manifest_json = models.TextField("Manifest", editable=False)
    created_at = models.DateTimeField("Veröffentlicht am", default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, editable=False,
                                   verbose_name="Veröffentlicht von")
    assets = models.ManyToManyField(Asset, related_name="releases", editable=False,
                                    verbose_name="Bilder",
                                    db_table="dqserver_contentrelease_assets")
    quartiers = models.ManyToManyField("kiosks.Quartier", blank=True, editable=False,
                                       related_name="content_releases", verbose_name="Quartiere")
    restored_from = models.PositiveIntegerField("Inhalt von Version", null=True, blank=True,
                                                editable=False)

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
textfields.register(Asset, ("name", "licence"))
textfields.register(Step, ("alt_de",), ("text_de",))
