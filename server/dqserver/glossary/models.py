"""A hard word and its short explanation, as a kiosk shows it when the word is tapped."""

from __future__ import annotations

from django.db import models

from dqserver.content.models import TRANSLATIONS_HELP


class Entry(models.Model):
    slug = models.SlugField(
        "Kennung", max_length=64, unique=True,
        help_text="Kleinbuchstaben, Ziffern und Bindestriche, z. B. „qr-code“. In Texten "
                  "markieren Sie das Wort so: [[QR-Code]].")
    term_de = models.CharField("Wort (Deutsch)", max_length=40,
                               help_text="So wie es in den Texten steht, z. B. „WLAN“.")
    explanation_de = models.TextField(
        "Erklärung (Deutsch)",
        help_text="Ein oder zwei kurze Sätze in Leichter Sprache, höchstens 120 Zeichen.")
    image = models.ForeignKey("content.Asset", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="Bild")
    translations = models.JSONField("Übersetzungen", default=dict, blank=True,
                                    help_text=TRANSLATIONS_HELP)
    updated_at = models.DateTimeField("Geändert", auto_now=True)

    class Meta:
        verbose_name = "Schweres Wort"
        verbose_name_plural = "Schwere Wörter erklärt"
        ordering = ["term_de"]

    def __str__(self) -> str:
        return self.term_de

    def manifest_entry(self) -> dict:
        """The entry as a release carries it (docs/content-bundle.md, "Glossary")."""
        def text(field: str) -> dict[str, str]:
            value = {"de": getattr(self, f"{field}_de")}
            for lang, fields in sorted((self.translations or {}).items()):
                if isinstance(fields, dict) and fields.get(field):
                    value[lang] = fields[field]
            return value
        return {"id": self.slug, "term": text("term"), "explanation": text("explanation"),
                **({"image": self.image_id} if self.image_id else {})}
