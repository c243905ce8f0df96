"""HTTP to the central server: one ``requests.Session``, a timeout on every request.

Errors fall in two kinds, as the push rules need them:

- :class:`Offline`: the server could not be reached or answered with 5xx/429 (network error,
  dropped connection, timeout). Retry later; ``retry_after`` carries the server's wish.
- :class:`Refused`: a 4xx for the whole request. Resending it unchanged will not help.
  :class:`Unauthorized` (401) means the token is wrong, rotated or revoked.

Usage::

    client = Client(credentials, timeout_s=10)
    body, etag = client.changes(since="", etag=None)      # (None, etag) on 304
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from kiosk import __version__
from sync import wire
from sync.credentials import Credentials

CHUNK = 64 * 1024


class SyncError(Exception):
    """Base class of the sync client's errors; the message is safe to log (never the token)."""


class Offline(SyncError):
    """Not reached, or the server could not answer now (5xx, 429): try again later."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class Refused(SyncError):
    """The server refused the whole request with a 4xx."""

    def __init__(self, status: int, detail: str):
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


class Unauthorized(Refused):
    """401: the kiosk's token is not (or no longer) valid."""


class DownloadError(SyncError):
    """A downloaded picture is too long, truncated, or does not match its sha256."""


def _detail(response: requests.Response) -> str:
    try:
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("detail"), str):
            return body["detail"][:300]
    except ValueError:
        pass
    return (response.reason or "")[:300]


class Client:
    def __init__(self, credentials: Credentials, timeout_s: float = 10,
                 session: requests.Session | None = None):
        self.base_url = credentials.server_url.rstrip("/")
        self.timeout = (min(5.0, timeout_s), timeout_s)  # (connect, read) seconds
        self.session = session or requests.Session()
        self.session.headers.update({
            "Authorization": f"Bearer {credentials.token}",
            "User-Agent": f"digiquartier-kiosk/{__version__}",
            "Accept": "application/json",
        })

    def close(self) -> None:
        self.session.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            response = self.session.request(method, self.base_url + path,
                                            timeout=self.timeout, **kwargs)
        except requests.Timeout:
            raise Offline(f"{method} {path}: no answer within {self.timeout[1]:g} s") from None
        except requests.RequestException as e:
            raise Offline(f"{method} {path}: {type(e).__name__}") from None
        self._raise_for_status(method, path, response)
        return response

    @staticmethod
    def _raise_for_status(method: str, path: str, response: requests.Response) -> None:
        status = response.status_code
        if status >= 500 or status == 429:
            retry = wire.retry_after_seconds(response.headers.get("Retry-After"))
            response.close()
            raise Offline(f"{method} {path}: HTTP {status}", retry_after=retry)
        if status == 401:
            raise Unauthorized(status, _detail(response))
        if status >= 400 and status != 404:
            raise Refused(status, _detail(response))

    def _json(self, method: str, path: str, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            # A proxy or a cut connection can leave half a body: that is a network problem.
            raise Offline(f"{method} {path}: answer is not complete JSON") from None

    def changes(self, since: str, etag: str | None,
                limit: int = wire.PAGE_LIMIT) -> tuple[dict[str, Any] | None, str | None]:
        """One page of the changes feed as sent, unchecked (sync/pull.py checks it);
        ``(None, etag)`` when the server answers 304."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self._request("GET", wire.CHANGES, params={"since": since, "limit": limit},
                                 headers=headers)
        if response.status_code == 304:
            return None, response.headers.get("ETag", etag)
        if response.status_code == 404:
            raise Refused(404, _detail(response))
        return self._json("GET", wire.CHANGES, response), response.headers.get("ETag")

    def manifest(self, etags: list[str], base: int | None = None, base_digest: str | None = None
                 ) -> tuple[int, bytes | None, str | None]:
        """(status, body, etag) of the current release's manifest: 200, 304 or 404.

        With ``base`` (the kiosk's release) and its ``base_digest`` the server may answer a
        delta instead of the whole manifest (docs/content-bundle.md)."""
        headers = {"If-None-Match": ", ".join(etags)} if etags else {}
        params = {"base": base, "base_digest": base_digest} if base and base_digest else None
        response = self._request("GET", wire.MANIFEST, headers=headers, params=params,
                                 stream=True)
        try:
            with response:
                body = response.content if response.status_code == 200 else None
        except requests.exceptions.ContentDecodingError:
            raise DownloadError("manifest: the compressed answer does not decode") from None
        except requests.RequestException as e:  # cut off on the way
            raise Offline(f"GET {wire.MANIFEST}: {type(e).__name__}") from None
        return response.status_code, body, response.headers.get("ETag")

    def download_asset(self, asset: dict[str, Any], folder: Path) -> Path:
        """Stream one picture into a temp file in ``folder``; verified by size and sha256.

        Never writes more than the listed size (+1 byte to notice a longer answer). Returns the
        temp file; the caller renames it into place. Raises :class:`DownloadError` or
        :class:`Offline`, leaving no temp file behind.
        """
        sha, size = asset["sha256"], asset["size"]
        path = wire.ASSET.format(sha256=sha)
        response = self._request("GET", path, stream=True)
        if response.status_code == 404:
            response.close()
            raise DownloadError(f"asset {sha[:12]}…: the server does not have it (404)")
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{sha[:16]}-", suffix=".part")
        digest, written = hashlib.sha256(), 0
        deadline = time.monotonic() + max(30.0, 4 * self.timeout[1])
        try:
            with os.fdopen(fd, "wb") as f, response:
                for chunk in response.iter_content(CHUNK):
                    written += len(chunk)
                    if written > size:
                        raise DownloadError(f"asset {sha[:12]}…: longer than {size} bytes")
                    if time.monotonic() > deadline:
                        raise Offline(f"GET {path}: download too slow")
                    digest.update(chunk)
                    f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
            if written != size:
                raise DownloadError(f"asset {sha[:12]}…: truncated, {written} of {size} bytes")
            if digest.hexdigest() != sha:
                raise DownloadError(f"asset {sha[:12]}…: content does not match its sha256")
        except requests.RequestException as e:
            Path(tmp).unlink(missing_ok=True)
            raise DownloadError(f"asset {sha[:12]}…: download broke off ({type(e).__name__})"
                                ) from None
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Path(tmp)

    def post_ops(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send a batch; returns the per-op results (same order). Raises Offline/Refused."""
        response = self._request("POST", wire.OPS, json={"ops": ops})
        if response.status_code == 404:
            raise Refused(404, _detail(response))
        body = self._json("POST", wire.OPS, response)
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise Offline("POST /ops: answer without results")
        return results

    def heartbeat(self, beat: dict[str, Any]) -> None:
        response = self._request("POST", wire.HEARTBEAT, json=beat)
        if response.status_code == 404:
            raise Refused(404, _detail(response))
