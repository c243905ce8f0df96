"""Validate a content bundle (docs/content-bundle.md) before anything of it touches the store.

Pure Python, no Kivy, no database: the server can use the same rules when it publishes.

Usage::

    manifest = read_bundle(Path("assets/demo/bundle"))   # BundleError if anything is wrong
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_STEPS = 12
MAX_SENTENCE_WORDS = 15
MEDIA_TYPES = {"image/png", "image/jpeg"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class BundleError(ValueError):
    """The bundle is refused; the message says what is wrong, for the log and the manager."""


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def long_sentences(text: str, limit: int = MAX_SENTENCE_WORDS) -> list[str]:
    """Sentences with more than ``limit`` words (Leichte Sprache: short sentences)."""
    return [s for s in sentences(text) if len(s.split()) > limit]


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise BundleError(f"{where}: expected {names}, got {type(value).__name__}")
    return value


def _text(value: Any, where: str, *, plain_language: bool = False) -> dict[str, str]:
    _expect(value, dict, where)
    for language, text in value.items():
        if not _LANGUAGE.match(language):
            raise BundleError(f"{where}: {language!r} is not a two-letter language code")
        _expect(text, str, f"{where}.{language}")
        if plain_language and (too_long := long_sentences(text)):
            raise BundleError(
                f"{where}.{language}: sentence longer than {MAX_SENTENCE_WORDS} words: "
                f"{too_long[0]!r}"
            )
    if not value.get("de", "").strip():
        raise BundleError(f"{where}: German text ('de') is missing")
    return value


def _id(value: Any, where: str, seen: set[str]) -> str:
    _expect(value, str, where)
    if not _ID.match(value):
        raise BundleError(f"{where}: {value!r} is not a valid id (a-z, 0-9, '-')")
    if value in seen:
        raise BundleError(f"{where}: id {value!r} appears twice")
    seen.add(value)
    return value


def validate_manifest(manifest: Any) -> dict[str, Any]:
    """Check structure, types and content rules; returns the manifest unchanged."""
    _expect(manifest, dict, "manifest")
    if manifest.get("format") != FORMAT:
        raise BundleError(f"manifest: format {manifest.get('format')!r} is not supported")
    release = _expect(manifest.get("release"), int, "release")
    if release < 1:
        raise BundleError("release: must be a positive number")

    assets: dict[str, dict] = {}
    for i, asset in enumerate(_expect(manifest.get("assets"), list, "assets")):
        where = f"assets[{i}]"
        _expect(asset, dict, where)
        sha = _expect(asset.get("sha256"), str, f"{where}.sha256")
        if not _SHA256.match(sha):
            raise BundleError(f"{where}.sha256: {sha!r} is not a sha256 in hex")
        size = _expect(asset.get("size"), int, f"{where}.size")
        if size <= 0:
            raise BundleError(f"{where}.size: must be positive")
        if asset.get("media_type") not in MEDIA_TYPES:
            raise BundleError(f"{where}.media_type: {asset.get('media_type')!r} not allowed")
        if not _expect(asset.get("licence"), str, f"{where}.licence").strip():
            raise BundleError(f"{where}.licence: missing")
        assets[sha] = asset

    def picture(sha: Any, where: str) -> None:
        _expect(sha, str, where)
        if sha not in assets:
            raise BundleError(f"{where}: picture {sha[:12]}… is not in the asset list")

    category_ids: set[str] = set()
    for i, category in enumerate(_expect(manifest.get("categories"), list, "categories")):
        where = f"categories[{i}]"
        _expect(category, dict, where)
        _id(category.get("id"), f"{where}.id", category_ids)
        _expect(category.get("position"), int, f"{where}.position")
        _text(category.get("title"), f"{where}.title")
        if category.get("icon") is not None:
            picture(category["icon"], f"{where}.icon")

    topic_ids: set[str] = set()
    for i, topic in enumerate(_expect(manifest.get("topics"), list, "topics")):
        where = f"topics[{i}]"
        _expect(topic, dict, where)
        topic_id = _id(topic.get("id"), f"{where}.id", topic_ids)
        where = f"topic {topic_id}"
        if topic.get("category") not in category_ids:
            raise BundleError(f"{where}: unknown category {topic.get('category')!r}")
        _expect(topic.get("position"), int, f"{where}.position")
        _text(topic.get("title"), f"{where}.title")
        _text(topic.get("summary"), f"{where}.summary", plain_language=True)
        steps = _expect(topic.get("steps"), list, f"{where}.steps")
        if not 1 <= len(steps) <= MAX_STEPS:
            raise BundleError(f"{where}: needs 1 to {MAX_STEPS} steps, has {len(steps)}")
        for n, step in enumerate(steps, 1):
            _expect(step, dict, f"{where} step {n}")
            _text(step.get("text"), f"{where} step {n}.text", plain_language=True)
            if "image" not in step:
                raise BundleError(f"{where} step {n}: has no picture")
            picture(step["image"], f"{where} step {n}.image")
            if step.get("alt") is not None:
                _text(step["alt"], f"{where} step {n}.alt")
    return manifest


def parse_manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BundleError(f"manifest is not valid JSON: {e}") from e
    return validate_manifest(manifest)


def check_asset_bytes(asset: dict[str, Any], data: bytes) -> None:
    """Raise unless ``data`` has exactly the listed size and sha256."""
    if len(data) != asset["size"]:
        raise BundleError(
            f"asset {asset['sha256'][:12]}…: {len(data)} bytes, expected {asset['size']}"
        )
    if hashlib.sha256(data).hexdigest() != asset["sha256"]:
        raise BundleError(f"asset {asset['sha256'][:12]}…: content does not match its sha256")


def read_bundle(folder: Path) -> dict[str, Any]:
    """Read and fully check a bundle folder (manifest + every file)."""
    try:
        raw = (folder / "manifest.json").read_bytes()
    except OSError as e:
        raise BundleError(f"cannot read manifest: {e}") from e
    manifest = parse_manifest(raw)
    for asset in manifest["assets"]:
        path = folder / "files" / asset["sha256"]
        if not path.is_file():
            raise BundleError(f"asset {asset['sha256'][:12]}… is missing from the bundle")
        check_asset_bytes(asset, path.read_bytes())
    return manifest


# ---- content deltas (docs/content-bundle.md, "Updates as deltas") ------------------------------


def manifest_digest(manifest: dict[str, Any]) -> str:
    """sha256 (hex) of a release's content in a canonical form: categories, topics and assets,
    sorted by id, JSON with sorted keys. Order, ``created_at`` and the way the JSON was written
    do not count, so the kiosk can compute it from its store and the server from its manifest
    (the server imports this function: kiosk/bundle.py needs only the standard library)."""
    canonical = {
        "categories": sorted(
            ({"id": c["id"], "position": c["position"], "title": c["title"],
              "icon": c.get("icon")} for c in manifest["categories"]),
            key=lambda c: c["id"]),
        "topics": sorted(
            ({"id": t["id"], "category": t["category"], "position": t["position"],
              "title": t["title"], "summary": t["summary"],
              "steps": [{"text": s["text"], "image": s.get("image"), "alt": s.get("alt") or {}}
                        for s in t["steps"]]} for t in manifest["topics"]),
            key=lambda t: t["id"]),
        "assets": sorted(
            ({k: a[k] for k in ("sha256", "size", "media_type", "licence")}
             for a in manifest["assets"]),
            key=lambda a: a["sha256"]),
    }
    raw = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def apply_delta(base: dict[str, Any], delta: Any) -> dict[str, Any]:
    """The full manifest of ``delta``'s release, built from ``base`` (the kiosk's release).

    Pure: neither argument is changed. Raises :class:`BundleError` when the delta is malformed
    or was made for another base. The result still has to pass :func:`validate_manifest`.
    """
    _expect(delta, dict, "delta")
    if delta.get("format") != FORMAT:
        raise BundleError(f"delta: format {delta.get('format')!r} is not supported")
    base_release = _expect(delta.get("base_release"), int, "delta.base_release")
    if base_release != base.get("release"):
        raise BundleError(f"delta: made for release {base_release}, "
                          f"the kiosk has {base.get('release')}")
    release = _expect(delta.get("release"), int, "delta.release")
    if release <= base_release:
        raise BundleError(f"delta: release {release} is not newer than {base_release}")
    changed: dict[str, dict] = {}
    for i, topic in enumerate(_expect(delta.get("topics"), list, "delta.topics")):
        _expect(topic, dict, f"delta.topics[{i}]")
        _id(topic.get("id"), f"delta.topics[{i}].id", set(changed))
        changed[topic["id"]] = topic
    removed: set[str] = set()
    base_ids = {t["id"] for t in base["topics"]}
    for i, topic_id in enumerate(_expect(delta.get("removed_topics"), list,
                                         "delta.removed_topics")):
        _expect(topic_id, str, f"delta.removed_topics[{i}]")
        if topic_id not in base_ids or topic_id in changed:
            raise BundleError(f"delta.removed_topics[{i}]: {topic_id!r} is not a topic of the "
                              f"base release")
        removed.add(topic_id)
    categories = _expect(delta.get("categories"), list, "delta.categories")
    assets = {a["sha256"]: a for a in base["assets"]}
    for i, asset in enumerate(_expect(delta.get("assets"), list, "delta.assets")):
        _expect(asset, dict, f"delta.assets[{i}]")
        assets[_expect(asset.get("sha256"), str, f"delta.assets[{i}].sha256")] = asset

    topics = []
    for topic in base["topics"]:
        if topic["id"] in removed:
            continue
        topics.append(changed.pop(topic["id"], topic))
    topics.extend(changed.values())  # new topics
    used = {c.get("icon") for c in categories if isinstance(c, dict)}
    used |= {s.get("image") for t in topics for s in (t.get("steps") or [])
             if isinstance(s, dict)}
    return {
        "format": FORMAT,
        "release": release,
        "created_at": delta.get("created_at", ""),
        "categories": categories,
        "topics": topics,
        "assets": [assets[sha] for sha in sorted(assets) if sha in used],
    }
