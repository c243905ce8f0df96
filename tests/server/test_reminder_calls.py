"""Reminder calls (issue 16 item 5) on the server: the admin's "Erinnerungsanrufe" names the
same day as the kiosk (kiosk/reminders.py), per quartier and only the manager's own; a mark made
here or by a kiosk's ``reminder.done`` op is kept once and goes out with the feed, which now
carries every booking of the quartier with its first name and phone for helpers on site."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from dqserver.bookings.models import Booking, Slot

from kiosk import reminders
from kiosk.states import BookingState
from tests.server.conftest import admin_login

PAGE = "admin:bookings_booking_reminders"


def slot_on(quartier, helper, days: int, hour: int = 10) -> Slot:
    day = timezone.localdate() + timedelta(days=days)
    start = timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))
    return Slot.objects.create(quartier=quartier, helper=helper, start=start,
                               end=start + timedelta(minutes=30), capacity=3, room="Café")


def booked(slot, name="Erna", phone="0171 2345678", **fields) -> Booking:
    return Booking.objects.create(quartier=slot.quartier, slot=slot, first_name=name,
                                  phone=phone, code=uuid.uuid4().hex[:6].upper(), **fields)


@pytest.fixture
def manager_client(manager):
    return admin_login(Client(), manager)


def names_on_page(client) -> str:
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_is_about_the_first_day_ahead_with_numbers_and_only_the_own_quartier(
        manager_client, quartier, other_quartier, helper):
    today = timezone.localdate()
    in_two_days = slot_on(quartier, helper, 2)
    booked(in_two_days, "Erna")
    booked(in_two_days, "Ohne", phone="")                                  # no number to call
    booked(in_two_days, "Abgesagt", status=BookingState.CANCELLED)
    booked(slot_on(quartier, helper, 3, 11), "Später")                    # a later day
    booked(slot_on(quartier, helper, 1 + reminders.LOOK_AHEAD_DAYS), "Zuweit")
    booked(slot_on(other_quartier, None, 2), "Fremd")
    page = names_on_page(manager_client)
    assert reminders.reminder_day({today + timedelta(days=d) for d in (2, 3)}, today) == \
        today + timedelta(days=2)
    assert "Erna" in page and "0171 2345678" in page
    for absent in ("Ohne", "Abgesagt", "Später", "Zuweit", "Fremd"):
        assert absent not in page, absent


def test_nobody_to_call_says_so(manager_client, quartier, helper):
    booked(slot_on(quartier, helper, 0, 23), "Heute")                     # today: too late
    assert "niemand mit Telefonnummer" in names_on_page(manager_client)


def test_erinnert_is_kept_once_goes_out_with_the_feed_and_refuses_other_bookings(
        manager_client, quartier, other_quartier, helper, kiosk_client):
    erna = booked(slot_on(quartier, helper, 1), "Erna")
    stranger = booked(slot_on(other_quartier, None, 1), "Fremd")
    cursor = kiosk_client.get("/changes").json()["cursor"]
    response = manager_client.post(reverse(PAGE), {"booking": str(erna.pk)})
    assert response.status_code == 302
    erna.refresh_from_db()
    assert erna.reminded_at is not None
    first = erna.reminded_at
    assert manager_client.post(reverse(PAGE), {"booking": str(erna.pk)}).status_code == 404
    assert manager_client.post(reverse(PAGE), {"booking": str(stranger.pk)}).status_code == 404
    assert manager_client.post(reverse(PAGE), {"booking": "kein-uuid"}).status_code == 404
    erna.refresh_from_db()
    assert erna.reminded_at == first
    changed = kiosk_client.get("/changes", {"since": cursor}).json()["bookings"]
    assert [(b["id"], b["first_name"], b["phone"]) for b in changed] == \
        [(str(erna.pk), "Erna", "0171 2345678")]
    assert changed[0]["reminded_at"].startswith(f"{first.astimezone(UTC):%Y-%m-%dT}")
    assert "✓ erinnert" in names_on_page(manager_client)


def test_a_kiosk_s_reminder_op_is_kept_once_and_only_for_its_quartier(
        quartier, other_quartier, helper, kiosk_client, other_client):
    erna = booked(slot_on(quartier, helper, 1))

    def op(client, booking, op_id=None):
        return client.ops({"op_id": op_id or str(uuid.uuid4()), "type": "reminder.done",
                           "payload": {"booking_id": str(booking.pk)}})[0]

    assert op(other_client, erna)["status"] == "rejected"
    erna.refresh_from_db()
    assert erna.reminded_at is None
    op_id = str(uuid.uuid4())
    assert op(kiosk_client, erna, op_id)["status"] == "confirmed"
    erna.refresh_from_db()
    first = erna.reminded_at
    assert first is not None
    assert op(kiosk_client, erna, op_id)["status"] == "confirmed"            # a resend
    assert op(kiosk_client, erna)["status"] == "confirmed"                   # another kiosk's
    erna.refresh_from_db()
    assert erna.reminded_at == first


def test_the_feed_carries_a_phone_booking_and_blanks_once_purged(quartier, helper, kiosk_client,
                                                                  topic):
    phoned = booked(slot_on(quartier, helper, 5), "Hatice", topic=topic, source="admin")
    item = next(b for b in kiosk_client.get("/changes").json()["bookings"]
                if b["id"] == str(phoned.pk))
    assert item | {"created_at": None} == {
        "id": str(phoned.pk), "slot_id": str(phoned.slot_id), "status": "confirmed",
        "code": phoned.code, "first_name": "Hatice", "phone": "0171 2345678",
        "topic_id": topic.slug, "created_at": None, "reminded_at": None}
    Booking.objects.filter(pk=phoned.pk).update(first_name="", phone="")   # as the purge does
    phoned.refresh_from_db()
    phoned.save()
    item = next(b for b in kiosk_client.get("/changes").json()["bookings"]
                if b["id"] == str(phoned.pk))
    assert (item["first_name"], item["phone"]) == ("", "")
