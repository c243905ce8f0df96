"""The kiosk's day counts (kiosk/usage.py) to the outbox, once a day is over; forgotten once the
server has answered.

The counting rules are in kiosk/usage.py, which the server imports too and which therefore does
not touch the store's outbox; this module is the sending side, run at the start of each sync
round (sync/service.py). A day is one ``usage.day`` op whose ``op_id`` comes from the kiosk's own
random id and the day: sent twice, or queued again, it counts once on the server.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from kiosk import outbox
from kiosk.store import Store
from kiosk.usage import SEND_AFTER, day_key

log = logging.getLogger("sync.usage")

KIOSK_ID = "usage_kiosk_id"  # meta: the random id op ids are made from (not the token)


def kiosk_id(store: Store) -> uuid.UUID:
    """This kiosk's random id for its day ops, made once (call inside a write)."""
    value = store.get_meta(KIOSK_ID)
    if value is None:
        value = str(uuid.uuid4())
        store.set_meta(KIOSK_ID, value)
    return uuid.UUID(value)


def day_op_id(store: Store, day: str) -> str:
    """The same for the same kiosk and day, however often it is queued."""
    return str(uuid.uuid5(kiosk_id(store), f"{outbox.USAGE_DAY}:{day}"))


def day_payload(store: Store, day: str) -> dict[str, Any]:
    """``{"day": "2026-12-01", "counts": {kind: {key: n}}}``."""
    counts: dict[str, dict[str, int]] = {}
    for kind, key, n in store.db.execute(
            "SELECT kind, key, n FROM usage_counts WHERE day = ? ORDER BY kind, key", [day]):
        counts.setdefault(kind, {})[key] = n
    return {"day": day, "counts": counts}


def send_due(store: Store, now: datetime) -> int:
    """Forget the days the server has answered; queue each finished day not queued yet.
    Returns how many days were queued.

    Counts that come in for a day already queued (the clock set back) go with that day's
    answer: the server counts a kiosk's day once."""
    first_open_day = day_key(now - SEND_AFTER)
    with store.write():
        answered = "SELECT json_extract(payload, '$.day') FROM outbox WHERE type = ?"
        store.db.execute(f"DELETE FROM usage_counts WHERE day IN ({answered}"
                         " AND done_at IS NOT NULL)", [outbox.USAGE_DAY])
        store.db.execute("DELETE FROM outbox WHERE type = ? AND done_at IS NOT NULL",
                         [outbox.USAGE_DAY])
        days = [day for (day,) in store.db.execute(
            f"SELECT DISTINCT day FROM usage_counts WHERE day < ? AND day NOT IN ({answered})"
            " ORDER BY day", [first_open_day, outbox.USAGE_DAY])]
        for day in days:
            outbox.enqueue(store, outbox.USAGE_DAY, day_payload(store, day),
                           op_id=day_op_id(store, day))
    if days:
        log.info("usage: %d finished day(s) queued", len(days))
    return len(days)
