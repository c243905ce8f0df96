"""The changes feed's ETag: cheap (no feed built for a 304), and it changes with every change
a kiosk of this quartier would see — and only then."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from dqserver.bookings.models import Booking, Helper

from kiosk.states import BookingState
from tests.server.conftest import booking_op, make_slot


def idle_cursor(client) -> tuple[str, str]:
    body = client.get("/changes", {"since": ""}).json()
    idle = client.get("/changes", {"since": body["cursor"]})
    assert idle.status_code == 200 and idle.json()["cursor"] == body["cursor"]
    return body["cursor"], idle["ETag"]


def poll(client, cursor, etag):
    return client.get("/changes", {"since": cursor}, headers={"If-None-Match": etag})


def test_idle_poll_is_304_after_two_queries(kiosk_client, slot):
    cursor, etag = idle_cursor(kiosk_client)
    poll(kiosk_client, cursor, etag)  # last_seen was just written; measure a steady poll
    with CaptureQueriesContext(connection) as queries:
        answer = poll(kiosk_client, cursor, etag)
    assert answer.status_code == 304 and answer.content == b""
    assert len(queries) == 2, [q["sql"] for q in queries]  # token lookup + newest change


def test_same_etag_for_the_same_state(kiosk_client, slot):
    cursor, etag = idle_cursor(kiosk_client)
    again = kiosk_client.get("/changes", {"since": cursor})
    assert again.status_code == 200 and again["ETag"] == etag
    other_limit = kiosk_client.get("/changes", {"since": cursor, "limit": "10"})
    assert other_limit["ETag"] != etag


@pytest.mark.parametrize("change", ["booking", "slot", "helper", "quartier", "helper_removed",
                                    "booking_status"])
def test_every_change_of_the_quartier_changes_the_etag(kiosk_client, quartier, helper, slot,
                                                       change):
    if change == "booking_status":
        kiosk_client.ops(booking_op(slot))
    cursor, etag = idle_cursor(kiosk_client)
    if change == "booking":
        kiosk_client.ops(booking_op(slot))
    elif change == "slot":
        slot.room = "Saal"
        slot.save()
    elif change == "helper":
        helper.first_name = "Birte"
        helper.save()
    elif change == "quartier":
        quartier.contact_phone = "1111"
        quartier.save()
    elif change == "helper_removed":
        helper.quartiers.remove(quartier)
    else:
        booking = Booking.objects.get()
        booking.status = BookingState.ATTENDED
        booking.save()
    answer = poll(kiosk_client, cursor, etag)
    assert answer.status_code == 200 and answer["ETag"] != etag
    body = answer.json()
    assert body["cursor"] != cursor or body["quartier"]["contact_phone"] == "1111"


def test_other_quartiers_changes_keep_the_304(kiosk_client, other_client, other_quartier, slot):
    cursor, etag = idle_cursor(kiosk_client)
    their_slot = make_slot(other_quartier)
    other_client.ops(booking_op(their_slot))
    h = Helper(first_name="Ole")
    h.save()
    h.quartiers.add(other_quartier)
    assert poll(kiosk_client, cursor, etag).status_code == 304


def test_etag_of_a_reset_answer(kiosk_client, slot):
    first = kiosk_client.get("/changes", {"since": "garbage"})
    assert first.json()["reset"] is True
    assert poll(kiosk_client, "garbage", first["ETag"]).status_code == 304
    make_slot(slot.quartier, days=3)
    assert poll(kiosk_client, "garbage", first["ETag"]).status_code == 200
