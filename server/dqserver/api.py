"""Kiosk API, ``/api/v1/`` (see docs/protocol.md). OpenAPI schema at ``/api/v1/openapi.json``."""

from __future__ import annotations

import gzip
import json
import re
from datetime import timedelta
from typing import Annotated

import pydantic
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from kiosk import textrules
from kiosk.states import PrinterState
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from . import content, feed, ops, throttle
from .models import Asset, Kiosk, hash_token

api = NinjaAPI(title="DigiQuartier Kiosk-API", version="1", urls_namespace="api-v1",
               docs_url="/docs")


class Throttled(Exception):
    """Too many wrong tokens from this address; ``retry_after`` seconds until it may try."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


class KioskAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Kiosk | None:
        wait = throttle.retry_after(throttle.FAILED_TOKEN, request)
        if wait is not None:
            raise Throttled(wait)
        kiosk = (Kiosk.objects.select_related("quartier")
                 .filter(token_hash=hash_token(token)).first()
                 if token and len(token) <= 200 else None)
        if kiosk is None:
            throttle.count_failure(throttle.FAILED_TOKEN, request)
            return None
        now = timezone.now()
        if kiosk.last_seen is None or now - kiosk.last_seen > timedelta(seconds=60):
            Kiosk.objects.filter(pk=kiosk.pk).update(last_seen=now)
            kiosk.last_seen = now
        return kiosk


auth = KioskAuth()


def error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status,
                        json_dumps_params={"ensure_ascii": False})


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return error(401, "Kein gültiger Kiosk-Token. Erwartet: Authorization: Bearer <token>.")


@api.exception_handler(Throttled)
def on_throttled(request, exc):
    return throttle.too_many(exc.retry_after)


PARAMETER_TEXTS = {
    "limit": "„limit“ muss eine ganze Zahl zwischen 1 und 1000 sein.",
    "since": f"Der Cursor „since“ ist ungültig: höchstens {feed.MAX_CURSOR_LENGTH} Zeichen, "
             "nur Buchstaben, Ziffern, Punkte und Bindestriche. Ohne „since“ beginnt der Abruf "
             "von vorn.",
}


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    """A malformed query parameter is a bad request (400), said in words."""
    names = [str(err.get("loc", ("",))[-1]) for err in exc.errors]
    detail = " ".join(PARAMETER_TEXTS.get(name, f"„{name}“ ist ungültig.")
                      for name in dict.fromkeys(names))
    return JsonResponse({"detail": detail, "errors": exc.errors}, status=400,
                        json_dumps_params={"ensure_ascii": False, "default": str})


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return error(exc.status_code, str(exc))


def not_modified(etag: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = etag
    return response


ACCEPTS_GZIP = re.compile(r"\bgzip\b")
GZIP_MIN_BYTES = 1024


def maybe_gzip(request: HttpRequest, data: bytes, cache_key: tuple | None = None
               ) -> HttpResponse:
    """A JSON response, gzip-compressed when the client accepts it and it is worth it.

    The ETag stays the same in both encodings: it names the content (the release, the feed's
    state), and a kiosk compares it only with what it got before."""
    response = HttpResponse(content_type="application/json")
    patch_vary_headers(response, ("Accept-Encoding",))
    if len(data) >= GZIP_MIN_BYTES and ACCEPTS_GZIP.search(
            request.headers.get("Accept-Encoding", "")):
        data = (content.gzipped(cache_key, data) if cache_key
                else gzip.compress(data, compresslevel=6, mtime=0))
        response["Content-Encoding"] = "gzip"
    response.content = data
    response["Content-Length"] = str(len(data))
    return response


def etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return any(part.strip() in {etag, f"W/{etag}", "*"} for part in header.split(","))


class QuartierOut(Schema):
    id: str
    name: str
    address: str
    centre: str
    contact_name: str
    contact_phone: str
    contact_text: str


class HelperOut(Schema):
    id: str
    first_name: str
    pin_hash: str = Field(description="argon2id PHC string; empty when inactive")
    active: bool


class SlotOut(Schema):
    id: str
    helper_id: str | None
    start: str = Field(description="ISO 8601 UTC, e.g. 2026-11-25T09:00:00Z")
    end: str
    capacity: int
    booked: int = Field(description="confirmed bookings on this slot")
    room: str
    cancelled: bool


class BookingOut(Schema):
    id: str
    slot_id: str
    status: str = Field(description="confirmed, cancelled, attended, no_show, conflict, "
                                    "conflict_done")
    code: str


class CallbackOut(Schema):
    id: str
    status: str = Field(description="open or done")


class ChangesOut(Schema):
    cursor: str
    more: bool
    reset: bool
    quartier: QuartierOut
    helpers: list[HelperOut]
    slots: list[SlotOut]
    bookings: list[BookingOut]
    callbacks: list[CallbackOut]


class Problem(Schema):
    detail: str


# Every operation needs a token: a wrong one is 401, too many wrong ones from one address 429.
AUTH_ERRORS = {401: Problem, 429: Problem}


def inline_schema(model: type[pydantic.BaseModel]) -> dict:
    """The model's JSON schema with its ``$defs`` put in place. A request body given in
    ``openapi_extra`` goes into the OpenAPI document as it is, where ``#/$defs/…`` would point
    nowhere and fuzzers would skip the operation."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(defs[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(value) for value in node]
        return node

    return resolve(schema)


# gunicorn itself refuses a request line over 4094 bytes, with an HTML page.
URI_TOO_LONG = {"responses": {"414": {
    "description": "URI Too Long: the request line is longer than 4094 bytes (gunicorn's page)",
    "content": {"text/html": {"schema": {"type": "string"}}}}}}


def json_body_schema(schema: dict) -> dict:
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": schema}}}}


@api.get("/changes", auth=auth, response={200: ChangesOut, 304: None, 400: Problem,
                                           **AUTH_ERRORS},
         openapi_extra=URI_TOO_LONG,
         summary="Änderungen seit einem Cursor (Termine, Buchungen, Helfer, Rückrufe)")
def changes(request, since: str = Query("", max_length=feed.MAX_CURSOR_LENGTH,
                                        pattern=feed.CURSOR_CHARS),
            limit: int = Query(500, ge=1, le=1000)):
    # The ETag comes from one indexed query, so an idle poll never builds the feed.
    etag = feed.feed_etag(request.auth.quartier, since, limit)
    if etag_matches(request, etag):
        return not_modified(etag)
    body = feed.changes_response(request.auth.quartier, since, limit)
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    response = maybe_gzip(request, data)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@api.get("/content/manifest", auth=auth, response={200: dict, 304: None, 400: Problem,
                                                   404: Problem, **AUTH_ERRORS},
         openapi_extra=URI_TOO_LONG,
         summary="Manifest der aktuellen Inhalts-Version (docs/content-bundle.md); mit "
                 "base/base_digest nur die Änderungen seit der Version des Kiosks")
def manifest(request, base: str = "", base_digest: str = ""):
    release = content.current_release()
    if release is None:
        return error(404, "Es ist noch keine Inhalts-Version veröffentlicht.")
    etag = f'"release-{release.number}"'
    if etag_matches(request, etag):
        return not_modified(etag)
    data, delta_base = content.manifest_for(release, base[:20], base_digest[:64])
    response = maybe_gzip(request, data, ("manifest", release.number, delta_base))
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@api.get("/content/assets/{sha256}", auth=auth, response={200: bytes, 400: Problem,
                                                          404: Problem, **AUTH_ERRORS},
         openapi_extra=URI_TOO_LONG,
         summary="Ein Bild, adressiert über den SHA-256 seiner Bytes (unveränderlich)")
def asset(request, sha256: str):
    if not content.SHA_RE.fullmatch(sha256):
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


def op_schema(op_type: str, payload: type[pydantic.BaseModel]) -> dict:
    return {"type": "object", "title": op_type, "required": ["op_id", "type", "payload"],
            "properties": {
                "op_id": {"type": "string", "format": "uuid",
                          "description": "uuid4 made on the kiosk: the idempotency key"},
                "type": {"type": "string", "enum": [op_type]},
                "payload": inline_schema(payload)}}


# Each op is answered on its own (docs/protocol.md): an op that does not fit this schema gets
# "rejected" with a reason in its result, in a 200 answer, and the other ops of the batch apply.
OPS_BODY = {"type": "object", "required": ["ops"], "properties": {"ops": {
    "type": "array", "maxItems": settings.DQ_MAX_OPS_PER_BATCH,
    "items": {"oneOf": [op_schema(op_type, payload)
                        for op_type, (payload, _) in ops.HANDLERS.items()]}}}}


class OpBookingOut(Schema):
    id: str
    status: str
    code: str


class OpResultOut(Schema):
    op_id: str | None
    status: str = Field(description="confirmed, conflict or rejected")
    reason: str | None
    booking: OpBookingOut | None
    code: int | None = Field(default=None, description="only when rejected: 400, 404, 409, 422")


class OpsOut(Schema):
    results: list[OpResultOut]


MAX_JSON_DEPTH = 32  # an ops batch is 4 deep


def too_deep(data) -> bool:
    """Whether lists and objects nest deeper than MAX_JSON_DEPTH (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def read_json_body(request: HttpRequest):
    """Decode the request body; raise HttpError with a clear message when it is not JSON or
    nests deeper than any kiosk request (the decoder would hit Python's recursion limit)."""
    too_big = HttpError(413, "Die Anfrage ist zu groß (höchstens "
                             f"{settings.DQ_API_MAX_BODY_BYTES // 1024} KB).")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.DQ_API_MAX_BODY_BYTES:
        raise too_big
    try:
        raw = request.body
    except RequestDataTooBig:  # without a Content-Length
        raise too_big from None
    nested = HttpError(400, f"Der Inhalt ist zu tief verschachtelt (höchstens {MAX_JSON_DEPTH} "
                            "Ebenen).")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise HttpError(400, "Der Inhalt ist kein gültiges JSON.") from None
    except RecursionError:
        raise nested from None
    if too_deep(data):
        raise nested
    return data


@api.post("/ops", auth=auth, response={200: OpsOut, 400: Problem, 413: Problem, **AUTH_ERRORS},
          openapi_extra=json_body_schema(OPS_BODY),
          summary="Vorgänge hochladen (Buchungen, Absagen, Status, Rückrufe, Spontanbesuche)")
def upload_ops(request):
    data = read_json_body(request)
    if not isinstance(data, dict) or not isinstance(data.get("ops"), list):
        return error(400, "Erwartet wird ein Objekt {\"ops\": [...]}.")
    batch = data["ops"]
    if len(batch) > settings.DQ_MAX_OPS_PER_BATCH:
        return error(400, f"Höchstens {settings.DQ_MAX_OPS_PER_BATCH} Vorgänge je Anfrage.")
    kiosk = request.auth
    results = [ops.apply_op(kiosk, raw) for raw in batch]
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})


def json_number(value):
    """Refuse what pydantic would turn into a number: ``false``, ``"7"``. (``7.0`` stays: JSON
    has one kind of number, and JSON Schema calls 7.0 an integer.)"""
    if isinstance(value, bool | str):
        raise ValueError("muss eine Zahl sein")
    return value


def count(maximum: int):
    """A whole JSON number from 0 to ``maximum``."""
    return Annotated[int, pydantic.Field(ge=0, le=maximum), pydantic.BeforeValidator(json_number)]


class HeartbeatIn(Schema):
    """Strict numbers, bounded by their database columns (an int over 2**63 made SQLite fail);
    texts are texts (pydantic never turns a number into a text)."""

    app_version: str = Field(default="", max_length=64)
    content_release: count(2**31 - 1) | None = None
    last_error: str | None = Field(default=None, max_length=4000)
    free_disk_bytes: count(2**63 - 1) | None = None
    printer_state: PrinterState | None = None  # None: no printer, or a kiosk from before


@api.post("/heartbeat", auth=auth, response={204: None, 400: Problem, 413: Problem,
                                             422: Problem, **AUTH_ERRORS},
          openapi_extra=json_body_schema(inline_schema(HeartbeatIn)),
          summary="Lebenszeichen des Kiosks: Version, Inhalts-Version, letzter Fehler, Speicher")
def heartbeat(request):
    data = read_json_body(request)
    if not isinstance(data, dict):
        return error(400, "Erwartet wird ein JSON-Objekt.")
    try:
        beat = HeartbeatIn.model_validate(data)
    except pydantic.ValidationError as exc:
        return JsonResponse({"detail": "Ungültige Angaben im Lebenszeichen.",
                             "errors": json.loads(exc.json())},
                            status=422, json_dumps_params={"ensure_ascii": False})
    now = timezone.now()
    Kiosk.objects.filter(pk=request.auth.pk).update(
        app_version=beat.app_version, content_release=beat.content_release,
        # .update() skips the models' save-time scrub: the same rule, said here
        last_error=textrules.scrub(beat.last_error or "", multiline=True),
        free_disk_bytes=beat.free_disk_bytes, printer_state=beat.printer_state or "",
        last_heartbeat=now, last_seen=now)
    return HttpResponse(status=204)
