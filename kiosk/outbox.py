"""What still has to reach the server: one row per operation, sent in order by the sync client.

Each operation carries a UUID made on the kiosk (``op_id``), the server's idempotency key: sending
it twice has the effect of sending it once. An entry is marked done only after its result is
stored, in the same transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from kiosk import timeutil
from kiosk.store import Store

BOOKING_CREATE = "booking.create"
BOOKING_CANCEL = "booking.cancel"
BOOKING_STATUS = "booking.status"
CALLBACK_CREATE = "callback.create"
CALLBACK_DONE = "callback.done"
WALKIN_CREATE = "walkin.create"
CONFLICT_DONE = "conflict.done"
REMINDER_DONE = "reminder.done"
USAGE_DAY = "usage.day"  # a finished day's programme counts (kiosk/usage.py, sync/usage.py)


@dataclass(frozen=True)
class Op:
    seq: int
    op_id: str
    type: str
    payload: dict[str, Any]
    attempts: int


def enqueue(store: Store, op_type: str, payload: dict[str, Any],
            op_id: str | None = None) -> str:
    """Add an operation; call inside the transaction that makes the local change. ``op_id``:
    one made from what the op is about (a day's counts), else a new UUID."""
    op_id = op_id or str(uuid.uuid4())
    store.db["outbox"].insert(
        {
            "op_id": op_id,
            "type": op_type,
            "payload": json.dumps(payload, ensure_ascii=False),
            "created_at": timeutil.to_iso(timeutil.now()),
            "attempts": 0,
        }
    )
    return op_id


def pending(store: Store, limit: int = 50) -> list[Op]:
    rows = store.db.execute(
        "SELECT seq, op_id, type, payload, attempts FROM outbox"
        " WHERE done_at IS NULL ORDER BY seq LIMIT ?",
        [limit],
    )
    return [Op(seq, op_id, t, json.loads(p), a) for seq, op_id, t, p, a in rows]


def pending_count(store: Store) -> int:
    return store.db.execute("SELECT COUNT(*) FROM outbox WHERE done_at IS NULL").fetchone()[0]


def mark_done(store: Store, op_id: str, result: dict[str, Any]) -> None:
    """Record the server's answer; call inside the transaction that applies it.

    The delivered payload keeps no personal data: the server has it now.
    """
    store.db.execute(
        "UPDATE outbox SET done_at = ?, result = ?, last_error = NULL,"
        " payload = json_remove(payload, '$.first_name', '$.phone') WHERE op_id = ?",
        [timeutil.to_iso(timeutil.now()), json.dumps(result, ensure_ascii=False), op_id],
    )


def mark_failed(store: Store, op_ids: list[str], error: str) -> None:
    """A send failed (network, 5xx): the ops stay pending, with the error for the heartbeat."""
    store.db.conn.executemany(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE op_id = ?",
        [(error, op_id) for op_id in op_ids],
    )
