"""Bundle validation and import: a bad bundle is refused whole and the old content stays."""

import json
import re
import shutil

import pytest

from kiosk import content
from kiosk.bundle import BundleError, long_sentences, manifest_problems, read_bundle
from kiosk.content import current_release, import_bundle
from tests.bundles import DEFAULT_TOPICS, write_bundle


def snapshot(store):
    return {t: list(store.db[t].rows) for t in ("categories", "topics", "steps", "assets", "meta")}


def test_import_and_read_back(content_store, assets_dir):
    assert current_release(content_store) == 1
    cats = content.categories(content_store, "de")
    assert [c.id for c in cats] == ["nachrichten", "sicherheit"]
    assert [c.topic_count for c in cats] == [1, 2]
    assert [t.id for t in content.topics_in(content_store, "sicherheit", "de")] == [
        "betrug-sms", "online-einkaufen"]
    everything = content.all_topics(content_store, "en")
    assert [t.id for t in everything] == ["whatsapp-foto", "betrug-sms", "online-einkaufen"]
    assert everything[0].title == "Send photos with WhatsApp"      # translated
    assert everything[1].title == "Betrugs-SMS erkennen"           # falls back to German
    guide = content.topic(content_store, "whatsapp-foto", "en")
    assert guide.title == "Send photos with WhatsApp"          # translated
    assert guide.steps[0].text == "Öffnen Sie WhatsApp."       # falls back to German
    assert all((assets_dir / s.image).is_file() for s in guide.steps)


def test_all_topics_reads_any_slice_like_a_list(content_store):
    """The booking's topic step pages through all topics by slicing this lazy list."""
    everything = content.all_topics(content_store, "de")
    as_list = list(everything)
    assert len(everything) == len(as_list) == 3
    for part in (slice(0, 2), slice(1, 3), slice(2, 10), slice(5, 9), slice(None, None, -1),
                 slice(-2, None)):
        assert everything[part] == as_list[part]
    assert everything[-1] == as_list[-1] and everything[0] == as_list[0]
    with pytest.raises(IndexError):
        everything[3]


def test_newer_release_replaces_content_and_old_pictures(content_store, tmp_path, assets_dir):
    old_pictures = set(p.name for p in assets_dir.iterdir())
    folder = tmp_path / "r2"
    write_bundle(folder, release=2, topics=DEFAULT_TOPICS[:1])
    import_bundle(content_store, read_bundle(folder), folder, assets_dir)
    assert current_release(content_store) == 2
    assert [t.id for t in content.topics_in(content_store, "nachrichten", "de")] == [
        "whatsapp-foto"]
    assert content.topic(content_store, "betrug-sms", "de") is None
    assert not old_pictures & set(p.name for p in assets_dir.iterdir())


def _break_json(folder):
    (folder / "manifest.json").write_text("{not json", "utf-8")


def _drop_file(folder):
    next((folder / "files").iterdir()).unlink()


def _tamper_file(folder):
    path = next((folder / "files").iterdir())
    path.write_bytes(path.read_bytes()[:-1] + b"X")


def _truncate_file(folder):
    path = next((folder / "files").iterdir())
    path.write_bytes(path.read_bytes()[:10])


def _mutation(fn):
    def apply(folder):
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        fn(manifest)
        (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return apply


BAD = {
    "bad json": (_break_json, "kein gültiges JSON"),
    "missing asset file": (_drop_file, "fehlt"),
    "wrong hash": (_tamper_file, "sha256"),
    "truncated": (_truncate_file, "Bytes"),
    "old release": (_mutation(lambda m: m.update(release=1)), "not newer"),
    "wrong format": (_mutation(lambda m: m.update(format=2)), "format"),
    "release as text": (_mutation(lambda m: m.update(release="3")), "release"),
    "topics not a list": (_mutation(lambda m: m.update(topics={})), "topics"),
    "step without picture": (_mutation(lambda m: m["topics"][0]["steps"][0].pop("image")),
                             "kein Bild"),
    "picture not listed": (_mutation(lambda m: m["topics"][0]["steps"][0].update(image="a" * 64)),
                           "nicht in der Bilderliste"),
    "long sentence": (_mutation(lambda m: m["topics"][0]["steps"][0]["text"].update(
        de="Das ist ein sehr langer Satz mit viel zu vielen Wörtern für Menschen die gerade "
           "erst anfangen und Ruhe brauchen.")), "mehr als 15 Wörtern"),
    "no german": (_mutation(lambda m: m["topics"][0].update(title={"en": "Photos"})),
                  "Deutscher Text"),
    "unknown category": (_mutation(lambda m: m["topics"][0].update(category="nope")),
                         "unbekannte Kategorie"),
    "bad id": (_mutation(lambda m: m["topics"][0].update(id="Fotos schicken!")),
               "keine gültige id"),
    "duplicate id": (_mutation(lambda m: m["topics"][1].update(id=m["topics"][0]["id"])),
                     "zweimal"),
    "svg asset": (_mutation(lambda m: m["assets"][0].update(media_type="image/svg+xml")),
                  "nicht erlaubt"),
    "text as number": (_mutation(lambda m: m["topics"][0]["summary"].update(de=5)), "str"),
    "no steps": (_mutation(lambda m: m["topics"][0].update(steps=[])), "Schritte"),
    "keywords as text": (_mutation(lambda m: m["topics"][0].update(keywords="Bank")),
                         "keywords: erwartet list"),
    "empty keyword": (_mutation(lambda m: m["topics"][0].update(keywords=["Bank", " "])),
                      "Suchwort"),
    "keyword a number": (_mutation(lambda m: m["topics"][0].update(keywords=[110])),
                         r"keywords\[1\]: erwartet str"),
    "too many keywords": (_mutation(lambda m: m["topics"][0].update(
        keywords=[f"wort{n}" for n in range(31)])), "höchstens 30"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_bundle_is_refused_and_store_unchanged(content_store, tmp_path, assets_dir, case):
    breaker, message = BAD[case]
    folder = tmp_path / "r2"
    write_bundle(folder, release=2)
    breaker(folder)
    before = snapshot(content_store)
    pictures_before = sorted(p.name for p in assets_dir.iterdir())
    with pytest.raises(BundleError, match=message):
        import_bundle(content_store, read_bundle(folder), folder, assets_dir)
    assert snapshot(content_store) == before
    assert sorted(p.name for p in assets_dir.iterdir()) == pictures_before


def test_damaged_picture_on_disk_is_replaced(content_store, tmp_path, assets_dir):
    folder = tmp_path / "r2"
    manifest = write_bundle(folder, release=2)
    victim = assets_dir / manifest["assets"][0]["sha256"]
    victim.parent.mkdir(exist_ok=True)
    victim.write_bytes(b"half a picture")
    import_bundle(content_store, read_bundle(folder), folder, assets_dir)
    assert victim.read_bytes() == (folder / "files" / victim.name).read_bytes()


def test_unknown_keys_are_ignored(tmp_path):
    folder = tmp_path / "b"
    write_bundle(folder, mutate=lambda m: m.update(future_field={"x": 1}))
    assert read_bundle(folder)["release"] == 1


def test_missing_manifest(tmp_path):
    with pytest.raises(BundleError, match="kann nicht gelesen werden"):
        read_bundle(tmp_path)


@pytest.mark.parametrize(("text", "too_long"), [
    ("Öffnen Sie WhatsApp. Tippen Sie auf Senden!", 0),
    ("Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
     "fünfzehn.", 0),
    ("Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
     "fünfzehn sechzehn.", 1),
])
def test_sentence_length(text, too_long):
    assert len(long_sentences(text)) == too_long


def test_demo_bundle_is_valid_and_plain(tmp_path):
    """The shipped demo: ≥ 50 topics in ≥ 6 categories, 3–8 steps, pictures, short sentences."""
    from kiosk.demo import DEMO_DIR

    bundle = DEMO_DIR / "bundle"
    manifest = read_bundle(bundle)  # checks every picture's size and sha256, sentence length
    assert len(manifest["categories"]) >= 6
    assert len(manifest["topics"]) >= 50
    for topic in manifest["topics"]:
        assert 3 <= len(topic["steps"]) <= 8, topic["id"]
        for step in topic["steps"]:
            assert step["image"] and step["text"]["de"].strip()
            for abbreviation in ("z.B.", "z. B.", "bzw.", "usw.", "ca.", "evtl.", "ggf."):
                assert abbreviation not in step["text"]["de"], (topic["id"], abbreviation)
    copy = tmp_path / "demo"
    shutil.copytree(bundle, copy)
    assert read_bundle(copy) == manifest


# ---- content deltas: export_manifest + apply_delta ---------------------------------------------

from kiosk.bundle import apply_delta, manifest_digest, validate_manifest  # noqa: E402


def _release2(tmp_path):
    """Release 2 from release 1: one topic changed (new text and picture), one removed, one
    added."""
    topics = json.loads(json.dumps(DEFAULT_TOPICS))
    topics[0]["title"]["de"] = "Fotos per WhatsApp senden"
    del topics[2]
    topics.append({"id": "videoanruf", "category": "nachrichten", "position": 2,
                   "title": {"de": "Videoanruf"}, "summary": {"de": "So rufen Sie an."},
                   "steps": [{"text": {"de": "Tippen Sie auf die Kamera."}, "image": None}]})
    new = write_bundle(tmp_path / "r2", release=2, topics=topics)
    old = read_bundle(tmp_path / "bundle")  # the content_store's release 1
    kept = next(t for t in old["topics"] if t["id"] == "betrug-sms")  # unchanged
    new["topics"] = [kept if t["id"] == kept["id"] else t for t in new["topics"]]
    used = {s["image"] for t in new["topics"] for s in t["steps"]}
    by_sha = {a["sha256"]: a for a in old["assets"] + new["assets"]}
    new["assets"] = [by_sha[sha] for sha in sorted(used)]
    return new


def _delta(base, new):
    old = {t["id"]: t for t in base["topics"]}
    changed = [t for t in new["topics"] if old.get(t["id"]) != t]
    used = {s["image"] for t in changed for s in t["steps"]}
    return {"format": 1, "release": new["release"], "base_release": base["release"],
            "created_at": new["created_at"], "categories": new["categories"], "topics": changed,
            "removed_topics": [i for i in old if i not in {t["id"] for t in new["topics"]}],
            "assets": [a for a in new["assets"] if a["sha256"] in used]}


def test_export_manifest_reproduces_the_release(content_store, bundle_dir):
    exported = content.export_manifest(content_store)
    original = read_bundle(bundle_dir)
    assert validate_manifest(exported) is exported
    assert exported["release"] == original["release"] == 1
    assert manifest_digest(exported) == manifest_digest(original)
    assert {t["id"] for t in exported["topics"]} == {t["id"] for t in original["topics"]}


def test_apply_delta_rebuilds_the_new_release(content_store, tmp_path, assets_dir):
    base = content.export_manifest(content_store)
    frozen = json.dumps(base, sort_keys=True)
    new = _release2(tmp_path)
    delta = _delta(base, new)
    assert [t["id"] for t in delta["topics"]] == ["whatsapp-foto", "videoanruf"]
    assert delta["removed_topics"] == ["online-einkaufen"]
    rebuilt = apply_delta(base, delta)
    assert json.dumps(base, sort_keys=True) == frozen  # pure
    validate_manifest(rebuilt)
    assert manifest_digest(rebuilt) == manifest_digest(new)
    import_bundle(content_store, rebuilt, tmp_path / "r2", assets_dir)
    assert manifest_digest(content.export_manifest(content_store)) == manifest_digest(new)


def _wrong_base(d):
    d["base_release"] = 7


def _topics_not_a_list(d):
    d["topics"] = {"whatsapp-foto": {}}


def _removes_unknown(d):
    d["removed_topics"] = ["gibt-es-nicht"]


def _removes_and_changes(d):
    d["removed_topics"] = ["whatsapp-foto"]


def _no_removed_list(d):
    del d["removed_topics"]


def _not_newer(d):
    d["release"] = 1


def _duplicate_topic(d):
    d["topics"].append(d["topics"][0])


@pytest.mark.parametrize("breaks", [_wrong_base, _topics_not_a_list, _removes_unknown,
                                    _removes_and_changes, _no_removed_list, _not_newer,
                                    _duplicate_topic])
def test_malformed_delta_is_refused(content_store, tmp_path, breaks):
    base = content.export_manifest(content_store)
    delta = _delta(base, _release2(tmp_path))
    breaks(delta)
    with pytest.raises(BundleError):
        apply_delta(base, delta)


@pytest.mark.parametrize("delta", [None, [], "x", {"format": 2}])
def test_delta_that_is_no_object_is_refused(content_store, delta):
    with pytest.raises(BundleError):
        apply_delta(content.export_manifest(content_store), delta)


def test_delta_whose_result_breaks_a_rule_fails_validation(content_store, tmp_path):
    base = content.export_manifest(content_store)
    delta = _delta(base, _release2(tmp_path))
    delta["assets"] = []  # the changed topic's new picture is missing
    with pytest.raises(BundleError):
        validate_manifest(apply_delta(base, delta))


# ---- keywords (synonyms managers add) through validation, digest, export and deltas -------------

def _with_keywords(manifest, topic_id, keywords):
    changed = json.loads(json.dumps(manifest))
    next(t for t in changed["topics"] if t["id"] == topic_id)["keywords"] = keywords
    return changed


def test_keywords_are_optional_and_count_in_the_digest_only_when_given(bundle_dir):
    """Releases without keywords keep their digest (kiosks and server agree on old releases);
    a release whose only change is a keyword has another (no delta onto the wrong base)."""
    manifest = read_bundle(bundle_dir)
    assert manifest_problems(_with_keywords(manifest, "betrug-sms", ["Enkeltrick"])) == []
    assert manifest_digest(_with_keywords(manifest, "betrug-sms", [])) == \
        manifest_digest(manifest) == (  # as before keywords existed
        "3fd592f27330d7a6098753eb31bb548ce9e623bed5af80dbcb9763766d9e5214")
    assert manifest_digest(_with_keywords(manifest, "betrug-sms", ["Enkeltrick"])) != \
        manifest_digest(manifest)


def test_keywords_survive_export_and_a_delta(content_store, tmp_path, assets_dir):
    base = content.export_manifest(content_store)
    new = _with_keywords(base, "betrug-sms", ["Enkeltrick", "Schockanruf"])
    new["release"] = 2
    delta = _delta(base, new)
    assert [t["id"] for t in delta["topics"]] == ["betrug-sms"]
    import_bundle(content_store, apply_delta(base, delta), None, assets_dir)
    exported = content.export_manifest(content_store)
    assert manifest_digest(exported) == manifest_digest(new) != manifest_digest(base)
    # the next delta removes them again
    newer = _with_keywords(exported, "betrug-sms", [])
    newer["release"] = 3
    import_bundle(content_store, apply_delta(exported, _delta(exported, newer)), None, assets_dir)
    assert "keywords" not in next(t for t in content.export_manifest(content_store)["topics"]
                                  if t["id"] == "betrug-sms")


# ---- "Stand" and sources: optional topic fields (issue 18) --------------------------------------

GOOD_SOURCES = [{"title": "Verbraucherzentrale: Fakeshop-Finder",
                 "url": "https://www.verbraucherzentrale.de/fakeshopfinder"},
                {"title": "BSI", "url": "https://www.bsi.bund.de"}]


def _with_fields(manifest, **fields):
    changed = json.loads(json.dumps(manifest))
    changed["topics"][0].update(fields)
    return changed


def test_checked_and_sources_are_optional_and_only_checked_is_in_the_digest(bundle_dir):
    """The store keeps a topic's "Stand" (so a new month must reach the kiosk), not its
    sources."""
    manifest = read_bundle(bundle_dir)
    dated = _with_fields(manifest, checked="2026-12", sources=GOOD_SOURCES)
    assert manifest_problems(manifest) == manifest_problems(dated) == []
    sourced = _with_fields(manifest, sources=GOOD_SOURCES)
    assert manifest_digest(sourced) == manifest_digest(manifest)
    assert manifest_digest(dated) != manifest_digest(manifest)
    assert manifest_digest(dated) == manifest_digest(_with_fields(manifest, checked="2026-12"))


@pytest.mark.parametrize(("fields", "message"), [
    ({"checked": 202612}, "checked: erwartet str"),
    ({"checked": "12/2026"}, "kein Monat. So ist es richtig: 2026-12"),
    ({"checked": "2026-13"}, "kein Monat"),
    ({"sources": "https://www.bsi.bund.de"}, "sources: erwartet list"),
    ({"sources": [GOOD_SOURCES[1]] * 11}, "höchstens 10 Quellen"),
    ({"sources": ["https://www.bsi.bund.de"]}, r"sources\[1\]: erwartet dict"),
    ({"sources": [{"url": "https://www.bsi.bund.de"}]}, r"sources\[1\].title: erwartet str"),
    ({"sources": [{"title": " ", "url": "https://www.bsi.bund.de"}]}, "Name der Quelle"),
    ({"sources": [{"title": "BSI", "url": "www.bsi.bund.de"}]}, "keine Internet-Adresse"),
    ({"sources": [{"title": "BSI", "url": "https://bsi bund de"}]}, "keine Internet-Adresse"),
    ({"sources": [GOOD_SOURCES[0], {"title": "BSI"}]}, r"sources\[2\].url: erwartet str"),
])
def test_bad_checked_or_sources_is_a_plain_problem(bundle_dir, fields, message):
    problems = manifest_problems(_with_fields(read_bundle(bundle_dir), **fields))
    assert len(problems) == 1 and re.search(message, problems[0]), problems


def test_every_demo_topic_says_when_it_was_checked_and_after_which_sources():
    from kiosk.demo import DEMO_DIR

    for topic in read_bundle(DEMO_DIR / "bundle")["topics"]:
        assert topic["checked"] == "2026-12", topic["id"]
        assert topic["sources"] and all(s["url"].startswith("https://")
                                        for s in topic["sources"]), topic["id"]


# ---- translation status (issue 17): per translated language, never for German ------------------

def test_a_translation_status_names_a_translated_language_and_a_known_status(bundle_dir):
    manifest = read_bundle(bundle_dir)
    translated = [lang for lang in manifest["topics"][0]["title"] if lang != "de"]
    assert translated, "the test bundle's first topic needs a translation"
    good = {lang: "reviewed" for lang in translated}
    assert manifest_problems(_with_fields(manifest, translation_status=good)) == []
    for status, message in [({"de": "translated"}, "'de' ist keine Übersetzung"),
                            ({"xx": "translated"}, "'xx' ist keine Übersetzung"),
                            ({translated[0]: "übersetzt"}, "kein Stand der Übersetzung"),
                            (["translated"], "translation_status: erwartet dict")]:
        problems = manifest_problems(_with_fields(manifest, translation_status=status))
        assert len(problems) == 1 and message in problems[0], (status, problems)


def test_every_demo_translation_has_a_status():
    from kiosk.demo import DEMO_DIR

    for topic in read_bundle(DEMO_DIR / "bundle")["topics"]:
        translated = {lang for lang in topic["title"] if lang != "de"}
        assert set(topic.get("translation_status", {})) == translated, topic["id"]


def test_an_arabic_question_mark_ends_a_sentence():
    """Else an Arabic question and the sentence after it counted as one (too long)."""
    from kiosk.bundle import long_sentences, sentences

    question = "هل وصلتك رسالة من رقم لا تعرفه؟"
    assert sentences(f"{question} لا تضغط على الرابط.") == [question, "لا تضغط على الرابط."]
    assert long_sentences(f"{question} {'كلمة ' * 12}.") == []
