"""Fixtures shared by all tests: a real SQLite store in a temp folder, with content and slots."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.bundle import read_bundle
from kiosk.content import import_bundle
from kiosk.schedule import upsert_helpers, upsert_quartier, upsert_slots
from kiosk.settings import Booking
from kiosk.store import Store
from kiosk.timeutil import to_iso
from tests.bundles import write_bundle

# The kiosk's data folder and settings file from the environment win over every settings file a
# test writes (as on a kiosk): a developer's or `make run`'s folder must not reach the tests.
for _variable in ("DIGIQUARTIER_DATA", "DIGIQUARTIER_CONFIG"):
    os.environ.pop(_variable, None)

# A Wednesday morning in Berlin (UTC+1 in winter).
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
QUARTIER = "dorsten-wulfen"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "kiosk.db")
    yield store
    store.close()


@pytest.fixture
def assets_dir(tmp_path: Path) -> Path:
    return tmp_path / "assets"


@pytest.fixture
def bundle_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    write_bundle(folder)
    return folder


@pytest.fixture
def content_store(store: Store, bundle_dir: Path, assets_dir: Path) -> Store:
    import_bundle(store, read_bundle(bundle_dir), bundle_dir, assets_dir)
    return store


def make_slot(slot_id: str, start: datetime, *, minutes: int = 45, capacity: int = 1,
              booked: int = 0, cancelled: bool = False, quartier: str = QUARTIER) -> dict:
    return {"id": slot_id, "quartier_id": quartier, "helper_id": "h-anna",
            "start": to_iso(start), "end": to_iso(start + timedelta(minutes=minutes)),
            "capacity": capacity, "booked": booked, "room": "Raum 1", "cancelled": cancelled}


@pytest.fixture
def booking_store(content_store: Store) -> Store:
    """Content, one quartier, one helper, and slots around NOW."""
    upsert_quartier(content_store, {"id": QUARTIER, "name": "Dorsten-Wulfen",
                                    "centre": "Begegnungsstätte", "address": "Musterweg 1"})
    upsert_helpers(content_store, [{"id": "h-anna", "quartier_id": QUARTIER,
                                    "first_name": "Anna", "pin_hash": "x", "active": True}])
    upsert_slots(content_store, [
        make_slot("tomorrow", NOW + timedelta(days=1)),
        make_slot("tomorrow-group", NOW + timedelta(days=1, hours=2), capacity=3),
        make_slot("soon", NOW + timedelta(minutes=30)),
        make_slot("past", NOW - timedelta(hours=2)),
        make_slot("cancelled", NOW + timedelta(days=2), cancelled=True),
        make_slot("full", NOW + timedelta(days=2, hours=1), booked=1),
        make_slot("far", NOW + timedelta(days=30)),
    ])
    return content_store


@pytest.fixture
def rules() -> Booking:
    return Booking()
