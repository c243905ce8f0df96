"""Against a real server process (gunicorn, SQLite file): concurrency and the plain HTTP flow."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
import requests

from tests.server_process import start_server

CLIENTS = 50


# SQLite always; PostgreSQL too when DQ_TEST_DATABASE_URL names a database that may be emptied.
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    url = None
    if request.param == "postgresql":
        url = os.environ.get("DQ_TEST_DATABASE_URL")
        if not url:
            pytest.skip("DQ_TEST_DATABASE_URL is not set (PostgreSQL test database)")
    server = start_server(tmp_path_factory.mktemp("server"), database_url=url)
    yield server
    server.stop()


def free_slot(server, quartier="herten-innenstadt"):
    body = requests.get(server.url + "/api/v1/changes", headers=server.headers(quartier),
                        params={"limit": 1000}, timeout=10).json()
    return next(s for s in body["slots"] if s["capacity"] == 1 and s["booked"] == 0
                and not s["cancelled"])


def test_fifty_clients_book_one_place(server):
    slot = free_slot(server)
    barrier = threading.Barrier(CLIENTS)
    results: list[dict] = []
    errors: list[BaseException] = []

    def book():
        op = {"op_id": str(uuid.uuid4()), "type": "booking.create", "payload": {
            "booking_id": str(uuid.uuid4()), "slot_id": slot["id"], "topic_id": None,
            "first_name": "Erna", "phone": "", "code": "ABCD",
            "created_at": "2026-11-25T10:00:00Z"}}
        try:
            barrier.wait(timeout=10)
            response = requests.post(server.url + "/api/v1/ops", json={"ops": [op]},
                                     headers=server.headers(), timeout=60)
            response.raise_for_status()
            results.append(response.json()["results"][0])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=book) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    statuses = sorted(r["status"] for r in results)
    assert statuses.count("confirmed") == 1
    assert statuses.count("conflict") == CLIENTS - 1
    after = requests.get(server.url + "/api/v1/changes", headers=server.headers(),
                         params={"limit": 1000}, timeout=10).json()
    [seen] = [s for s in after["slots"] if s["id"] == slot["id"]]
    assert seen["booked"] == 1


def test_sync_round_trip_over_http(server):
    session = requests.Session()
    session.headers.update(server.headers("dorsten-wulfen"))
    first = session.get(server.url + "/api/v1/changes", timeout=10)
    assert first.status_code == 200 and first.json()["quartier"]["id"] == "dorsten-wulfen"
    idle = session.get(server.url + "/api/v1/changes",
                       headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert idle.status_code == 304 and idle.content == b""
    manifest = session.get(server.url + "/api/v1/content/manifest", timeout=10)
    assert manifest.status_code == 200 and manifest.headers["ETag"] == '"release-1"'
    sha = manifest.json()["assets"][0]["sha256"]
    asset = session.get(f"{server.url}/api/v1/content/assets/{sha}", timeout=10)
    assert asset.status_code == 200 and "immutable" in asset.headers["Cache-Control"]
    beat = session.post(server.url + "/api/v1/heartbeat", json={
        "app_version": "0.1.0", "content_release": 1, "last_error": None,
        "free_disk_bytes": 1}, timeout=10)
    assert beat.status_code == 204
    bad = session.post(server.url + "/api/v1/ops", data=b"{not json", timeout=10)
    assert bad.status_code == 400
    wrong = requests.get(server.url + "/api/v1/changes",
                         headers={"Authorization": "Bearer nope"}, timeout=10)
    assert wrong.status_code == 401
