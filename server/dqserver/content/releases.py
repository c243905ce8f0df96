"""Content releases: build the manifest (docs/content-bundle.md), check it, publish, import.

A release is checked with the kiosk's own rules (kiosk.bundle, standard library only, shipped
with the server), so the server never publishes a release a kiosk would refuse.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import OrderedDict
from datetime import UTC
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from kiosk.bundle import ID_RE as ID_RE  # the admin checks slugs with the kiosk's rule
from kiosk.bundle import (  # one definition of the rules and the digest, shared with kiosks
    MAX_SENTENCE_WORDS,
    SHA256_RE,
    BundleError,
    check_asset_bytes,
    long_sentences,
    manifest_digest,
    manifest_problems,
)

from .models import Asset, Category, ContentRelease, Step, Topic, store_asset

FORMAT = 1
# The admin's and the API's names for the kiosk's rules.
SHA_RE = SHA256_RE
MAX_WORDS_PER_SENTENCE = MAX_SENTENCE_WORDS
too_long_sentences = long_sentences


class ManifestError(ValueError):
    """The manifest breaks a rule of docs/content-bundle.md; ``errors`` lists every problem."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def utc_iso(dt) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def validate_manifest(manifest, asset_files: dict[str, bytes] | None = None) -> list[str]:
    """Every problem of the manifest, in German (empty: a kiosk accepts it): the kiosk's own rules
    (kiosk.bundle), and, with ``asset_files`` (sha256 → bytes), every picture's size and hash."""
    errors = manifest_problems(manifest)
    if asset_files is None or errors:
        return errors
    for asset in manifest["assets"]:
        data = asset_files.get(asset["sha256"])
        if data is None:
            errors.append(f"Bild {asset['sha256'][:12]}…: Datei fehlt.")
            continue
        try:
            check_asset_bytes(asset, data)
        except BundleError as e:
            errors.append(str(e))
    return errors


def _text(de: str, translations: dict, field: str) -> dict[str, str]:
    text = {"de": de}
    for lang, fields in sorted((translations or {}).items()):
        if isinstance(fields, dict) and isinstance(fields.get(field), str) and fields[field]:
            text[lang] = fields[field]
    return text


# A topic's optional bundle fields, stored as they are in the manifest and left out when empty.
OPTIONAL_TOPIC_FIELDS = ("keywords", "checked", "sources")


def build_manifest(release: int, now=None) -> dict:
    """The manifest of the active topics as they are in the database right now."""
    topics = list(Topic.objects.filter(active=True).select_related("category")
                  .prefetch_related("steps__image"))
    categories = Category.objects.filter(pk__in={t.category_id for t in topics})
    used: dict[str, Asset] = {}
    manifest_categories = []
    for cat in categories.select_related("icon"):
        item = {"id": cat.slug, "position": cat.position,
                "title": _text(cat.title_de, cat.translations, "title")}
        if cat.icon:
            item["icon"] = cat.icon.sha256
            used[cat.icon.sha256] = cat.icon
        manifest_categories.append(item)
    manifest_topics = []
    for topic in topics:
        steps = []
        for step in sorted(topic.steps.all(), key=lambda s: (s.position, s.pk)):
            item = {"text": _text(step.text_de, step.translations, "text")}
            if step.image:
                item["image"] = step.image.sha256
                used[step.image.sha256] = step.image
            if step.alt_de:
                item["alt"] = _text(step.alt_de, step.translations, "alt")
            steps.append(item)
        manifest_topics.append({
            "id": topic.slug, "category": topic.category.slug, "position": topic.position,
            "title": _text(topic.title_de, topic.translations, "title"),
            "summary": _text(topic.summary_de, topic.translations, "summary"),
            "steps": steps,
            **{name: getattr(topic, name) for name in OPTIONAL_TOPIC_FIELDS
               if getattr(topic, name)},
        })
    return {
        "format": FORMAT,
        "release": release,
        "created_at": utc_iso(now or timezone.now()),
        "categories": manifest_categories,
        "topics": manifest_topics,
        "assets": [{"sha256": a.sha256, "size": a.size, "media_type": a.media_type,
                    "licence": a.licence} for a in sorted(used.values(), key=lambda a: a.sha256)],
    }


def dump_manifest(manifest: dict) -> str:
    """Compact JSON (no indentation): a 10,000-topic manifest is 12 MB indented."""
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n"


def publish(user=None) -> ContentRelease:
    """Make the next release from the database. Raises ManifestError when a rule is broken."""
    with transaction.atomic():
        number = (ContentRelease.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        manifest = build_manifest(number)
        if not manifest["topics"]:
            raise ManifestError(["Es gibt kein aktives Thema zum Veröffentlichen."])
        errors = validate_manifest(manifest)
        if errors:
            raise ManifestError(errors)
        release = ContentRelease(number=number, manifest_json=dump_manifest(manifest),
                                 created_by=user if user and user.is_authenticated else None)
        release.save()
        release.assets.set([a["sha256"] for a in manifest["assets"]])
        return release


def current_release() -> ContentRelease | None:
    return ContentRelease.objects.order_by("-number").first()


# ---- deltas: a kiosk that has release M gets only what changed up to release N -------------


def manifest_delta(base: dict, new: dict) -> dict:
    """What a kiosk with ``base`` needs to rebuild ``new`` (docs/content-bundle.md): the new or
    changed topics, the ids of removed ones, all categories, and the assets that the changed
    topics and the categories use (plus any asset whose entry changed)."""
    old_topics = {t["id"]: t for t in base["topics"]}
    changed = [t for t in new["topics"] if old_topics.get(t["id"]) != t]
    new_ids = {t["id"] for t in new["topics"]}
    old_assets = {a["sha256"]: a for a in base["assets"]}
    used = {s["image"] for t in changed for s in t["steps"] if s.get("image")}
    used |= {c["icon"] for c in new["categories"] if c.get("icon")}
    return {
        "format": new["format"],
        "release": new["release"],
        "base_release": base["release"],
        "created_at": new["created_at"],
        "categories": new["categories"],
        "topics": changed,
        "removed_topics": [tid for tid in old_topics if tid not in new_ids],
        "assets": [a for a in new["assets"]
                   if a["sha256"] in used or old_assets.get(a["sha256"]) != a],
    }


_served: OrderedDict[tuple, bytes] = OrderedDict()  # (what, release[, base]) → bytes
_SERVED_MAX = 8
_served_lock = threading.Lock()


def _cached(key: tuple, make) -> bytes | dict | str:
    with _served_lock:
        if key in _served:
            _served.move_to_end(key)
            return _served[key]
    value = make()
    with _served_lock:
        _served[key] = value
        while len(_served) > _SERVED_MAX:
            _served.popitem(last=False)
    return value


def _parsed(number: int, manifest_json: str | None = None) -> dict:
    def load():
        text = manifest_json
        if text is None:
            text = ContentRelease.objects.values_list("manifest_json", flat=True).get(
                number=number)
        return json.loads(text)
    return _cached(("parsed", number), load)


def release_digest(number: int) -> str:
    return _cached(("digest", number), lambda: manifest_digest(_parsed(number)))


def manifest_for(release: ContentRelease, base: str = "", base_digest: str = "") -> tuple[
        bytes, int | None]:
    """(JSON bytes, base release or None) answering a kiosk that has release ``base`` whose
    content digest is ``base_digest``: a delta when the server has that release and its digest
    matches, else the whole manifest, byte for byte as published. Kept in a small cache: a
    release never changes."""
    number = None
    if base.isdigit() and len(base) < 10 and SHA_RE.fullmatch(base_digest):
        number = int(base)
        if not (0 < number < release.number
                and ContentRelease.objects.filter(number=number).exists()
                and release_digest(number) == base_digest):
            number = None
    if number is None:
        return release.manifest_json.encode("utf-8"), None

    def make() -> bytes:
        delta = manifest_delta(_parsed(number), _parsed(release.number, release.manifest_json))
        return json.dumps(delta, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _cached(("delta", release.number, number), make), number


def gzipped(key: tuple, data: bytes) -> bytes:
    return _cached(("gzip", *key), lambda: gzip.compress(data, compresslevel=6, mtime=0))


def import_bundle(bundle_dir: Path) -> int:
    """Load a content bundle (manifest.json + files/) into categories, topics and steps.

    Existing entries with the same ids are replaced. Returns the number of topics imported.
    Raises ManifestError when the bundle breaks a rule.
    """
    bundle_dir = Path(bundle_dir)
    manifest = json.loads((bundle_dir / "manifest.json").read_text(encoding="utf-8"))
    files: dict[str, bytes] = {}
    for asset in manifest.get("assets") or []:
        sha = asset.get("sha256") if isinstance(asset, dict) else None
        path = bundle_dir / "files" / str(sha)
        if isinstance(sha, str) and SHA_RE.match(sha) and path.is_file():
            files[sha] = path.read_bytes()
    errors = validate_manifest(manifest, files)
    if errors:
        raise ManifestError(errors)
    licences = {a["sha256"]: a["licence"] for a in manifest["assets"]}

    def asset(sha):
        return store_asset(files[sha], licences[sha]) if sha else None

    def extra(text: dict, field: str, into: dict) -> None:
        for lang, value in text.items():
            if lang != "de":
                into.setdefault(lang, {})[field] = value

    with transaction.atomic():
        for cat in manifest["categories"]:
            translations: dict = {}
            extra(cat["title"], "title", translations)
            Category.objects.update_or_create(slug=cat["id"], defaults={
                "position": cat["position"], "title_de": cat["title"]["de"],
                "icon": asset(cat.get("icon")), "translations": translations})
        for data in manifest["topics"]:
            translations = {}
            extra(data["title"], "title", translations)
            extra(data["summary"], "summary", translations)
            topic, _ = Topic.objects.update_or_create(slug=data["id"], defaults={
                "category": Category.objects.get(slug=data["category"]),
                "position": data["position"], "title_de": data["title"]["de"],
                "summary_de": data["summary"]["de"], "translations": translations,
                "active": True,
                **{name: data.get(name) or Topic._meta.get_field(name).get_default()
                   for name in OPTIONAL_TOPIC_FIELDS}})
            topic.steps.all().delete()
            for n, step in enumerate(data["steps"], start=1):
                step_tr: dict = {}
                extra(step["text"], "text", step_tr)
                extra(step.get("alt") or {}, "alt", step_tr)
                Step.objects.create(topic=topic, position=n, text_de=step["text"]["de"],
                                    alt_de=(step.get("alt") or {}).get("de", ""),
                                    image=asset(step["image"]), translations=step_tr)
    return len(manifest["topics"])
