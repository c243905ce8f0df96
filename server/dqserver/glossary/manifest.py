"""The glossary in a release: its entries as the manifest carries them, checked by the kiosk's
own rules (kiosk.bundle, the one validator), and read from a bundle (the demo)."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.bundle import manifest_problems

from dqserver.content.models import Asset

from .models import Entry


def glossary_entries() -> list[dict]:
    """Every entry as a release carries it, by id."""
    return [e.manifest_entry() for e in Entry.objects.order_by("slug")]


def entry_problems(entry: dict, pk: int | None = None) -> list[str]:
    """What a kiosk would refuse in ``entry`` beside the other entries (a term twice, an
    explanation too long, a picture missing), in German; empty when it may be published."""
    others = [e.manifest_entry() for e in Entry.objects.exclude(pk=pk).order_by("slug")]
    words = [*others, entry]
    used = {w["image"] for w in words if w.get("image")}
    assets = [{"sha256": a.sha256, "size": a.size, "media_type": a.media_type,
               "licence": a.licence} for a in Asset.objects.filter(pk__in=used)]
    manifest = {"format": 1, "release": 1, "categories": [], "topics": [], "assets": assets,
                "glossary": words}
    return manifest_problems(manifest)


def import_glossary(manifest: dict, asset: Callable[[str | None], Asset | None]) -> int:
    """The bundle's glossary into the database (entries with the same id replaced);
    ``asset(sha256)`` stores a picture of the bundle. Returns the number of entries."""
    for word in manifest.get("glossary", []):
        translations: dict = {}
        for field in ("term", "explanation"):
            for lang, value in word[field].items():
                if lang != "de":
                    translations.setdefault(lang, {})[field] = value
        Entry.objects.update_or_create(slug=word["id"], defaults={
            "term_de": word["term"]["de"], "explanation_de": word["explanation"]["de"],
            "image": asset(word.get("image")), "translations": translations})
    return len(manifest.get("glossary", []))
