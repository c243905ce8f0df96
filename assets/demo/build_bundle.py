"""Builds the demo content bundle from content.json, translations/ and the drawings in pictures.py.

    python assets/demo/build_bundle.py

content.json holds the German source; translations/<language>.json one language each (a
translator works in one file, and translations of different languages never touch the same
file), with each topic's translation status. The build merges them into the bundle's
per-language texts and writes assets/demo/bundle/manifest.json and
assets/demo/bundle/files/<sha256>, in the format of docs/content-bundle.md. The output is
deterministic: running it twice gives the same bytes, and files that are no longer used are
removed from bundle/files/.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pictures  # noqa: E402

CONTENT = HERE / "content.json"
GLOSSARY = HERE / "glossary.json"  # the hard words of the step texts, explained
TRANSLATIONS = HERE / "translations"
BUNDLE = HERE / "bundle"
LICENCE = "CC BY 4.0, DigiQuartier-Team (eigene Zeichnung)"
MEDIA_TYPE = "image/png"


def merge_translations(content: dict, folder: Path = TRANSLATIONS) -> None:
    """Puts each translations/<language>.json into the source's per-language texts, and each
    topic's status into ``translation_status``; a translation that does not fit its German topic
    (unknown id, another number of steps) stops the build with the place named."""
    categories = {c["id"]: c for c in content["categories"]}
    topics = {t["id"]: t for t in content["topics"]}
    for path in sorted(folder.glob("*.json")):
        language = path.stem
        translation = json.loads(path.read_text(encoding="utf-8"))
        for cat_id, texts in translation.get("categories", {}).items():
            if cat_id not in categories:
                raise SystemExit(f"{path.name}: category {cat_id!r} is not in content.json")
            categories[cat_id]["title"][language] = texts["title"]
        for topic_id, texts in translation.get("topics", {}).items():
            topic = topics.get(topic_id)
            if topic is None:
                raise SystemExit(f"{path.name}: topic {topic_id!r} is not in content.json")
            if len(texts["steps"]) != len(topic["steps"]):
                raise SystemExit(f"{path.name}: topic {topic_id!r} has {len(texts['steps'])} "
                                 f"steps, the German one {len(topic['steps'])}")
            for key in ("title", "summary"):
                topic[key][language] = texts[key]
            for step, step_texts in zip(topic["steps"], texts["steps"], strict=True):
                step["text"][language] = step_texts["text"]
                step["alt"][language] = step_texts["alt"]
            topic.setdefault("translation_status", {})[language] = texts["status"]


def build(content_path: Path = CONTENT, out: Path = BUNDLE,
          translations: Path = TRANSLATIONS, glossary_path: Path = GLOSSARY) -> dict:
    content = json.loads(content_path.read_text(encoding="utf-8"))
    merge_translations(content, translations)
    files = out / "files"
    files.mkdir(parents=True, exist_ok=True)

    assets: dict[str, dict] = {}  # sha256 -> asset entry
    by_name: dict[str, str] = {}  # picture name -> sha256

    def asset(name: str) -> str:
        if name not in by_name:
            if name not in pictures.PICTURES and name not in pictures.ICONS:
                raise SystemExit(
                    f"content.json uses picture {name!r}, which pictures.py does not draw"
                )
            data = pictures.render(name)
            sha = hashlib.sha256(data).hexdigest()
            path = files / sha
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            assets.setdefault(
                sha,
                {"sha256": sha, "size": len(data), "media_type": MEDIA_TYPE, "licence": LICENCE},
            )
            by_name[name] = sha
        return by_name[name]

    categories = []
    for pos, cat in enumerate(content["categories"], start=1):
        categories.append(
            {"id": cat["id"], "position": pos, "icon": asset(cat["icon"]), "title": cat["title"]}
        )

    topics = []
    positions: dict[str, int] = {}
    for topic in content["topics"]:
        positions[topic["category"]] = positions.get(topic["category"], 0) + 1
        steps = [
            {"text": step["text"], "image": asset(step["picture"]), "alt": step["alt"]}
            for step in topic["steps"]
        ]
        topics.append(
            {
                "id": topic["id"],
                "category": topic["category"],
                "position": positions[topic["category"]],
                "title": topic["title"],
                "summary": topic["summary"],
                "steps": steps,
                **({"keywords": topic["keywords"]} if "keywords" in topic else {}),
                **{key: topic[key] for key in ("checked", "sources", "translation_status")
                   if key in topic},
            }
        )

    glossary = [
        {"id": entry["id"], "term": entry["term"], "explanation": entry["explanation"],
         **({"image": asset(entry["picture"])} if "picture" in entry else {})}
        for entry in json.loads(glossary_path.read_text(encoding="utf-8"))["glossary"]
    ]
    manifest = {
        "format": 1,
        "release": content.get("release", 1),
        "created_at": content.get("created_at", "2026-11-25T10:00:00Z"),
        "categories": categories,
        "topics": topics,
        "glossary": glossary,
        "assets": [assets[sha] for sha in sorted(assets)],
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    for stale in files.iterdir():
        if stale.name not in assets:
            stale.unlink()
    return manifest


def main() -> None:
    manifest = build()
    total = sum(a["size"] for a in manifest["assets"])
    steps = sum(len(t["steps"]) for t in manifest["topics"])
    print(
        f"{len(manifest['categories'])} categories, {len(manifest['topics'])} topics, "
        f"{steps} steps, "
        f"{len(manifest['glossary'])} hard words, "
        f"{len(manifest['assets'])} pictures, {total / 1024:.0f} KiB of pictures -> {BUNDLE}"
    )


if __name__ == "__main__":
    main()
