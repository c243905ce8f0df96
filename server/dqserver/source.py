"""The program's source for everyone who uses it over the network (AGPL-3.0 §13).

Every admin page links to it in its footer and the API's root names it. Without
``DQ_SOURCE_URL`` (a public repository of exactly this code) the server hands out the source it
runs itself: ``/quelltext.tar.gz``, made from the release's own files on first request and kept
per version, so local changes are offered too.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.views.decorators.http import require_GET
from kiosk import __version__

# What the program is made of, as far as the release has it (an install of the server carries
# kiosk/, server/, assets/demo and deploy/; a checkout all of it). No data, no venv, no caches.
PARTS = ("digiquartier.py", "kiosk", "screens", "sync", "server", "assets", "deploy", "scripts",
         "bench", "tests", "pyproject.toml", "uv.lock", "README.md", "LICENSE", "CHANGELOG.md",
         "CONTRIBUTING.md")
SKIPPED = {"__pycache__", ".pytest_cache"}


def source_url(request: HttpRequest | None = None) -> str:
    """Where the source is: ``DQ_SOURCE_URL``, or this server's own archive (at its public
    address when ``DQ_PUBLIC_URL`` says it, as the helpers' calendar addresses are)."""
    if settings.DQ_SOURCE_URL:
        return settings.DQ_SOURCE_URL
    path = reverse("source-archive")
    if settings.DQ_PUBLIC_URL:
        return settings.DQ_PUBLIC_URL + path
    return request.build_absolute_uri(path) if request is not None else path


def source_link(request: HttpRequest) -> dict[str, str]:
    """Template context for the admin's footer."""
    return {"source_url": source_url(request), "dq_version": __version__}


def _archive(path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for part in PARTS:
            if (settings.REPO_DIR / part).exists():
                tar.add(settings.REPO_DIR / part, arcname=f"digiquartier-{__version__}/{part}",
                        filter=lambda info: None if SKIPPED & set(Path(info.name).parts)
                        else info)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_bytes(buffer.getvalue())
    temporary.replace(path)


@require_GET
def source_archive(request: HttpRequest) -> FileResponse:
    path = settings.VAR_DIR / "cache" / f"quelltext-{__version__}.tar.gz"
    if not path.exists():
        _archive(path)
    return FileResponse(path.open("rb"), as_attachment=True,
                        filename=f"digiquartier-{__version__}.tar.gz",
                        content_type="application/gzip")
