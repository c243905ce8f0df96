"""What ``python -m digiquartier health`` checks in a store, and the snapshot a new release is
checked on.

A release is installed beside the running kiosk (deploy/release.sh). Its check must not write to
the live database while the old version runs, so it works on a snapshot: SQLite's backup API
reads the live file (WAL included) and writes a consistent copy, on which the new version's
migrations and screens are tried.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from kiosk.store import SCHEMA_VERSION


def snapshot(database: Path, folder: Path) -> Path:
    """Copy ``database`` into ``folder`` without writing to it; no file yet: an empty copy."""
    copy = folder / database.name
    target = sqlite3.connect(copy)
    try:
        if database.exists():
            source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
            try:
                source.backup(target)
            finally:
                source.close()
    finally:
        target.close()
    return copy


def store_problems(db: sqlite_utils.Database) -> list[str]:
    """Why this store cannot serve the kiosk (empty: it can): damaged, unwritable, old schema."""
    problems = []
    try:
        found = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as e:  # too damaged to even check
        found = [str(e)]
    if found != ["ok"]:
        problems.append(f"the database is damaged: {'; '.join(found[:3])}")
    try:  # takes the write lock and gives it back: the file and its folder are writable
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
    except sqlite3.Error as e:
        problems.append(f"the database cannot be written: {e}")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        problems.append(f"schema {version}, expected {SCHEMA_VERSION}")
    return problems
