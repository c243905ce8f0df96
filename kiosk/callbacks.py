"""Call-back wishes: when no slot fits, a senior leaves a first name and a phone number and the
quartier's team calls back. Stored like a booking: one row plus its outbox entry, one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from kiosk import outbox, timeutil
from kiosk.booking import (
    InvalidPhone,
    UnknownTopic,
    normalise_name,
    normalise_phone,
    topic_exists,
)
from kiosk.states import CallbackState
from kiosk.store import Store


@dataclass(frozen=True)
class CallbackWish:
    """A call-back wish as stored (helper mode lists it as a :class:`kiosk.helper_mode.ToCall`)."""

    id: str
    topic_id: str | None
    created_at: str


def create_callback(
    store: Store, *, quartier_id: str, topic_id: str | None, first_name: str, phone: str,
    now: datetime,
) -> CallbackWish:
    """Validate and store a call-back wish; raises the booking errors (name, phone, topic).

    A phone number is required here: without it nobody can call back.
    """
    name = normalise_name(first_name)
    number = normalise_phone(phone)
    if not number:
        raise InvalidPhone()
    topic_id = topic_id or None  # optional here: a wish may be about no topic in particular
    if topic_id is not None and not topic_exists(store, topic_id):
        raise UnknownTopic()
    callback_id = str(uuid.uuid4())
    created = timeutil.to_iso(now)
    with store.write():
        store.db["callbacks"].insert(
            {"id": callback_id, "quartier_id": quartier_id, "topic_id": topic_id,
             "first_name": name, "phone": number, "status": CallbackState.OPEN,
             "created_at": created}
        )
        outbox.enqueue(
            store, outbox.CALLBACK_CREATE,
            {"callback_id": callback_id, "topic_id": topic_id, "first_name": name,
             "phone": number, "created_at": created},
        )
    return CallbackWish(callback_id, topic_id, created)
