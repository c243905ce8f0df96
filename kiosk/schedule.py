"""What the server owns and the kiosk mirrors: the quartier, its helpers and its slots.

The demo loader and the sync client both write through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kiosk.store import Store

QUARTIER_FIELDS = (
    "id", "name", "centre", "address", "contact_name", "contact_phone", "contact_text"
)
HELPER_FIELDS = ("id", "quartier_id", "first_name", "pin_hash", "active")
SLOT_FIELDS = (
    "id", "quartier_id", "helper_id", "start", "end", "capacity", "booked", "room", "cancelled"
)


@dataclass(frozen=True)
class Quartier:
    id: str
    name: str
    centre: str
    address: str
    contact_name: str
    contact_phone: str
    contact_text: str


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
