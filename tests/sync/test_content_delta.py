"""Content updates as deltas (sync.releases): the kiosk asks with its release and digest,
rebuilds the manifest from the store, and refuses anything that does not fit — old content stays."""

from __future__ import annotations

import json
import shutil

import pytest

from kiosk import content
from kiosk.bundle import manifest_digest, read_bundle
from kiosk.content import current_release
from sync.client import DownloadError
from sync.releases import ContentRefused, sync_content
from tests.bundles import write_bundle


class ContentServer:
    """Answers like the server: a delta when asked with the right base and digest."""

    def __init__(self, base: dict, new: dict, files_dir):
        self.base, self.new, self.files_dir = base, new, files_dir
        self.asked: list[tuple] = []
        self.downloads: list[str] = []
        self.tamper = None

    def delta(self) -> dict:
        old = {t["id"]: t for t in self.base["topics"]}
        changed = [t for t in self.new["topics"] if old.get(t["id"]) != t]
        used = {s["image"] for t in changed for s in t["steps"]}
        delta = {"format": 1, "release": self.new["release"],
                 "base_release": self.base["release"], "created_at": self.new["created_at"],
                 "categories": self.new["categories"], "topics": changed,
                 "removed_topics": [i for i in old
                                    if i not in {t["id"] for t in self.new["topics"]}],
                 "assets": [a for a in self.new["assets"] if a["sha256"] in used]}
        if self.tamper:
            delta = json.loads(json.dumps(delta))
            self.tamper(delta)
        return delta

    def manifest(self, etags, base=None, base_digest=None):
        self.asked.append((tuple(etags), base, base_digest))
        if f'"release-{self.new["release"]}"' in etags:
            return 304, None, etags[0]
        if base == self.base["release"] and base_digest == manifest_digest(self.base):
            body = self.delta()
        else:
            body = self.new
        return 200, json.dumps(body).encode(), f'"release-{self.new["release"]}"'

    def download_asset(self, asset, folder):
        self.downloads.append(asset["sha256"])
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{asset['sha256'][:16]}.part"
        source = self.files_dir / asset["sha256"]
        if not source.is_file():
            raise DownloadError("404")
        shutil.copy(source, tmp)
        return tmp


@pytest.fixture
def update(content_store, tmp_path):
    """Release 2: one topic reworded, one removed; pictures of release 1 kept."""
    base = read_bundle(tmp_path / "bundle")
    new = json.loads(json.dumps(base))
    new["release"] = 2
    new["topics"][0]["title"]["de"] = "Fotos per WhatsApp senden"
    removed = new["topics"].pop()
    used = {s["image"] for t in new["topics"] for s in t["steps"]}
    new["assets"] = [a for a in new["assets"] if a["sha256"] in used]
    assert removed["id"] not in {t["id"] for t in new["topics"]}
    return ContentServer(base, new, tmp_path / "bundle" / "files")


def snapshot(store):
    return {t: list(store.db[t].rows) for t in ("categories", "topics", "steps", "assets")}


def test_update_comes_as_a_delta_and_is_switched_in(content_store, assets_dir, update):
    result = sync_content(content_store, update, assets_dir)
    assert result.changed and result.release == 2 and result.downloaded == 0
    (etags, base, digest), = update.asked
    assert base == 1 and digest == manifest_digest(update.base)
    assert manifest_digest(content.export_manifest(content_store)) == manifest_digest(update.new)
    assert content.topic(content_store, "whatsapp-foto", "de").title == \
        "Fotos per WhatsApp senden"
    # idle afterwards: a 304, and the digest of release 2 is kept for the next delta
    assert sync_content(content_store, update, assets_dir).changed is False


def test_new_topic_picture_is_the_only_download(content_store, assets_dir, update, tmp_path):
    extra = write_bundle(tmp_path / "extra", release=9)
    picture = extra["assets"][0]
    update.files_dir = tmp_path / "extra" / "files"
    update.new["topics"][0]["steps"][0]["image"] = picture["sha256"]
    update.new["assets"].append(picture)
    result = sync_content(content_store, update, assets_dir)
    assert result.changed and update.downloads == [picture["sha256"]]


def test_unknown_base_digest_gets_the_whole_manifest(content_store, assets_dir, update):
    update.base = json.loads(json.dumps(update.base))
    update.base["topics"][1]["title"]["de"] = "anders"  # the server's release 1 differs
    result = sync_content(content_store, update, assets_dir)
    assert result.changed and result.release == 2
    assert manifest_digest(content.export_manifest(content_store)) == manifest_digest(update.new)


def _wrong_base(d):
    d["base_release"] = 5


def _broken(d):
    d["topics"] = "nope"


def _missing_picture(d):
    d["topics"][0]["steps"][0]["image"] = "f" * 64


def _unknown_category(d):
    d["topics"][0]["category"] = "gibt-es-nicht"


def _removes_unknown(d):
    d["removed_topics"].append("gibt-es-nicht")


@pytest.mark.parametrize("tamper", [_wrong_base, _broken, _missing_picture, _unknown_category,
                                    _removes_unknown])
def test_bad_delta_is_refused_and_old_content_stays(content_store, assets_dir, update, tamper):
    before = snapshot(content_store)
    pictures = sorted(p.name for p in assets_dir.iterdir())
    update.tamper = tamper
    with pytest.raises(ContentRefused):
        sync_content(content_store, update, assets_dir)
    assert current_release(content_store) == 1 and snapshot(content_store) == before
    assert sorted(p.name for p in assets_dir.iterdir()) == pictures
    update.tamper = None                      # next round, a good answer comes in
    assert sync_content(content_store, update, assets_dir).release == 2
