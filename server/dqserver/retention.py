"""Retention (DSGVO): blank personal fields a number of days after the slot."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Booking, CallbackRequest


def purge_personal_data(days: int | None = None, now=None) -> dict[str, int]:
    """Blank first name and phone of bookings whose slot ended more than ``days`` days ago, and
    of callback requests made more than ``days`` days ago. Returns counts per kind."""
    days = settings.DQ_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    limit = now - timedelta(days=days)
    with transaction.atomic():
        bookings = (Booking.objects.filter(slot__end__lt=limit)
                    .exclude(first_name="", phone="")
                    .update(first_name="", phone="", personal_data_purged_at=now))
        callbacks = (CallbackRequest.objects.filter(created_at__lt=limit)
                     .exclude(first_name="", phone="")
                     .update(first_name="", phone="", personal_data_purged_at=now))
    return {"bookings": bookings, "callbacks": callbacks}
