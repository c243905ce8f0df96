"""The changes feed: what a kiosk's quartier changed since its cursor.

Cursor format (opaque to kiosks): ``<epoch>.<quartier id>.<seq>``. ``epoch`` identifies this
database; a cursor from another database, another quartier, a sequence number the server has not
handed out yet, or anything unparseable is answered with ``reset: true`` and everything from the
start.
"""

from __future__ import annotations

import hashlib

from django.db import connection
from django.db.models import Count, Q
from kiosk.states import BookingState

from dqserver.content.releases import utc_iso
from dqserver.kiosks.models import ChangeCounter, Quartier, current_state

from .models import Booking, CallbackRequest, Helper, Slot

# What a cursor may look like at all: the server hands out ``<8 hex>.<id>.<seq>``. Anything longer
# or with other characters is refused (400), not stored by the kiosk and resent for ever.
MAX_CURSOR_LENGTH = 64
CURSOR_CHARS = r"^[A-Za-z0-9.\-]*$"

FEED_VERSION = "2"  # raise when the shape of a feed answer changes: old ETags must not match


def parse_cursor(raw: str | None, quartier: Quartier,
                 state: tuple[str, int] | None = None) -> tuple[int, bool]:
    """(since, reset) for a cursor given by a kiosk."""
    if raw is None or raw.strip() in {"", "0"}:
        return 0, False
    epoch, last = state or current_state()
    parts = raw.strip().split(".")
    if len(parts) != 3 or parts[0] != epoch or parts[1] != str(quartier.pk):
        return 0, True
    try:
        since = int(parts[2])
    except ValueError:
        return 0, True
    if since < 0 or since > last:
        return 0, True
    return since, False


def make_cursor(seq: int, quartier: Quartier) -> str:
    epoch, _ = current_state()
    return f"{epoch}.{quartier.pk}.{seq}"


def quartier_json(q: Quartier) -> dict:
    return {"id": q.slug, "name": q.name, "address": q.address, "centre": q.centre,
            "contact_name": q.contact_name, "contact_phone": q.contact_phone,
            "contact_text": q.contact_text}


def booking_json(b: Booking) -> dict:
    """A booking as the quartier's kiosks get it. With the first name and phone (blank once
    purged): helpers on site see every booking of their quartier — by phone in the admin or on
    another kiosk — in helper mode, and phone the day before ("Erinnerungsanruf")."""
    topic = b.topic.slug if b.topic is not None else (b.topic_ref or None)
    return {"id": str(b.pk), "slot_id": str(b.slot_id), "status": b.status, "code": b.code,
            "first_name": b.first_name, "phone": b.phone, "topic_id": topic,
            "created_at": utc_iso(b.created_at),
            "reminded_at": utc_iso(b.reminded_at) if b.reminded_at else None}


def changes(quartier: Quartier, since: int, limit: int) -> tuple[list[tuple[int, str, dict]], bool]:
    """Changed items of the quartier with seq > since, oldest first, at most ``limit``.

    Returns ([(seq, kind, item)], more)."""
    items: list[tuple[int, str, dict]] = []

    helpers = (Helper.objects.filter(seen_quartiers=quartier, seq__gt=since)
               .annotate(here=Count("quartiers", filter=Q(quartiers=quartier)))
               .order_by("seq")[: limit + 1])
    for h in helpers:
        active = h.active and h.here > 0
        items.append((h.seq, "helpers", {"id": str(h.pk), "first_name": h.first_name,
                                         "pin_hash": h.pin_hash if active else "",
                                         "active": active}))

    confirmed = Q(bookings__status=BookingState.CONFIRMED)
    slots = (Slot.objects.filter(quartier=quartier, seq__gt=since)
             .annotate(n_booked=Count("bookings", filter=confirmed))
             .order_by("seq")[: limit + 1])
    for s in slots:
        items.append((s.seq, "slots", {
            "id": str(s.pk), "helper_id": str(s.helper_id) if s.helper_id else None,
            "start": utc_iso(s.start), "end": utc_iso(s.end), "capacity": s.capacity,
            "booked": s.n_booked, "room": s.room, "cancelled": s.cancelled}))

    for b in (Booking.objects.filter(quartier=quartier, seq__gt=since)
              .select_related("topic").order_by("seq")[: limit + 1]):
        items.append((b.seq, "bookings", booking_json(b)))

    for c in (CallbackRequest.objects.filter(quartier=quartier, seq__gt=since)
              .order_by("seq")[: limit + 1]):
        items.append((c.seq, "callbacks", {"id": str(c.pk), "status": c.status}))

    items.sort(key=lambda item: item[0])
    return items[:limit], len(items) > limit


def changes_response(quartier: Quartier, raw_cursor: str | None, limit: int) -> dict:
    since, reset = parse_cursor(raw_cursor, quartier)
    items, more = changes(quartier, since, limit)
    last = since
    if items:
        last = items[-1][0]
    if quartier.seq > since and not more:
        last = max(last, quartier.seq)
    body = {"cursor": make_cursor(last, quartier), "more": more, "reset": reset,
            "quartier": quartier_json(quartier),
            "helpers": [], "slots": [], "bookings": [], "callbacks": []}
    for _, kind, item in items:
        body[kind].append(item)
    return body


def _newest_sql() -> str:
    seen = Helper.seen_quartiers.through._meta
    helper_col = seen.get_field("helper").column
    quartier_col = seen.get_field("quartier").column

    def newest(model) -> str:
        return f"(SELECT MAX(seq) FROM {model._meta.db_table} WHERE quartier_id = %s)"

    return (f"SELECT c.epoch, c.value, {newest(Slot)}, {newest(Booking)}, "
            f"{newest(CallbackRequest)}, "
            f"(SELECT MAX(h.seq) FROM {Helper._meta.db_table} h "
            f"JOIN {seen.db_table} s ON s.{helper_col} = h.id WHERE s.{quartier_col} = %s), "
            f"(SELECT seq FROM {Quartier._meta.db_table} WHERE id = %s) "
            f"FROM {ChangeCounter._meta.db_table} c WHERE c.id = 1")


def feed_etag(quartier: Quartier, raw_cursor: str | None, limit: int) -> str:
    """The ETag of the answer to (quartier, cursor, limit), without building the answer.

    An answer holds only rows of this quartier with ``seq > since`` (and the quartier itself).
    Every change to such a row gives it a new, higher ``seq`` from the server-wide counter, and
    rows are never deleted, so the newest ``seq`` among the quartier's rows names the state of
    every possible answer. One query (indexed ``(quartier, seq)`` lookups) gives it, together
    with the epoch and the counter for the cursor check."""
    with connection.cursor() as cur:
        cur.execute(_newest_sql(), [quartier.pk] * 5)
        row = cur.fetchone()
    if row is None:  # a fresh database without a counter yet
        epoch, last = current_state()
        newest = 0
    else:
        epoch, last = row[0], row[1]
        newest = max((v for v in row[2:] if v is not None), default=0)
    since, reset = parse_cursor(raw_cursor, quartier, (epoch, last))
    key = f"{FEED_VERSION}|{epoch}|{quartier.pk}|{since}|{int(reset)}|{limit}|{newest}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
