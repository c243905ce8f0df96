"""The kiosk API's part for the kiosk itself: ``POST /heartbeat`` (docs/protocol.md)."""

from __future__ import annotations

import json
from typing import Annotated

import pydantic
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from kiosk import textrules
from kiosk.states import PrinterState
from ninja import Field, Router, Schema

from dqserver.apitools import (
    AUTH_ERRORS,
    Problem,
    error,
    inline_schema,
    json_body_schema,
    read_json_body,
)

from .auth import auth
from .models import Kiosk

router = Router()


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


@router.post("/heartbeat", auth=auth, response={204: None, 400: Problem, 413: Problem,
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
