"""Pull: the changes feed into the local store, page by page.

Each page and its new cursor are committed in one transaction (CouchDB's rule: the checkpoint
is written only with the data it covers), so a sync broken off anywhere resumes from the last
committed page. The ETag of an answer is kept with the ``since`` it answered; the next poll with
the same ``since`` sends it as ``If-None-Match`` and an idle kiosk gets ``304`` with no body.

A first sync (no cursor) and a ``reset`` answer replace what the kiosk mirrors: helpers and slots
the server no longer lists are deactivated / cancelled at the end of the last page (never
deleted: local bookings may point at them). Local bookings and call-backs are never deleted; the
server's state is mapped onto the ones the kiosk knows, and the quartier's bookings made
elsewhere (by phone in the admin, on another kiosk) are copied, so helpers on site see everyone
who is coming.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from kiosk import timeutil
from kiosk.i18n import N_
from kiosk.schedule import upsert_helpers, upsert_quartier, upsert_slots
from kiosk.states import ATTENDANCE, BookingState, CallbackState
from kiosk.store import Store
from sync import wire
from sync.client import Client

log = logging.getLogger("sync.pull")

CURSOR = "sync_cursor"
ETAG = "sync_etag"              # {"since": ..., "etag": ...}
REPLACING = "sync_replacing"    # {"helpers": [...], "slots": [...]} seen since a reset began
QUARTIER = "sync_quartier"
MAX_PAGES = 1000


@dataclass
class PullResult:
    pages: int = 0
    not_modified: bool = False


def _pending_op_for(store: Store, key: str, value: str) -> bool:
    return store.db.execute(
        f"SELECT 1 FROM outbox WHERE done_at IS NULL AND json_extract(payload, '$.{key}') = ?"
        " LIMIT 1",
        [value],
    ).fetchone() is not None


def map_booking(local_status: str, server_status: str) -> str | None:
    """The local status after the server reported ``server_status``; None: keep the local one.

    Attendance a helper set on this kiosk (attended / no_show) is never turned back by the
    server's older view; only the other attendance value (set by a helper elsewhere) replaces it.
    """
    new = wire.SERVER_BOOKING_STATES.get(server_status)
    if new is None or new == local_status:
        return None
    if local_status in ATTENDANCE and new not in ATTENDANCE:
        return None
    return new


# Bookings of this quartier made elsewhere (by phone in the admin, on another kiosk) that the
# kiosk copies: the ones someone may still come for, or came for.
COPIED_STATES = (BookingState.CONFIRMED, BookingState.CANCELLED, *ATTENDANCE)


def _copy_booking(store: Store, item: dict[str, Any], now: str) -> int:
    """Insert a booking the kiosk did not make, if its slot is here; helper mode lists it."""
    if item.get("status") not in COPIED_STATES or not item.get("code"):
        return 0
    if store.db.execute("SELECT 1 FROM slots WHERE id = ?",
                        [item.get("slot_id")]).fetchone() is None:
        return 0
    created = item.get("created_at") or now
    inserted = store.db.execute(
        "INSERT OR IGNORE INTO bookings (id, slot_id, topic_id, first_name, phone, code, status,"
        " created_at, updated_at, shown_at, reminded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [item["id"], item["slot_id"], item.get("topic_id"), item.get("first_name") or "",
         item.get("phone") or "", item["code"], item["status"], created, now, created,
         item.get("reminded_at")],
    ).rowcount
    if not inserted:  # the code is taken by a booking of this kiosk: rare, and nothing is lost
        log.warning("booking %s from the feed not copied: its code is in use here", item["id"])
    return inserted


def apply_bookings(store: Store, bookings: list[dict[str, Any]]) -> int:
    """Map the server's booking states onto the local bookings, copy the quartier's bookings
    made elsewhere; returns rows changed."""
    changed = 0
    now = timeutil.to_iso(timeutil.now())
    for item in bookings:
        row = store.db.execute(
            "SELECT status, handled_at FROM bookings WHERE id = ?", [item["id"]]
        ).fetchone()
        if row is None:
            changed += _copy_booking(store, item, now)
            continue
        if _pending_op_for(store, "booking_id", item["id"]):
            continue  # this kiosk changed it since: its op will tell the server first
        local_status, handled_at = row
        server_status = item.get("status", "")
        new = map_booking(local_status, server_status)
        if new is not None:
            # the German source text: translated where it is shown (like the server's reasons)
            full = N_("Der Termin war schon ausgebucht.")
            reason = full if new == BookingState.CONFLICT else None
            store.db.execute(
                "UPDATE bookings SET status = ?, updated_at = ?,"
                " reason = CASE WHEN ? IS NULL THEN reason ELSE COALESCE(reason, ?) END"
                " WHERE id = ?",
                [new, now, reason, reason, item["id"]],
            )
            changed += 1
        if server_status == BookingState.CONFLICT_DONE and handled_at is None:
            store.db.execute("UPDATE bookings SET handled_at = ? WHERE id = ?", [now, item["id"]])
            changed += 1
        changed += _follow_server_details(store, item)
    return changed


def _follow_server_details(store: Store, item: dict[str, Any]) -> int:
    """A manager's correction of the name or phone, a purge, a reminder call made elsewhere:
    the server's values, where it sent them (feed version 2) and the kiosk has not purged."""
    row = store.db.execute(
        "SELECT first_name, phone, reminded_at FROM bookings WHERE id = ? AND purged_at IS NULL",
        [item["id"]],
    ).fetchone()
    if row is None:
        return 0
    old = dict(zip(("first_name", "phone", "reminded_at"), row, strict=True))
    new = {**old, **{key: item[key] for key in ("first_name", "phone")
                     if item.get(key) is not None}}
    new["reminded_at"] = old["reminded_at"] or item.get("reminded_at")
    if new == old:
        return 0
    store.db.execute("UPDATE bookings SET first_name = ?, phone = ?, reminded_at = ? WHERE id = ?",
                     [new["first_name"], new["phone"], new["reminded_at"], item["id"]])
    return 1


def apply_callbacks(store: Store, callbacks: list[dict[str, Any]]) -> int:
    changed = 0
    now = timeutil.to_iso(timeutil.now())
    for item in callbacks:
        if (item.get("status") != CallbackState.DONE
                or _pending_op_for(store, "callback_id", item["id"])):
            continue
        changed += store.db.execute(
            "UPDATE callbacks SET status = ?, done_at = COALESCE(done_at, ?)"
            " WHERE id = ? AND status != ?",
            [CallbackState.DONE, now, item["id"], CallbackState.DONE],
        ).rowcount
    return changed


def apply_page(store: Store, page: dict[str, Any], since: str, etag: str | None) -> None:
    """Apply one feed page and store its cursor, in one transaction."""
    quartier = page["quartier"]["id"]
    with store.write():
        if page["reset"] or not since:
            replacing: dict[str, list[str]] | None = {"helpers": [], "slots": []}
        else:
            raw = store.get_meta(REPLACING)
            replacing = json.loads(raw) if raw else None
        upsert_quartier(store, page["quartier"])
        upsert_helpers(store, ({**h, "quartier_id": quartier} for h in page["helpers"]))
        upsert_slots(store, ({**s, "quartier_id": quartier} for s in page["slots"]))
        apply_bookings(store, page["bookings"])
        apply_callbacks(store, page["callbacks"])
        if replacing is not None:
            replacing["helpers"] += [h["id"] for h in page["helpers"]]
            replacing["slots"] += [s["id"] for s in page["slots"]]
            if page["more"]:
                store.set_meta(REPLACING, json.dumps(replacing))
            else:
                _sweep(store, replacing)
                store.db.execute("DELETE FROM meta WHERE key = ?", [REPLACING])
        store.set_meta(CURSOR, page["cursor"])
        store.set_meta(QUARTIER, quartier)
        if page["cursor"] == since and etag and not page["more"]:
            store.set_meta(ETAG, json.dumps({"since": since, "etag": etag}))
        else:
            store.db.execute("DELETE FROM meta WHERE key = ?", [ETAG])


def _sweep(store: Store, seen: dict[str, list[str]]) -> None:
    """After a full fetch: what the server no longer lists is switched off, not deleted."""
    for table, ids, column, value in (
        ("helpers", seen["helpers"], "active", 0),
        ("slots", seen["slots"], "cancelled", 1),
    ):
        store.db.execute(f"CREATE TEMP TABLE IF NOT EXISTS _seen_{table} (id TEXT PRIMARY KEY)")
        store.db.execute(f"DELETE FROM _seen_{table}")
        store.db.conn.executemany(f"INSERT OR IGNORE INTO _seen_{table} VALUES (?)",
                                  [(i,) for i in ids])
        gone = store.db.execute(
            f"UPDATE {table} SET {column} = ? WHERE id NOT IN (SELECT id FROM _seen_{table})"
            f" AND {column} != ?",
            [value, value],
        ).rowcount
        if table == "helpers":
            store.db.execute(
                "UPDATE helpers SET pin_hash = '' WHERE id NOT IN (SELECT id FROM _seen_helpers)"
            )
        if gone:
            log.info("full fetch: %d %s no longer on the server, switched off", gone, table)


def stored_etag(store: Store, since: str) -> str | None:
    raw = store.get_meta(ETAG)
    if not raw:
        return None
    data = json.loads(raw)
    return data.get("etag") if data.get("since") == since else None


def stored_cursor(store: Store) -> str:
    """The cursor to send; "" (fetch everything again) for one the server would refuse, e.g. a
    5,000-character cursor an older kiosk stored: every request with it failed (414, 400)."""
    since = store.get_meta(CURSOR, "") or ""
    if since and not wire.valid_cursor(since):
        log.warning("stored cursor (%d characters) is not valid: fetching everything again",
                    len(since))
        return ""
    return since


def pull(store: Store, client: Client) -> PullResult:
    """Fetch and apply pages until ``more`` is false. Raises the client's errors, and
    :class:`wire.WireError` for a page that breaks a rule: nothing of it is stored, the cursor
    stays, and the next round asks for the same page again."""
    result = PullResult()
    for _ in range(MAX_PAGES):
        since = stored_cursor(store)
        body, etag = client.changes(since, stored_etag(store, since))
        if body is None:
            result.not_modified = True
            return result
        page = wire.check_changes_page(body)
        apply_page(store, page, since, etag)
        result.pages += 1
        if not page["more"]:
            return result
    log.warning("changes feed: stopped after %d pages, continuing next round", MAX_PAGES)
    return result
