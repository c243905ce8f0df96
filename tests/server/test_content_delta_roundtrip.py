"""A delta built by the server, applied by the kiosk's code, gives the release's digest.

The server builds deltas (``dqserver.content.releases.manifest_delta``, served by
``GET /content/manifest?base=&base_digest=``); the kiosk rebuilds the whole manifest from its
store and the delta (``kiosk.bundle.apply_delta`` in ``sync.releases.sync_content``). Both sides
name a release's content by ``kiosk.bundle.manifest_digest``: a delta that misses a change would
leave the kiosk with a release whose digest is not the server's, and every later delta refused.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dqserver.content import releases
from dqserver.content.models import Asset, Category, Step, Topic, store_asset
from dqserver.management.commands.seed_demo import tiny_png

from kiosk.bundle import apply_delta, manifest_digest
from kiosk.content import export_manifest
from kiosk.store import Store
from sync.releases import sync_content

LICENCE = "CC0, Test"


class ThroughTestClient:
    """The two content calls of ``sync.client.Client``, answered by this server in-process."""

    def __init__(self, kiosk_client):
        self.api = kiosk_client
        self.answers: list[dict] = []

    def manifest(self, etags, base=None, base_digest=None):
        params = {"base": base, "base_digest": base_digest} if base and base_digest else {}
        headers = {"If-None-Match": ", ".join(etags)} if etags else {}
        response = self.api.get("/content/manifest", params, headers=headers)
        body = response.content if response.status_code == 200 else None
        if body:
            self.answers.append(json.loads(body))
        return response.status_code, body, response.get("ETag")

    def download_asset(self, asset: dict, folder: Path) -> Path:
        response = self.api.get(f"/content/assets/{asset['sha256']}")
        assert response.status_code == 200
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f".{asset['sha256'][:16]}.part"
        part.write_bytes(response.content)
        return part


@pytest.fixture
def two_topics(topic):
    other = Topic.objects.create(slug="videoanruf", category=topic.category, position=2,
                                 title_de="Videoanruf", summary_de="So rufen Sie an.")
    Step.objects.create(topic=other, position=1, text_de="Tippen Sie auf die Kamera.",
                        alt_de="Eine Kamera.", image=store_asset(tiny_png((1, 2, 3)), LICENCE))
    return topic, other


def change_title(topic, other):
    topic.title_de = "Betrugs-SMS sicher erkennen"
    topic.save()


def change_alt_text_only(topic, other):
    Step.objects.filter(topic=topic, position=1).update(alt_de="Ein Handy mit einer SMS.")


def change_translation(topic, other):
    topic.translations = {"en": {"title": "Spotting scam texts", "summary": "How to."}}
    topic.save()


def change_picture(topic, other):
    Step.objects.filter(topic=topic, position=2).update(
        image=store_asset(tiny_png((9, 9, 9)), LICENCE))


def change_licence_only(topic, other):
    sha = Step.objects.get(topic=other, position=1).image_id
    Asset.objects.filter(sha256=sha).update(licence="CC BY 4.0, DigiQuartier-Team")


def change_order(topic, other):
    Topic.objects.filter(pk=topic.pk).update(position=2)
    Topic.objects.filter(pk=other.pk).update(position=1)


def change_category(topic, other):
    Category.objects.filter(pk=topic.category_id).update(
        title_de="Sicher im Netz", position=3, icon=store_asset(tiny_png((7, 7, 7)), LICENCE))


def add_topic(topic, other):
    new = Topic.objects.create(slug="fotos-teilen", category=topic.category, position=3,
                               title_de="Fotos teilen", summary_de="So teilen Sie ein Foto.")
    Step.objects.create(topic=new, position=1, text_de="Tippen Sie auf Teilen.",
                        image=store_asset(tiny_png((4, 5, 6)), LICENCE))


def remove_topic(topic, other):
    Topic.objects.filter(pk=other.pk).update(active=False)


def add_a_category(topic, other):
    new = Category.objects.create(slug="alltag", position=2, title_de="Alltag")
    Topic.objects.filter(pk=other.pk).update(category=new)


CHANGES = [change_title, change_alt_text_only, change_translation, change_picture,
           change_licence_only, change_order, change_category, add_topic, remove_topic,
           add_a_category]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_the_kiosk_rebuilds_the_servers_release_from_a_delta(two_topics, change):
    first = releases.publish()
    change(*two_topics)
    second = releases.publish()
    base, new = json.loads(first.manifest_json), json.loads(second.manifest_json)
    assert manifest_digest(base) != manifest_digest(new)  # the change counts
    rebuilt = apply_delta(base, releases.manifest_delta(base, new))
    assert manifest_digest(rebuilt) == manifest_digest(new) == releases.release_digest(2)


def test_a_kiosk_syncs_by_delta_to_what_a_new_kiosk_gets_whole(kiosk_client, two_topics,
                                                                tmp_path):
    """Through the API and the kiosk's sync: release 1 whole, then every change as one delta."""
    client = ThroughTestClient(kiosk_client)
    store = Store.open(tmp_path / "old-kiosk.db")
    releases.publish()
    assert sync_content(store, client, tmp_path / "assets").release == 1
    # The digest the kiosk sends for its release is the server's: the server answers a delta.
    assert manifest_digest(export_manifest(store)) == releases.release_digest(1)

    for change in CHANGES:
        change(*two_topics)
    second = releases.publish()
    result = sync_content(store, client, tmp_path / "assets")
    delta = client.answers[-1]
    assert result.release == 2 and delta["base_release"] == 1
    assert len(delta["topics"]) < len(json.loads(second.manifest_json)["topics"]) + 1
    assert result.downloaded == 3  # the new pictures only: step, category icon, new topic
    assert manifest_digest(export_manifest(store)) == releases.release_digest(2)

    fresh = Store.open(tmp_path / "new-kiosk.db")
    sync_content(fresh, ThroughTestClient(kiosk_client), tmp_path / "fresh-assets")
    assert export_manifest(store) == export_manifest(fresh)
