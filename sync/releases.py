"""Content releases: fetch the manifest, download missing pictures, switch in one transaction.

Like Firefox Remote Settings' attachments: every picture is downloaded to a temp file (streamed,
never more than its listed size), checked by size and sha256, and renamed into the assets folder
under its sha256; only when all are there does :func:`kiosk.content.import_bundle` switch the
store. A malformed manifest, a release not newer than the current one, a bad hash or a truncated
download is refused and logged, and the old content stays on screen.

A release refused for being older is remembered by its ETag (releases never change once
published), so the next poll sends it in ``If-None-Match`` and costs a 304, not the manifest again.
Other refusals (bad picture, broken download, malformed manifest) are retried next round.

Updates come as deltas when the server still has the kiosk's release: the request names the
release and its content digest, the answer holds only new or changed topics, the ids of removed
ones, all categories and the pictures they use. The kiosk rebuilds the whole manifest from its
store (:func:`kiosk.content.export_manifest`, :func:`kiosk.bundle.apply_delta`) and from then on
treats it exactly like a whole one: validated, missing pictures fetched, one transaction.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.bundle import (
    BundleError,
    apply_delta,
    decode_manifest,
    manifest_digest,
    validate_manifest,
)
from kiosk.content import current_release, export_manifest, have_asset, import_bundle
from kiosk.store import Store
from sync.client import Client, DownloadError

log = logging.getLogger("sync.content")

REFUSED = "content_refused"   # {"etag": ..., "reason": ...} of the last refused manifest
DIGEST = "content_digest"     # {"release": ..., "digest": ...} of the release in the store


class ContentRefused(Exception):
    """A release was refused; the old content stays. The message says why (for the log)."""


@dataclass
class ContentResult:
    release: int
    changed: bool = False
    downloaded: int = 0


def _refuse(store: Store, etag: str | None, reason: str, remember: bool) -> ContentRefused:
    log.warning("content release refused, old content kept: %s", reason)
    if remember and etag:
        store.set_meta(REFUSED, json.dumps({"etag": etag, "reason": reason[:300]}))
    return ContentRefused(reason)


def sync_content(store: Store, client: Client, assets_dir: Path) -> ContentResult:
    """Bring the store to the server's current release. Raises ContentRefused or Offline."""
    current = current_release(store)
    etags = [f'"release-{current}"'] if current else []
    refused = json.loads(store.get_meta(REFUSED) or "{}")
    if refused.get("etag") and refused["etag"] not in etags:
        etags.append(refused["etag"])
    try:
        status, body, etag = client.manifest(etags, current or None,
                                             _digest(store, current) if current else None)
    except DownloadError as e:
        raise _refuse(store, None, f"malformed manifest: {e}", remember=False) from None
    if status in (304, 404):  # nothing new, or nothing published yet
        return ContentResult(current)
    try:
        manifest = _full_manifest(store, body or b"", current)
    except BundleError as e:
        # Not remembered: a published manifest was checked by the server, so a broken one is
        # most likely damaged on the way; the next round asks again.
        raise _refuse(store, etag, f"malformed manifest: {e}", remember=False) from None
    release = manifest["release"]
    if release <= current:
        raise _refuse(store, etag, f"release {release} is not newer than {current}",
                      remember=True)

    downloaded = 0
    for asset in manifest["assets"]:
        if have_asset(asset, assets_dir):
            continue
        try:
            tmp = client.download_asset(asset, assets_dir)
        except DownloadError as e:
            raise _refuse(store, etag, f"release {release}: {e}", remember=False) from None
        os.replace(tmp, assets_dir / asset["sha256"])
        downloaded += 1
    _fsync_dir(assets_dir)
    try:
        import_bundle(store, manifest, None, assets_dir)
    except BundleError as e:
        raise _refuse(store, etag, f"release {release}: {e}", remember=False) from None
    store.db.execute("DELETE FROM meta WHERE key = ?", [REFUSED])
    log.info("content release %d switched in (%d pictures downloaded)", release, downloaded)
    return ContentResult(release, changed=True, downloaded=downloaded)


def _digest(store: Store, release: int) -> str:
    """The content digest of the store's release (kiosk.bundle.manifest_digest), computed from
    the store once per release and kept in meta."""
    kept = json.loads(store.get_meta(DIGEST) or "{}")
    if kept.get("release") == release and isinstance(kept.get("digest"), str):
        return kept["digest"]
    digest = manifest_digest(export_manifest(store))
    store.set_meta(DIGEST, json.dumps({"release": release, "digest": digest}))
    return digest


def _full_manifest(store: Store, body: bytes, current: int) -> dict:
    """The whole manifest of the answer: as sent, or rebuilt from a delta and the store.
    Raises BundleError for anything malformed, a delta for another base, or a result that
    breaks a rule of the format."""
    data = decode_manifest(body)
    if isinstance(data, dict) and "base_release" in data:
        if data["base_release"] != current:
            raise BundleError(f"delta for release {data['base_release']!r}, "
                              f"the kiosk has {current}")
        data = apply_delta(export_manifest(store), data)
    return validate_manifest(data)


def _fsync_dir(folder: Path) -> None:
    if not folder.is_dir():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
