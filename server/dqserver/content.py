"""Content releases: build the manifest (docs/content-bundle.md), check it, publish, import.

The checks here follow the rules of docs/content-bundle.md so the server never publishes a
release a kiosk would refuse. They are the server's own copy: the server does not import the
kiosk package.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from collections import OrderedDict
from datetime import UTC
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from kiosk.bundle import manifest_digest  # the kiosk checks the same digest: one definition

from .models import Asset, Category, ContentRelease, Step, Topic, store_asset

FORMAT = 1
ID_RE = re.compile(r"^[a-z0-9-]{1,64}$")
LANG_RE = re.compile(r"^[a-z]{2}$")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
MEDIA_TYPES = {"image/png", "image/jpeg"}
MAX_WORDS_PER_SENTENCE = 15
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")


class ManifestError(ValueError):
    """The manifest breaks a rule of docs/content-bundle.md; ``errors`` lists every problem."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def utc_iso(dt) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def too_long_sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END_RE.split(text.strip())
            if len(s.split()) > MAX_WORDS_PER_SENTENCE]


def validate_manifest(manifest, asset_files: dict[str, bytes] | None = None) -> list[str]:
    """Return a list of German error messages (empty: the manifest is valid).

    ``asset_files`` maps sha256 → bytes; when given, every asset's size and hash is checked.
    """
    errors: list[str] = []
    if not isinstance(manifest, dict):
        return ["Das Manifest ist kein JSON-Objekt."]

    def text_ok(value, where: str, leichte_sprache: bool = False) -> None:
        if not isinstance(value, dict):
            errors.append(f"{where}: Text muss ein Objekt {{Sprache: Text}} sein.")
            return
        if not isinstance(value.get("de"), str) or not value["de"].strip():
            errors.append(f"{where}: Deutscher Text fehlt.")
        for lang, text in value.items():
            if not LANG_RE.match(str(lang)):
                errors.append(f"{where}: „{lang}“ ist kein Sprachkürzel aus zwei Buchstaben.")
            elif not isinstance(text, str):
                errors.append(f"{where}: Text in „{lang}“ ist keine Zeichenkette.")
            elif leichte_sprache:
                for sentence in too_long_sentences(text):
                    errors.append(f"{where} ({lang}): Satz mit mehr als "
                                  f"{MAX_WORDS_PER_SENTENCE} Wörtern: „{sentence[:60]}…“")

    if manifest.get("format") != FORMAT or isinstance(manifest.get("format"), bool):
        errors.append("„format“ muss 1 sein.")
    release = manifest.get("release")
    if not isinstance(release, int) or isinstance(release, bool) or release < 1:
        errors.append("„release“ muss eine positive ganze Zahl sein.")
    if not isinstance(manifest.get("created_at"), str):
        errors.append("„created_at“ fehlt.")
    for key in ("categories", "topics", "assets"):
        if not isinstance(manifest.get(key), list):
            errors.append(f"„{key}“ muss eine Liste sein.")
    if errors:
        return errors

    assets: dict[str, dict] = {}
    for i, asset in enumerate(manifest["assets"]):
        where = f"Bild {i + 1}"
        if not isinstance(asset, dict):
            errors.append(f"{where}: kein Objekt.")
            continue
        sha = asset.get("sha256")
        if not isinstance(sha, str) or not SHA_RE.match(sha):
            errors.append(f"{where}: „sha256“ ist kein SHA-256 (64 Hex-Zeichen, klein).")
            continue
        if sha in assets:
            errors.append(f"{where}: Bild {sha[:12]}… ist doppelt aufgeführt.")
        assets[sha] = asset
        if asset.get("media_type") not in MEDIA_TYPES:
            errors.append(f"{where}: nur image/png oder image/jpeg erlaubt.")
        size = asset.get("size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            errors.append(f"{where}: „size“ muss eine ganze Zahl sein.")
        if not isinstance(asset.get("licence"), str) or not asset["licence"].strip():
            errors.append(f"{where}: Lizenzangabe fehlt.")
        if asset_files is not None:
            data = asset_files.get(sha)
            if data is None:
                errors.append(f"{where}: Datei fehlt.")
            elif len(data) != size or hashlib.sha256(data).hexdigest() != sha:
                errors.append(f"{where}: Datei passt nicht zu Größe oder SHA-256.")

    def image_ok(value, where: str) -> None:
        if not isinstance(value, str) or value not in assets:
            errors.append(f"{where}: Bild fehlt oder ist nicht in „assets“ aufgeführt.")

    category_ids: set[str] = set()
    for i, cat in enumerate(manifest["categories"]):
        where = f"Kategorie {i + 1}"
        if not isinstance(cat, dict):
            errors.append(f"{where}: kein Objekt.")
            continue
        cid = cat.get("id")
        if not isinstance(cid, str) or not ID_RE.match(cid):
            errors.append(f"{where}: ungültige id (a-z, 0-9, -, 1–64 Zeichen).")
        elif cid in category_ids:
            errors.append(f"{where}: id „{cid}“ doppelt.")
        else:
            category_ids.add(cid)
            where = f"Kategorie „{cid}“"
        if not isinstance(cat.get("position"), int) or isinstance(cat.get("position"), bool):
            errors.append(f"{where}: „position“ muss eine ganze Zahl sein.")
        text_ok(cat.get("title"), f"{where}, Titel")
        if "icon" in cat and cat["icon"] is not None:
            image_ok(cat["icon"], f"{where}, Symbol")

    topic_ids: set[str] = set()
    for i, topic in enumerate(manifest["topics"]):
        where = f"Thema {i + 1}"
        if not isinstance(topic, dict):
            errors.append(f"{where}: kein Objekt.")
            continue
        tid = topic.get("id")
        if not isinstance(tid, str) or not ID_RE.match(tid):
            errors.append(f"{where}: ungültige id (a-z, 0-9, -, 1–64 Zeichen).")
        elif tid in topic_ids:
            errors.append(f"{where}: id „{tid}“ doppelt.")
        else:
            topic_ids.add(tid)
            where = f"Thema „{tid}“"
        if topic.get("category") not in category_ids:
            errors.append(f"{where}: Kategorie „{topic.get('category')}“ gibt es nicht.")
        if not isinstance(topic.get("position"), int) or isinstance(topic.get("position"), bool):
            errors.append(f"{where}: „position“ muss eine ganze Zahl sein.")
        text_ok(topic.get("title"), f"{where}, Titel")
        text_ok(topic.get("summary"), f"{where}, Kurzbeschreibung", leichte_sprache=True)
        steps = topic.get("steps")
        if not isinstance(steps, list) or not 1 <= len(steps) <= 12:
            errors.append(f"{where}: braucht 1 bis 12 Schritte.")
            continue
        for n, step in enumerate(steps, start=1):
            swhere = f"{where}, Schritt {n}"
            if not isinstance(step, dict):
                errors.append(f"{swhere}: kein Objekt.")
                continue
            text_ok(step.get("text"), swhere, leichte_sprache=True)
            image_ok(step.get("image"), swhere)
            if "alt" in step:
                text_ok(step["alt"], f"{swhere}, Bildbeschreibung")
    return errors


def _text(de: str, translations: dict, field: str) -> dict[str, str]:
    text = {"de": de}
    for lang, fields in sorted((translations or {}).items()):
        if isinstance(fields, dict) and isinstance(fields.get(field), str) and fields[field]:
            text[lang] = fields[field]
    return text


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
                "active": True})
            topic.steps.all().delete()
            for n, step in enumerate(data["steps"], start=1):
                step_tr: dict = {}
                extra(step["text"], "text", step_tr)
                extra(step.get("alt") or {}, "alt", step_tr)
                Step.objects.create(topic=topic, position=n, text_de=step["text"]["de"],
                                    alt_de=(step.get("alt") or {}).get("de", ""),
                                    image=asset(step["image"]), translations=step_tr)
    return len(manifest["topics"])
