"""The sync thread outlives a locked database: a real SQLite file whose write lock another
program holds for longer than the store's busy timeout (10 s per statement: a round's error is
written after 20 s, and its crash report gives up 20 s later), a real service thread, and a
server address where nothing listens (each round is offline and writes its error). Before, the
crash report's own write raised and the thread ended: no sync until the app was restarted."""

from __future__ import annotations

import sqlite3
import time

from kiosk.settings import Settings, Sync
from kiosk.store import Store
from sync.credentials import enrol
from sync.service import SyncService


def test_sync_thread_survives_a_locked_database(tmp_path):
    settings = Settings(data_dir=tmp_path, sync=Sync(server_url="", interval_s=60, timeout_s=1))
    credentials = enrol(tmp_path, "http://127.0.0.1:9", "token-for-a-port-where-nothing-listens")
    Store.open(settings.database_path).close()
    holder = sqlite3.connect(settings.database_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    statuses: list = []
    service = SyncService(settings, credentials, on_status=statuses.append, rng=lambda: 0.0,
                          backoff_base_s=0.05, backoff_max_s=0.1)
    service.start()
    try:
        # Both writes of the first round (its error, then the crash) wait out the busy timeout
        # and give up; the round ends (not a fixed sleep: the suite waits no longer than that).
        deadline = time.monotonic() + 60
        while service.rounds < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert service.rounds >= 1 and service._thread.is_alive()
        assert [status.last_error for status in statuses] == [None, None]  # neither was written
        holder.execute("ROLLBACK")
        deadline = time.monotonic() + 60
        # The rounds after the lock write their own (offline) error again.
        while not (statuses and "/api/v1/changes" in (statuses[-1].last_error or "")) \
                and time.monotonic() < deadline:
            time.sleep(0.1)
        assert service.rounds >= 2 and service._thread.is_alive()
    finally:
        holder.close()
        service.stop(timeout=15)
    assert statuses[-1].online is False and statuses[-1].failures >= 2
    assert "/api/v1/changes" in statuses[-1].last_error
