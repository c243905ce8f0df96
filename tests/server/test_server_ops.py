"""POST /api/v1/ops: every op type, idempotency, conflicts, isolation, bad input."""

from __future__ import annotations

import json
import uuid

import pytest
from dqserver.bookings.models import Booking, CallbackRequest, OpRecord, WalkIn

from tests.server.conftest import booking_op, make_slot


def op(type_, payload, op_id=None):
    return {"op_id": str(op_id or uuid.uuid4()), "type": type_, "payload": payload}


def test_booking_confirmed(kiosk_client, slot, topic):
    bid = uuid.uuid4()
    [result] = kiosk_client.ops(booking_op(slot, booking_id=bid, topic_id=topic.slug))
    assert result["status"] == "confirmed" and result["reason"] is None
    assert result["booking"] == {"id": str(bid), "status": "confirmed", "code": "HX4K"}
    booking = Booking.objects.get(pk=bid)
    assert (booking.first_name, booking.topic, booking.kiosk) == ("Erna", topic,
                                                                   kiosk_client.kiosk)


def test_replay_returns_the_stored_result(kiosk_client, slot):
    the_op = booking_op(slot)
    first = kiosk_client.ops(the_op)
    assert kiosk_client.ops(the_op) == first
    assert Booking.objects.count() == 1 and OpRecord.objects.count() == 1


def test_same_op_id_other_payload_is_422_and_does_not_block(kiosk_client, quartier, helper):
    slot_a, slot_b = make_slot(quartier, helper, days=1), make_slot(quartier, helper, days=2)
    op_id = uuid.uuid4()
    kiosk_client.ops(booking_op(slot_a, op_id=op_id))
    changed = booking_op(slot_a, op_id=op_id, first_name="Otto")
    results = kiosk_client.ops(changed, booking_op(slot_b))
    assert results[0]["status"] == "rejected" and results[0]["code"] == 422
    assert results[0]["reason"]
    assert results[1]["status"] == "confirmed"
    assert Booking.objects.filter(first_name="Otto").count() == 0


def test_full_slot_is_a_conflict(kiosk_client, slot):
    first, second = kiosk_client.ops(booking_op(slot), booking_op(slot))
    assert first["status"] == "confirmed"
    assert second["status"] == "conflict" and "ausgebucht" in second["reason"]
    assert second["booking"]["status"] == "conflict"
    assert slot.booked_count() == 1


def test_cancelled_slot_is_a_conflict(kiosk_client, quartier, helper):
    slot = make_slot(quartier, helper, cancelled=True)
    [result] = kiosk_client.ops(booking_op(slot))
    assert result["status"] == "conflict" and "abgesagt" in result["reason"]


def test_existing_booking_id_returns_its_state(kiosk_client, slot):
    bid = uuid.uuid4()
    kiosk_client.ops(booking_op(slot, booking_id=bid))
    [again] = kiosk_client.ops(booking_op(slot, booking_id=bid))  # new op_id, same booking
    assert again["status"] == "confirmed" and again["booking"]["id"] == str(bid)
    assert Booking.objects.count() == 1


def test_cancel_frees_the_slot(kiosk_client, slot):
    bid = uuid.uuid4()
    kiosk_client.ops(booking_op(slot, booking_id=bid))
    [result] = kiosk_client.ops(op("booking.cancel", {"booking_id": str(bid)}))
    assert result["status"] == "confirmed" and result["booking"]["status"] == "cancelled"
    [rebook] = kiosk_client.ops(booking_op(slot))
    assert rebook["status"] == "confirmed"


@pytest.mark.parametrize("status", ["attended", "no_show", "cancelled"])
def test_helper_sets_status(kiosk_client, slot, status):
    bid = uuid.uuid4()
    kiosk_client.ops(booking_op(slot, booking_id=bid))
    [result] = kiosk_client.ops(op("booking.status", {"booking_id": str(bid), "status": status}))
    assert result["status"] == "confirmed"
    assert Booking.objects.get(pk=bid).status == status


def test_conflict_done(kiosk_client, slot):
    kiosk_client.ops(booking_op(slot))
    bid = uuid.uuid4()
    kiosk_client.ops(booking_op(slot, booking_id=bid))
    [result] = kiosk_client.ops(op("conflict.done", {"booking_id": str(bid)}))
    assert result["status"] == "confirmed" and result["booking"]["status"] == "conflict_done"
    body = kiosk_client.get("/changes").json()
    assert {b["status"] for b in body["bookings"]} == {"confirmed", "conflict_done"}


def test_callback_and_walkin(kiosk_client, topic):
    cid = uuid.uuid4()
    results = kiosk_client.ops(
        op("callback.create", {"callback_id": str(cid), "topic_id": topic.slug,
                               "first_name": "Hilde", "phone": "0171 1234567",
                               "created_at": "2026-11-25T10:00:00Z"}),
        op("walkin.create", {"walkin_id": str(uuid.uuid4()), "topic_id": topic.slug,
                             "at": "2026-11-25T10:05:00Z"}),
        op("callback.done", {"callback_id": str(cid)}))
    assert [r["status"] for r in results] == ["confirmed"] * 3
    assert all(r["booking"] is None for r in results)
    assert CallbackRequest.objects.get().status == "done"
    assert WalkIn.objects.get().topic == topic
    assert kiosk_client.get("/changes").json()["callbacks"] == [{"id": str(cid),
                                                                 "status": "done"}]


BAD_OPS = [
    ("not an object", 400),
    ({"op_id": "no-uuid", "type": "booking.create", "payload": {}}, 400),
    ({"op_id": str(uuid.uuid4()), "type": "booking.explode", "payload": {}}, 400),
    ({"op_id": str(uuid.uuid4()), "type": "booking.create", "payload": "x"}, 400),
    ({"op_id": str(uuid.uuid4()), "type": "booking.create", "payload": {"slot_id": 1}}, 400),
    ({"op_id": str(uuid.uuid4()), "type": "booking.cancel",
      "payload": {"booking_id": str(uuid.uuid4())}}, 404),
    ({"op_id": str(uuid.uuid4()), "type": "booking.status",
      "payload": {"booking_id": str(uuid.uuid4()), "status": "gone"}}, 400),
    ({"op_id": str(uuid.uuid4()), "type": "callback.done",
      "payload": {"callback_id": str(uuid.uuid4())}}, 404),
    ({"op_id": str(uuid.uuid4()), "type": "walkin.create",
      "payload": {"walkin_id": str(uuid.uuid4()), "at": "gestern"}}, 400),
]


@pytest.mark.parametrize("bad,code", BAD_OPS)
def test_bad_op_is_rejected_alone(kiosk_client, slot, bad, code):
    results = kiosk_client.ops(bad, booking_op(slot))
    assert results[0]["status"] == "rejected" and results[0]["code"] == code
    assert isinstance(results[0]["reason"], str) and results[0]["reason"]
    assert results[1]["status"] == "confirmed"
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("field,value", [
    ("slot_id", "999999"), ("slot_id", "abc"), ("topic_id", "Kein Slug!"),
    ("first_name", ""), ("first_name", "x" * 51), ("phone", "<script>"), ("code", "a b"),
    ("created_at", "morgen"), ("booking_id", 7),
])
def test_bad_booking_payload(kiosk_client, slot, field, value):
    bad = booking_op(slot)
    bad["payload"][field] = value
    [result] = kiosk_client.ops(bad)
    assert result["status"] == "rejected" and result["code"] in {400, 404}
    assert Booking.objects.count() == 0


def test_unknown_topic_keeps_the_booking(kiosk_client, slot):
    [result] = kiosk_client.ops(booking_op(slot, topic_id="altes-thema"))
    assert result["status"] == "confirmed"
    booking = Booking.objects.get()
    assert booking.topic is None and booking.topic_ref == "altes-thema"


def test_other_quartiers_ids_are_unknown(kiosk_client, other_client, slot):
    bid = uuid.uuid4()
    kiosk_client.ops(booking_op(slot, booking_id=bid))
    results = other_client.ops(
        booking_op(slot),
        op("booking.cancel", {"booking_id": str(bid)}),
        op("booking.status", {"booking_id": str(bid), "status": "no_show"}),
        booking_op(slot, booking_id=bid))
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert Booking.objects.get().status == "confirmed" and slot.booked_count() == 1


def test_other_quartier_replaying_an_op_id_is_rejected(kiosk_client, other_client, slot):
    the_op = booking_op(slot)
    kiosk_client.ops(the_op)
    [result] = other_client.ops(the_op)
    assert result["status"] == "rejected" and result["booking"] is None


@pytest.mark.parametrize("body", ["{", "[]", '{"ops": {}}', '{"ops": "x"}', "null",
                                  b"\xff\xfe"])
def test_malformed_batches_are_400(kiosk_client, body):
    response = kiosk_client.post("/ops", body)
    assert response.status_code == 400 and response.json()["detail"]


def test_too_many_ops_is_400(kiosk_client, slot):
    response = kiosk_client.post("/ops", {"ops": [booking_op(slot) for _ in range(101)]})
    assert response.status_code == 400 and "100" in response.json()["detail"]
    assert Booking.objects.count() == 0


def test_huge_body_is_413(kiosk_client, slot):
    big = booking_op(slot)
    big["payload"]["padding"] = "x" * 300_000
    response = kiosk_client.post("/ops", json.dumps({"ops": [big]}))
    assert response.status_code == 413
    assert Booking.objects.count() == 0
