"""Content releases: build the manifest (docs/content-bundle.md), check it, publish, import.

A release is checked with the kiosk's own rules (kiosk.bundle, standard library only, shipped
with the server), so the server never publishes a release a kiosk would refuse.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Q
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

from dqserver.kiosks.scoping import own_quartiers, sees_all

from .models import Asset, Category, ContentRelease, Status, Step, Topic, store_asset

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
OPTIONAL_TOPIC_FIELDS = ("keywords", "checked", "sources", "translation_status")


def topic_entry(topic: Topic) -> dict:
    """The topic's manifest entry as it is in the database right now (steps by position)."""
    steps = []
    for step in sorted(topic.steps.all(), key=lambda s: (s.position, s.pk)):
        item = {"text": _text(step.text_de, step.translations, "text")}
        if step.image_id:
            item["image"] = step.image_id
        if step.alt_de:
            item["alt"] = _text(step.alt_de, step.translations, "alt")
        steps.append(item)
    title = _text(topic.title_de, topic.translations, "title")
    status = {lang: value for lang, value in (topic.translation_status or {}).items()
              if lang in title and lang != "de"}
    return {
        "id": topic.slug, "category": topic.category.slug, "position": topic.position,
        "title": title,
        "summary": _text(topic.summary_de, topic.translations, "summary"),
        "steps": steps,
        **{name: value for name in OPTIONAL_TOPIC_FIELDS
           if (value := status if name == "translation_status" else getattr(topic, name))},
    }


def _category_entry(cat: Category) -> dict:
    item = {"id": cat.slug, "position": cat.position,
            "title": _text(cat.title_de, cat.translations, "title")}
    if cat.icon_id:
        item["icon"] = cat.icon_id
    return item


def _manifest(release: int, now, categories: list[Category], entries: list[dict]) -> dict:
    """The one place a manifest is put together: every release and each topic's own check
    (:func:`topic_problems`), so what belongs to every manifest (the glossary) goes here."""
    from dqserver.glossary.manifest import glossary_entries  # (the glossary app needs content)

    words = glossary_entries()  # the hard words of every release, explained (the "Wörterbuch")
    used = {c.icon_id for c in categories if c.icon_id}
    used |= {s["image"] for t in entries for s in t["steps"] if s.get("image")}
    used |= {w["image"] for w in words if w.get("image")}
    assets = Asset.objects.filter(pk__in=used).only("sha256", "size", "media_type", "licence")
    return {
        "format": FORMAT,
        "release": release,
        "created_at": utc_iso(now or timezone.now()),
        "categories": [_category_entry(c) for c in categories],
        "topics": entries,
        "assets": [{"sha256": a.sha256, "size": a.size, "media_type": a.media_type,
                    "licence": a.licence} for a in sorted(assets, key=lambda a: a.sha256)],
        **({"glossary": words} if words else {}),
    }


def topic_problems(topic: Topic) -> list[str]:
    """What a kiosk would refuse in this topic as it is now (the kiosk's rules, kiosk.bundle,
    on a release of just this topic); empty when it may be published."""
    return manifest_problems(_manifest(1, None, [topic.category], [topic_entry(topic)]))


def _topics(quartier=None):
    """The topics a release for ``quartier`` (None: the shared ones only) may hold."""
    topics = Topic.objects.filter(active=True).select_related("category").prefetch_related(
        "steps", "quartiers")
    if quartier is None:
        return topics.filter(quartiers=None)
    return topics.filter(Q(quartiers=None) | Q(quartiers=quartier)).distinct()


def may_publish(user, topic: Topic) -> bool:
    """Whose publish takes the topic as it is now: a district admin's (or the server's own,
    ``user`` None) every topic's, a manager's only the topics of their own quartiers."""
    if user is None or sees_all(user):
        return True
    mine = set(own_quartiers(user).values_list("pk", flat=True))
    chosen = {q.pk for q in topic.quartiers.all()}
    return bool(chosen) and chosen <= mine


@dataclass
class Plan:
    """What a publish puts into its releases: each topic's entry, and the topics left out."""

    entries: dict[int, dict] = field(default_factory=dict)  # topic pk -> entry
    fresh: set[int] = field(default_factory=set)  # taken as they are now (become "published")
    left_out: list[tuple[Topic, list[str]]] = field(default_factory=list)


def plan(topics, user=None) -> Plan:
    """Ready and published topics as they are now (those ``user`` may publish and a kiosk
    takes), every other one in its last published form, if it has one."""
    result = Plan()
    for topic in topics:
        entry = None
        if topic.status != Status.DRAFT and (topic.status == Status.PUBLISHED
                                             or may_publish(user, topic)):
            problems = topic_problems(topic)
            if problems:
                result.left_out.append((topic, problems))
            elif may_publish(user, topic) or not topic.published_json:
                entry = topic_entry(topic)
                result.fresh.add(topic.pk)
        if entry is None and topic.published_json:
            entry = json.loads(topic.published_json)
        if entry is not None:
            result.entries[topic.pk] = entry
    return result


def build_manifest(release: int, now=None, quartier=None, user=None) -> dict:
    """The manifest for ``quartier``'s kiosks (None: the topics for every quartier)."""
    topics = list(_topics(quartier))
    entries = plan(topics, user).entries
    chosen = [t for t in topics if t.pk in entries]
    categories = list(Category.objects.filter(pk__in={t.category_id for t in chosen}))
    return _manifest(release, now, categories, [entries[t.pk] for t in chosen])


def dump_manifest(manifest: dict) -> str:
    """Compact JSON (no indentation): a 10,000-topic manifest is 12 MB indented."""
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass
class Published:
    releases: list[ContentRelease]
    left_out: list[tuple[Topic, list[str]]]


def audiences(user=None) -> list:
    """Whom one publish makes a release for, in order: a district admin's (``user`` None
    or seeing all) one for every quartier, then one for each quartier with topics of its own
    (a higher number: its kiosks take it); a manager's one for each of their quartiers."""
    if user is not None and not sees_all(user):
        return list(own_quartiers(user))
    from dqserver.kiosks.models import Quartier

    return [None, *Quartier.objects.filter(topics__isnull=False).distinct()]


def _save_release(manifest: dict, quartier, user, restored_from: int | None = None
                  ) -> ContentRelease:
    release = ContentRelease(number=manifest["release"], manifest_json=dump_manifest(manifest),
                             created_by=user if user and user.is_authenticated else None,
                             restored_from=restored_from)
    release.save()
    release.assets.set([a["sha256"] for a in manifest["assets"]])
    if quartier is not None:
        release.quartiers.set([quartier])
    return release


def _next_number() -> int:
    return (ContentRelease.objects.aggregate(n=Max("number"))["n"] or 0) + 1


def publish_releases(user=None) -> Published:
    """Make the next releases (:func:`audiences`) from the database. Raises ManifestError when
    a rule is broken that is no single topic's, or when there is nothing to publish."""
    with transaction.atomic():
        made, left_out, fresh = [], {}, {}
        for quartier in audiences(user):
            topics = list(_topics(quartier))
            result = plan(topics, user)
            left_out.update({t.pk: (t, p) for t, p in result.left_out})
            chosen = [t for t in topics if t.pk in result.entries]
            fresh.update({t.pk: (t, result.entries[t.pk]) for t in chosen
                          if t.pk in result.fresh})
            if not chosen:
                continue
            categories = list(Category.objects.filter(pk__in={t.category_id for t in chosen}))
            manifest = _manifest(_next_number(), None, categories,
                                 [result.entries[t.pk] for t in chosen])
            errors = validate_manifest(manifest)
            if errors:
                raise ManifestError(errors)
            made.append(_save_release(manifest, quartier, user))
        if not made:
            raise ManifestError(["Es gibt kein aktives Thema zum Veröffentlichen (fertig oder "
                                 "veröffentlicht)."] + [p for _t, ps in left_out.values()
                                                        for p in ps])
        for topic, entry in fresh.values():
            Topic.objects.filter(pk=topic.pk).update(
                status=Status.PUBLISHED, published_json=json.dumps(entry, ensure_ascii=False))
        return Published(made, list(left_out.values()))


def publish(user=None) -> ContentRelease:
    """:func:`publish_releases`' last release (the only one while no quartier has topics of
    its own)."""
    return publish_releases(user).releases[-1]


def restore(release: ContentRelease, user=None) -> ContentRelease:
    """Publish ``release``'s content again, as the next release (a kiosk takes only a newer
    number), for the same quartiers; a manager's for their own quartiers among them."""
    quartiers = list(release.quartiers.all())
    if user is not None and not sees_all(user):
        mine = list(own_quartiers(user))
        quartiers = [q for q in mine if not quartiers or q in quartiers]
        if not quartiers:
            raise ManifestError(["Diese Version ist für kein Quartier, das Sie betreuen."])
    with transaction.atomic():
        manifest = {**json.loads(release.manifest_json), "release": _next_number(),
                    "created_at": utc_iso(timezone.now())}
        made = _save_release(manifest, None, user, restored_from=release.number)
        made.quartiers.set(quartiers)
        return made


def current_release(quartier=None) -> ContentRelease | None:
    """The newest release for ``quartier``'s kiosks (one for them or for every quartier);
    without a quartier, the newest of all."""
    releases = ContentRelease.objects.order_by("-number")
    if quartier is not None:
        releases = releases.filter(Q(quartiers=None) | Q(quartiers=quartier))
    return releases.first()


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
    used |= {w["image"] for w in new.get("glossary", []) if w.get("image")}
    return {
        "format": new["format"],
        "release": new["release"],
        "base_release": base["release"],
        "created_at": new["created_at"],
        "categories": new["categories"],
        "topics": changed,
        "removed_topics": [tid for tid in old_topics if tid not in new_ids],
        "glossary": new.get("glossary", []),  # whole, as the categories
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
        from dqserver.glossary.manifest import import_glossary

        import_glossary(manifest, asset)
    return len(manifest["topics"])
