"""The glossary (issue 18 item 3): marks in step texts, the bundle's rules for them and for the
entries (one validator, the server's too), the store, the digest and the content delta."""

from __future__ import annotations

import copy
import json

import pytest

from kiosk import content, glossary, search
from kiosk.bundle import apply_delta, manifest_digest, manifest_problems, read_bundle
from kiosk.demo import DEMO_DIR, load_demo
from tests.conftest import NOW

LOOKUP = glossary.index([{"id": "wlan", "term": {"de": "WLAN", "en": "Wi-Fi"}},
                         {"id": "passwort", "term": {"de": "Passwort"}}])


@pytest.fixture(scope="module")
def demo() -> dict:
    return read_bundle(DEMO_DIR / "bundle")


def test_a_marked_word_reads_as_it_is_shown_and_keeps_its_letters_together():
    text = "Ihr [[WLAN]]-Netz hat [[passwort|Passwörter]]. Auch [[wi-fi]]."
    assert glossary.plain(text) == "Ihr WLAN-Netz hat Passwörter. Auch wi-fi."
    assert glossary.pieces(text, LOOKUP) == [
        ("Ihr ", None), ("WLAN-Netz", "wlan"), (" hat ", None), ("Passwörter.", "passwort"),
        (" Auch ", None), ("wi-fi.", "wlan")]
    assert glossary.pieces("Ohne Markierung.", LOOKUP) == [("Ohne Markierung.", None)]


def step_text(manifest: dict, text: str, language: str = "de") -> dict:
    changed = copy.deepcopy(manifest)
    changed["topics"][0]["steps"][0]["text"][language] = text
    return changed


@pytest.mark.parametrize("text, problem", [
    ("Tippen Sie auf [[Router]].", "„Router“ ist als schweres Wort markiert, steht aber nicht "
                                   "im Wörterbuch. Legen Sie es im Wörterbuch an"),
    ("Tippen Sie auf [[]].", "zwischen den Klammern [[ ]] fehlt das Wort"),
    ("Tippen Sie auf [[WLAN].", "eine Klammer [[ oder ]] um ein schweres Wort fehlt"),
])
def test_a_mark_the_glossary_does_not_know_is_refused_in_plain_german(demo, text, problem):
    found = manifest_problems(step_text(demo, text))
    assert len(found) == 1 and problem in found[0] and "Schritt 1.text.de" in found[0]
    assert not manifest_problems(step_text(demo, "Tippen Sie auf [[wlan|WLAN-Netz]]."))


def test_marks_in_another_language_are_looked_up_in_every_language(demo):
    assert not manifest_problems(step_text(demo, "Tap [[Wi-Fi]].", "en"))
    assert manifest_problems(step_text(demo, "Tap [[router]].", "en"))


def test_the_rules_for_the_entries(demo):
    def broken(change) -> list[str]:
        manifest = copy.deepcopy(demo)
        change(manifest["glossary"])
        return manifest_problems(manifest)

    long = "Das ist ein langer Satz mit viel zu vielen Wörtern für einen Menschen hier und da."
    assert "Satz mit mehr als 15 Wörtern" in broken(
        lambda g: g[0]["explanation"].update(de=long))[0]
    assert "steht schon bei" in broken(lambda g: g[1]["term"].update(de="App"))[0]
    assert "Deutscher Text ('de') fehlt" in broken(lambda g: g[0]["term"].pop("de"))[0]
    assert "höchstens 40 Zeichen" in broken(lambda g: g[0]["term"].update(de="A" * 41))[0]
    assert "steht nicht in der Bilderliste" in broken(lambda g: g[0].update(image="0" * 64))[0]
    assert "kommt zweimal vor" in broken(lambda g: g.append(dict(g[0])))[0]
    summary = copy.deepcopy(demo)
    summary["topics"][0]["summary"]["de"] = "So geht [[WLAN]]."
    assert "nur in den Texten der Schritte" in manifest_problems(summary)[0]


def test_the_demo_marks_its_hard_words_and_explains_each(demo):
    ids = {g["id"] for g in demo["glossary"]}
    used = {LOOKUP_ID for t in demo["topics"] for s in t["steps"] for text in s["text"].values()
            for _piece, LOOKUP_ID in glossary.pieces(text, glossary.index(demo["glossary"]))
            if LOOKUP_ID}
    assert len(ids) >= 20 and {"app", "link", "tan", "galerie", "wlan", "passwort", "qr-code",
                               "update", "pin"} <= ids
    assert used >= ids - {"browser"}
    assert all({"de", "en", "tr"} <= set(g["explanation"]) for g in demo["glossary"])


def test_the_store_keeps_the_glossary_and_gives_it_back_as_it_came(store, assets_dir, demo):
    load_demo(store, assets_dir, NOW)
    exported = content.export_manifest(store)
    assert exported["glossary"] == sorted(demo["glossary"], key=lambda g: g["id"])
    assert manifest_digest(exported) == manifest_digest(demo)
    entry = content.glossary_entry(store, "wlan", "tr")
    assert (entry.term, entry.language) == ("Wi-Fi", "tr") and entry.image
    assert content.glossary_entry(store, "wlan", "ru").language == "de"  # not translated
    assert content.glossary_index(store)[glossary.key("Wi-Fi")] == "wlan"
    # the search reads the texts as they read, the marks left out
    body = " ".join(r[0] for r in store.db.execute("SELECT body FROM search_docs"))
    assert "[[" not in body and search.search(store, "Passwörter", "de")


def test_a_glossary_change_counts_in_the_digest_and_reaches_the_kiosk_in_a_delta(demo):
    without = {k: v for k, v in demo.items() if k != "glossary"}
    assert manifest_digest({**without, "glossary": []}) == manifest_digest(without)
    changed = copy.deepcopy(demo)
    changed["release"] += 1
    changed["glossary"][0]["explanation"]["de"] = "Ein Programm auf dem Handy."
    assert manifest_digest(changed) != manifest_digest(demo)
    delta = {"format": 1, "release": changed["release"], "base_release": demo["release"],
             "categories": demo["categories"], "topics": [], "removed_topics": [],
             "assets": [], "glossary": changed["glossary"]}
    rebuilt = apply_delta(demo, json.loads(json.dumps(delta)))
    assert manifest_digest(rebuilt) == manifest_digest(changed)
    old_server = {k: v for k, v in delta.items() if k != "glossary"}  # keeps the base's
    assert apply_delta(demo, old_server)["glossary"] == demo["glossary"]
    assert "glossary" not in apply_delta(demo, {**delta, "glossary": []})
