"""Push: the outbox to the server, in order, in batches (PowerSync's upload-queue rules).

- Each op's ``op_id`` is its idempotency key: resending after a lost answer books once.
- For each answered op, its result is stored and the op marked done in ONE transaction; a kiosk
  killed in between sends the op again and gets the server's stored first result.
- Network errors, timeouts, 5xx: the batch stays pending (``mark_failed``), retried next round.
- A 4xx for one op is that op's result (``rejected`` with the reason); it never blocks the queue.
  A 4xx for a whole batch is narrowed down by sending the ops one by one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from kiosk import outbox, timeutil
from kiosk.states import ACTIVE_BOOKINGS, BookingState, OpResult
from kiosk.store import Store
from sync import wire
from sync.client import Client, Offline, Refused, Unauthorized

log = logging.getLogger("sync.push")

BATCH = 50
MAX_BATCHES = 100  # per round; the rest follows next round
MAX_REASON = 300   # characters of the server's reason kept and shown


@dataclass
class PushResult:
    sent: int = 0
    confirmed: int = 0
    conflict: int = 0
    rejected: int = 0


def _reason(result: dict[str, Any]) -> str:
    """The server's sentence, as helper mode shows it: text, and not a page long."""
    reason = result.get("reason")
    return reason[:MAX_REASON] if isinstance(reason, str) else ""


def apply_result(store: Store, op: outbox.Op, result: dict[str, Any]) -> None:
    """Store what the server said about ``op`` locally; call inside the op's transaction."""
    status = result.get("status")
    if op.type != outbox.BOOKING_CREATE:
        if status != OpResult.CONFIRMED:
            log.warning("op %s (%s) %s: %s", op.op_id, op.type, status, _reason(result))
        return
    booking_id = op.payload.get("booking_id")
    row = store.db.execute(
        "SELECT status, slot_id FROM bookings WHERE id = ?", [booking_id]
    ).fetchone()
    if row is None:
        return
    local_status, slot_id = row
    now = timeutil.to_iso(timeutil.now())
    if status == OpResult.CONFIRMED:
        booking = result.get("booking")
        server_status = booking.get("status") if isinstance(booking, dict) else None
        new = wire.SERVER_BOOKING_STATES.get(str(server_status), BookingState.CONFIRMED)
        if local_status == BookingState.PENDING:
            store.db.execute("UPDATE bookings SET status = ?, reason = NULL, updated_at = ?"
                             " WHERE id = ?", [new, now, booking_id])
            if new == BookingState.CONFIRMED:
                # Until the next pull brings the slot's count, the seat stays taken here.
                store.db.execute("UPDATE slots SET booked = COALESCE(booked, 0) + 1"
                                 " WHERE id = ?", [slot_id])
    elif status in (OpResult.CONFLICT, OpResult.REJECTED):
        if local_status in ACTIVE_BOOKINGS:
            store.db.execute(
                "UPDATE bookings SET status = ?, reason = ?, updated_at = ? WHERE id = ?",
                [status, _reason(result), now, booking_id])
        log.warning("booking %s: %s (%s)", booking_id, status, _reason(result))


def _store_results(store: Store, ops: list[outbox.Op], results: list[dict[str, Any]],
                   outcome: PushResult) -> list[outbox.Op]:
    """Apply each answered op in its own transaction; returns the ops left unanswered."""
    by_id = {r.get("op_id"): r for r in results if isinstance(r.get("op_id"), str)}
    unanswered = []
    for op in ops:
        result = by_id.get(op.op_id)
        if result is None or result.get("status") not in tuple(OpResult):
            unanswered.append(op)
            continue
        with store.write():
            apply_result(store, op, result)
            outbox.mark_done(store, op.op_id, {**result, "reason": _reason(result) or None})
        outcome.sent += 1
        setattr(outcome, result["status"], getattr(outcome, result["status"]) + 1)
    return unanswered


def _send(store: Store, client: Client, ops: list[outbox.Op], outcome: PushResult) -> None:
    wire_ops = [wire.op_to_wire(op.op_id, op.type, op.payload) for op in ops]
    try:
        results = client.post_ops(wire_ops)
    except Offline as e:
        with store.write():
            outbox.mark_failed(store, [op.op_id for op in ops], str(e))
        raise
    except Unauthorized:
        raise
    except Refused as e:
        if len(ops) > 1:
            log.warning("batch of %d refused (%s): sending one by one", len(ops), e)
            for op in ops:
                _send(store, client, [op], outcome)
            return
        # One op the server will never take as it is: that is its result.
        result = {"op_id": ops[0].op_id, "status": OpResult.REJECTED, "reason": e.detail,
                  "booking": None, "code": e.status}
        results = [result]
    unanswered = _store_results(store, ops, results, outcome)
    if unanswered:
        with store.write():
            outbox.mark_failed(store, [op.op_id for op in unanswered], "no result for this op")
        raise Offline(f"POST /ops: {len(unanswered)} op(s) without a result")


def push(store: Store, client: Client, batch: int = BATCH) -> PushResult:
    """Send pending ops oldest first until none are left. Raises Offline / Unauthorized."""
    outcome = PushResult()
    batch = max(1, min(batch, wire.MAX_OPS_PER_BATCH))
    for _ in range(MAX_BATCHES):
        ops = outbox.pending(store, limit=batch)
        if not ops:
            break
        _send(store, client, ops, outcome)
    return outcome
