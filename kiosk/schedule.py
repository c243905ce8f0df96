"""What the server owns and the kiosk mirrors: the quartier, its helpers and its slots.

The demo loader and the sync client both write through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from kiosk import timeutil
from kiosk.store import Store

QUARTIER_FIELDS = (
    "id", "name", "centre", "address", "contact_name", "contact_phone", "contact_text"
)
HELPER_FIELDS = ("id", "quartier_id", "first_name", "pin_hash", "active")
SLOT_FIELDS = (
    "id", "quartier_id", "helper_id", "start", "end", "capacity", "booked", "room", "cancelled"
)
# Four-digit years: stored times sort as text. A typo's year 2206 stays a (never bookable) slot.
YEARS = (1000, 9999)


@dataclass(frozen=True)
class Quartier:
    id: str
    name: str
    centre: str
    address: str
    contact_name: str
    contact_phone: str
    contact_text: str


def stored_time(value: Any) -> str | None:
    """A slot time as the kiosk stores it (UTC with "Z": such strings sort as times in SQL), or
    None when ``value`` is not one it can keep: no zone, not a time, a year without four digits.
    """
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            return None
        moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return timeutil.to_iso(moment) if YEARS[0] <= moment.year <= YEARS[1] else None


def _only(record: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: record.get(name) for name in names}


def upsert_quartier(store: Store, quartier: dict[str, Any]) -> None:
    store.db["quartiers"].upsert(_only(quartier, QUARTIER_FIELDS), pk="id")


def upsert_helpers(store: Store, helpers: Iterable[dict[str, Any]]) -> None:
    store.db["helpers"].upsert_all(
        ({**_only(h, HELPER_FIELDS), "active": int(bool(h.get("active", True)))} for h in helpers),
        pk="id",
    )


def upsert_slots(store: Store, slots: Iterable[dict[str, Any]]) -> None:
    store.db["slots"].upsert_all(
        (
            {**_only(s, SLOT_FIELDS), "booked": s.get("booked") or 0,
             "cancelled": int(bool(s.get("cancelled")))}
            for s in slots
        ),
        pk="id",
    )


def get_quartier(store: Store, quartier_id: str) -> Quartier | None:
    row = store.db.execute(
        f"SELECT {', '.join(QUARTIER_FIELDS)} FROM quartiers WHERE id = ?", [quartier_id]
    ).fetchone()
    return Quartier(*(value or "" for value in row)) if row else None
