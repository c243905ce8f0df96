"""The kiosk API's part for bookings: ``GET /changes`` (the changes feed) and ``POST /ops``
(bookings, cancellations, attendance, call-backs, walk-ins), docs/protocol.md."""

from __future__ import annotations

import json

import pydantic
from django.conf import settings
from django.http import JsonResponse
from kiosk.states import CallbackState, OpResult
from ninja import Field, Query, Router, Schema

from dqserver.apitools import (
    AUTH_ERRORS,
    URI_TOO_LONG,
    Problem,
    error,
    etag_matches,
    inline_schema,
    json_body_schema,
    maybe_gzip,
    not_modified,
    read_json_body,
)
from dqserver.kiosks.auth import auth

from . import feed, ops
from .models import Booking

router = Router()

# What a wrong query parameter of the feed is told (dqserver.api's 400 answer).
PARAMETER_TEXTS = {
    "limit": "„limit“ muss eine ganze Zahl zwischen 1 und 1000 sein.",
    "since": f"Der Cursor „since“ ist ungültig: höchstens {feed.MAX_CURSOR_LENGTH} Zeichen, "
             "nur Buchstaben, Ziffern, Punkte und Bindestriche. Ohne „since“ beginnt der Abruf "
             "von vorn.",
}


def either(states) -> str:
    """``"a, b or c"``: the values of a state enum (kiosk.states), for the OpenAPI document."""
    *first, last = [str(state) for state in states]
    return f"{', '.join(first)} or {last}"


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
    status: str = Field(description=", ".join(value for value, _ in Booking.STATUSES))
    code: str


class CallbackOut(Schema):
    id: str
    status: str = Field(description=either(CallbackState))


class ChangesOut(Schema):
    cursor: str
    more: bool
    reset: bool
    quartier: QuartierOut
    helpers: list[HelperOut]
    slots: list[SlotOut]
    bookings: list[BookingOut]
    callbacks: list[CallbackOut]


@router.get("/changes", auth=auth, response={200: ChangesOut, 304: None, 400: Problem,
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
    status: str = Field(description=either(OpResult))
    reason: str | None
    booking: OpBookingOut | None
    code: int | None = Field(default=None, description="only when rejected: 400, 404, 409, 422")


class OpsOut(Schema):
    results: list[OpResultOut]


@router.post("/ops", auth=auth, response={200: OpsOut, 400: Problem, 413: Problem, **AUTH_ERRORS},
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
