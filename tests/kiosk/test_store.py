import sqlite3

import pytest

from kiosk.store import MIGRATIONS, SCHEMA_VERSION, Store


def test_new_store_is_durable_and_current(tmp_path):
    store = Store.open(tmp_path / "k.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    for table in ("categories", "topics", "steps", "assets", "helpers", "slots", "bookings",
                  "outbox", "meta", "callbacks", "walkins", "search_docs_fts"):
        assert store.db[table].exists(), table


def test_upgrade_from_first_schema_keeps_bookings(tmp_path):
    path = tmp_path / "field.db"
    old = Store.open(path, migrate=False)
    assert old.migrate(target=1) == 1
    old.db["slots"].insert({"id": "s1", "quartier_id": "q", "helper_id": "h",
                            "start": "2026-11-26T09:00:00Z", "end": "2026-11-26T09:45:00Z",
                            "capacity": 1, "booked": 0, "room": "", "cancelled": 0})
    old.db["bookings"].insert({"id": "b1", "slot_id": "s1", "topic_id": "t", "first_name": "Erna",
                               "phone": "+492361000000", "code": "ABCDEF", "status": "pending",
                               "created_at": "2026-11-25T09:00:00Z"})
    old.db["outbox"].insert({"op_id": "o1", "type": "booking.create", "payload": "{}",
                             "created_at": "2026-11-25T09:00:00Z"})
    old.close()

    store = Store.open(path)
    assert store.schema_version == SCHEMA_VERSION
    booking = store.db["bookings"].get("b1")
    assert (booking["first_name"], booking["code"], booking["reason"]) == ("Erna", "ABCDEF", None)
    assert store.db["outbox"].count == 1
    store.db["callbacks"].insert({"id": "c1", "first_name": "Otto", "status": "open"})


def test_failed_migration_leaves_old_schema(tmp_path, monkeypatch):
    path = tmp_path / "k.db"
    Store.open(path, migrate=False).migrate(target=1)

    def broken(db):
        db["bookings"].add_column("reason", str)
        raise RuntimeError("power cut")

    monkeypatch.setattr("kiosk.store.MIGRATIONS", [MIGRATIONS[0], broken])
    store = Store.open(path, migrate=False)
    with pytest.raises(RuntimeError):
        store.migrate(target=2)
    assert store.schema_version == 1
    assert "reason" not in store.db["bookings"].columns_dict


def test_meta_roundtrip(store):
    assert store.get_meta("cursor") is None
    store.set_meta("cursor", "42")
    store.set_meta("cursor", "43")
    assert store.get_meta("cursor") == "43"


def test_foreign_keys_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.db["topics"].insert({"id": "t", "category_id": "missing", "position": 1,
                                   "title": "{}", "summary": "{}"})


def test_upgrade_repairs_slot_times_an_older_kiosk_stored_unchecked(tmp_path):
    """A slot time without a zone broke "Termin buchen" for good (booking_days raised)."""
    from datetime import UTC, datetime

    from kiosk.booking import booking_days
    from kiosk.settings import Booking

    path = tmp_path / "field.db"
    old = Store.open(path, migrate=False)
    old.migrate(target=3)
    rows = {"zoneless": ("2026-11-26T09:00:00", "2026-11-26T09:45:00"),
            "offset": ("2026-11-26T11:00:00+01:00", "2026-11-26T11:45:00+01:00"),
            "good": ("2026-11-26T12:00:00Z", "2026-11-26T12:45:00Z")}
    for slot_id, (start, end) in rows.items():
        old.db["slots"].insert({"id": slot_id, "quartier_id": "q", "start": start, "end": end,
                                "capacity": 1, "booked": 0, "cancelled": 0})
    old.set_meta("sync_cursor", "c1")
    old.close()

    store = Store.open(path)
    slots = {r[0]: r[1:] for r in store.db.execute("SELECT id, start, end, cancelled FROM slots")}
    assert slots == {"zoneless": ("2026-11-26T09:00:00Z", "2026-11-26T09:45:00Z", 1),
                     "offset": ("2026-11-26T10:00:00Z", "2026-11-26T10:45:00Z", 0),
                     "good": ("2026-11-26T12:00:00Z", "2026-11-26T12:45:00Z", 0)}
    assert store.get_meta("sync_cursor") is None        # the next sync fetches everything
    days = booking_days(store, "q", datetime(2026, 11, 25, 9, tzinfo=UTC), Booking())
    assert days[1].free_slots == 2


def test_upgrade_indexes_keywords_and_fills_the_vocabulary_from_content_already_there(tmp_path):
    """A kiosk upgraded between releases forgives typos at once, not only from the next one."""
    from kiosk.search import search

    path = tmp_path / "field.db"
    old = Store.open(path, migrate=False)
    old.migrate(target=4)
    old.db["categories"].insert({"id": "c", "position": 1, "title": '{"de": "C"}'})
    old.db["topics"].insert({"id": "whatsapp-foto", "category_id": "c", "position": 1,
                             "title": '{"de": "Fotos per WhatsApp"}', "summary": '{"de": ""}'})
    old.db["search_docs"].insert({"topic_id": "whatsapp-foto", "language": "de",
                                  "title": "fotos per whatsapp", "summary": "", "body": ""})
    old.db.execute("INSERT INTO search_docs_fts(search_docs_fts) VALUES('rebuild')")
    old.close()

    store = Store.open(path)
    assert "keywords" in store.db["topics"].columns_dict
    assert {r[0] for r in store.db.execute("SELECT word FROM search_words")} == {"fotos",
                                                                                  "whatsapp"}
    assert search(store, "Whtasapp", "de") == search(store, "fotos", "de") == ["whatsapp-foto"]
