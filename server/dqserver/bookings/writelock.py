"""One writer at a time on SQLite, in a queue instead of a busy loop.

SQLite lets one transaction write at a time. Django's IMMEDIATE transactions take that lock at
BEGIN, and a waiting connection polls with SQLite's busy handler, sleeping up to 100 ms between
tries; with 20 writers some lose many rounds in a row (p99 over a second). :func:`write_turn`
makes writers queue on a thread lock (inside one server process) and an ``flock`` on a file next
to the database (between processes), both of which wake the next waiter at once. PostgreSQL
needs none of this: its row locks already queue.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator

from django.db import connection

_thread_lock = threading.Lock()
_files: dict[tuple[int, str], int] = {}


def _lock_file(name: str) -> int | None:
    if not name or name == ":memory:" or "mode=memory" in name or name.startswith("file:"):
        return None
    key = (os.getpid(), name)
    if key not in _files:
        _files[key] = os.open(name + ".writers", os.O_RDWR | os.O_CREAT, 0o600)
    return _files[key]


@contextlib.contextmanager
def write_turn() -> Iterator[None]:
    """Wait for this connection's turn to write (SQLite only); hold it for the block."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _thread_lock:
        fd = _lock_file(str(connection.settings_dict["NAME"]))
        if fd is None:
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
