"""Validate a content bundle (docs/content-bundle.md) before anything of it touches the store.

Pure Python, no Kivy, no database: the server imports these rules and checks every release with
them before it publishes (``manifest_problems``), so kiosks and server cannot disagree.

Usage::

    manifest = read_bundle(Path("assets/demo/bundle"))   # BundleError if anything is wrong
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from kiosk import glossary
from kiosk.i18n import SOURCE_LANGUAGE
from kiosk.states import TranslationStatus

FORMAT = 1
MAX_STEPS = 12
MAX_SENTENCE_WORDS = 15
MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 40
MEDIA_TYPES = {"image/png", "image/jpeg"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
CHECKED_RE = re.compile(r"^20[0-9]{2}-(0[1-9]|1[0-2])$")  # the month a topic was last checked
URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(/\S*)?$")
MAX_SOURCES = 10
MAX_SOURCE_TITLE = 120
MAX_URL_LENGTH = 500
# "؟", the Arabic question mark, ends a sentence as "?" does
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")


class BundleError(ValueError):
    """The bundle is refused; the message says what is wrong, for the log and the manager."""


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def long_sentences(text: str, limit: int = MAX_SENTENCE_WORDS) -> list[str]:
    """Sentences with more than ``limit`` words (Leichte Sprache: short sentences)."""
    return [s for s in sentences(text) if len(s.split()) > limit]


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    """``value`` if it is of ``kind`` (a bool is no number), else a :class:`BundleError`."""
    if not _is(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise BundleError(f"{where}: erwartet {names}, ist {type(value).__name__}")
    return value


def _is(value: Any, kind: type | tuple[type, ...]) -> bool:
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def _id(value: Any, where: str, seen: set[str]) -> str:
    _expect(value, str, where)
    if not ID_RE.match(value):
        raise BundleError(f"{where}: {value!r} ist keine gültige id (a-z, 0-9, '-')")
    if value in seen:
        raise BundleError(f"{where}: id {value!r} kommt zweimal vor")
    seen.add(value)
    return value


def check_keywords(value: Any, where: str) -> None:
    """A topic's optional search words (synonyms a manager adds: "Überweisung", "Enkeltrick")."""
    _expect(value, list, where)
    if len(value) > MAX_KEYWORDS:
        raise BundleError(f"{where}: höchstens {MAX_KEYWORDS} Suchwörter, hat {len(value)}")
    for n, word in enumerate(value, 1):
        _expect(word, str, f"{where}[{n}]")
        if not word.strip() or len(word) > MAX_KEYWORD_LENGTH:
            raise BundleError(f"{where}[{n}]: ein Suchwort hat 1 bis {MAX_KEYWORD_LENGTH} "
                              f"Zeichen: {word!r}")


def check_checked(value: Any, where: str) -> None:
    """A topic's optional "Stand": the month it was last checked against its sources."""
    _expect(value, str, where)
    if not CHECKED_RE.match(value):
        raise BundleError(f"{where}: {value!r} ist kein Monat. So ist es richtig: 2026-12")


def check_sources(value: Any, where: str) -> None:
    """A topic's optional official sources: ``[{"title": ..., "url": "https://..."}]``."""
    _expect(value, list, where)
    if len(value) > MAX_SOURCES:
        raise BundleError(f"{where}: höchstens {MAX_SOURCES} Quellen, hat {len(value)}")
    for n, source in enumerate(value, 1):
        _expect(source, dict, f"{where}[{n}]")
        title = _expect(source.get("title"), str, f"{where}[{n}].title")
        if not title.strip() or len(title) > MAX_SOURCE_TITLE:
            raise BundleError(f"{where}[{n}].title: der Name der Quelle hat 1 bis "
                              f"{MAX_SOURCE_TITLE} Zeichen: {title!r}")
        url = _expect(source.get("url"), str, f"{where}[{n}].url")
        if len(url) > MAX_URL_LENGTH or not URL_RE.match(url):
            raise BundleError(f"{where}[{n}].url: {url!r} ist keine Internet-Adresse "
                              f"(sie beginnt mit https://)")


def check_translation_status(value: Any, where: str, title: Any) -> None:
    """A topic's optional ``translation_status``: for languages the topic has a title in
    (German, the source, excluded), one of :class:`~kiosk.states.TranslationStatus`."""
    _expect(value, dict, where)
    known = ", ".join(TranslationStatus)
    for language, status in value.items():
        if language == SOURCE_LANGUAGE or not isinstance(title, dict) or language not in title:
            raise BundleError(f"{where}: {language!r} ist keine Übersetzung dieses Themas")
        if status not in set(TranslationStatus):
            raise BundleError(f"{where}.{language}: {status!r} ist kein Stand der "
                              f"Übersetzung (erlaubt: {known})")


def manifest_problems(manifest: Any) -> list[str]:
    """Every way ``manifest`` breaks the rules of docs/content-bundle.md, in German (empty: none).

    The one set of content rules: the kiosk refuses a release at the first problem
    (:func:`validate_manifest`), the server lists them all to the manager before it publishes,
    so it never publishes a release a kiosk would refuse.
    """
    problems: list[str] = []

    def check(test, *args, **kwargs) -> Any:
        """Run one rule; a broken rule becomes a problem and ``None``, the others go on."""
        try:
            return test(*args, **kwargs)
        except BundleError as e:
            problems.append(str(e))
            return None

    def text(value: Any, where: str, *, plain_language: bool = False,
             words_marked: dict[str, str] | None = None, longest: int = 0) -> None:
        """``words_marked``: the glossary's index, where hard words may be marked (step
        texts); ``longest``: the most characters a text may have."""
        _expect(value, dict, where)
        for language, words in value.items():
            if not LANGUAGE_RE.match(str(language)):
                problems.append(f"{where}: {language!r} ist kein Sprachkürzel aus zwei Buchstaben")
            elif not _is(words, str):
                problems.append(f"{where}.{language}: erwartet str, ist {type(words).__name__}")
            else:
                if plain_language and (too_long := long_sentences(glossary.plain(words))):
                    problems.append(f"{where}.{language}: Satz mit mehr als "
                                    f"{MAX_SENTENCE_WORDS} Wörtern: {too_long[0]!r}")
                if words_marked is not None:
                    problems.extend(glossary.mark_problems(words, words_marked,
                                                           f"{where}.{language}"))
                elif glossary.MARK_RE.search(words):
                    problems.append(f"{where}.{language}: schwere Wörter [[ ]] werden nur in "
                                    f"den Texten der Schritte markiert")
                if longest and len(words) > longest:
                    problems.append(f"{where}.{language}: höchstens {longest} Zeichen: "
                                    f"{words!r}")
        if not _is(value.get("de"), str) or not value["de"].strip():
            problems.append(f"{where}: Deutscher Text ('de') fehlt")

    if not check(_expect, manifest, dict, "manifest"):
        return problems
    if manifest.get("format") != FORMAT or isinstance(manifest.get("format"), bool):
        problems.append(f"manifest: format {manifest.get('format')!r} wird nicht unterstützt")
    release = check(_expect, manifest.get("release"), int, "release")
    if release is not None and release < 1:
        problems.append("release: muss eine positive ganze Zahl sein")
    if "created_at" in manifest:
        check(_expect, manifest["created_at"], str, "created_at")
    lists = {key: check(_expect, manifest.get(key), list, key)
             for key in ("assets", "categories", "topics")}
    if None in lists.values():
        return problems

    assets: dict[str, dict] = {}
    for i, asset in enumerate(lists["assets"]):
        where = f"assets[{i}]"
        if not check(_expect, asset, dict, where):
            continue
        sha = check(_expect, asset.get("sha256"), str, f"{where}.sha256")
        if sha is not None and not SHA256_RE.match(sha):
            problems.append(f"{where}.sha256: {sha!r} ist kein sha256 (64 Hex-Zeichen, klein)")
        elif sha in assets:
            problems.append(f"{where}: Bild {sha[:12]}… ist zweimal aufgeführt")
        elif sha is not None:
            assets[sha] = asset
        size = check(_expect, asset.get("size"), int, f"{where}.size")
        if size is not None and size <= 0:
            problems.append(f"{where}.size: muss positiv sein")
        if asset.get("media_type") not in MEDIA_TYPES:
            problems.append(f"{where}.media_type: {asset.get('media_type')!r} ist nicht erlaubt "
                            f"(nur {', '.join(sorted(MEDIA_TYPES))})")
        licence = check(_expect, asset.get("licence"), str, f"{where}.licence")
        if licence is not None and not licence.strip():
            problems.append(f"{where}.licence: Lizenzangabe fehlt")

    def picture(sha: Any, where: str) -> None:
        if not _is(sha, str) or sha not in assets:
            raise BundleError(f"{where}: Bild {str(sha)[:12]}… steht nicht in der Bilderliste")

    words_marked = check_glossary(manifest.get("glossary", []), text, picture, problems)

    category_ids: set[str] = set()
    for i, category in enumerate(lists["categories"]):
        where = f"categories[{i}]"
        if not check(_expect, category, dict, where):
            continue
        check(_id, category.get("id"), f"{where}.id", category_ids)
        check(_expect, category.get("position"), int, f"{where}.position")
        check(text, category.get("title"), f"{where}.title")
        if category.get("icon") is not None:
            check(picture, category["icon"], f"{where}.icon")

    topic_ids: set[str] = set()
    for i, topic in enumerate(lists["topics"]):
        where = f"topics[{i}]"
        if not check(_expect, topic, dict, where):
            continue
        if (topic_id := check(_id, topic.get("id"), f"{where}.id", topic_ids)) is not None:
            where = f"Thema {topic_id}"
        if topic.get("category") not in category_ids:
            problems.append(f"{where}: unbekannte Kategorie {topic.get('category')!r}")
        check(_expect, topic.get("position"), int, f"{where}.position")
        check(text, topic.get("title"), f"{where}.title")
        check(text, topic.get("summary"), f"{where}.summary", plain_language=True)
        if "keywords" in topic:
            check(check_keywords, topic["keywords"], f"{where}.keywords")
        if "checked" in topic:
            check(check_checked, topic["checked"], f"{where}.checked")
        if "sources" in topic:
            check(check_sources, topic["sources"], f"{where}.sources")
        if "translation_status" in topic:
            check(check_translation_status, topic["translation_status"],
                  f"{where}.translation_status", topic.get("title"))
        steps = check(_expect, topic.get("steps"), list, f"{where}.steps")
        if steps is None:
            continue
        if not 1 <= len(steps) <= MAX_STEPS:
            problems.append(f"{where}: braucht 1 bis {MAX_STEPS} Schritte, hat {len(steps)}")
        for n, step in enumerate(steps, 1):
            step_where = f"{where} Schritt {n}"
            if not check(_expect, step, dict, step_where):
                continue
            check(text, step.get("text"), f"{step_where}.text", plain_language=True,
                  words_marked=words_marked)
            if "image" not in step:
                problems.append(f"{step_where}: hat kein Bild")
            else:
                check(picture, step["image"], f"{step_where}.image")
            if step.get("alt") is not None:
                check(text, step["alt"], f"{step_where}.alt")
    return problems


def check_glossary(value: Any, text, picture, problems: list[str]) -> dict[str, str]:
    """The glossary's entries (docs/content-bundle.md, "Glossary"): ``text`` and ``picture``
    are :func:`manifest_problems`' rules for a text and a picture. Returns the index the
    marked words of the step texts are looked up in."""
    where = "Wörterbuch"
    if not _is(value, list):
        problems.append(f"{where}: erwartet list, ist {type(value).__name__}")
        return {}
    if len(value) > glossary.MAX_ENTRIES:
        problems.append(f"{where}: höchstens {glossary.MAX_ENTRIES} Wörter, hat {len(value)}")
    ids: set[str] = set()
    terms: dict[str, str] = {}
    for i, entry in enumerate(value):
        if not _is(entry, dict):
            problems.append(f"{where}[{i}]: erwartet dict, ist {type(entry).__name__}")
            continue
        try:
            entry_id = _id(entry.get("id"), f"{where}[{i}].id", ids)
        except BundleError as e:
            problems.append(str(e))
            continue
        here = f"{where} „{entry_id}“"
        for field, rules in (("term", {"longest": glossary.MAX_TERM_LENGTH}),
                             ("explanation", {"plain_language": True,
                                              "longest": glossary.MAX_EXPLANATION_LENGTH})):
            try:
                text(entry.get(field), f"{here}.{field}", **rules)
            except BundleError as e:
                problems.append(str(e))
        for lang, term in (entry["term"].items() if _is(entry.get("term"), dict) else ()):
            other = terms.setdefault(glossary.key(str(term)), entry_id)
            if other != entry_id:
                problems.append(f"{here}.term.{lang}: das Wort „{term}“ steht schon bei "
                                f"„{other}“ im Wörterbuch")
        if entry.get("image") is not None:
            try:
                picture(entry["image"], f"{here}.image")
            except BundleError as e:
                problems.append(str(e))
    return glossary.index(e for e in value if _is(e, dict) and e.get("id") in ids
                          and _is(e.get("term"), dict))


def validate_manifest(manifest: Any) -> dict[str, Any]:
    """The manifest unchanged if it keeps every rule, else :class:`BundleError` (the first)."""
    if problems := manifest_problems(manifest):
        raise BundleError(problems[0])
    return manifest


def decode_manifest(raw: bytes) -> Any:
    """The JSON of a manifest (or a delta), not yet checked; BundleError if it is none."""
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BundleError(f"das Manifest ist kein gültiges JSON: {e}") from e


def parse_manifest(raw: bytes) -> dict[str, Any]:
    return validate_manifest(decode_manifest(raw))


def check_asset_bytes(asset: dict[str, Any], data: bytes) -> None:
    """Raise unless ``data`` has exactly the listed size and sha256."""
    if len(data) != asset["size"]:
        raise BundleError(
            f"Bild {asset['sha256'][:12]}…: {len(data)} Bytes, erwartet {asset['size']}"
        )
    if hashlib.sha256(data).hexdigest() != asset["sha256"]:
        raise BundleError(f"Bild {asset['sha256'][:12]}…: der Inhalt passt nicht zum sha256")


def read_bundle(folder: Path) -> dict[str, Any]:
    """Read and fully check a bundle folder (manifest + every file)."""
    try:
        raw = (folder / "manifest.json").read_bytes()
    except OSError as e:
        raise BundleError(f"das Manifest kann nicht gelesen werden: {e}") from e
    manifest = parse_manifest(raw)
    for asset in manifest["assets"]:
        path = folder / "files" / asset["sha256"]
        if not path.is_file():
            raise BundleError(f"Bild {asset['sha256'][:12]}… fehlt im Paket")
        check_asset_bytes(asset, path.read_bytes())
    return manifest


# ---- content deltas (docs/content-bundle.md, "Updates as deltas") ------------------------------


def manifest_digest(manifest: dict[str, Any]) -> str:
    """sha256 (hex) of a release's content in a canonical form: categories, topics and assets,
    sorted by id, JSON with sorted keys. Order, ``created_at`` and the way the JSON was written
    do not count, so the kiosk can compute it from its store and the server from its manifest
    (the server imports this function: kiosk/bundle.py needs only the standard library).
    A topic's ``keywords`` count only when there are any: a delta must not be applied to a base
    whose search words differ, and releases without them keep the digest they always had.
    So does its ``checked`` month (kept by the store, shown as "Stand"); its ``sources`` do not
    (the kiosk's store does not keep them). The ``glossary`` counts when it has entries, each
    ``{id, term, explanation, image (null if none)}``."""
    canonical = {
        "categories": sorted(
            ({"id": c["id"], "position": c["position"], "title": c["title"],
              "icon": c.get("icon")} for c in manifest["categories"]),
            key=lambda c: c["id"]),
        "topics": sorted(
            ({"id": t["id"], "category": t["category"], "position": t["position"],
              "title": t["title"], "summary": t["summary"],
              "steps": [{"text": s["text"], "image": s.get("image"), "alt": s.get("alt") or {}}
                        for s in t["steps"]],
              **({"keywords": t["keywords"]} if t.get("keywords") else {}),
              **({"checked": t["checked"]} if t.get("checked") else {})}
             for t in manifest["topics"]),
            key=lambda t: t["id"]),
        "assets": sorted(
            ({k: a[k] for k in ("sha256", "size", "media_type", "licence")}
             for a in manifest["assets"]),
            key=lambda a: a["sha256"]),
        **({"glossary": sorted(
            ({"id": g["id"], "term": g["term"], "explanation": g["explanation"],
              "image": g.get("image")} for g in manifest["glossary"]),
            key=lambda g: g["id"])} if manifest.get("glossary") else {}),
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
    # the glossary comes whole, as the categories (a delta without one keeps the base's)
    words = _expect(delta.get("glossary", base.get("glossary", [])), list, "delta.glossary")
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
    used |= {g.get("image") for g in words if isinstance(g, dict)}
    return {
        "format": FORMAT,
        "release": release,
        "created_at": delta.get("created_at", ""),
        "categories": categories,
        "topics": topics,
        "assets": [assets[sha] for sha in sorted(assets) if sha in used],
        **({"glossary": words} if words else {}),
    }
