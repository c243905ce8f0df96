"""The daily purge everywhere a name or phone number lies on the kiosk: the store, its WAL and
every backup copy.

:func:`kiosk.booking.purge_personal_data` decides what is past its retention period; this module
applies it to each file and leaves no old copy of a page behind: SQLite overwrites freed space
with zeros (``secure_delete``, set by :meth:`Store.open`), the WAL is truncated after the purge
(its old frames still hold the pages as they were), and each backup is purged the same way
rather than kept until it is old enough to delete — a backup of yesterday holds bookings whose
retention ends today. Run by the app (at start and once a day, on its own thread),
``python -m digiquartier purge`` (the systemd timer) and before each backup.

Usage::

    report = purge_everywhere(settings.database_path, backup_folder(settings.data_dir),
                              timeutil.now(), settings.booking.retention_days)
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kiosk import timeutil
from kiosk.booking import purge_personal_data
from kiosk.settings import Settings
from kiosk.store import Store

log = logging.getLogger("kiosk.retention")

PURGE_EVERY_S = 24 * 3600
BACKUP_GLOB = "kiosk-*.db"   # the names deploy/bin/digiquartier-backup gives its copies


@dataclass
class PurgeReport:
    wiped: int = 0                                   # records wiped in the store
    backups: int = 0                                 # backup files purged
    wiped_in_backups: int = 0
    failed: list[str] = field(default_factory=list)  # "<file>: <why>", no personal data

    def summary(self) -> str:
        text = (f"personal data wiped from {self.wiped} records in the store and "
                f"{self.wiped_in_backups} in {self.backups} backup files")
        return text + (f"; {len(self.failed)} backup files not purged" if self.failed else "")


def backup_folder(data_dir: Path) -> Path:
    """Where the nightly backups are: ``$DQ_BACKUP_DIR`` or ``<data_dir>/backup``, as in
    deploy/bin/digiquartier-backup."""
    return Path(os.environ.get("DQ_BACKUP_DIR") or data_dir / "backup")


def purge_file(path: Path, now: datetime, retention_days: int, *, backup: bool = False) -> int:
    """Purge one database file and empty its WAL; returns the records wiped.

    A backup is switched back to a single file (no WAL left beside it) and keeps its time stamp:
    the backup script deletes copies by age. Raises :class:`sqlite3.Error` when the file is
    locked or damaged.
    """
    stamp = path.stat()
    store = Store.open(path)
    try:
        wiped = purge_personal_data(store, now, retention_days)
        busy = store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if busy:  # a reader held an old snapshot: its frames go at the next purge
            log.warning("%s: the WAL could not be emptied now", path.name)
        if backup:
            store.db.execute("PRAGMA journal_mode=DELETE")
    finally:
        store.close()
    if backup:
        os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    return wiped


def purge_everywhere(database: Path, backups: Path, now: datetime,
                     retention_days: int) -> PurgeReport:
    """The store, then each backup in ``backups``. A backup that cannot be purged is reported
    and the others still are; an error on the store itself is raised (sqlite3.Error)."""
    report = PurgeReport()
    if database.exists():
        report.wiped = purge_file(database, now, retention_days)
    for path in sorted(backups.glob(BACKUP_GLOB)) if backups.is_dir() else []:
        try:
            report.wiped_in_backups += purge_file(path, now, retention_days, backup=True)
            report.backups += 1
        except sqlite3.Error as e:
            report.failed.append(f"{path.name}: {e}")
    for problem in report.failed:
        log.error("backup not purged: %s", problem)
    return report


def purge_in_background(database: Path, settings: Settings) -> threading.Thread:
    """Run :func:`purge_everywhere` on ``database`` and the backups, on its own thread and
    connection (the app calls this at start and once a day): the UI never waits for it, and a
    failure is logged, never raised."""

    def run() -> None:
        try:
            report = purge_everywhere(database, backup_folder(settings.data_dir),
                                      timeutil.now(), settings.booking.retention_days)
            log.info("daily purge: %s", report.summary())
        except Exception:
            log.exception("daily purge failed; it runs again tomorrow and at the next start")

    thread = threading.Thread(target=run, name="purge", daemon=True)
    thread.start()
    return thread
