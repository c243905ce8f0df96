"""The demo: the bundled help content, three model quartiers, invented helpers, and slots for the
next 14 days from a weekly plan, so a kiosk runs without any server.

Content goes through the same :func:`kiosk.content.import_bundle` as a release from the server.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from kiosk import timeutil
from kiosk.bundle import read_bundle
from kiosk.content import current_release, import_bundle
from kiosk.pins import hash_pin
from kiosk.schedule import upsert_helpers, upsert_quartier, upsert_slots
from kiosk.store import Store

DEMO_DIR = Path(__file__).resolve().parent.parent / "assets" / "demo"
DEMO_DAYS = 14


def demo_slots(
    plan: list[dict], quartier_of: dict[str, str], now: datetime, days: int = DEMO_DAYS
) -> list[dict]:
    """Slots for ``days`` days from today, from a weekly plan (weekday 0 = Monday)."""
    slots = []
    for offset in range(days):
        day = timeutil.local_day(now) + timedelta(days=offset)
        for entry in plan:
            if entry["weekday"] != day.weekday():
                continue
            for clock in entry["times"]:
                start = timeutil.at_local(day, time.fromisoformat(clock))
                end = start + timedelta(minutes=entry["minutes"])
                slots.append(
                    {
                        "id": f"demo-{entry['helper_id']}-{day.isoformat()}-{clock}",
                        "helper_id": entry["helper_id"],
                        "quartier_id": quartier_of[entry["helper_id"]],
                        "start": timeutil.to_iso(start),
                        "end": timeutil.to_iso(end),
                        "capacity": entry["capacity"],
                        "room": entry["room"],
                    }
                )
    return slots


def load_demo(store: Store, assets_dir: Path, now: datetime, demo_dir: Path = DEMO_DIR) -> None:
    """Load (or refresh) the demo: content if not yet there, quartiers, helpers, next 14 days."""
    bundle_dir = demo_dir / "bundle"
    manifest = read_bundle(bundle_dir)
    if current_release(store) < manifest["release"]:
        import_bundle(store, manifest, bundle_dir, assets_dir)
    people = json.loads((demo_dir / "quartiers.json").read_text(encoding="utf-8"))
    quartier_of = {h["id"]: h["quartier_id"] for h in people["helpers"]}
    known_pins = {
        row[0]: row[1] for row in store.db.execute("SELECT id, pin_hash FROM helpers")
    }
    slots = demo_slots(people["weekly_plan"], quartier_of, now)
    with store.write():
        for quartier in people["quartiers"]:
            upsert_quartier(store, quartier)
        upsert_helpers(
            store,
            (
                # quartiers.json holds each PIN's hash too: hashing six PINs at the real
                # cost takes over a second, on every demo load (and in every UI test)
                {**h, "pin_hash": known_pins.get(h["id"]) or h.get("pin_hash")
                 or hash_pin(h["pin"])}
                for h in people["helpers"]
            ),
        )
        upsert_slots(store, slots)
