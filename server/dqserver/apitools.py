"""What every part of the kiosk API (``/api/v1/``) answers with: errors in words, ETags and
304s, gzip, JSON bodies read with limits, and the pieces of the OpenAPI document they share."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable

import pydantic
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from ninja import Schema
from ninja.errors import HttpError


def error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def not_modified(etag: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = etag
    return response


ACCEPTS_GZIP = re.compile(r"\bgzip\b")
GZIP_MIN_BYTES = 1024


def maybe_gzip(request: HttpRequest, data: bytes,
               compress: Callable[[bytes], bytes] | None = None) -> HttpResponse:
    """A JSON response, gzip-compressed when the client accepts it and it is worth it
    (``compress``: the caller's own, e.g. a cached one; else gzip level 6).

    The ETag stays the same in both encodings: it names the content (the release, the feed's
    state), and a kiosk compares it only with what it got before."""
    response = HttpResponse(content_type="application/json")
    patch_vary_headers(response, ("Accept-Encoding",))
    if len(data) >= GZIP_MIN_BYTES and ACCEPTS_GZIP.search(
            request.headers.get("Accept-Encoding", "")):
        data = (compress(data) if compress
                else gzip.compress(data, compresslevel=6, mtime=0))
        response["Content-Encoding"] = "gzip"
    response.content = data
    response["Content-Length"] = str(len(data))
    return response


def etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return any(part.strip() in {etag, f"W/{etag}", "*"} for part in header.split(","))


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
