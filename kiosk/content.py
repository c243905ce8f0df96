"""Help content in the store: importing a release (demo or from the server) and reading it back.

A release is switched in whole or not at all: every picture is checked and in place first, then
categories, topics, steps and the search index are replaced in one transaction.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from kiosk import glossary
from kiosk.bundle import BundleError, check_asset_bytes, validate_manifest
from kiosk.search import fold, rebuild_index
from kiosk.store import Store

SOURCE_LANGUAGE = "de"


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    icon: str | None
    topic_count: int


@dataclass(frozen=True)
class TopicSummary:
    id: str
    category_id: str
    title: str
    summary: str
    #: the language ``title`` is in (German where untranslated): the voice to read it
    language: str = SOURCE_LANGUAGE


@dataclass(frozen=True)
class Step:
    number: int
    text: str
    image: str | None
    alt: str
    #: the languages of ``text`` and ``alt`` (German where untranslated): their voice
    language: str = SOURCE_LANGUAGE
    alt_language: str = SOURCE_LANGUAGE


@dataclass(frozen=True)
class Topic:
    id: str
    category_id: str
    title: str
    summary: str
    steps: list[Step]
    checked: str | None = None  # "2026-12": the month it was last checked against its sources


@dataclass(frozen=True)
class GlossaryEntry:
    """A hard word explained (kiosk/glossary.py), in the UI language, else German."""

    id: str
    term: str
    explanation: str
    image: str | None
    #: the language of ``explanation`` (German where untranslated): the voice to read it
    language: str = SOURCE_LANGUAGE


def pick(texts: str | dict[str, str] | None, language: str) -> str:
    """The text in ``language``, else German (content falls back to German)."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        texts = json.loads(texts)
    return texts.get(language) or texts.get(SOURCE_LANGUAGE, "")


def language_of(texts: str | dict[str, str] | None, language: str) -> str:
    """The language :func:`pick` takes the text in: ``language`` if translated, else German."""
    if isinstance(texts, str):
        texts = json.loads(texts)
    return language if texts and texts.get(language) else SOURCE_LANGUAGE


def current_release(store: Store) -> int:
    return int(store.get_meta("content_release", "0"))


def have_asset(asset: dict[str, Any], assets_dir: Path) -> bool:
    """Whether ``assets_dir/<sha256>`` holds the listed picture; a damaged file (from an earlier
    run cut off) is deleted, to be fetched again."""
    path = assets_dir / asset["sha256"]
    if not path.is_file():
        return False
    try:
        check_asset_bytes(asset, path.read_bytes())
        return True
    except BundleError:
        path.unlink(missing_ok=True)
        return False


def _place_asset(asset: dict[str, Any], source_dir: Path | None, assets_dir: Path) -> None:
    """Make sure ``assets_dir/<sha256>`` holds the verified picture (temp file, then rename)."""
    target = assets_dir / asset["sha256"]
    if have_asset(asset, assets_dir):
        return
    source = source_dir / "files" / asset["sha256"] if source_dir else None
    if source is None or not source.is_file():
        raise BundleError(f"asset {asset['sha256'][:12]}… is missing")
    data = source.read_bytes()
    check_asset_bytes(asset, data)
    assets_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=assets_dir, delete=False, suffix=".part") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(f.name, target)


def _search_docs(topic: dict[str, Any]) -> list[dict[str, Any]]:
    languages = {SOURCE_LANGUAGE} | set(topic["title"]) | set(topic["summary"])
    for step in topic["steps"]:
        languages |= set(step["text"])
    return [
        {
            "topic_id": topic["id"],
            "language": language,
            "title": fold(pick(topic["title"], language)),
            "summary": fold(pick(topic["summary"], language)),
            "body": fold(" ".join(glossary.plain(pick(step["text"], language))
                                  for step in topic["steps"])),
            "keywords": fold(" ".join(topic.get("keywords") or [])),
        }
        for language in sorted(languages)
    ]


def import_bundle(
    store: Store, manifest: dict[str, Any], source_dir: Path | None, assets_dir: Path
) -> int:
    """Switch the store to ``manifest``'s release; returns the release number.

    Pictures come from ``assets_dir`` if already there (the sync client downloads them first),
    else from ``source_dir/files``. Raises :class:`BundleError` and changes nothing on any fault,
    including a release that is not newer than the one in the store.
    """
    validate_manifest(manifest)
    release = manifest["release"]
    if release <= (current := current_release(store)):
        raise BundleError(f"release {release} is not newer than the current release {current}")
    for asset in manifest["assets"]:
        _place_asset(asset, source_dir, assets_dir)

    db = store.db
    with store.write():
        for table in ("search_docs", "steps", "topics", "categories", "glossary", "assets"):
            db.execute(f"DELETE FROM {table}")
        db["assets"].insert_all(
            {k: a[k] for k in ("sha256", "size", "media_type", "licence")}
            for a in manifest["assets"]
        )
        db["categories"].insert_all(
            {"id": c["id"], "position": c["position"], "icon": c.get("icon"),
             "title": json.dumps(c["title"], ensure_ascii=False)}
            for c in manifest["categories"]
        )
        db["topics"].insert_all(
            {"id": t["id"], "category_id": t["category"], "position": t["position"],
             "title": json.dumps(t["title"], ensure_ascii=False),
             "summary": json.dumps(t["summary"], ensure_ascii=False),
             "keywords": json.dumps(t["keywords"], ensure_ascii=False) if t.get("keywords")
             else None, "checked": t.get("checked")}
            for t in manifest["topics"]
        )
        db["steps"].insert_all(
            {"topic_id": t["id"], "position": n, "image": s["image"],
             "text": json.dumps(s["text"], ensure_ascii=False),
             "alt": json.dumps(s.get("alt") or {}, ensure_ascii=False)}
            for t in manifest["topics"]
            for n, s in enumerate(t["steps"], 1)
        )
        db["glossary"].insert_all(
            {"id": g["id"], "term": json.dumps(g["term"], ensure_ascii=False),
             "explanation": json.dumps(g["explanation"], ensure_ascii=False),
             "image": g.get("image")}
            for g in manifest.get("glossary", []))
        db["search_docs"].insert_all(doc for t in manifest["topics"] for doc in _search_docs(t))
        rebuild_index(db)
        store.set_meta("content_release", str(release))
    _remove_unused_assets(store, assets_dir)
    return release


def export_manifest(store: Store) -> dict[str, Any]:
    """The manifest of the release in the store, rebuilt from its rows (categories, topics,
    steps, assets). The base a content delta is applied to (:func:`kiosk.bundle.apply_delta`).
    ``created_at`` is not kept in the store and comes back empty."""
    db = store.db
    steps: dict[str, list[dict[str, Any]]] = {}
    for topic_id, text, image, alt in db.execute(
            "SELECT topic_id, text, image, alt FROM steps ORDER BY topic_id, position"):
        step: dict[str, Any] = {"text": json.loads(text), "image": image}
        if alt and (alt := json.loads(alt)):
            step["alt"] = alt
        steps.setdefault(topic_id, []).append(step)
    categories = []
    for cid, position, icon, title in db.execute(
            "SELECT id, position, icon, title FROM categories ORDER BY position, id"):
        category: dict[str, Any] = {"id": cid, "position": position, "title": json.loads(title)}
        if icon is not None:
            category["icon"] = icon
        categories.append(category)
    words = [{"id": gid, "term": json.loads(term), "explanation": json.loads(explanation),
              **({"image": image} if image else {})}
             for gid, term, explanation, image in db.execute(
                 "SELECT id, term, explanation, image FROM glossary ORDER BY id")]
    return {
        "format": 1,
        "release": current_release(store),
        "created_at": "",  # not kept: no rule and no screen needs it
        "categories": categories,
        "topics": [
            {"id": tid, "category": category_id, "position": position,
             "title": json.loads(title), "summary": json.loads(summary),
             "steps": steps.get(tid, []),
             **({"keywords": json.loads(keywords)} if keywords else {}),
             **({"checked": checked} if checked else {})}
            for tid, category_id, position, title, summary, keywords, checked in db.execute(
                "SELECT id, category_id, position, title, summary, keywords, checked FROM topics "
                "ORDER BY category_id, position, id")
        ],
        "assets": [
            {"sha256": sha, "size": size, "media_type": media_type, "licence": licence}
            for sha, size, media_type, licence in db.execute(
                "SELECT sha256, size, media_type, licence FROM assets ORDER BY sha256")
        ],
        **({"glossary": words} if words else {}),
    }


def _remove_unused_assets(store: Store, assets_dir: Path) -> None:
    if not assets_dir.is_dir():
        return
    used = {row[0] for row in store.db.execute("SELECT sha256 FROM assets")}
    for path in assets_dir.iterdir():
        if path.name not in used:
            path.unlink(missing_ok=True)


def categories(store: Store, language: str) -> list[Category]:
    rows = store.db.execute(
        """SELECT c.id, c.title, c.icon, COUNT(t.id) FROM categories c
           LEFT JOIN topics t ON t.category_id = c.id
           GROUP BY c.id ORDER BY c.position, c.id"""
    )
    return [Category(id, pick(title, language), icon, n) for id, title, icon, n in rows]


# A text in the language, else German, picked by SQLite (much faster than json.loads per row).
_PICK = "COALESCE(json_extract({0}, '$.' || :language), json_extract({0}, '$.de'), '')"
_LANGUAGE = "CASE WHEN json_extract({0}, '$.' || :language) <> '' THEN :language ELSE 'de' END"
_SUMMARY_SQL = (f"SELECT t.id, t.category_id, {_PICK.format('t.title')}, "
                f"{_PICK.format('t.summary')}, {_LANGUAGE.format('t.title')} FROM topics t")


def topics_in(store: Store, category_id: str, language: str) -> list[TopicSummary]:
    rows = store.db.execute(
        _SUMMARY_SQL + " WHERE t.category_id = :category ORDER BY t.position, t.id",
        {"language": language, "category": category_id},
    )
    return [TopicSummary(*row) for row in rows]


class AllTopics(Sequence[TopicSummary]):
    """Every topic, in the order of the categories, then their own order; read from the store
    a slice at a time, so a list of 10,000 topics shown a page at a time reads one page."""

    _JOIN = " JOIN categories c ON c.id = t.category_id"

    def __init__(self, store: Store, language: str):
        self.store, self.language = store, language
        self._count = store.db.execute("SELECT COUNT(*) FROM topics t" + self._JOIN).fetchone()[0]

    def __len__(self) -> int:
        return self._count

    def _read(self, limit: int = -1, offset: int = 0) -> list[TopicSummary]:
        rows = self.store.db.execute(
            _SUMMARY_SQL + self._JOIN + " ORDER BY c.position, c.id, t.position, t.id"
            " LIMIT :n OFFSET :skip",
            {"language": self.language, "n": limit, "skip": offset})
        return [TopicSummary(*row) for row in rows]

    def __iter__(self) -> Iterator[TopicSummary]:
        return iter(self._read())

    @overload
    def __getitem__(self, index: int) -> TopicSummary: ...
    @overload
    def __getitem__(self, index: slice) -> list[TopicSummary]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step != 1:
                return list(self)[index]
            return self._read(max(stop - start, 0), start)
        position = index + self._count if index < 0 else index
        if not 0 <= position < self._count:
            raise IndexError(index)
        return self._read(1, position)[0]


def all_topics(store: Store, language: str) -> AllTopics:
    """Every topic, in the order of the categories, then their own order (read lazily)."""
    return AllTopics(store, language)


def topic_summaries(store: Store, topic_ids: list[str], language: str) -> list[TopicSummary]:
    """Summaries for ``topic_ids`` in the given order (unknown ids are skipped)."""
    marks = ",".join("?" * len(topic_ids))
    rows = store.db.execute(
        f"SELECT id, category_id, title, summary FROM topics WHERE id IN ({marks})", topic_ids
    )
    found = {r[0]: TopicSummary(r[0], r[1], pick(r[2], language), pick(r[3], language),
                                language_of(r[2], language))
             for r in rows}
    return [found[i] for i in topic_ids if i in found]


def topic(store: Store, topic_id: str, language: str) -> Topic | None:
    row = store.db.execute(
        "SELECT id, category_id, title, summary, checked FROM topics WHERE id = ?", [topic_id]
    ).fetchone()
    if row is None:
        return None
    steps = [
        Step(n, pick(text, language), image, pick(alt, language), language_of(text, language),
             language_of(alt, language))
        for n, text, image, alt in store.db.execute(
            "SELECT position, text, image, alt FROM steps WHERE topic_id = ? ORDER BY position",
            [topic_id],
        )
    ]
    return Topic(row[0], row[1], pick(row[2], language), pick(row[3], language), steps, row[4])


def glossary_index(store: Store) -> dict[str, str]:
    """Every hard word of the release (ids and terms, folded) → its entry's id: what the
    marked words of a step text are looked up in (:func:`kiosk.glossary.pieces`)."""
    return glossary.index({"id": gid, "term": json.loads(term)} for gid, term in
                          store.db.execute("SELECT id, term FROM glossary"))


def glossary_entry(store: Store, entry_id: str, language: str) -> GlossaryEntry | None:
    row = store.db.execute("SELECT id, term, explanation, image FROM glossary WHERE id = ?",
                           [entry_id]).fetchone()
    if row is None:
        return None
    gid, term, explanation, image = row
    return GlossaryEntry(gid, pick(term, language), pick(explanation, language), image,
                         language_of(explanation, language))
