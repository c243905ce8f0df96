"""Ops uploaded by kiosks: bookings, cancellations, helper status changes, callbacks, walk-ins.

Each op is applied in its own transaction and answered on its own: one bad op never blocks the
others. ``op_id`` is the idempotency key: the first result is stored and replayed; the same
op_id with a different payload is rejected with ``code: 422``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from kiosk import textrules
from kiosk.bundle import ID_RE
from kiosk.states import ATTENDANCE, BookingState, CallbackState, OpResult
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from dqserver.content.models import Topic
from dqserver.kiosks.models import Kiosk, lock_changes
from dqserver.stats.ops import UsageDay, store_day

from .models import Booking, CallbackRequest, OpRecord, Slot, WalkIn
from .writelock import write_turn

CONFLICTS = (BookingState.CONFLICT, BookingState.CONFLICT_DONE)  # a booking without a place

PHONE_RE = re.compile(r"^[0-9 +()/\-]{0,40}$")
CODE_RE = re.compile(r"^[A-Za-z0-9-]{1,16}$")


ISO_MOMENT_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})")
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _moment(value: Any) -> datetime:
    """A point in time as the kiosk writes it: ISO 8601 text with a zone, 1970–2099.

    Strict on purpose: pydantic's lax mode would take numbers (Unix seconds) and dates without a
    time, and a year like 0001 with an offset overflows when the database converts it to UTC."""
    if not isinstance(value, str) or not ISO_MOMENT_RE.fullmatch(value):
        raise ValueError("ist kein Zeitpunkt der Form 2026-11-25T10:00:00Z (mit Zeitzone)")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except (ValueError, OverflowError):
        moment = None
    if moment is None or not EARLIEST <= moment < LATEST:
        raise ValueError("liegt nicht zwischen 1970 und 2099")
    return moment


Moment = Annotated[datetime, BeforeValidator(_moment)]


NAME_LENGTH = 50


class Payload(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class TopicRef(Payload):
    topic_id: str | None = Field(default=None, max_length=64)


def _phone(value: str) -> str:
    if not PHONE_RE.match(value):
        raise ValueError("enthält ungültige Zeichen")
    return value


def _name(value: str) -> str:
    """The kiosk's own name rule (kiosk.textrules): a kiosk never sends what it refuses."""
    return textrules.clean_line(value, NAME_LENGTH)


class BookingCreate(TopicRef):
    booking_id: uuid.UUID
    slot_id: str = Field(max_length=20)
    first_name: str = Field(min_length=1, max_length=NAME_LENGTH)
    phone: str = Field(default="", max_length=40)
    code: str = Field(max_length=16)
    created_at: Moment

    _check_name = field_validator("first_name")(_name)
    _check_phone = field_validator("phone")(_phone)

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE_RE.match(value):
            raise ValueError("erlaubt sind 1–16 Buchstaben, Ziffern oder Bindestriche")
        return value


class BookingRef(Payload):
    booking_id: uuid.UUID


class BookingStatus(BookingRef):
    status: str

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value not in {*ATTENDANCE, BookingState.CANCELLED}:
            raise ValueError("muss attended, no_show oder cancelled sein")
        return value


class CallbackCreate(TopicRef):
    callback_id: uuid.UUID
    first_name: str = Field(min_length=1, max_length=NAME_LENGTH)
    phone: str = Field(min_length=3, max_length=40)
    created_at: Moment

    _check_name = field_validator("first_name")(_name)
    _check_phone = field_validator("phone")(_phone)


class CallbackRef(Payload):
    callback_id: uuid.UUID


class WalkinCreate(TopicRef):
    walkin_id: uuid.UUID
    at: Moment


class OpEnvelope(BaseModel):
    model_config = ConfigDict(extra="ignore")
    op_id: uuid.UUID
    type: str
    payload: dict[str, Any]


class Rejected(Exception):
    def __init__(self, reason: str, code: int = 400):
        super().__init__(reason)
        self.reason = reason
        self.code = code


def result(op_id, status: OpResult, reason: str | None = None, booking: Booking | None = None,
           code: int | None = None) -> dict:
    out = {"op_id": str(op_id) if op_id is not None else None, "status": status,
           "reason": reason,
           "booking": ({"id": str(booking.pk), "status": booking.status, "code": booking.code}
                       if booking is not None else None)}
    if code is not None:
        out["code"] = code
    return out


FIELD_NAMES = {"op_id": "Vorgangs-ID", "type": "Vorgangsart", "payload": "Inhalt",
               "booking_id": "Buchungs-ID", "slot_id": "Termin", "topic_id": "Thema",
               "first_name": "Vorname", "phone": "Telefon", "code": "Buchungscode",
               "created_at": "Zeitpunkt", "callback_id": "Rückruf-ID", "walkin_id": "ID",
               "at": "Zeitpunkt", "status": "Status"}
ERROR_TEXTS = {"missing": "fehlt", "uuid_parsing": "ist keine gültige UUID",
               "uuid_type": "ist keine gültige UUID", "string_type": "muss Text sein",
               "string_too_short": "ist leer oder zu kurz", "string_too_long": "ist zu lang",
               "dict_type": "muss ein Objekt sein", "model_type": "muss ein Objekt sein",
               "model_attributes_type": "muss ein Objekt sein"}


def _validation_reason(exc: ValidationError) -> str:
    """A plain German sentence from pydantic's errors."""
    parts = []
    for err in exc.errors()[:4]:
        loc = [str(p) for p in err.get("loc", ())]
        name = FIELD_NAMES.get(loc[-1], loc[-1]) if loc else "Der Vorgang"
        if err.get("type") == "value_error":
            text = str(err.get("ctx", {}).get("error", err.get("msg")))
            parts.append(f"{name}: {text.rstrip('.')}")
        else:
            parts.append(f"{name} {ERROR_TEXTS.get(err.get('type'), 'ist ungültig')}")
    return "Ungültige Angaben: " + "; ".join(parts) + "."


def _topic(topic_id: str | None) -> tuple[Topic | None, str]:
    """(topic, raw id). An id the server does not know (content changed meanwhile) does not
    cost the person their booking: it is kept as text, without a link."""
    if not topic_id:
        return None, ""
    if not ID_RE.match(topic_id):
        raise Rejected("Die Themen-ID ist ungültig.", 400)
    return Topic.objects.filter(slug=topic_id).first(), topic_id


def _booking(kiosk: Kiosk, booking_id: uuid.UUID, lock: bool = False) -> Booking:
    qs = Booking.objects.filter(pk=booking_id, quartier_id=kiosk.quartier_id)
    if lock and connection.features.has_select_for_update:
        qs = qs.select_for_update()
    booking = qs.first()
    if booking is None:
        raise Rejected("Die Buchung ist unbekannt.", 404)
    return booking


def slot_refusal(slot: Slot) -> str | None:
    """Why ``slot`` takes no booking now (the kiosk knows these reasons), or None. Call it
    in the write turn with the slot locked (``locked_slot``)."""
    if slot.cancelled:
        return "Der Termin wurde abgesagt."
    if slot.booked_count() >= slot.capacity:
        return "Der Termin ist schon ausgebucht."
    return None


def locked_slot(pk: int, quartier_id: int) -> Slot | None:
    """The quartier's slot, locked for its capacity check (PostgreSQL: one booking per slot at
    a time; SQLite: the write turn)."""
    slots = Slot.objects.filter(pk=pk, quartier_id=quartier_id)
    if connection.features.has_select_for_update:
        slots = slots.select_for_update()
    return slots.first()


def booking_create(op_id, kiosk: Kiosk, p: BookingCreate) -> dict:
    existing = Booking.objects.filter(pk=p.booking_id).first()
    if existing is not None:
        if existing.quartier_id != kiosk.quartier_id:
            raise Rejected("Diese Buchungs-ID ist schon vergeben.", 409)
        if existing.status in CONFLICTS:
            return result(op_id, OpResult.CONFLICT, "Der Termin war schon ausgebucht.",
                          existing)
        return result(op_id, OpResult.CONFIRMED, None, existing)
    try:
        slot_pk = int(p.slot_id)
    except ValueError:
        raise Rejected("Der Termin ist unbekannt.", 404) from None
    slot = locked_slot(slot_pk, kiosk.quartier_id)
    if slot is None:
        raise Rejected("Der Termin ist unbekannt.", 404)
    topic, topic_ref = _topic(p.topic_id)
    booking = Booking(id=p.booking_id, quartier_id=kiosk.quartier_id, slot=slot, topic=topic,
                      topic_ref=topic_ref,
                      first_name=p.first_name, phone=p.phone, code=p.code, kiosk=kiosk,
                      created_at=p.created_at, source="kiosk")
    reason = slot_refusal(slot)
    booking.status = BookingState.CONFIRMED if reason is None else BookingState.CONFLICT
    booking.save()
    return result(op_id, OpResult.CONFIRMED if reason is None else OpResult.CONFLICT, reason,
                  booking)


def booking_cancel(op_id, kiosk: Kiosk, p: BookingRef) -> dict:
    booking = _booking(kiosk, p.booking_id, lock=True)
    if booking.status in ATTENDANCE:
        raise Rejected("Der Termin ist schon vorbei und kann nicht mehr abgesagt werden.", 409)
    if booking.status == BookingState.CONFIRMED:
        booking.status = BookingState.CANCELLED
        booking.save()
    return result(op_id, OpResult.CONFIRMED, None, booking)


def booking_status(op_id, kiosk: Kiosk, p: BookingStatus) -> dict:
    booking = _booking(kiosk, p.booking_id, lock=True)
    if booking.status in CONFLICTS:
        raise Rejected("Diese Buchung hatte keinen Platz; bitte als Konflikt erledigen.", 409)
    if booking.status == BookingState.CANCELLED and p.status != BookingState.CANCELLED:
        raise Rejected("Die Buchung wurde schon abgesagt.", 409)
    if booking.status != p.status:
        booking.status = p.status
        booking.save()
    return result(op_id, OpResult.CONFIRMED, None, booking)


def conflict_done(op_id, kiosk: Kiosk, p: BookingRef) -> dict:
    booking = _booking(kiosk, p.booking_id, lock=True)
    if booking.status not in CONFLICTS:
        raise Rejected("Diese Buchung ist kein Konflikt.", 409)
    if booking.status == BookingState.CONFLICT:
        booking.status = BookingState.CONFLICT_DONE
        booking.save()
    return result(op_id, OpResult.CONFIRMED, None, booking)


def reminder_done(op_id, kiosk: Kiosk, p: BookingRef) -> dict:
    """A helper phoned to remind the person of the booking: kept once, the first time."""
    booking = _booking(kiosk, p.booking_id, lock=True)
    if booking.reminded_at is None:
        booking.reminded_at = timezone.now()
        booking.save()
    return result(op_id, OpResult.CONFIRMED, None, booking)


def callback_create(op_id, kiosk: Kiosk, p: CallbackCreate) -> dict:
    existing = CallbackRequest.objects.filter(pk=p.callback_id).first()
    if existing is not None:
        if existing.quartier_id != kiosk.quartier_id:
            raise Rejected("Diese Rückruf-ID ist schon vergeben.", 409)
        return result(op_id, OpResult.CONFIRMED)
    topic, topic_ref = _topic(p.topic_id)
    CallbackRequest(id=p.callback_id, quartier_id=kiosk.quartier_id, topic=topic,
                    topic_ref=topic_ref, first_name=p.first_name, phone=p.phone,
                    created_at=p.created_at).save()
    return result(op_id, OpResult.CONFIRMED)


def callback_done(op_id, kiosk: Kiosk, p: CallbackRef) -> dict:
    callback = CallbackRequest.objects.filter(pk=p.callback_id,
                                              quartier_id=kiosk.quartier_id).first()
    if callback is None:
        raise Rejected("Der Rückrufwunsch ist unbekannt.", 404)
    if callback.status != CallbackState.DONE:
        callback.status = CallbackState.DONE
        callback.save()
    return result(op_id, OpResult.CONFIRMED)


def walkin_create(op_id, kiosk: Kiosk, p: WalkinCreate) -> dict:
    existing = WalkIn.objects.filter(pk=p.walkin_id).first()
    if existing is not None:
        if existing.quartier_id != kiosk.quartier_id:
            raise Rejected("Diese ID ist schon vergeben.", 409)
        return result(op_id, OpResult.CONFIRMED)
    topic, topic_ref = _topic(p.topic_id)
    WalkIn.objects.create(id=p.walkin_id, quartier_id=kiosk.quartier_id, topic=topic,
                          topic_ref=topic_ref, at=p.at)
    return result(op_id, OpResult.CONFIRMED)


HANDLERS = {
    "booking.create": (BookingCreate, booking_create),
    "booking.cancel": (BookingRef, booking_cancel),
    "booking.status": (BookingStatus, booking_status),
    "conflict.done": (BookingRef, conflict_done),
    "reminder.done": (BookingRef, reminder_done),
    "callback.create": (CallbackCreate, callback_create),
    "callback.done": (CallbackRef, callback_done),
    "walkin.create": (WalkinCreate, walkin_create),
    # a kiosk's programme counts of a day (dqserver/stats)
    "usage.day": (UsageDay, lambda op_id, kiosk, p: result(op_id, store_day(kiosk, p))),
}


PAYLOAD_HMAC_SALT = "dqserver.ops.payload"


def payload_sha256(op_type: str, payload: dict) -> str:
    """The sha256 of the op's canonical JSON: never stored as it is (see ``keyed_digest``)."""
    canonical = json.dumps({"type": op_type, "payload": payload}, sort_keys=True,
                           ensure_ascii=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def keyed_digest(sha256_hex: str, secret: str | None = None) -> str:
    """HMAC-SHA256 of a payload's sha256 under the server's secret (``SECRET_KEY``).

    A payload's other fields are all known from the booking row, so a plain hash of it gives a
    purged name and phone number back to anyone who tries every candidate; without the secret
    the stored digest tells nothing. Migration 0004 turned the old plain hashes into this."""
    key = hashlib.sha256((PAYLOAD_HMAC_SALT + (secret or settings.SECRET_KEY)).encode()).digest()
    return hmac.new(key, sha256_hex.encode(), hashlib.sha256).hexdigest()


def _digests(sha256_hex: str) -> Iterator[str]:
    """The digest under the current secret, then under each of ``SECRET_KEY_FALLBACKS``, so a
    rotated key does not turn a kiosk's resent op into "other data"."""
    yield keyed_digest(sha256_hex)
    for secret in settings.SECRET_KEY_FALLBACKS:
        yield keyed_digest(sha256_hex, secret)


def _replay(record: OpRecord, kiosk: Kiosk, sha256_hex: str) -> dict:
    same = any(hmac.compare_digest(record.payload_hash, d) for d in _digests(sha256_hex))
    if record.quartier_id != kiosk.quartier_id or not same:
        return result(record.op_id, OpResult.REJECTED,
                      "Diese Vorgangs-ID wurde schon mit anderen Angaben benutzt.", code=422)
    return record.result


def apply_op(kiosk: Kiosk, raw: Any) -> dict:
    """Apply one raw op (already decoded JSON) for ``kiosk`` and return its result."""
    op_id = raw.get("op_id") if isinstance(raw, dict) else None
    try:
        envelope = OpEnvelope.model_validate(raw)
    except ValidationError as exc:
        return result(op_id if isinstance(op_id, str) else None, OpResult.REJECTED,
                      _validation_reason(exc), code=400)
    op_id = envelope.op_id
    sha = payload_sha256(envelope.type, envelope.payload)
    record = OpRecord.objects.filter(pk=op_id).first()
    if record is not None:
        return _replay(record, kiosk, sha)
    if envelope.type not in HANDLERS:
        return result(op_id, OpResult.REJECTED,
                      f"Unbekannte Vorgangsart „{envelope.type[:40]}“.", code=400)
    schema, handler = HANDLERS[envelope.type]
    try:
        payload = schema.model_validate(envelope.payload)
    except ValidationError as exc:
        return result(op_id, OpResult.REJECTED, _validation_reason(exc), code=400)
    try:
        with write_turn(), transaction.atomic():
            lock_changes()
            record = OpRecord.objects.filter(pk=op_id).first()
            if record is not None:  # another request stored it meanwhile
                return _replay(record, kiosk, sha)
            try:
                with transaction.atomic():
                    out = handler(op_id, kiosk, payload)
            except Rejected as exc:
                out = result(op_id, OpResult.REJECTED, exc.reason, code=exc.code)
            OpRecord.objects.create(op_id=op_id, quartier_id=kiosk.quartier_id, kiosk=kiosk,
                                    op_type=envelope.type,
                                    payload_hash=keyed_digest(sha), result=out)
            return out
    except IntegrityError:
        # PostgreSQL: the same op_id or booking id arrived twice at the same moment.
        record = OpRecord.objects.filter(pk=op_id).first()
        if record is not None:
            return _replay(record, kiosk, sha)
        return result(op_id, OpResult.REJECTED, "Gleichzeitiger Vorgang, bitte erneut senden.",
                      code=409)
