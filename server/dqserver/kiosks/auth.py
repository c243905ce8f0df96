"""The kiosk API's login: a kiosk's bearer token, checked against the stored hash; wrong
tokens are throttled per client address (``dqserver.throttle``)."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from dqserver import throttle

from .models import Kiosk, hash_token


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
