import json
from datetime import timedelta

from kiosk import booking, content, helper_mode
from kiosk.demo import DEMO_DIR, load_demo
from kiosk.pins import verify_pin
from kiosk.settings import Booking
from kiosk.timeutil import local_day
from tests.conftest import NOW

QUARTIERS = {"dorsten-wulfen", "herten-innenstadt", "castrop-rauxel-habinghorst"}


def test_demo_fills_an_empty_kiosk(store, assets_dir):
    load_demo(store, assets_dir, NOW)
    assert len(content.categories(store, "de")) >= 6
    assert {r["id"] for r in store.db["quartiers"].rows} == QUARTIERS
    for quartier in QUARTIERS:
        days = booking.booking_days(store, quartier, NOW, Booking())
        assert sum(d.free_slots for d in days) >= 5, quartier
        helpers = list(store.db["helpers"].rows_where("quartier_id = ?", [quartier]))
        assert helpers and all(h["pin_hash"].startswith("$argon2id$") for h in helpers)
    last = store.db.execute("SELECT MAX(start) FROM slots").fetchone()[0]
    assert last < (NOW + timedelta(days=15)).strftime("%Y-%m-%dT%H:%M:%SZ")
    anna = next(h for h in helper_mode.helpers_of(store, "dorsten-wulfen")
                if h.first_name == "Anna")
    assert helper_mode.login(store, anna, "1234", NOW).first_name == "Anna"


def test_loading_again_keeps_bookings_and_adds_no_duplicates(store, assets_dir):
    load_demo(store, assets_dir, NOW)
    slots_before = store.db["slots"].count
    tomorrow = local_day(NOW) + timedelta(days=1)
    day = next(d for d in booking.booking_days(store, "dorsten-wulfen", NOW, Booking())
               if d.free_slots and d.day >= tomorrow)
    slot = booking.free_slots(store, "dorsten-wulfen", day.day, NOW, Booking())[0]
    topic_id = content.categories(store, "de")[0].id
    topic_id = content.topics_in(store, topic_id, "de")[0].id
    made = booking.create_booking(store, slot_id=slot.id, topic_id=topic_id,
                                  first_name="Erna", now=NOW, rules=Booking())
    load_demo(store, assets_dir, NOW)
    assert store.db["slots"].count == slots_before
    kept = booking.find_booking(store, made.code)
    assert store.db["bookings"].get(kept.id)["first_name"] == "Erna"


def test_every_demo_helper_s_stored_hash_is_of_their_pin():
    """quartiers.json keeps the hashes so a demo load hashes nothing; each must be its PIN's."""
    helpers = json.loads((DEMO_DIR / "quartiers.json").read_text("utf-8"))["helpers"]
    assert helpers and all(verify_pin(h["pin_hash"], h["pin"]) for h in helpers)
    assert not any(verify_pin(h["pin_hash"], "0000") for h in helpers)


def test_the_committed_demo_bundle_has_the_texts_of_its_sources():
    """A translation, a mark or a glossary entry edited without rebuilding the bundle (three
    sessions edit the sources at once) is found here, without drawing the pictures again."""
    import json
    import sys

    from kiosk.demo import DEMO_DIR

    sys.path.insert(0, str(DEMO_DIR))
    import build_bundle

    content = json.loads(build_bundle.CONTENT.read_text(encoding="utf-8"))
    build_bundle.merge_translations(content)
    manifest = json.loads((DEMO_DIR / "bundle" / "manifest.json").read_text(encoding="utf-8"))
    built = {t["id"]: t for t in manifest["topics"]}
    for topic in content["topics"]:
        shipped = built[topic["id"]]
        for key in ("title", "summary", "translation_status"):
            assert shipped.get(key) == topic.get(key), (topic["id"], key)
        assert [(s["text"], s["alt"]) for s in shipped["steps"]] == \
            [(s["text"], s["alt"]) for s in topic["steps"]], topic["id"]
    glossary = json.loads(build_bundle.GLOSSARY.read_text(encoding="utf-8"))["glossary"]
    assert [(g["id"], g["term"], g["explanation"]) for g in manifest["glossary"]] == \
        [(g["id"], g["term"], g["explanation"]) for g in glossary]
