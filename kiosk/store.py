"""The kiosk's local database: one SQLite file, opened safely, upgraded by numbered migrations.

A booking must survive a power cut the moment the senior sees "gebucht", so the file runs in WAL
mode with ``synchronous=FULL``; ``secure_delete`` zeroes what is deleted (kiosk/retention.py).
The schema version is SQLite's ``user_version``; each migration runs in one transaction with its
version bump, so an interrupted upgrade leaves the old schema intact.

The UI, the sync thread and the purge thread each open their own connection to the file. Every
write goes through :meth:`Store.write`, which takes the write lock before it reads: a transaction
that read first and another connection committed meanwhile could not write at all (SQLite
refuses at once, "database is locked", without waiting).

Usage::

    store = Store.open(settings.database_path)
    with store.write():
        ...
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from kiosk.search import INDEXED, fold, rebuild_index
from kiosk.timeutil import stored_time

Migration = Callable[[sqlite_utils.Database], None]


def _v1_first_schema(db: sqlite_utils.Database) -> None:
    """The schema the first kiosks shipped with."""
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["categories"].create(
        {"id": str, "position": int, "icon": str, "title": str}, pk="id"
    )
    db["topics"].create(
        {"id": str, "category_id": str, "position": int, "title": str, "summary": str},
        pk="id",
        foreign_keys=[("category_id", "categories", "id")],
    )
    db["steps"].create(
        {"topic_id": str, "position": int, "text": str, "image": str, "alt": str},
        pk=("topic_id", "position"),
        foreign_keys=[("topic_id", "topics", "id")],
    )
    db["assets"].create(
        {"sha256": str, "size": int, "media_type": str, "licence": str}, pk="sha256"
    )
    db["quartiers"].create(
        {
            "id": str, "name": str, "centre": str, "address": str,
            "contact_name": str, "contact_phone": str, "contact_text": str,
        },
        pk="id",
    )
    db["helpers"].create(
        {"id": str, "quartier_id": str, "first_name": str, "pin_hash": str, "active": int},
        pk="id",
    )
    db["slots"].create(
        {
            "id": str, "quartier_id": str, "helper_id": str, "start": str, "end": str,
            "capacity": int, "booked": int, "room": str, "cancelled": int,
        },
        pk="id",
    )
    db["slots"].create_index(["quartier_id", "start"])
    db["bookings"].create(
        {
            "id": str, "slot_id": str, "topic_id": str, "first_name": str, "phone": str,
            "code": str, "status": str, "created_at": str, "updated_at": str,
        },
        pk="id",
        not_null={"slot_id", "code", "status", "created_at"},
    )
    db["bookings"].create_index(["code"], unique=True)
    db["bookings"].create_index(["slot_id"])
    db["outbox"].create(
        {
            "seq": int, "op_id": str, "type": str, "payload": str, "created_at": str,
            "attempts": int, "last_error": str, "done_at": str, "result": str,
        },
        pk="seq",
        not_null={"op_id", "type", "payload", "created_at"},
        defaults={"attempts": 0},
    )
    db["outbox"].create_index(["op_id"], unique=True)


def _v2_callbacks_walkins_search(db: sqlite_utils.Database) -> None:
    """Call-back wishes, walk-ins, the server's reason for a refused booking, and search."""
    db["bookings"].add_column("reason", str)
    db["bookings"].add_column("handled_at", str)
    db["bookings"].add_column("purged_at", str)
    db["callbacks"].create(
        {
            "id": str, "quartier_id": str, "topic_id": str, "first_name": str, "phone": str,
            "status": str, "created_at": str, "done_at": str, "purged_at": str,
        },
        pk="id",
    )
    db["walkins"].create({"id": str, "topic_id": str, "at": str}, pk="id")
    db["search_docs"].create(
        {"id": int, "topic_id": str, "language": str, "title": str, "summary": str, "body": str},
        pk="id",
    )
    db["search_docs"].enable_fts(
        ["title", "summary", "body"], tokenize="unicode61 remove_diacritics 2"
    )


def _v3_topics_in_order(db: sqlite_utils.Database) -> None:
    """Topics by category in their order: counting and listing them need no scan of all topics
    (10,000 topics: the Hilfe-Themen screen's category counts went from 12 ms to 1 ms)."""
    db["topics"].create_index(["category_id", "position", "id"])


def _v4_slot_times_in_utc(db: sqlite_utils.Database) -> None:
    """Slot times in the one form the feed check now stores (UTC, "Z"). Before that check a time
    without a zone could be stored, and "Termin buchen" failed on it for good. Such a slot is
    read as UTC (the protocol's zone) and cancelled until the server says otherwise: the sync
    cursor is dropped, so the next sync fetches everything again."""
    unsure = 0
    for slot_id, start, end in db.execute("SELECT id, start, end FROM slots").fetchall():
        times = (stored_time(start), stored_time(end))
        if None in times:
            unsure += 1
            times = tuple(stored_time(f"{t}Z") or UNKNOWN_TIME for t in (start, end))
            db.execute("UPDATE slots SET cancelled = 1 WHERE id = ?", [slot_id])
        if times != (start, end):
            db.execute("UPDATE slots SET start = ?, end = ? WHERE id = ?", [*times, slot_id])
    if unsure:
        db.execute("DELETE FROM meta WHERE key IN ('sync_cursor', 'sync_etag')")


UNKNOWN_TIME = "2000-01-01T00:00:00Z"   # a slot time that was no time at all: long past


def _v5_search_keywords_and_vocabulary(db: sqlite_utils.Database) -> None:
    """Managers' keywords per topic (synonyms: "Überweisung" finds online banking), searched
    as a fourth index column; and the vocabulary of indexed words that typos are corrected to
    (kiosk/search.py). Filled from the content already here, so search forgives typos at once,
    not only from the next release."""
    db["topics"].add_column("keywords", str)
    db["search_docs"].add_column("keywords", str)
    db["search_docs"].disable_fts()
    db["search_docs"].enable_fts(list(INDEXED), tokenize="unicode61 remove_diacritics 2")
    db.execute("CREATE TABLE search_words (word TEXT PRIMARY KEY) WITHOUT ROWID")
    rebuild_index(db)


def _v6_booking_shown(db: sqlite_utils.Database) -> None:
    """When a booking's code was on the screen (kiosk/unseen.py): one stored but never shown,
    because the app died in between, is shown at the next start. Bookings from before were
    shown (or are past): they are marked so."""
    db["bookings"].add_column("shown_at", str)
    db.execute("UPDATE bookings SET shown_at = created_at")


def _v7_topic_checked(db: sqlite_utils.Database) -> None:
    """The month a topic was last checked against its sources ("2026-12"), shown as "Stand"
    at the end of its guide. Topics of releases from before have none until the next release."""
    db["topics"].add_column("checked", str)


def _v8_search_folds_dotless_i(db: sqlite_utils.Database) -> None:
    """Search folds the Turkish dotless ı to i now (kiosk/search.py fold): the stored search
    texts are folded again, so a kiosk updated in the field finds Turkish topics typed without ı
    at once, not only from the next release."""
    columns = ", ".join(INDEXED)
    for rowid, *texts in db.execute(f"SELECT rowid, {columns} FROM search_docs").fetchall():
        db.execute(f"UPDATE search_docs SET {', '.join(f'{c} = ?' for c in INDEXED)} "
                   "WHERE rowid = ?", [fold(t) if t else t for t in texts] + [rowid])
    rebuild_index(db)


def _v9_usage_counts(db: sqlite_utils.Database) -> None:
    """The programme's day counts (kiosk/usage.py): a number per local day, kind and key, no
    time of day and nothing of a person; kept until the server has the day."""
    db.execute("CREATE TABLE IF NOT EXISTS usage_counts (day TEXT NOT NULL,"
               " kind TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL,"
               " PRIMARY KEY (day, kind, key)) WITHOUT ROWID")


def _v10_booking_reminded(db: sqlite_utils.Database) -> None:
    """When a helper phoned to remind someone of their booking ("Erinnerungsanruf"), here or on
    the server (kiosk/reminders.py): the list shows who is still to be called."""
    db["bookings"].add_column("reminded_at", str)


def _v11_glossary(db: sqlite_utils.Database) -> None:
    """The glossary of a content release (kiosk/glossary.py): each hard word's id, its terms
    and short explanations ({language: text}, JSON) and its picture, if any. Empty until the
    next release brings one."""
    db.execute("CREATE TABLE IF NOT EXISTS glossary (id TEXT PRIMARY KEY, term TEXT NOT NULL,"
               " explanation TEXT NOT NULL, image TEXT) WITHOUT ROWID")


MIGRATIONS: list[Migration] = [_v1_first_schema, _v2_callbacks_walkins_search,
                               _v3_topics_in_order, _v4_slot_times_in_utc,
                               _v5_search_keywords_and_vocabulary, _v6_booking_shown,
                               _v7_topic_checked, _v8_search_folds_dotless_i,
                               _v9_usage_counts, _v10_booking_reminded, _v11_glossary]
SCHEMA_VERSION = len(MIGRATIONS)


class Store:
    """An open kiosk database. Each thread opens its own ``Store`` on the same file."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None):
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path | str, *, migrate: bool = True) -> Store:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        # Freed space is overwritten with zeros: a purged name leaves no trace in the file
        # (Debian builds SQLite with this on; other builds need it said).
        conn.execute("PRAGMA secure_delete=ON")
        store = cls(sqlite_utils.Database(conn), path)
        if migrate:
            store.migrate()
        return store

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction with its lock taken up front (``BEGIN IMMEDIATE``, waiting up to
        the busy timeout for another connection's write); inside another, a savepoint of it."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, target: int = SCHEMA_VERSION) -> int:
        """Bring the schema up to ``target``; returns the version reached."""
        version = self.schema_version
        while version < target:
            with self.write():
                MIGRATIONS[version](self.db)
                version += 1
                self.db.execute(f"PRAGMA user_version = {version}")
        return version

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db["meta"].upsert({"key": key, "value": value}, pk="key")

    def close(self) -> None:
        self.db.close()
