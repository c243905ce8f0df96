"""Content releases: fetch the manifest, download missing pictures, switch in one transaction.

Like Firefox Remote Settings' attachments: every picture is downloaded to a temp file (streamed,
never more than its listed size), checked by size and sha256, and renamed into the assets folder
under its sha256; only when all are there does :func:`kiosk.content.import_bundle` switch the
store. A malformed manifest, a release not newer than the current one, a bad hash or a truncated
download is refused and logged, and the old content stays on screen.

A release refused for being older is remembered by its ETag (releases never change once
published), so the next poll sends it in ``If-None-Match`` and costs a 304, not the manifest again.
Other refusals (bad picture, broken download, malformed manifest) are retried next round.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.bundle import BundleError, check_asset_bytes, parse_manifest
from kiosk.content import current_release, import_bundle
from kiosk.store import Store
from sync.client import Client, DownloadError

log = logging.getLogger("sync.content")

REFUSED = "content_refused"   # {"etag": ..., "reason": ...} of the last refused manifest


class ContentRefused(Exception):
    """A release was refused; the old content stays. The message says why (for the log)."""


@dataclass
class ContentResult:
    release: int
    changed: bool = False
    downloaded: int = 0


def _have(asset: dict, folder: Path) -> bool:
    path = folder / asset["sha256"]
    if not path.is_file():
        return False
    try:
        check_asset_bytes(asset, path.read_bytes())
        return True
    except BundleError:
        path.unlink(missing_ok=True)
        return False


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
    status, body, etag = client.manifest(etags)
    if status in (304, 404):  # nothing new, or nothing published yet
        return ContentResult(current)
    try:
        manifest = parse_manifest(body or b"")
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
        if _have(asset, assets_dir):
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


def _fsync_dir(folder: Path) -> None:
    if not folder.is_dir():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
