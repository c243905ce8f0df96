"""Kiosk API: auth, changes feed, content, heartbeat, with good and bad input."""

from __future__ import annotations

import hashlib
import json

import pytest
from argon2 import PasswordHasher
from django.test import Client
from dqserver.bookings.models import Booking, Helper
from dqserver.content import releases
from dqserver.kiosks.models import Kiosk

from tests.server.conftest import booking_op, make_slot

ENDPOINTS = [("get", "/api/v1/changes"), ("get", "/api/v1/content/manifest"),
             ("get", "/api/v1/content/assets/" + "0" * 64), ("post", "/api/v1/ops"),
             ("post", "/api/v1/heartbeat")]


@pytest.mark.parametrize("method,path", ENDPOINTS)
@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic abc", "Bearer "])
def test_every_endpoint_needs_a_valid_token(kiosk_client, method, path, header):
    client = Client(headers={"Authorization": header} if header else {})
    response = getattr(client, method)(path, content_type="application/json") \
        if method == "post" else client.get(path)
    assert response.status_code == 401
    assert "Token" in response.json()["detail"]


def test_revoked_token_is_refused(kiosk_client):
    assert kiosk_client.get("/changes").status_code == 200
    kiosk_client.kiosk.revoke_token()
    assert kiosk_client.get("/changes").status_code == 401


def test_rotated_token_replaces_the_old_one(kiosk_client):
    new = kiosk_client.kiosk.issue_token()
    assert kiosk_client.get("/changes").status_code == 401
    assert Client(headers={"Authorization": f"Bearer {new}"}).get(
        "/api/v1/changes").status_code == 200
    assert Kiosk.objects.get().token_hash != new  # stored hashed


def test_changes_from_the_start(kiosk_client, slot, helper):
    response = kiosk_client.get("/changes")
    assert response.status_code == 200
    body = response.json()
    assert body["reset"] is False and body["more"] is False
    assert body["quartier"] == {"id": "herten-innenstadt", "name": "Herten-Innenstadt",
                                "address": "Beispielstraße 5", "centre": "Begegnungsstätte",
                                "contact_name": "Herr Muster", "contact_phone": "0000",
                                "contact_text": "Werden Sie Digital-Helfer!"}
    assert body["helpers"] == [{"id": str(helper.pk), "first_name": "Birgit",
                                "pin_hash": helper.pin_hash, "active": True}]
    [item] = body["slots"]
    assert item["id"] == str(slot.pk) and item["helper_id"] == str(helper.pk)
    assert item["start"].endswith("Z") and item["end"].endswith("Z")
    assert item["capacity"] == 1 and item["booked"] == 0 and item["cancelled"] is False
    assert body["bookings"] == [] and body["callbacks"] == []


def test_changes_since_cursor_only_has_what_changed(kiosk_client, slot, helper):
    first = kiosk_client.get("/changes").json()
    again = kiosk_client.get("/changes", {"since": first["cursor"]}).json()
    assert again["slots"] == [] and again["helpers"] == [] and again["cursor"] == first["cursor"]
    kiosk_client.ops(booking_op(slot, code="AB12"))
    after = kiosk_client.get("/changes", {"since": first["cursor"]}).json()
    assert [s["booked"] for s in after["slots"]] == [1]
    assert [(b["status"], b["code"]) for b in after["bookings"]] == [("confirmed", "AB12")]
    # with the first name and phone: helpers on site see every booking of their quartier
    assert set(after["bookings"][0]) == {"id", "slot_id", "status", "code", "first_name", "phone",
                                         "topic_id", "created_at", "reminded_at"}


def test_changes_are_paged(kiosk_client, quartier, helper):
    for days in range(1, 8):
        make_slot(quartier, helper, days=days)
    seen, cursor, pages = [], "", 0
    while True:
        body = kiosk_client.get("/changes", {"since": cursor, "limit": 3}).json()
        seen += [("s", s["id"]) for s in body["slots"]] + [("h", h["id"]) for h in body["helpers"]]
        assert len(body["slots"]) + len(body["helpers"]) <= 3
        cursor, pages = body["cursor"], pages + 1
        if not body["more"]:
            break
    assert pages == 3 and len(seen) == 8 == len(set(seen))


def test_etag_and_304(kiosk_client, slot):
    first = kiosk_client.get("/changes", {"since": ""})
    etag = first["ETag"]
    idle = kiosk_client.get("/changes", {"since": ""}, headers={"If-None-Match": etag})
    assert idle.status_code == 304 and idle.content == b""
    assert {h.lower() for h in idle.headers} == {"etag"} and idle["ETag"] == etag
    kiosk_client.ops(booking_op(slot))
    changed = kiosk_client.get("/changes", {"since": ""}, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize("cursor", ["garbage", "1.2.3", "x.y.z", "-5"])
def test_unknown_cursor_means_reset(kiosk_client, slot, cursor):
    body = kiosk_client.get("/changes", {"since": cursor}).json()
    assert body["reset"] is True and len(body["slots"]) == 1


def test_cursor_from_the_future_or_other_quartier_means_reset(kiosk_client, other_client, slot):
    cursor = kiosk_client.get("/changes").json()["cursor"]
    epoch, q, seq = cursor.split(".")
    assert kiosk_client.get("/changes", {"since": f"{epoch}.{q}.{int(seq) + 999}"}).json()["reset"]
    assert other_client.get("/changes", {"since": cursor}).json()["reset"]


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "100000"])
def test_bad_limit_is_400(kiosk_client, limit):
    response = kiosk_client.get("/changes", {"limit": limit})
    assert response.status_code == 400 and "limit" in response.json()["detail"]


def test_quartier_isolation_in_changes(kiosk_client, other_client, slot, helper):
    body = other_client.get("/changes").json()
    assert body["quartier"]["id"] == "dorsten-wulfen"
    assert body["slots"] == [] and body["helpers"] == []


@pytest.mark.parametrize("removal", ["helper.quartiers.remove", "helper.quartiers.clear",
                                     "quartier.helpers.remove", "quartier.helpers.clear"])
def test_helper_removed_from_quartier_either_side_is_announced_inactive(
        kiosk_client, helper, quartier, removal):
    cursor = kiosk_client.get("/changes").json()["cursor"]
    {"helper.quartiers.remove": lambda: helper.quartiers.remove(quartier),
     "helper.quartiers.clear": lambda: helper.quartiers.clear(),
     "quartier.helpers.remove": lambda: quartier.helpers.remove(helper),
     "quartier.helpers.clear": lambda: quartier.helpers.clear()}[removal]()
    [item] = kiosk_client.get("/changes", {"since": cursor}).json()["helpers"]
    assert item["id"] == str(helper.id) and item["active"] is False and item["pin_hash"] == ""


def test_pin_hash_verifies_with_argon2(kiosk_client, quartier):
    h = Helper(first_name="Jonas")
    h.set_pin("2468")
    h.save()
    h.quartiers.add(quartier)
    [item] = kiosk_client.get("/changes").json()["helpers"]
    assert item["pin_hash"].startswith("$argon2id$v=19$")
    assert PasswordHasher().verify(item["pin_hash"], "2468")


def test_manifest_404_before_first_release(kiosk_client):
    response = kiosk_client.get("/content/manifest")
    assert response.status_code == 404
    assert "veröffentlicht" in response.json()["detail"]


def test_manifest_and_assets(kiosk_client, topic):
    release = releases.publish()
    response = kiosk_client.get("/content/manifest")
    assert response.status_code == 200 and response["ETag"] == f'"release-{release.number}"'
    assert response.content.decode() == release.manifest_json
    manifest = response.json()
    assert releases.validate_manifest(manifest) == []
    idle = kiosk_client.get("/content/manifest", headers={"If-None-Match": response["ETag"]})
    assert idle.status_code == 304 and idle.content == b""
    for asset in manifest["assets"]:
        got = kiosk_client.get(f"/content/assets/{asset['sha256']}")
        assert got.status_code == 200
        assert got["Content-Type"] == asset["media_type"]
        assert int(got["Content-Length"]) == asset["size"] == len(got.content)
        assert "immutable" in got["Cache-Control"]
        assert hashlib.sha256(got.content).hexdigest() == asset["sha256"]


@pytest.mark.parametrize("sha", ["0" * 64, "ABC", "../../etc/passwd", "g" * 64])
def test_unknown_asset_is_404(kiosk_client, sha):
    assert kiosk_client.get(f"/content/assets/{sha}").status_code == 404


def test_heartbeat_is_stored(kiosk_client):
    response = kiosk_client.post("/heartbeat", {"app_version": "0.3.1", "content_release": 4,
                                                "last_error": "Zeitüberschreitung",
                                                "free_disk_bytes": 12_000_000_000})
    assert response.status_code == 204 and response.content == b""
    kiosk = Kiosk.objects.get()
    assert (kiosk.app_version, kiosk.content_release, kiosk.last_error,
            kiosk.free_disk_bytes) == ("0.3.1", 4, "Zeitüberschreitung", 12_000_000_000)
    assert kiosk.last_seen is not None and kiosk.is_online


@pytest.mark.parametrize("body,status", [
    ("not json", 400),
    ("[1, 2]", 400),
    (json.dumps({"app_version": 5, "free_disk_bytes": "viel"}), 422),
    (json.dumps({"content_release": -1}), 422),
    (json.dumps({"app_version": "x" * 500}), 422),
])
def test_heartbeat_bad_input(kiosk_client, body, status):
    response = kiosk_client.post("/heartbeat", body)
    assert response.status_code == status
    assert response.json()["detail"]
    assert Kiosk.objects.get().app_version == ""


def test_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/changes", "/api/v1/ops", "/api/v1/heartbeat",
            "/api/v1/content/manifest"} <= set(paths)


def test_unsupported_method_is_405(kiosk_client):
    response = kiosk_client.client.delete("/api/v1/changes")
    assert response.status_code == 405
    assert Booking.objects.count() == 0
