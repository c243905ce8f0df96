"""Retention (DSGVO): blank personal fields a number of days after the slot, and delete the
op records (idempotency keys) of that age, so nothing in the database still holds or lets anyone
check a purged name or phone number."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import Booking, CallbackRequest, OpRecord


def purge_personal_data(days: int | None = None, now: datetime | None = None) -> dict[str, int]:
    """Blank first name and phone of bookings whose slot ended more than ``days`` days ago and of
    callback requests made more than ``days`` days ago; delete op records received more than
    ``days`` days ago (a kiosk resends an op for minutes or days, not for weeks). Returns counts
    per kind.

    On SQLite the freed bytes are overwritten (``secure_delete``: Debian's SQLite does it by
    default, other builds do not) and the write-ahead log is emptied afterwards (unless a
    caller's transaction is still open): otherwise old rows stay readable in the file."""
    days = settings.DQ_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    limit = now - timedelta(days=days)
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        with connection.cursor() as cur:
            cur.execute("PRAGMA secure_delete = ON")
    with transaction.atomic():
        bookings = (Booking.objects.filter(slot__end__lt=limit)
                    .exclude(first_name="", phone="")
                    .update(first_name="", phone="", personal_data_purged_at=now))
        callbacks = (CallbackRequest.objects.filter(created_at__lt=limit)
                     .exclude(first_name="", phone="")
                     .update(first_name="", phone="", personal_data_purged_at=now))
        op_records, _ = OpRecord.objects.filter(created_at__lt=limit).delete()
    if sqlite and not connection.in_atomic_block:
        with connection.cursor() as cur:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"bookings": bookings, "callbacks": callbacks, "op_records": op_records}
