"""The kiosk's enrolment: which server, and the kiosk's bearer token.

Stored in ``<data_dir>/credentials.json`` with mode 600, written atomically. The token is a
secret: it is never logged and never shown in a ``repr``.

Usage::

    enrol(settings.data_dir, "https://digiquartier.example.org", token)
    credentials = load(settings.data_dir)      # None when the kiosk is not enrolled
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

FILENAME = "credentials.json"


class EnrolmentError(ValueError):
    """The URL or token cannot be used, or the credentials file is broken."""


@dataclass(frozen=True)
class Credentials:
    server_url: str
    token: str = field(repr=False)


def path(data_dir: Path) -> Path:
    return Path(data_dir) / FILENAME


def normalise_url(url: str) -> str:
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EnrolmentError(f"not an http(s) URL: {url!r}")
    if parts.query or parts.fragment:
        raise EnrolmentError("the server URL must not have a query or fragment")
    return url


def enrol(data_dir: Path, server_url: str, token: str) -> Credentials:
    """Store the server URL and token (mode 600); returns them."""
    token = token.strip()
    if not token or len(token) > 200 or any(c.isspace() for c in token):
        raise EnrolmentError("the token is empty, too long or contains spaces")
    credentials = Credentials(normalise_url(server_url), token)
    target = path(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".credentials-", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"server_url": credentials.server_url, "token": token}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return credentials


def load(data_dir: Path) -> Credentials | None:
    """The stored credentials, or None when the kiosk is not enrolled."""
    try:
        data = json.loads(path(data_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        raise EnrolmentError(f"{path(data_dir)} cannot be read: {type(e).__name__}") from None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), str) and data[k] for k in ("server_url", "token")
    ):
        raise EnrolmentError(f"{path(data_dir)} is not a credentials file")
    return Credentials(data["server_url"], data["token"])
