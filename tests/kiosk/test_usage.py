"""The programme's counting rules (kiosk/usage.py) and their sending side (sync/usage.py), on a
real SQLite store, without a window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk import outbox, usage
from kiosk.store import Store
from kiosk.theme import TEXT_SCALES
from sync import usage as sending

NOON = datetime(2026, 11, 3, 11, 0, tzinfo=UTC)   # 12:00 in Dorsten


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "kiosk.db")
    yield s
    s.close()


def counts(store: Store) -> dict[tuple[str, str, str], int]:
    return {(d, k, key): n for d, k, key, n in store.db.execute(
        "SELECT day, kind, key, n FROM usage_counts")}


@pytest.mark.parametrize("query, term", [
    ("WhatsApp", "whatsapp"),
    ("  Mastodon  einrichten! ", "mastodon einrichten"),
    ("E-Mail an", "e-mail"),                       # "an" too short, dropped alone
    ("Türkçe klavye", "türkçe klavye"),
    ("Anna 0171 2345678", None),                   # a phone number: nothing counted
    ("Rückruf 02362/12345", None),
    ("K7QX3M", None),                              # a booking code
    ("erna@example.org", None),
    ("PIN 1234", None),
    ("wie geht das mit dem neuen handy", None),    # a sentence
    ("ab", None),
    ("забыл пароль", "забыл пароль"),              # every script of the UI languages
    ("كلمة المرور؟", "كلمة المرور"),
    ("Hasło", "hasło"),
    ("whats_app ☺ 🙂", None),                       # no word of letters
    ("x" * 30, None),
])
def test_a_failed_search_is_counted_as_its_words_only(query, term):
    assert usage.search_term(query) == term


def test_the_server_takes_exactly_the_keys_the_kiosk_counts():
    assert all(usage.valid_key(usage.TEXT_SIZE, label) for label in TEXT_SCALES)
    assert usage.valid_key(usage.TOPIC, "whatsapp-fotos")
    assert usage.valid_key(usage.LANGUAGE, "tr")
    assert usage.valid_key(usage.SEARCH_MISS, "mastodon")
    for kind, key in [(usage.SEARCH_MISS, "Anna 0171"), (usage.SEARCH_MISS, "Mastodon"),
                      (usage.TOPIC, "../x"), (usage.LANGUAGE, "fr"), (usage.TEXT_SIZE, "B"),
                      (usage.SLIP, "kitchen"), ("time_of_day", "10:00"), (usage.TOPIC, 5)]:
        assert not usage.valid_key(kind, key), (kind, key)


def test_taps_count_by_their_rules_and_reach_the_store_at_the_flush(store):
    counter = usage.Usage(store, clock=lambda: NOON)
    counter.went("guide", {"topic_id": "whatsapp"})
    counter.guide_step("whatsapp", 0, 3)
    counter.guide_step("whatsapp", 2, 3)           # last step: finished
    counter.guide_step("whatsapp", 1, 3)           # back ...
    counter.guide_step("whatsapp", 2, 3)           # ... and forward again: still one
    counter.went("guide", {"topic_id": "whatsapp", "step": 1})   # a screenshot's step: no open
    counter.went("topics", {"category_id": "handy"})
    counter.searched("Mastodon", found=False)
    counter.searched("Mastodon", found=False)      # back from a suggestion: once
    counter.searched("Anna 0171 2345678", found=False)
    counter.searched("WhatsApp", found=True)
    counter.searched("Mastodon", found=False)      # another search in between: counted again
    counter.count(usage.LANGUAGE, "tr")
    counter.count(usage.TEXT_SIZE, "A++")
    counter.slip("booking")
    counter.slip("somewhere_new")
    counter.glossary("qr-code")
    assert counts(store) == {}                     # nothing written on the tap path
    assert counter.flush() == 8
    day = "2026-11-03"
    assert counts(store) == {
        (day, "topic", "whatsapp"): 1, (day, "guide_done", "whatsapp"): 1,
        (day, "search_miss", "mastodon"): 2, (day, "language", "tr"): 1,
        (day, "text_size", "A++"): 1, (day, "slip", "booking"): 1, (day, "slip", "other"): 1,
        (day, "glossary", "qr-code"): 1}
    counter.count(usage.TOPIC, "whatsapp")
    counter.flush()
    assert counts(store)[(day, "topic", "whatsapp")] == 2
    assert counter.flush() == 0


def test_the_day_is_the_local_calendar_day():
    assert usage.day_key(datetime(2026, 11, 3, 23, 30, tzinfo=UTC)) == "2026-11-04"
    assert usage.day_key(datetime(2026, 7, 3, 21, 59, tzinfo=UTC)) == "2026-07-03"


def test_a_finished_day_goes_once_and_is_forgotten_after_the_answer(store):
    clock = [NOON]
    counter = usage.Usage(store, clock=lambda: clock[0])
    counter.count(usage.TOPIC, "whatsapp")
    clock[0] = NOON + timedelta(days=1)
    counter.count(usage.TOPIC, "online-banking")
    counter.flush()
    assert sending.send_due(store, clock[0]) == 1          # yesterday only; today is open
    assert sending.send_due(store, clock[0]) == 0          # queued once
    (op,) = outbox.pending(store)
    assert op.type == outbox.USAGE_DAY
    assert op.payload == {"day": "2026-11-03", "counts": {"topic": {"whatsapp": 1}}}
    assert op.op_id == sending.day_op_id(store, "2026-11-03")   # the same id, every time
    with store.write():
        outbox.mark_done(store, op.op_id, {"status": "confirmed"})
    sending.send_due(store, clock[0])
    assert {k[0] for k in counts(store)} == {"2026-11-04"}
    assert store.db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0


def test_just_after_midnight_the_day_waits_for_its_last_flush(store):
    counter = usage.Usage(store, clock=lambda: datetime(2026, 11, 3, 22, 59, tzinfo=UTC))
    counter.count(usage.TOPIC, "whatsapp")
    counter.flush()
    assert sending.send_due(store, datetime(2026, 11, 3, 23, 5, tzinfo=UTC)) == 0
    assert sending.send_due(store, datetime(2026, 11, 3, 23, 15, tzinfo=UTC)) == 1


def test_a_store_from_before_gets_the_counts_table(tmp_path):
    path = tmp_path / "old.db"
    old = Store.open(path, migrate=False)
    old.migrate(8)
    old.close()
    migrated = Store.open(path)
    assert migrated.schema_version >= 9
    assert usage.Usage(migrated).flush() == 0
    assert "usage_counts" in migrated.db.table_names()
    migrated.close()
