"""Generate large, valid content bundles (docs/content-bundle.md) for benchmarks.

The bundles go through the real ``kiosk.content.import_bundle`` path. Pictures are tiny PNGs from a
shared pool (a release with 10,000 topics reuses pictures, as real content does); a *changed* topic
gets new text and one new picture of its own.

Usage::

    manifest = write_bundle(folder, topics=10_000, release=1)
    manifest2 = write_bundle(folder2, topics=10_000, release=2, changed=range(100))
"""

from __future__ import annotations

import hashlib
import json
import random
import struct
import zlib
from pathlib import Path
from typing import Any

CATEGORIES = ["nachrichten", "sicherheit", "einkaufen", "gesundheit", "unterwegs", "behoerden",
              "fotos", "telefon", "internet", "geld", "unterhaltung", "geraete"]
NOUNS = ["WhatsApp", "Foto", "Videoanruf", "Enkel", "Rezept", "Deutschlandticket", "Passwort",
         "Bank", "Überweisung", "Kalender", "Wetter", "Karte", "Bus", "Arzttermin", "Nachricht",
         "Kontakt", "Lautstärke", "Schrift", "Akku", "Kamera", "Geschäft", "Rechnung", "Post",
         "Behörde", "Ausweis", "Fernseher", "Radio", "Musik", "Zeitung", "Gutschein"]
VERBS = ["schicken", "finden", "löschen", "speichern", "öffnen", "ändern", "prüfen", "teilen",
         "einrichten", "bezahlen", "suchen", "lesen"]
POOL = 64  # shared pictures


def png(seed: int, size: int = 8) -> bytes:
    """A tiny valid PNG, different for every seed (no Pillow needed)."""
    rng = random.Random(seed)
    rows = b"".join(b"\x00" + bytes(rng.randrange(256) for _ in range(size * 3))
                    for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def topic_id(n: int) -> str:
    return f"thema-{n:05d}"


def _topic(n: int, release: int, changed: bool, pool: list[str], own_image: str | None
           ) -> dict[str, Any]:
    noun, verb = NOUNS[n % len(NOUNS)], VERBS[(n // len(NOUNS)) % len(VERBS)]
    extra = NOUNS[(n * 7 + 3) % len(NOUNS)]
    mark = f" (Fassung {release})" if changed else ""
    steps = []
    for s in range(3):
        image = own_image if (changed and s == 0) else pool[(n + s) % len(pool)]
        steps.append({
            "text": {"de": f"Schritt {s + 1}: Tippen Sie auf {noun}. Dann auf {extra}.{mark}"},
            "image": image,
            "alt": {"de": f"Ein Handy mit {noun}."},
        })
    return {
        "id": topic_id(n), "category": CATEGORIES[n % len(CATEGORIES)], "position": n,
        "title": {"de": f"{noun} {verb} {n}{mark}", "en": f"{noun} topic {n}"},
        "summary": {"de": f"So geht {noun} {verb}. Mit {extra} geht es leicht.{mark}"},
        "steps": steps,
    }


def build_manifest(topics: int, release: int = 1, changed: set[int] | frozenset = frozenset()
                   ) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A manifest with ``topics`` topics and the picture bytes it lists (sha256 → bytes)."""
    files: dict[str, bytes] = {}

    def add(data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        files[sha] = data
        return sha

    pool = [add(png(i)) for i in range(POOL)]
    items = []
    for n in range(topics):
        own = add(png(1_000_000 * release + n)) if n in changed else None
        items.append(_topic(n, release, n in changed, pool, own))
    manifest = {
        "format": 1, "release": release, "created_at": "2026-11-25T10:00:00Z",
        "categories": [{"id": c, "position": i, "title": {"de": c.title()}}
                       for i, c in enumerate(CATEGORIES)],
        "topics": items,
        "assets": [{"sha256": sha, "size": len(data), "media_type": "image/png",
                    "licence": "CC0, benchmark"} for sha, data in sorted(files.items())],
    }
    return manifest, files


def write_bundle(folder: Path, topics: int, release: int = 1,
                 changed: set[int] | frozenset = frozenset()) -> dict[str, Any]:
    """Write ``manifest.json`` and ``files/<sha256>`` to ``folder``; returns the manifest."""
    manifest, files = build_manifest(topics, release, set(changed))
    (folder / "files").mkdir(parents=True, exist_ok=True)
    for sha, data in files.items():
        (folder / "files" / sha).write_bytes(data)
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    return manifest


def search_queries(count: int = 100, seed: int = 8) -> list[str]:
    """What people type: whole words, half words, two words, umlauts spelled out."""
    rng = random.Random(seed)
    queries = []
    for i in range(count):
        noun = rng.choice(NOUNS)
        kind = i % 4
        if kind == 0:
            queries.append(noun)
        elif kind == 1:
            queries.append(noun[: max(3, len(noun) // 2)])
        elif kind == 2:
            queries.append(f"{noun} {rng.choice(VERBS)}")
        else:
            queries.append(noun.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                           .replace("Ä", "Ae").replace("Ü", "Ue"))
    return queries
