"""Throttling of failed attempts per client address: guessed kiosk tokens, guessed calendar
addresses. Over the limit, the address gets 429 with ``Retry-After`` until its window ends, even
for a right guess (else the answer would still tell a right guess from a wrong one).

The counters live in Django's default cache, which the settings make one for all gunicorn
workers (files in the var folder), so the limit is per server, not per worker."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse


@dataclass(frozen=True)
class Limit:
    name: str
    failures: int  # allowed failures per window and address
    window: int  # seconds


FAILED_TOKEN = Limit("token", failures=10, window=300)
FAILED_CALENDAR = Limit("calendar", failures=10, window=300)


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind the TLS proxy every request comes from the proxy, which
    appends the address it saw as the last ``X-Forwarded-For`` entry (the entries before it are
    the client's own words)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _window(limit: Limit, request: HttpRequest) -> tuple[str, int]:
    """(cache key of the current window for this address, seconds until the window ends)."""
    now = time.time()
    number = int(now // limit.window)
    return (f"dq-throttle:{limit.name}:{number}:{client_address(request)}",
            max(1, int((number + 1) * limit.window - now)))


def retry_after(limit: Limit, request: HttpRequest) -> int | None:
    """Seconds the address must wait, or None when it may try."""
    key, left = _window(limit, request)
    return left if cache.get(key, 0) >= limit.failures else None


def count_failure(limit: Limit, request: HttpRequest) -> None:
    key, left = _window(limit, request)
    cache.add(key, 0, timeout=left + 1)
    cache.incr(key)


def too_many(seconds: int) -> JsonResponse:
    response = JsonResponse(
        {"detail": f"Zu viele fehlgeschlagene Versuche. Bitte in {seconds} Sekunden erneut "
                   "versuchen."}, status=429, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(seconds)
    return response
