"""The wire format of the kiosk API v1 (docs/protocol.md), as the kiosk reads and writes it.

Plain constants and pure functions: no HTTP, no database. The server keeps its own copy of the
rules (it does not import the kiosk); these names follow its answers. :func:`check_changes_page`
is the gate in front of the store: a feed row that could break a screen never gets in.
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from kiosk.states import BookingState, CallbackState
from kiosk.timeutil import stored_time

API = "/api/v1"
CHANGES = API + "/changes"
MANIFEST = API + "/content/manifest"
ASSET = API + "/content/assets/{sha256}"
OPS = API + "/ops"
HEARTBEAT = API + "/heartbeat"

PAGE_LIMIT = 500            # changed items per feed page (server: 1–1000)
MAX_OPS_PER_BATCH = 100     # server refuses bigger batches with 400

# Booking states in the feed and in op results, and what the kiosk stores for them (the states
# and the per-op result status of POST /ops: kiosk/states.py). conflict_done (a helper handled
# the conflict) stays CONFLICT locally, with handled_at set.
SERVER_BOOKING_STATES = {
    **{state: state for state in (BookingState.CONFIRMED, BookingState.CANCELLED,
                                  BookingState.ATTENDED, BookingState.NO_SHOW,
                                  BookingState.CONFLICT)},
    BookingState.CONFLICT_DONE: BookingState.CONFLICT,
}

FEED_LISTS = ("helpers", "slots", "bookings", "callbacks")

# What a feed row may hold: what the server can store (a manager's typo must not stop a whole
# quartier's feed) and nothing that breaks the kiosk (an integer SQLite cannot hold, a time
# without a zone). A cursor goes into every later request's URL (5,000 characters: 414 from
# then on); the server hands out "<8 hex>.<id>.<seq>" and refuses anything else with 400, so the
# kiosk takes what the server would take back (server/dqserver/feed.py).
MAX_CURSOR = 64
CURSOR = re.compile(r"[A-Za-z0-9.\-]+")
MAX_ID = 100
MAX_NAME = 100
MAX_PHONE = 40               # the server's Booking.phone
MAX_CODE = 16                # the server's Booking.code
MAX_TEXT = 50_000
MAX_PIN_HASH = 512
MAX_COUNT = 2**31 - 1       # capacity and booked: the server's PositiveIntegerField


class WireError(ValueError):
    """An answer from the server does not have the documented shape.

    The message names the list, the row's id and the field, never a value: it is logged and
    shown to managers in the kiosk's health."""


Check = Callable[[Any], bool]


def _text(limit: int, *, empty: bool = False, null: bool = False) -> Check:
    return lambda v: (null and v is None) or (
        isinstance(v, str) and (empty or v != "") and len(v) <= limit)


def _int(low: int, high: int) -> Check:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _one_of(values: Iterable[str]) -> Check:
    allowed = frozenset(values)
    return lambda v: isinstance(v, str) and v in allowed


def _pin_hash(v: Any) -> bool:
    """Empty (inactive helper) or an argon2 PHC string, as argon2-cffi makes them."""
    return isinstance(v, str) and len(v) <= MAX_PIN_HASH and (v == "" or v.startswith("$argon2"))


def _time(v: Any) -> bool:
    return stored_time(v) is not None


def _time_or_none(v: Any) -> bool:
    return v is None or _time(v)


_ID = _text(MAX_ID)
ROWS: dict[str, dict[str, Check]] = {
    "quartier": {"id": _ID, **{key: _text(MAX_TEXT, empty=True, null=True) for key in (
        "name", "centre", "address", "contact_name", "contact_phone", "contact_text")}},
    "helpers": {"id": _ID, "first_name": _text(MAX_NAME), "pin_hash": _pin_hash,
                "active": _bool},
    "slots": {"id": _ID, "helper_id": _text(MAX_ID, null=True), "start": _time, "end": _time,
              "capacity": _int(0, MAX_COUNT), "booked": _int(0, MAX_COUNT),
              "room": _text(MAX_TEXT, empty=True, null=True), "cancelled": _bool},
    # code, names, phone and times: servers before feed version 2 sent none of them
    "bookings": {"id": _ID, "slot_id": _text(MAX_ID, null=True),
                 "status": _one_of(SERVER_BOOKING_STATES), "code": _text(MAX_CODE, null=True),
                 "first_name": _text(MAX_NAME, empty=True, null=True),
                 "phone": _text(MAX_PHONE, empty=True, null=True),
                 "topic_id": _text(MAX_ID, null=True),
                 "created_at": _time_or_none, "reminded_at": _time_or_none},
    "callbacks": {"id": _ID, "status": _one_of(tuple(CallbackState))},
}


def _check_row(kind: str, index: int, row: Any) -> None:
    if not isinstance(row, dict):
        raise WireError(f"changes: {kind}[{index}] is not an object")
    where = f"{kind} id {row['id']}" if _ID(row.get("id")) else f"{kind}[{index}]"
    for key, ok in ROWS[kind].items():
        if not ok(row.get(key)):
            raise WireError(f"changes: {where}: {key} is missing or not valid")


def _slot(row: dict[str, Any]) -> dict[str, Any]:
    """The slot with its times as the kiosk stores them (UTC, "Z")."""
    return {**row, "start": stored_time(row["start"]), "end": stored_time(row["end"])}


def valid_cursor(cursor: str) -> bool:
    return len(cursor) <= MAX_CURSOR and CURSOR.fullmatch(cursor) is not None


def check_changes_page(body: Any) -> dict[str, Any]:
    """The page if every row of it can be stored and shown; else :class:`WireError`.

    Checks each field the kiosk stores (types, lengths, times with a zone, known states) and
    returns a copy with slot times in the kiosk's form. A page is taken whole or not at all."""
    if not isinstance(body, dict):
        raise WireError("changes: answer is not an object")
    cursor = body.get("cursor")
    if not isinstance(cursor, str) or not cursor:
        raise WireError("changes: cursor missing")
    if not valid_cursor(cursor):
        raise WireError(f"changes: cursor longer than {MAX_CURSOR} characters or with other "
                        "characters than letters, digits, '.' and '-'")
    for key in ("more", "reset"):
        if not isinstance(body.get(key), bool):
            raise WireError(f"changes: {key} is not true/false")
    _check_row("quartier", 0, body.get("quartier"))
    page = dict(body)
    for kind in FEED_LISTS:
        rows = body.get(kind, [])
        if not isinstance(rows, list):
            raise WireError(f"changes: {kind} is not a list")
        for index, row in enumerate(rows):
            _check_row(kind, index, row)
        page[kind] = [_slot(r) for r in rows] if kind == "slots" else rows
    return page


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
