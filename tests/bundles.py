"""Build small, valid content bundles for tests (and break them on purpose)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

from PIL import Image


def png(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (seed % 256, (seed * 7) % 256, (seed * 13) % 256)).save(buffer, "PNG")
    return buffer.getvalue()


def topic(topic_id: str, category: str, title: str, summary: str, steps: list[str],
          position: int = 1, title_translations: dict | None = None) -> dict[str, Any]:
    return {
        "id": topic_id, "category": category, "position": position,
        "title": {"de": title, **(title_translations or {})},
        "summary": {"de": summary},
        "steps": [{"text": {"de": text}, "image": None} for text in steps],
    }


DEFAULT_TOPICS = [
    topic("whatsapp-foto", "nachrichten", "Fotos per WhatsApp schicken",
          "So schicken Sie ein Foto an Ihre Familie.",
          ["Öffnen Sie WhatsApp.", "Tippen Sie auf das Foto-Symbol.", "Tippen Sie auf Senden."],
          title_translations={"en": "Send photos with WhatsApp"}),
    topic("betrug-sms", "sicherheit", "Betrugs-SMS erkennen",
          "Manche Nachrichten wollen Ihr Geld. So erkennen Sie Betrug.",
          ["Die Bank fragt nie nach Ihrer PIN.", "Tippen Sie nie auf fremde Links.",
           "Löschen Sie die Nachricht."], position=1),
    topic("online-einkaufen", "sicherheit", "Sicher online einkaufen",
          "Einkaufen im Internet ist bequem. Achten Sie auf ein paar Dinge.",
          ["Kaufen Sie bei bekannten Geschäften.", "Bezahlen Sie auf Rechnung.",
           "Prüfen Sie das Schloss im Browser. WhatsApp hilft hier nicht."], position=2),
]


def write_bundle(folder: Path, *, release: int = 1, topics: list[dict] | None = None,
                 mutate=None) -> dict[str, Any]:
    """Write a valid bundle to ``folder``; ``mutate(manifest)`` may break it before writing."""
    topics = json.loads(json.dumps(topics or DEFAULT_TOPICS))
    files = folder / "files"
    files.mkdir(parents=True, exist_ok=True)
    assets: dict[str, dict] = {}
    seed = 0
    for t in topics:
        for step in t["steps"]:
            seed += 1
            data = png(seed + release * 1000)
            sha = hashlib.sha256(data).hexdigest()
            (files / sha).write_bytes(data)
            assets[sha] = {"sha256": sha, "size": len(data), "media_type": "image/png",
                           "licence": "CC0, test"}
            step["image"] = sha
    categories = sorted({t["category"] for t in topics})
    manifest = {
        "format": 1, "release": release, "created_at": "2026-11-25T10:00:00Z",
        "categories": [{"id": c, "position": i, "title": {"de": c.title()}}
                       for i, c in enumerate(categories)],
        "topics": topics,
        "assets": list(assets.values()),
    }
    if mutate:
        mutate(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return manifest
