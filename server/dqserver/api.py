"""Kiosk API, ``/api/v1/`` (see docs/protocol.md). OpenAPI schema at ``/api/v1/openapi.json``.

The operations live with their apps (``content.api``, ``bookings.api``, ``kiosks.api``); here
they are put under one API with the answers every operation shares: 401 for a wrong token, 429
with ``Retry-After`` after too many, 400 in words for a bad query parameter.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from . import throttle
from .apitools import error
from .bookings.api import PARAMETER_TEXTS
from .bookings.api import router as bookings_router
from .content.api import router as content_router
from .kiosks.api import router as kiosks_router
from .kiosks.auth import Throttled
from .source import source_url


class KioskAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The ids the operations had before the split into apps (``dqserver_api_<view>``), so
        the OpenAPI document stays as it was, whichever app's module a view is in now."""
        return f"dqserver_api_{operation.view_func.__name__}"


api = KioskAPI(title="DigiQuartier Kiosk-API", version="1", urls_namespace="api-v1",
               docs_url="/docs")


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return error(401, "Kein gültiger Kiosk-Token. Erwartet: Authorization: Bearer <token>.")


@api.exception_handler(Throttled)
def on_throttled(request, exc):
    return throttle.too_many(exc.retry_after)


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



class About(Schema):
    name: str
    licence: str
    source: str


@api.get("/", response=About, summary="Was diese API ist, ihre Lizenz und ihr Quelltext")
def about(request: HttpRequest) -> dict[str, str]:
    """No token needed: the API's users get the program's source (AGPL-3.0 §13)."""
    return {"name": "DigiQuartier Kiosk-API", "licence": "AGPL-3.0-or-later",
            "source": source_url(request)}


# The paths are the protocol's (docs/protocol.md): the same as before the split into apps.
api.add_router("/", bookings_router)  # /changes, /ops
api.add_router("/content", content_router)  # /content/manifest, /content/assets/{sha256}
api.add_router("/", kiosks_router)  # /heartbeat
