"""``python -m digiquartier enrol URL TOKEN | sync | health`` (wired in digiquartier.py)."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

from kiosk.content import current_release
from kiosk.health import store_problems
from kiosk.settings import Settings
from kiosk.store import Store
from sync import credentials as kiosk_credentials
from sync.client import Offline, Refused, Unauthorized

log = logging.getLogger("sync")


def enrol(argv: list[str], settings: Settings) -> int:
    if len(argv) != 2:
        print("usage: python -m digiquartier enrol URL TOKEN  (TOKEN '-': read it from stdin)",
              file=sys.stderr)
        return 2
    token = argv[1]
    if token == "-":  # read it from stdin: then it shows in no process list
        token = sys.stdin.readline().strip()
    try:
        creds = kiosk_credentials.enrol(settings.data_dir, argv[0], token)
    except kiosk_credentials.EnrolmentError as e:
        print(f"Enrolment refused: {e}", file=sys.stderr)
        return 2
    log.info("enrolled with %s (credentials in %s)", creds.server_url,
             kiosk_credentials.path(settings.data_dir))
    return 0


def failure(e: Exception, settings: Settings) -> str:
    """What went wrong with a sync, in the rest of one plain sentence (no personal data: the
    messages of these errors name requests, files and SQLite's reason, never a row)."""
    if isinstance(e, Unauthorized):
        return (f"the server refused this kiosk's token ({e}); enrol it again with "
                "`python -m digiquartier enrol URL TOKEN`.")
    if isinstance(e, Offline):
        return (f"the server is unreachable or cannot answer now ({e}); bookings wait in the "
                "outbox and go with the next sync.")
    if isinstance(e, Refused):
        return f"the server refused the request ({e}); bookings wait in the outbox."
    if isinstance(e, sqlite3.Error | OSError):
        return (f"the database {settings.database_path} cannot be used now ({e}); nothing "
                "was lost, try again later.")
    return f"unexpected {type(e).__name__} ({e}); nothing was lost, try again later."


def sync(settings: Settings) -> int:
    from sync.service import sync_once

    try:
        creds = kiosk_credentials.load(settings.data_dir)
    except kiosk_credentials.EnrolmentError as e:
        print(f"Sync: {e}", file=sys.stderr)
        return 2
    if creds is None:
        print("Sync: not enrolled; run `python -m digiquartier enrol URL TOKEN` first",
              file=sys.stderr)
        return 2
    try:
        report = sync_once(settings, creds)
    except Exception as e:  # a timer's journal gets one sentence, never a traceback
        print(f"Sync failed: {failure(e, settings)}", file=sys.stderr)
        return 1
    log.info("sync: %d ops sent, %d feed pages%s, content release %d%s", report.pushed,
             report.pulled_pages, " (304)" if report.not_modified else "",
             report.content_release, f"; {report.error}" if report.error else "")
    return 1 if report.error else 0


def health(settings: Settings, database: Path | None = None) -> int:
    """0 when the store (the live one, or ``database``: a snapshot of it) opens, migrates, is
    undamaged and writable, and has content if the kiosk is enrolled."""
    database = database or settings.database_path
    try:
        store = Store.open(database)
    except Exception as e:
        print(f"unhealthy: the store {settings.database_path} cannot be opened: {e}",
              file=sys.stderr)
        return 1
    try:
        problems = store_problems(store.db)
        try:
            creds = kiosk_credentials.load(settings.data_dir)
        except kiosk_credentials.EnrolmentError as e:
            problems.append(str(e))
            creds = None
        try:
            release = current_release(store)
            topics = store.db.execute("SELECT COUNT(*) FROM topics").fetchone()[0]
        except sqlite3.DatabaseError as e:  # a damaged page the integrity check also named
            problems.append(f"the content cannot be read: {e}")
            release, topics = 0, 0
        if creds is not None and (release < 1 or topics == 0):
            problems.append("enrolled, but no content yet (run `python -m digiquartier sync`)")
        for problem in problems:
            print(f"unhealthy: {problem}", file=sys.stderr)
        if problems:
            return 1
        print(f"healthy: schema {store.schema_version}, content release {release}, "
              f"{topics} topics, {'enrolled' if creds else 'not enrolled'}")
        return 0
    finally:
        store.close()


def main(command: str, argv: list[str], settings: Settings) -> int:
    if command == "enrol":
        return enrol(argv, settings)
    if argv:
        print(f"{command} takes no arguments", file=sys.stderr)
        return 2
    return sync(settings) if command == "sync" else health(settings)
