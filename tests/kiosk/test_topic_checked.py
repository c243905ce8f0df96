"""A topic's "checked" month ("Stand"): kept by the store, read with the topic, rebuilt into the
manifest a delta is applied to, and said in words."""

from __future__ import annotations

import pytest

from kiosk import content, dates, i18n
from kiosk.bundle import read_bundle
from kiosk.demo import DEMO_DIR, load_demo
from tests.conftest import NOW


def test_every_demo_topic_comes_with_the_month_it_was_checked(store, assets_dir):
    load_demo(store, assets_dir, NOW)
    manifest = read_bundle(DEMO_DIR / "bundle")
    for source in manifest["topics"]:
        assert content.topic(store, source["id"], "de").checked == source["checked"]
    exported = {t["id"]: t for t in content.export_manifest(store)["topics"]}
    assert {tid: t.get("checked") for tid, t in exported.items()} == {
        t["id"]: t["checked"] for t in manifest["topics"]}


def test_a_topic_without_it_has_none(content_store):
    ids = [row[0] for row in content_store.db.execute("SELECT id FROM topics")]
    assert ids and all(content.topic(content_store, i, "de").checked is None for i in ids)
    assert not any("checked" in t for t in content.export_manifest(content_store)["topics"])


@pytest.mark.parametrize("language, words, january", [
    ("de", "Dezember 2026", "Januar"), ("en", "December 2026", "January"),
    ("tr", "Aralık 2026", "Ocak"), ("ru", "декабрь 2026\u00a0г.", "январь")])
def test_the_month_in_words(language, words, january):
    i18n.set_language(language)
    try:
        assert dates.month_year("2026-12") == words
        assert dates.month_year("2027-01").startswith(january)
    finally:
        i18n.set_language("de")
