"""GET /content/manifest?base=&base_digest=: a delta for a kiosk whose release the server has;
compact JSON, gzip when accepted, ETag/304 as before."""

from __future__ import annotations

import gzip
import json

import pytest
from dqserver.content import releases
from dqserver.content.models import Step, Topic, store_asset
from dqserver.management.commands.seed_demo import tiny_png

from tests.server.conftest import make_slot


@pytest.fixture
def two_releases(topic):
    first = releases.publish()
    topic.title_de = "Betrugs-SMS sicher erkennen"
    topic.save()
    Step.objects.filter(topic=topic, position=2).update(
        image=store_asset(tiny_png((9, 9, 9)), "CC0, Test"))
    second = Topic.objects.create(slug="videoanruf", category=topic.category, position=2,
                                  title_de="Videoanruf", summary_de="So rufen Sie an.")
    Step.objects.create(topic=second, position=1, text_de="Tippen Sie auf die Kamera.",
                        image=store_asset(tiny_png((1, 2, 3)), "CC0, Test"))
    return first, releases.publish()


def digest_of(release) -> str:
    return releases.manifest_digest(json.loads(release.manifest_json))


def test_published_manifest_is_compact(two_releases):
    _, release = two_releases
    assert "\n " not in release.manifest_json


def test_delta_for_a_known_base(kiosk_client, two_releases):
    first, second = two_releases
    response = kiosk_client.get("/content/manifest",
                                {"base": first.number, "base_digest": digest_of(first)})
    assert response.status_code == 200 and response["ETag"] == f'"release-{second.number}"'
    delta = response.json()
    assert delta["base_release"] == first.number and delta["release"] == second.number
    assert {t["id"] for t in delta["topics"]} == {"betrugs-sms-erkennen", "videoanruf"}
    assert delta["removed_topics"] == []
    full = json.loads(second.manifest_json)
    assert delta["categories"] == full["categories"]
    used = {s["image"] for t in delta["topics"] for s in t["steps"]} | {
        c["icon"] for c in full["categories"] if c.get("icon")}
    assert delta["assets"] == [a for a in full["assets"] if a["sha256"] in used]


def test_removed_topics_are_listed(kiosk_client, two_releases):
    first, second = two_releases
    Topic.objects.filter(slug="videoanruf").update(active=False)
    third = releases.publish()
    delta = kiosk_client.get("/content/manifest", {"base": second.number,
                                                   "base_digest": digest_of(second)}).json()
    assert delta["release"] == third.number and delta["removed_topics"] == ["videoanruf"]
    assert delta["topics"] == []
    icons = {c["icon"] for c in delta["categories"]}  # unchanged topics' pictures stay out
    assert len(icons) == 1 and [a["sha256"] for a in delta["assets"]] == list(icons)


@pytest.mark.parametrize("params", [{}, {"base": "99", "base_digest": "0" * 64},
                                    {"base": "1", "base_digest": "0" * 64},
                                    {"base": "1"}, {"base": "x", "base_digest": "y"},
                                    {"base": "-1", "base_digest": "0" * 64},
                                    {"base": "1" * 300, "base_digest": "a" * 300}])
def test_unknown_or_unverified_base_gets_the_whole_manifest(kiosk_client, two_releases, params):
    _, second = two_releases
    if params.get("base") == "1":
        params = {**params, "base": str(two_releases[0].number)}
    response = kiosk_client.get("/content/manifest", params)
    assert response.status_code == 200
    assert response.content.decode() == second.manifest_json


def test_base_equal_to_current_is_the_whole_manifest_or_304(kiosk_client, two_releases):
    _, second = two_releases
    params = {"base": second.number, "base_digest": digest_of(second)}
    assert "base_release" not in kiosk_client.get("/content/manifest", params).json()
    idle = kiosk_client.get("/content/manifest", params,
                            headers={"If-None-Match": f'"release-{second.number}"'})
    assert idle.status_code == 304 and idle.content == b""


def test_gzip_when_accepted_same_etag(kiosk_client, two_releases):
    first, second = two_releases
    plain = kiosk_client.get("/content/manifest")
    packed = kiosk_client.get("/content/manifest", headers={"Accept-Encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert packed["ETag"] == plain["ETag"]
    delta = kiosk_client.get("/content/manifest", {"base": first.number,
                                                   "base_digest": digest_of(first)},
                             headers={"Accept-Encoding": "gzip"})
    assert json.loads(gzip.decompress(delta.content))["base_release"] == first.number


def test_feed_is_gzipped_when_big_enough(kiosk_client, quartier, helper):
    def get(headers=None):
        return kiosk_client.get("/changes", {"since": ""}, headers=headers or {})

    plain, packed = get(), get({"Accept-Encoding": "gzip"})
    assert len(plain.content) < 1024  # small: sent as it is
    assert packed.content == plain.content and "Content-Encoding" not in packed
    for days in range(1, 11):
        make_slot(quartier, helper, days=days)
    plain, packed = get(), get({"Accept-Encoding": "gzip"})
    assert len(plain.content) >= 1024 and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] == plain["ETag"]
