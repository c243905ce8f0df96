"""Bundle validation and import: a bad bundle is refused whole and the old content stays."""

import json
import shutil

import pytest

from kiosk import content
from kiosk.bundle import BundleError, long_sentences, read_bundle
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
    guide = content.topic(content_store, "whatsapp-foto", "en")
    assert guide.title == "Send photos with WhatsApp"          # translated
    assert guide.steps[0].text == "Öffnen Sie WhatsApp."       # falls back to German
    assert all((assets_dir / s.image).is_file() for s in guide.steps)


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
    "bad json": (_break_json, "not valid JSON"),
    "missing asset file": (_drop_file, "missing"),
    "wrong hash": (_tamper_file, "sha256"),
    "truncated": (_truncate_file, "bytes"),
    "old release": (_mutation(lambda m: m.update(release=1)), "not newer"),
    "wrong format": (_mutation(lambda m: m.update(format=2)), "format"),
    "release as text": (_mutation(lambda m: m.update(release="3")), "release"),
    "topics not a list": (_mutation(lambda m: m.update(topics={})), "topics"),
    "step without picture": (_mutation(lambda m: m["topics"][0]["steps"][0].pop("image")),
                             "no picture"),
    "picture not listed": (_mutation(lambda m: m["topics"][0]["steps"][0].update(image="a" * 64)),
                           "not in the asset list"),
    "long sentence": (_mutation(lambda m: m["topics"][0]["steps"][0]["text"].update(
        de="Das ist ein sehr langer Satz mit viel zu vielen Wörtern für Menschen die gerade "
           "erst anfangen und Ruhe brauchen.")), "15 words"),
    "no german": (_mutation(lambda m: m["topics"][0].update(title={"en": "Photos"})), "German"),
    "unknown category": (_mutation(lambda m: m["topics"][0].update(category="nope")),
                         "unknown category"),
    "bad id": (_mutation(lambda m: m["topics"][0].update(id="Fotos schicken!")), "valid id"),
    "duplicate id": (_mutation(lambda m: m["topics"][1].update(id=m["topics"][0]["id"])),
                     "twice"),
    "svg asset": (_mutation(lambda m: m["assets"][0].update(media_type="image/svg+xml")),
                  "not allowed"),
    "text as number": (_mutation(lambda m: m["topics"][0]["summary"].update(de=5)), "str"),
    "no steps": (_mutation(lambda m: m["topics"][0].update(steps=[])), "steps"),
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
    with pytest.raises(BundleError, match="cannot read manifest"):
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
    """The shipped demo: ≥ 24 topics in ≥ 6 categories, 3–8 steps, pictures, short sentences."""
    from kiosk.demo import DEMO_DIR

    bundle = DEMO_DIR / "bundle"
    manifest = read_bundle(bundle)  # checks every picture's size and sha256, sentence length
    assert len(manifest["categories"]) >= 6
    assert len(manifest["topics"]) >= 24
    for topic in manifest["topics"]:
        assert 3 <= len(topic["steps"]) <= 8, topic["id"]
        for step in topic["steps"]:
            assert step["image"] and step["text"]["de"].strip()
            for abbreviation in ("z.B.", "z. B.", "bzw.", "usw.", "ca.", "evtl.", "ggf."):
                assert abbreviation not in step["text"]["de"], (topic["id"], abbreviation)
    copy = tmp_path / "demo"
    shutil.copytree(bundle, copy)
    assert read_bundle(copy) == manifest
