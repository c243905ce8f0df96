"""One sync round, and the background thread that runs rounds on a schedule.

A round: push the outbox (bookings reach the server first), pull the changes feed, fetch a new
content release, and now and then a heartbeat. :func:`sync_once` runs one round (``python -m
digiquartier sync``, the systemd timer); :class:`SyncService` runs rounds in a daemon thread, every
``settings.sync.interval_s`` and right after :meth:`SyncService.kick`, with exponential backoff
and jitter after failures and the server's ``Retry-After`` honoured. The thread opens its own
store; the UI never waits for the network: it gets a :class:`SyncStatus` through ``on_status``
(called on the sync thread; the app hands it to its own thread).

Usage::

    service = SyncService(settings, credentials, on_status=lambda s: ...)
    service.start()
    service.kick()          # after a booking
    service.stop()
"""

from __future__ import annotations

import contextlib
import logging
import random
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk import __version__, outbox, printer, timeutil
from kiosk.content import current_release
from kiosk.settings import Settings
from kiosk.store import Store
from sync import credentials as kiosk_credentials
from sync import wire
from sync.client import Client, Offline, Refused, Unauthorized
from sync.credentials import Credentials
from sync.pull import pull
from sync.push import push
from sync.releases import ContentRefused, sync_content
from sync.status import SyncStatus, status_line
from sync.usage import send_due

log = logging.getLogger("sync")

LAST_OK = "sync_last_ok_at"
LAST_ERROR = "sync_last_error"
LAST_HEARTBEAT = "sync_last_heartbeat_at"
HEARTBEAT_EVERY_S = 300
BACKOFF_BASE_S = 5.0
BACKOFF_MAX_S = 300.0


@dataclass
class RoundReport:
    pushed: int = 0
    pulled_pages: int = 0
    not_modified: bool = False
    content_release: int = 0
    content_changed: bool = False
    error: str | None = None          # the round's problem that still let it talk to the server
    heartbeat: bool = False

    def note(self, problem: str) -> None:
        self.error = f"{self.error}; {problem}" if self.error else problem


def free_disk_bytes(settings: Settings) -> int | None:
    try:
        return shutil.disk_usage(settings.data_dir).free
    except OSError:
        return None


def sync_round(store: Store, client: Client, settings: Settings, *,
               heartbeat: bool | None = None) -> RoundReport:
    """Push, pull, content, heartbeat. Raises Offline / Unauthorized when the server is not
    reachable or the token is refused; stores the outcome in ``meta`` either way.

    A push that fails without the server asking to wait (a 500, an answer cut off) leaves the
    outbox for the next round but does not cut the kiosk off: the feed, the content and the
    heartbeat (with the error) still come, then the push's error is raised for the backoff."""
    report = RoundReport()
    push_failed: Offline | None = None
    send_due(store, timeutil.now())  # the finished days' programme counts (sync/usage.py)
    try:
        try:
            report.pushed = push(store, client).sent
        except Offline as e:
            if e.retry_after:  # the server asked to wait: ask it nothing more now
                raise
            push_failed = e
            report.note(f"Buchungen nicht übertragen: {e}")
        try:
            pulled = pull(store, client)
            report.pulled_pages, report.not_modified = pulled.pages, pulled.not_modified
        except wire.WireError as e:  # the old slots and helpers stay; content still comes
            log.warning("changes feed refused, the old data stays: %s", e)
            report.note(f"Änderungen abgelehnt: {e}")
        try:
            content = sync_content(store, client, settings.assets_dir)
            report.content_release, report.content_changed = content.release, content.changed
        except ContentRefused as e:
            report.note(f"Inhalte abgelehnt: {e}")
            report.content_release = current_release(store)
    except (Offline, Refused) as e:
        store.set_meta(LAST_ERROR, str(e))
        raise
    now = timeutil.now()
    last_beat = store.get_meta(LAST_HEARTBEAT)
    due = heartbeat if heartbeat is not None else (
        last_beat is None or report.error != store.get_meta(LAST_ERROR)
        or (now - timeutil.from_iso(last_beat)).total_seconds() >= HEARTBEAT_EVERY_S)
    if due:
        client.heartbeat({
            "app_version": __version__, "content_release": report.content_release,
            "last_error": report.error or store.get_meta(LAST_ERROR),
            "free_disk_bytes": free_disk_bytes(settings),
            "printer_state": printer.heartbeat_state(store, settings)})
        store.set_meta(LAST_HEARTBEAT, timeutil.to_iso(now))
        report.heartbeat = True
    if push_failed is not None:
        store.set_meta(LAST_ERROR, report.error)
        raise push_failed
    with store.write():
        store.set_meta(LAST_OK, timeutil.to_iso(now))
        if report.error:
            store.set_meta(LAST_ERROR, report.error)
        else:
            store.db.execute("DELETE FROM meta WHERE key = ?", [LAST_ERROR])
    return report


def read_status(store: Store, *, enrolled: bool, online: bool, failures: int = 0) -> SyncStatus:
    last_ok = store.get_meta(LAST_OK)
    return SyncStatus(
        enrolled=enrolled, online=online,
        last_success=timeutil.from_iso(last_ok) if last_ok else None,
        last_error=store.get_meta(LAST_ERROR), pending_ops=outbox.pending_count(store),
        content_release=current_release(store), failures=failures)


def sync_once(settings: Settings, credentials: Credentials | None = None) -> RoundReport:
    """One round in this thread with its own store (CLI, systemd timer, tests)."""
    credentials = credentials or kiosk_credentials.load(settings.data_dir)
    if credentials is None:
        raise Refused(0, "not enrolled: run `python -m digiquartier enrol URL TOKEN` first")
    store = Store.open(settings.database_path)
    client = Client(credentials, settings.sync.timeout_s)
    try:
        return sync_round(store, client, settings)
    finally:
        client.close()
        store.close()


def backoff_delay(failures: int, rng: Callable[[], float] = random.random,
                  base: float = BACKOFF_BASE_S, cap: float = BACKOFF_MAX_S) -> float:
    """Exponential backoff with jitter: a random delay in [d/2, d], d = base · 2^(failures-1)."""
    ceiling = min(cap, base * 2 ** max(0, failures - 1))
    return ceiling / 2 + rng() * ceiling / 2


class SyncService:
    """Runs sync rounds in a daemon thread; see the module docstring."""

    def __init__(self, settings: Settings, credentials: Credentials,
                 on_status: Callable[[SyncStatus], None] | None = None, *,
                 rng: Callable[[], float] = random.random,
                 backoff_base_s: float = BACKOFF_BASE_S, backoff_max_s: float = BACKOFF_MAX_S):
        self.settings = settings
        self.credentials = credentials
        self.on_status = on_status
        self.rng = rng
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._status = SyncStatus(enrolled=True)
        self.rounds = 0
        self.next_delay_s = 0.0

    def start(self, on_status: Callable[[SyncStatus], None] | None = None) -> None:
        """``on_status``: instead of the one given at construction (the app's, on its Clock)."""
        if on_status is not None:
            self.on_status = on_status
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to end and wait for it (at most the request timeout + a little)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout if timeout is not None else self.settings.sync.timeout_s + 5)
            self._thread = None

    def kick(self) -> None:
        """Sync soon (after a booking): now, unless the server asked to wait (Retry-After)."""
        self._wake.set()

    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def status_line(self, now: datetime, *, short: bool = False) -> str:
        """The Startseite's line about the connection (sync/status.py), in the UI language."""
        return status_line(self.status(), now, short=short)

    def _publish(self, status: SyncStatus) -> None:
        with self._lock:
            self._status = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:
                log.exception("on_status failed")

    def _run(self) -> None:
        store = Store.open(self.settings.database_path)
        client = Client(self.credentials, self.settings.sync.timeout_s)
        failures = 0
        online = False
        next_at = time.monotonic()
        not_before = 0.0
        try:
            self._publish(read_status(store, enrolled=True, online=False))
            while not self._stopping.is_set():
                wait = next_at - time.monotonic()
                if wait > 0 and self._wake.wait(wait):
                    self._wake.clear()
                    if self._stopping.is_set():
                        break
                    next_at = max(time.monotonic(), not_before)
                    continue
                self._wake.clear()
                try:
                    sync_round(store, client, self.settings)
                    failures, online = 0, True
                    delay = self.settings.sync.interval_s
                except (Offline, Refused) as e:
                    failures += 1
                    online = not isinstance(e, (Offline, Unauthorized))
                    delay = backoff_delay(failures, self.rng, self.backoff_base_s,
                                          self.backoff_max_s)
                    if isinstance(e, Unauthorized):
                        delay = self.backoff_max_s
                    retry_after = getattr(e, "retry_after", None)
                    if retry_after:
                        delay = max(delay, min(retry_after, 3600))
                        not_before = time.monotonic() + delay
                    log.warning("sync failed (%d in a row), next try in %.0f s: %s",
                                failures, delay, e)
                except Exception as e:  # a bug, a locked or damaged database: the thread lives
                    failures += 1
                    online = False
                    delay = backoff_delay(failures, self.rng, self.backoff_base_s,
                                          self.backoff_max_s)
                    log.exception("sync round crashed")
                    crash = f"{type(e).__name__}: {e}"[:300]
                    with contextlib.suppress(sqlite3.Error):  # still locked: the status says it
                        store.set_meta(LAST_ERROR, crash)
                self.rounds += 1
                self.next_delay_s = delay
                next_at = time.monotonic() + delay
                try:
                    status = read_status(store, enrolled=True, online=online, failures=failures)
                except sqlite3.Error as e:
                    status = SyncStatus(enrolled=True, failures=failures,
                                        last_error=f"{type(e).__name__}: {e}"[:300])
                self._publish(status)
        finally:
            client.close()
            store.close()
