"""Rules of the content format that mutation testing found unpinned (docs/mutation.md): each is
checked here on its own, at its limit and one past it."""

from __future__ import annotations

import copy

import pytest

from kiosk.bundle import MAX_STEPS, manifest_digest, manifest_problems
from tests.bundles import topic, write_bundle


@pytest.fixture
def manifest(tmp_path) -> dict:
    return write_bundle(tmp_path / "bundle")


def changed(manifest: dict, change) -> list[str]:
    copied = copy.deepcopy(manifest)
    change(copied)
    return manifest_problems(copied)


def test_the_fixture_is_valid(manifest):
    assert manifest_problems(manifest) == []


def test_a_category_icon_must_be_a_listed_picture(manifest):
    listed = manifest["assets"][0]["sha256"]
    assert changed(manifest, lambda m: m["categories"][0].update(icon=listed)) == []
    assert changed(manifest, lambda m: m["categories"][0].update(icon="a" * 64)) == [
        "categories[0].icon: Bild aaaaaaaaaaaa… steht nicht in der Bilderliste"]
    assert changed(manifest, lambda m: m["categories"][0].update(icon=None)) == []


@pytest.mark.parametrize(("steps", "problem"), [
    (0, "braucht 1 bis 12 Schritte, hat 0"),
    (1, None),
    (MAX_STEPS, None),
    (MAX_STEPS + 1, "braucht 1 bis 12 Schritte, hat 13"),
])
def test_a_topic_has_one_to_twelve_steps(tmp_path, steps, problem):
    assert MAX_STEPS == 12
    long = topic("viele-schritte", "nachrichten", "Viele Schritte", "Ein Thema mit Schritten.",
                 [f"Schritt {n}." for n in range(1, steps + 1)])
    manifest = write_bundle(tmp_path / "b", topics=[long])
    assert manifest_problems(manifest) == (
        [f"Thema viele-schritte: {problem}"] if problem else [])


@pytest.mark.parametrize(("release", "problem"), [
    (True, "release: erwartet int, ist bool"),
    (False, "release: erwartet int, ist bool"),
    (0, "release: muss eine positive ganze Zahl sein"),
    (-3, "release: muss eine positive ganze Zahl sein"),
    (1.0, "release: erwartet int, ist float"),
    ("2", "release: erwartet int, ist str"),
    (1, None),
    (7, None),
])
def test_release_is_a_positive_whole_number_and_no_bool(manifest, release, problem):
    assert changed(manifest, lambda m: m.update(release=release)) == (
        [problem] if problem else [])


def test_the_digest_counts_alt_texts(manifest):
    step = ("topics", 0, "steps", 0)

    def with_alt(alt):
        copied = copy.deepcopy(manifest)
        copied[step[0]][step[1]][step[2]][step[3]]["alt"] = alt
        return manifest_digest(copied)

    plain = manifest_digest(manifest)
    assert with_alt({"de": "Ein grüner Knopf"}) != plain
    assert with_alt({"de": "Ein grüner Knopf"}) != with_alt({"de": "Ein roter Knopf"})
    assert with_alt(None) == with_alt({}) == plain   # no alt text, however written


def first_topic(field, value):
    return lambda m: m["topics"][0].update({field: value})


@pytest.mark.parametrize(("field", "value", "refused"), [
    ("keywords", ["w" * 40] * 30, False),                  # 30 words of 40 letters: the most
    ("keywords", ["w"] * 31, True),
    ("keywords", ["w" * 41], True),
    ("sources", [{"title": "T" * 120, "url": "https://" + "a" * 489 + ".de"}] * 10, False),
    ("sources", [{"title": "T", "url": "https://a.de"}] * 11, True),
    ("sources", [{"title": "T" * 121, "url": "https://a.de"}], True),
    ("sources", [{"title": "T", "url": "https://" + "a" * 490 + ".de"}], True),  # 501 long
])
def test_keyword_and_source_limits(manifest, field, value, refused):
    assert bool(changed(manifest, first_topic(field, value))) is refused


def test_the_digest_counts_a_category_s_icon(manifest):
    icon = manifest["assets"][0]["sha256"]
    with_icon = copy.deepcopy(manifest)
    with_icon["categories"][0]["icon"] = icon
    assert manifest_digest(with_icon) != manifest_digest(manifest)
