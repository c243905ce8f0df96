"""Fixtures for the central server: quartiers, kiosks with tokens, slots, content."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from dqserver.bookings.models import Helper, Slot
from dqserver.content.models import Category, Step, Topic, store_asset
from dqserver.kiosks.models import Kiosk, Quartier
from dqserver.management.commands.seed_demo import tiny_png


class KioskClient:
    """A Django test client that sends one kiosk's bearer token."""

    def __init__(self, kiosk: Kiosk, token: str):
        self.kiosk = kiosk
        self.token = token
        self.client = Client(headers={"Authorization": f"Bearer {token}"})

    def get(self, path, params=None, **kwargs):
        return self.client.get("/api/v1" + path, params, **kwargs)

    def post(self, path, data, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return self.client.post("/api/v1" + path, data, **kwargs)

    def ops(self, *ops):
        response = self.post("/ops", {"ops": list(ops)})
        assert response.status_code == 200, response.content
        return response.json()["results"]


@pytest.fixture
def quartier(db):
    return Quartier.objects.create(slug="herten-innenstadt", name="Herten-Innenstadt",
                                   centre="Begegnungsstätte", address="Beispielstraße 5",
                                   contact_name="Herr Muster", contact_phone="0000",
                                   contact_text="Werden Sie Digital-Helfer!")


@pytest.fixture
def other_quartier(db):
    return Quartier.objects.create(slug="dorsten-wulfen", name="Dorsten-Wulfen")


@pytest.fixture
def manager(db, quartier, other_quartier):
    """A Quartiersmanager of ``quartier`` (the group ``bootstrap`` makes), not of the other."""
    call_command("bootstrap", stdout=io.StringIO())
    user = User.objects.create(username="manni", is_staff=True)
    user.groups.add(Group.objects.get(name="Quartiersmanager"))
    quartier.managers.add(user)
    return user


@pytest.fixture
def kiosk_client(quartier):
    kiosk = Kiosk.objects.create(quartier=quartier, name="Kiosk")
    return KioskClient(kiosk, kiosk.issue_token())


@pytest.fixture
def other_client(other_quartier):
    kiosk = Kiosk.objects.create(quartier=other_quartier, name="Kiosk")
    return KioskClient(kiosk, kiosk.issue_token())


@pytest.fixture
def helper(quartier):
    h = Helper(first_name="Birgit")
    h.pin_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g"  # fast fixture
    h.save()
    h.quartiers.add(quartier)
    return h


def admin_login(client: Client, user) -> Client:
    """Log ``user`` into the admin as the login page leaves a browser: password checked, and a
    code from their (confirmed) authenticator app, so the session counts as verified."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
              or TOTPDevice.objects.create(user=user, name="Test-App", confirmed=True))
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def make_slot(quartier, helper=None, capacity=1, days=2, cancelled=False):
    start = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    slot = Slot(quartier=quartier, helper=helper, start=start, end=start + timedelta(minutes=30),
                capacity=capacity, room="Café", cancelled=cancelled)
    slot.save()
    return slot


@pytest.fixture
def slot(quartier, helper):
    return make_slot(quartier, helper)


@pytest.fixture
def topic(db):
    licence = "CC0, Test"
    cat = Category.objects.create(slug="sicherheit", position=1, title_de="Sicher im Internet",
                                  icon=store_asset(tiny_png((0, 0, 200)), licence))
    topic = Topic.objects.create(slug="betrugs-sms-erkennen", category=cat, position=1,
                                 title_de="Betrugs-SMS erkennen",
                                 summary_de="So erkennen Sie eine falsche SMS.",
                                 translations={"en": {"title": "Spotting scam texts"}})
    for n in (1, 2):
        Step.objects.create(topic=topic, position=n, text_de=f"Schritt {n}. Lesen Sie genau.",
                            alt_de="Ein Handy.", image=store_asset(tiny_png((n, 100, 0)), licence))
    return topic


def booking_op(slot, booking_id=None, op_id=None, topic_id=None, first_name="Erna", code="HX4K"):
    return {"op_id": str(op_id or uuid.uuid4()), "type": "booking.create", "payload": {
        "booking_id": str(booking_id or uuid.uuid4()), "slot_id": str(slot.pk),
        "topic_id": topic_id, "first_name": first_name, "phone": "0171 000000", "code": code,
        "created_at": "2026-11-25T10:00:00Z"}}


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """Failed-token counters live in the cache (per process): each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fresh_release_cache():
    """Parsed manifests, digests and deltas are cached per process by release number (a release
    never changes); each test's database starts again at release 1."""
    from dqserver.content import releases

    with releases._served_lock:
        releases._served.clear()
