"""The kiosk API's part for content: ``GET /content/manifest`` (the newest release for the
kiosk's quartier, whole or as a delta from the kiosk's release) and
``GET /content/assets/{sha256}`` (docs/protocol.md)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from dqserver.apitools import (
    AUTH_ERRORS,
    URI_TOO_LONG,
    Problem,
    error,
    etag_matches,
    maybe_gzip,
    not_modified,
)
from dqserver.kiosks.auth import auth

from . import releases
from .models import Asset

router = Router()


@router.get("/manifest", auth=auth, response={200: dict, 304: None, 400: Problem,
                                                   404: Problem, **AUTH_ERRORS},
         openapi_extra=URI_TOO_LONG,
         summary="Manifest der aktuellen Inhalts-Version (docs/content-bundle.md); mit "
                 "base/base_digest nur die Änderungen seit der Version des Kiosks")
def manifest(request, base: str = "", base_digest: str = ""):
    release = releases.current_release(request.auth.quartier)
    if release is None:
        return error(404, "Es ist noch keine Inhalts-Version veröffentlicht.")
    etag = f'"release-{release.number}"'
    if etag_matches(request, etag):
        return not_modified(etag)
    data, delta_base = releases.manifest_for(release, base[:20], base_digest[:64])
    key = ("manifest", release.number, delta_base)
    response = maybe_gzip(request, data, lambda raw: releases.gzipped(key, raw))
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@router.get("/assets/{sha256}", auth=auth, response={200: bytes, 400: Problem,
                                                          404: Problem, **AUTH_ERRORS},
         openapi_extra=URI_TOO_LONG,
         summary="Ein Bild, adressiert über den SHA-256 seiner Bytes (unveränderlich)")
def asset(request, sha256: str):
    if not releases.SHA_RE.fullmatch(sha256):
        return error(404, "Unbekanntes Bild: erwartet wird ein SHA-256 (64 Hex-Zeichen, klein).")
    item = Asset.objects.filter(sha256=sha256).first()
    if item is None:
        return error(404, "Unbekanntes Bild.")
    etag = f'"{sha256}"'
    if etag_matches(request, etag):
        return not_modified(etag)
    response = HttpResponse(bytes(item.data), content_type=item.media_type)
    response["Content-Length"] = str(item.size)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["ETag"] = etag
    return response
