"""One write transaction on the kiosk store, taken up front.

``BEGIN IMMEDIATE`` takes the write lock at once (waiting up to the store's busy timeout), so the
sync thread never fails half-way because the UI thread wrote in between its read and its write.
Inner ``db.atomic()`` blocks (sqlite-utils) become savepoints of this transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.store import Store


@contextmanager
def immediate(store: Store) -> Iterator[None]:
    conn = store.db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
