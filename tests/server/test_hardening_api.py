"""Issue #13, part A, in process: datetimes, keyed op records, strict heartbeat, nesting, cursors,
the OpenAPI document, throttling of wrong tokens, and the helpers' calendars."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
from django.test import Client
from django.utils import timezone
from dqserver.bookings.models import Booking, CallbackRequest, Helper, OpRecord, WalkIn
from dqserver.bookings.ops import HANDLERS, payload_sha256
from dqserver.bookings.retention import purge_personal_data
from dqserver.kiosks.models import Kiosk
from dqserver.throttle import FAILED_CALENDAR, FAILED_TOKEN

from tests.server.conftest import booking_op, make_slot

BAD_MOMENTS = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "1969-12-31T23:59:59Z",
               "2100-01-01T00:00:00Z", "2026-11-25T10:00:00", "2026-11-25", "25.11.2026 10:00",
               1764064800, "1764064800", True, None, "2026-02-30T10:00:00Z"]


def moment_op(kind: str, moment) -> dict:
    """An op of ``kind`` whose one datetime field is ``moment``; the rest is valid."""
    payload = {
        "callback.create": {"callback_id": str(uuid.uuid4()), "first_name": "Rita",
                            "phone": "0171 000000", "created_at": moment},
        "walkin.create": {"walkin_id": str(uuid.uuid4()), "at": moment},
    }[kind]
    return {"op_id": str(uuid.uuid4()), "type": kind, "payload": payload}


@pytest.mark.parametrize("moment", BAD_MOMENTS)
@pytest.mark.parametrize("kind", ["booking.create", "callback.create", "walkin.create"])
def test_a_bad_datetime_rejects_its_op_alone(kiosk_client, slot, quartier, helper, kind, moment):
    if kind == "booking.create":
        bad = booking_op(slot)
        bad["payload"]["created_at"] = moment
    else:
        bad = moment_op(kind, moment)
    after = booking_op(make_slot(quartier, helper, days=3))
    rejected, confirmed = kiosk_client.ops(bad, after)
    assert rejected["status"] == "rejected" and rejected["code"] == 400, rejected
    assert "Zeitpunkt" in rejected["reason"], rejected
    assert confirmed["status"] == "confirmed"
    assert Booking.objects.count() == 1
    assert CallbackRequest.objects.count() == 0 and WalkIn.objects.count() == 0


def test_a_datetime_with_an_offset_is_stored_in_utc(kiosk_client):
    [result] = kiosk_client.ops(moment_op("walkin.create", "2026-11-25T11:00:00.5+01:00"))
    assert result["status"] == "confirmed", result
    assert WalkIn.objects.get().at == datetime(2026, 11, 25, 10, 0, 0, 500000, tzinfo=UTC)


@pytest.mark.parametrize("body", [
    {"content_release": False}, {"content_release": "7"}, {"free_disk_bytes": "7"},
    {"free_disk_bytes": True}, {"free_disk_bytes": 7.5}, {"free_disk_bytes": 2**63},
    {"free_disk_bytes": 10**30}, {"content_release": 2**31}, {"app_version": None},
    {"last_error": 5},
])
def test_heartbeat_takes_no_coerced_or_oversized_numbers(kiosk_client, body):
    response = kiosk_client.post("/heartbeat", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    kiosk = Kiosk.objects.get()
    assert (kiosk.content_release, kiosk.free_disk_bytes, kiosk.last_heartbeat) == (None, None,
                                                                                   None)


def test_heartbeat_takes_the_largest_numbers_the_columns_hold(kiosk_client):
    response = kiosk_client.post("/heartbeat", {"content_release": 2**31 - 1,
                                                "free_disk_bytes": 2**63 - 1})
    assert response.status_code == 204
    assert Kiosk.objects.get().free_disk_bytes == 2**63 - 1


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("path", ["/ops", "/heartbeat"])
@pytest.mark.parametrize("body", [nested(100_000), '{"ops": [' + nested(40) + "]}",
                                  json.dumps({"ops": [{"op_id": str(uuid.uuid4()),
                                                       "type": "walkin.create",
                                                       "payload": {"x": json.loads(nested(40))}}
                                                      ]})],
                         ids=["100000-deep", "ops-40-deep", "payload-40-deep"])
def test_deeply_nested_json_is_400(kiosk_client, path, body):
    response = kiosk_client.post(path, body)
    assert response.status_code == 400, response.content
    assert "verschachtelt" in response.json()["detail"]


@pytest.mark.parametrize("cursor", ["1" * 5000, "a" * 65, "abc.1.ä", "1.2.3; DROP", "a b"],
                         ids=["5000-chars", "65-chars", "umlaut", "semicolon", "space"])
def test_an_impossible_cursor_is_a_clear_400(kiosk_client, cursor):
    response = kiosk_client.get("/changes", {"since": cursor})
    assert response.status_code == 400, response.content
    assert "Cursor" in response.json()["detail"]


def test_a_well_formed_unknown_cursor_still_resets(kiosk_client):
    body = kiosk_client.get("/changes", {"since": "deadbeef.1.99"}).json()
    assert body["reset"] is True


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_openapi_refs_resolve_and_auth_errors_are_documented(client):
    schema = client.get("/api/v1/openapi.json").json()
    for ref in refs(schema):
        node = schema
        for part in ref.removeprefix("#/").split("/"):
            assert part in node, f"{ref} does not resolve"
            node = node[part]
    body = schema["paths"]["/api/v1/ops"]["post"]["requestBody"]["content"]["application/json"]
    kinds = body["schema"]["properties"]["ops"]["items"]["oneOf"]
    assert {kind["properties"]["type"]["enum"][0] for kind in kinds} == set(HANDLERS)
    booking = next(k for k in kinds if k["title"] == "booking.create")["properties"]["payload"]
    assert booking["properties"]["created_at"]["format"] == "date-time"
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation.get("security"):
                assert {"401", "429"} <= set(operation["responses"]), (method, path)


def test_wrong_tokens_are_throttled_per_address(kiosk_client):
    guesser = Client(headers={"Authorization": "Bearer guessed"}, REMOTE_ADDR="192.0.2.7")
    for _ in range(FAILED_TOKEN.failures):
        assert guesser.get("/api/v1/changes").status_code == 401
    refused = guesser.get("/api/v1/changes")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= FAILED_TOKEN.window
    assert "Sekunden" in refused.json()["detail"]
    # From that address even the right token waits: a right guess must look like a wrong one.
    right = Client(headers={"Authorization": f"Bearer {kiosk_client.token}"},
                   REMOTE_ADDR="192.0.2.7")
    assert right.get("/api/v1/changes").status_code == 429
    assert kiosk_client.get("/changes").status_code == 200  # other addresses go on


def calendar(secret: str, address: str = "198.51.100.1"):
    return Client(REMOTE_ADDR=address).get(f"/kalender/{secret}.ics")


def test_calendar_of_a_deactivated_helper_is_gone(kiosk_client, slot, helper):
    kiosk_client.ops(booking_op(slot, first_name="Erna"))
    assert b"Erna" in calendar(helper.ical_secret).content
    helper.active = False
    helper.save()
    response = calendar(helper.ical_secret)
    assert response.status_code == 404
    assert b"Erna" not in response.content and b"Birgit" not in response.content


def test_calendar_of_a_helper_in_no_quartier_is_gone(kiosk_client, slot, helper):
    kiosk_client.ops(booking_op(slot, first_name="Erna"))
    helper.quartiers.clear()
    response = calendar(helper.ical_secret)
    assert response.status_code == 404 and b"Erna" not in response.content


def test_calendar_shows_only_the_quartiers_the_helper_still_serves(
        kiosk_client, other_client, quartier, other_quartier, helper):
    helper.quartiers.add(other_quartier)
    kiosk_client.ops(booking_op(make_slot(quartier, helper, days=2), first_name="Erna"))
    other_client.ops(booking_op(make_slot(other_quartier, helper, days=3), first_name="Otto"))
    helper.quartiers.remove(quartier)
    response = calendar(helper.ical_secret)
    assert response.status_code == 200
    assert b"Otto" in response.content and b"Erna" not in response.content


def test_wrong_calendar_addresses_are_throttled(helper):
    for n in range(FAILED_CALENDAR.failures):
        assert calendar(f"guess{n}").status_code == 404
    refused = calendar(helper.ical_secret)  # the right one waits too
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert calendar(helper.ical_secret, address="198.51.100.2").status_code == 200


def test_each_kiosk_gets_only_its_own_helpers_pin_hashes(kiosk_client, other_client, helper,
                                                        other_quartier):
    there = Helper(first_name="Ole", pin_hash="$argon2id$v=19$m=65536,t=3,p=4$b2xl$b2xl")
    there.save()
    there.quartiers.add(other_quartier)
    mine = kiosk_client.get("/changes").json()["helpers"]
    theirs = other_client.get("/changes").json()["helpers"]
    assert [h["first_name"] for h in mine] == ["Birgit"]
    assert [(h["first_name"], h["pin_hash"]) for h in theirs] == [("Ole", there.pin_hash)]


def test_a_replay_still_matches_after_the_secret_key_is_rotated(kiosk_client, slot, settings):
    op = booking_op(slot)
    first = kiosk_client.ops(op)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "rotated-" + "y" * 50
    assert kiosk_client.ops(op) == first
    changed = booking_op(slot, op_id=op["op_id"], first_name="Otto")
    assert kiosk_client.ops(changed)[0]["code"] == 422


def test_migration_keys_the_plain_hashes_of_old_op_records(kiosk_client, slot):
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    op = booking_op(slot)
    first = kiosk_client.ops(op)
    OpRecord.objects.update(payload_hash=payload_sha256(op["type"], op["payload"]))  # as before
    # The models as migration 0004 sees them (dqserver.OpRecord, before the split into apps).
    apps = MigrationLoader(connection).project_state(
        ("dqserver", "0004_oprecord_keyed_digest")).apps
    import_module("dqserver.migrations.0004_oprecord_keyed_digest").key_the_old_hashes(apps, None)
    assert OpRecord.objects.get().payload_hash != payload_sha256(op["type"], op["payload"])
    assert kiosk_client.ops(op) == first


@pytest.mark.parametrize("path", ["/changes", "/content/manifest"])
def test_too_many_query_parameters_are_a_json_400(kiosk_client, path):
    response = kiosk_client.get(path + "?" + "&".join(f"p{n}=1" for n in range(1100)))
    assert response.status_code == 400 and "Parameter" in response.json()["detail"]


@pytest.mark.parametrize("query", ["limit=5&limit=6", "since=&since=abc"])
def test_a_query_parameter_given_twice_is_400(kiosk_client, query):
    response = kiosk_client.get("/changes?" + query)
    assert response.status_code == 400 and "mehrfach" in response.json()["detail"]


def test_the_purge_deletes_op_records_past_the_retention_only(kiosk_client, quartier, helper):
    old, recent = booking_op(make_slot(quartier, helper, days=2)), booking_op(
        make_slot(quartier, helper, days=3))
    kiosk_client.ops(old, recent)
    OpRecord.objects.filter(pk=old["op_id"]).update(
        created_at=timezone.now() - timedelta(days=31))
    assert purge_personal_data(30)["op_records"] == 1
    assert [str(pk) for pk in OpRecord.objects.values_list("op_id", flat=True)] == [
        recent["op_id"]]


@pytest.mark.parametrize("name", ["\u200b\u200b", "Anna\u202e", "An\x00na", "   "])
@pytest.mark.parametrize("kind", ["booking.create", "callback.create"])
def test_a_name_the_text_rule_refuses_rejects_its_op_alone(kiosk_client, slot, quartier, helper,
                                                           kind, name):
    """Stored as "" before (a name of zero-width characters): the same rule as the kiosk's."""
    if kind == "booking.create":
        bad = booking_op(slot, first_name=name)
    else:
        bad = {"op_id": str(uuid.uuid4()), "type": "callback.create", "payload": {
            "callback_id": str(uuid.uuid4()), "first_name": name, "phone": "0171 000000",
            "created_at": "2026-11-25T10:00:00Z"}}
    rejected, confirmed = kiosk_client.ops(bad, booking_op(make_slot(quartier, helper, days=3)))
    assert rejected["status"] == "rejected" and rejected["code"] == 400, rejected
    assert confirmed["status"] == "confirmed"
    assert not Booking.objects.filter(first_name="").exists()
    assert CallbackRequest.objects.count() == 0


def test_the_heartbeat_error_text_is_stored_clean(kiosk_client):
    response = kiosk_client.post("/heartbeat", {"last_error": "Sync\u202e fehlgeschlagen\x07"})
    assert response.status_code == 204
    assert Kiosk.objects.get().last_error == "Sync fehlgeschlagen"
