"""The wire format of the kiosk API v1 (docs/protocol.md), as the kiosk reads and writes it.

Plain constants and pure functions: no HTTP, no database. The server keeps its own copy of the
rules (it does not import the kiosk); these names follow its answers.
"""

from __future__ import annotations

import email.utils
import time
from typing import Any

API = "/api/v1"
CHANGES = API + "/changes"
MANIFEST = API + "/content/manifest"
ASSET = API + "/content/assets/{sha256}"
OPS = API + "/ops"
HEARTBEAT = API + "/heartbeat"

PAGE_LIMIT = 500            # changed items per feed page (server: 1–1000)
MAX_OPS_PER_BATCH = 100     # server refuses bigger batches with 400

# Per-op result status (POST /ops).
OP_CONFIRMED = "confirmed"
OP_CONFLICT = "conflict"
OP_REJECTED = "rejected"

# Booking states in the feed and in op results, and what the kiosk stores for them.
# conflict_done (a helper handled the conflict) stays "conflict" locally, with handled_at set.
SERVER_BOOKING_STATES = {
    "confirmed": "confirmed",
    "cancelled": "cancelled",
    "attended": "attended",
    "no_show": "no_show",
    "conflict": "conflict",
    "conflict_done": "conflict",
}
ATTENDANCE = ("attended", "no_show")

FEED_LISTS = ("helpers", "slots", "bookings", "callbacks")


class WireError(ValueError):
    """An answer from the server does not have the documented shape."""


def check_changes_page(body: Any) -> dict[str, Any]:
    """Raise :class:`WireError` unless ``body`` is a changes-feed page; returns it."""
    if not isinstance(body, dict):
        raise WireError("changes: answer is not an object")
    if not isinstance(body.get("cursor"), str) or not body["cursor"]:
        raise WireError("changes: cursor missing")
    for key in ("more", "reset"):
        if not isinstance(body.get(key), bool):
            raise WireError(f"changes: {key} is not true/false")
    if not isinstance(body.get("quartier"), dict) or not isinstance(
        body["quartier"].get("id"), str
    ):
        raise WireError("changes: quartier missing")
    for key in FEED_LISTS:
        items = body.get(key, [])
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("id"), str) for i in items
        ):
            raise WireError(f"changes: {key} is not a list of objects with an id")
    return body


def op_to_wire(op_id: str, op_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"op_id": op_id, "type": op_type, "payload": payload}


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))
