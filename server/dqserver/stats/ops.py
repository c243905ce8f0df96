"""The ``usage.day`` op: a kiosk's counts of one finished local day (kiosk/usage.py).

Registered in the kiosks' op dispatch (dqserver/bookings/ops.py ``HANDLERS``, which this module
does not import back), so it is idempotent like every op (the op record by ``op_id``) and,
beyond that, by kiosk and day: the same day sent again under another op id is answered
"confirmed" and counted once.

The kiosk's own rules decide what is kept (``usage.valid_key``): a key the kiosk would not count
(an old or a tampered kiosk's) is dropped, not stored; a failed search is stored as a keyed
hash until ``DQ_STATS_MIN_KIOSK_DAYS`` different kiosk-days asked it (models.py).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from kiosk import usage
from kiosk.states import OpResult
from pydantic import BaseModel, ConfigDict, Field, field_validator

from dqserver.kiosks.models import Kiosk

from .models import DayCount, KioskDay, SearchTerm

MAX_KEYS = 2000       # keys of one day: the demo's 54 topics, three languages, a few searches
MAX_COUNT = 100_000   # taps of one key on one day: more is no person
OLDEST_DAYS = 400     # a kiosk offline for a year still delivers its days
HASHED = (usage.SEARCH_MISS,)
TERM_SALT = "dqserver.stats.search-term"


def term_digest(term: str) -> str:
    """HMAC-SHA256 of a failed search's words under the server's secret: the same words give
    the same digest (k is counted on it), and without the secret a guessed name gives nothing."""
    key = hashlib.sha256((TERM_SALT + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, term.encode(), hashlib.sha256).hexdigest()


class UsageDay(BaseModel):
    model_config = ConfigDict(extra="ignore")
    day: str = Field(max_length=10)
    counts: dict[str, dict[str, Any]]

    @field_validator("day")
    @classmethod
    def _day(cls, value: str) -> str:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError("ist kein Tag der Form 2026-11-25") from None
        today = timezone.localdate()
        if not today - timedelta(days=OLDEST_DAYS) <= day <= today:
            raise ValueError("liegt nicht im letzten Jahr")
        return value

    @field_validator("counts")
    @classmethod
    def _counts(cls, value: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        if sum(len(keys) for keys in value.values()) > MAX_KEYS:
            raise ValueError(f"mehr als {MAX_KEYS} Zahlen an einem Tag")
        return value

    def kept(self) -> list[tuple[str, str, int]]:
        """(kind, key, n) of what a kiosk counts by its rules; the rest is dropped."""
        return [(kind, key, n) for kind, keys in self.counts.items() for key, n in keys.items()
                if usage.valid_key(kind, key) and type(n) is int and 0 < n <= MAX_COUNT]


def _reveal(terms: dict[str, str]) -> None:
    """Store the words of each digest that k different kiosk-days have asked now."""
    k = settings.DQ_STATS_MIN_KIOSK_DAYS
    known = set(SearchTerm.objects.filter(digest__in=terms).values_list("digest", flat=True))
    for digest, term in terms.items():
        if digest not in known and DayCount.objects.filter(
                kind=usage.SEARCH_MISS, key=digest).count() >= k:
            SearchTerm.objects.create(digest=digest, term=term)


def store_day(kiosk: Kiosk, p: UsageDay) -> OpResult:
    """Store the day's counts, once per kiosk and day; the op's result (always confirmed: the
    day again is the same day). Called by the dispatch, which makes the answer of it."""
    day = date.fromisoformat(p.day)
    kiosk_day, created = KioskDay.objects.get_or_create(
        kiosk=kiosk, day=day, defaults={"quartier_id": kiosk.quartier_id})
    if created:
        terms = {}
        rows = []
        for kind, key, n in p.kept():
            if kind in HASHED:
                terms[term_digest(key)] = key
                key = term_digest(key)
            rows.append(DayCount(kiosk_day=kiosk_day, kind=kind, key=key, n=n))
        DayCount.objects.bulk_create(rows)
        _reveal(terms)
    return OpResult.CONFIRMED
