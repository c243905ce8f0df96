"""Issue #13, part A, against a real server process: gunicorn with the production config
(``-c server/dqserver/gunicorn_conf.py``, access log on), behind-proxy mode, a SQLite file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
from dqserver.bookings.ops import keyed_digest, payload_sha256
from dqserver.throttle import FAILED_CALENDAR, FAILED_TOKEN

from tests.server_process import MANAGE, start_server
from tests.torture.fuzz_api import PRODUCTION_GUNICORN

NAME, PHONE = "Wilhelmine", "0209 4711 0815"
CALLBACK_NAME, CALLBACK_PHONE = "Gisela", "02366 987 654"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Two workers: the throttle counts across them (one cache for the server).
    server = start_server(tmp_path_factory.mktemp("server"), workers=2, extra_env={
        **PRODUCTION_GUNICORN, "DQ_BEHIND_TLS_PROXY": "1"})
    yield server
    server.stop()


def db(server) -> sqlite3.Connection:
    return sqlite3.connect(server.db_path, timeout=30)


def slot_ids(server, quartier="herten-innenstadt") -> list[str]:
    body = requests.get(server.url + "/api/v1/changes", headers=server.headers(quartier),
                        params={"limit": 1000}, timeout=10).json()
    return [s["id"] for s in body["slots"] if s["booked"] == 0 and not s["cancelled"]]


def booking(slot_id: str, first_name: str = "Erna", phone: str = "",
            created_at="2026-11-25T10:00:00Z") -> dict:
    return {"op_id": str(uuid.uuid4()), "type": "booking.create", "payload": {
        "booking_id": str(uuid.uuid4()), "slot_id": slot_id, "topic_id": None,
        "first_name": first_name, "phone": phone, "code": "HX4K", "created_at": created_at}}


def post_ops(server, *ops) -> list[dict]:
    response = requests.post(server.url + "/api/v1/ops", json={"ops": list(ops)},
                             headers=server.headers(), timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_out_of_range_datetimes_reject_their_ops_and_the_rest_applies(server):
    first, second = slot_ids(server)[:2]
    results = post_ops(server, booking(first),
                       booking(first, created_at="0001-01-01T00:00:00+01:00"),
                       booking(first, created_at="9999-12-31T23:59:59-01:00"),
                       booking(second))
    assert [r["status"] for r in results] == ["confirmed", "rejected", "rejected", "confirmed"]
    assert all(r["code"] == 400 and "Zeitpunkt" in r["reason"] for r in results[1:3])
    assert "Internal Server Error" not in server.log_path.read_text(errors="replace")


def every_cell(server) -> list[str]:
    """Every value of every column of every table, as text (blobs decoded leniently)."""
    cells = []
    with db(server) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                cells += [v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in row]
    return cells


def test_after_the_purge_nothing_gives_a_name_or_phone_back(server):
    slot_id = slot_ids(server)[-1]
    book = booking(slot_id, NAME, PHONE)
    callback = {"op_id": str(uuid.uuid4()), "type": "callback.create", "payload": {
        "callback_id": str(uuid.uuid4()), "first_name": CALLBACK_NAME, "phone": CALLBACK_PHONE,
        "created_at": "2026-11-25T10:00:00Z", "topic_id": None}}
    assert [r["status"] for r in post_ops(server, book, callback)] == ["confirmed", "confirmed"]
    # What an attacker with the database tries: the hash of each candidate payload (all other
    # fields are in the booking row), plain, keyed with a guessed secret, or keyed with none.
    candidates = set()
    for op in (book, callback):
        sha = payload_sha256(op["type"], op["payload"])
        candidates |= {sha, keyed_digest(sha, "x"), hashlib.sha256(sha.encode()).hexdigest()}
    secret = server.env["DJANGO_SECRET_KEY"]
    keyed = {keyed_digest(payload_sha256(op["type"], op["payload"]), secret)
             for op in (book, callback)}
    before = every_cell(server)
    assert NAME in before and keyed <= set(before)  # the dump sees what is there
    assert not candidates & set(before)  # stored keyed only, never a plain hash

    past = (datetime.now(UTC) - timedelta(days=40)).strftime("%Y-%m-%d %H:%M:%S")
    with db(server) as conn:
        conn.execute('UPDATE dqserver_slot SET start = ?, "end" = ? WHERE id = ?',
                     (past, past, int(slot_id)))
        conn.execute("UPDATE dqserver_callbackrequest SET created_at = ?", (past,))
        conn.execute("UPDATE dqserver_oprecord SET created_at = ?", (past,))
    out = server.manage("purge_personal_data")
    assert "1 Buchungen" in out and "1 Rückrufwünsche" in out

    after = every_cell(server)
    for secret_text in (NAME, PHONE, CALLBACK_NAME, CALLBACK_PHONE):
        assert not [cell for cell in after if secret_text in cell], secret_text
    assert not (candidates | keyed) & set(after)
    # Not in free pages or the write-ahead log either.
    raw = b"".join(path.read_bytes() for path in server.db_path.parent.glob("server.db*"))
    for secret_text in (NAME, PHONE, CALLBACK_NAME, CALLBACK_PHONE):
        assert secret_text.encode() not in raw, secret_text


def helper_secrets(server) -> dict[str, str]:
    with db(server) as conn:
        return dict(conn.execute("SELECT first_name, ical_secret FROM dqserver_helper"))


def test_calendars_of_gone_helpers_and_their_secrets_stay_out_of_the_logs(server):
    secrets = helper_secrets(server)
    (active, active_secret), (gone, gone_secret), (left, left_secret) = list(secrets.items())[:3]
    post_ops(server, booking(slot_ids(server)[0], first_name="Hildegard"))
    with db(server) as conn:
        conn.execute("UPDATE dqserver_helper SET active = 0 WHERE first_name = ?", (gone,))
        conn.execute("DELETE FROM dqserver_helper_quartiers WHERE helper_id = "
                     "(SELECT id FROM dqserver_helper WHERE first_name = ?)", (left,))
    ok = requests.get(f"{server.url}/kalender/{active_secret}.ics", timeout=10)
    assert ok.status_code == 200 and ok.headers["Content-Type"].startswith("text/calendar")
    for secret in (gone_secret, left_secret):
        response = requests.get(f"{server.url}/kalender/{secret}.ics", timeout=10)
        assert response.status_code == 404
        assert b"Hildegard" not in response.content and b"DigiQuartier" not in response.content

    # gunicorn writes an access line after the answer is sent: wait for all three.
    deadline = time.monotonic() + 10
    while True:
        log = server.log_path.read_text(errors="replace")
        logged = (log.count('"GET /kalender/….ics HTTP/1.1" 200') >= 1
                  and log.count('"GET /kalender/….ics HTTP/1.1" 404') >= 2)
        if logged or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert logged, log[-2000:]
    for secret in secrets.values():
        assert secret not in log


def test_wrong_tokens_get_429_with_retry_after(server):
    session = requests.Session()
    session.headers["X-Forwarded-For"] = "203.0.113.9"  # as the TLS proxy appends it
    for n in range(FAILED_TOKEN.failures):
        response = session.get(server.url + "/api/v1/changes", timeout=10,
                               headers={"Authorization": f"Bearer guess-{n}"})
        assert response.status_code == 401
    response = session.get(server.url + "/api/v1/changes", timeout=10,
                           headers={"Authorization": "Bearer guess-last"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= FAILED_TOKEN.window
    right = session.get(server.url + "/api/v1/changes", headers=server.headers(), timeout=10)
    assert right.status_code == 429
    elsewhere = requests.get(server.url + "/api/v1/changes", timeout=10, headers={
        **server.headers(), "X-Forwarded-For": "203.0.113.10"})
    assert elsewhere.status_code == 200


def test_guessed_calendar_addresses_get_429_with_retry_after(server):
    session = requests.Session()
    session.headers["X-Forwarded-For"] = "203.0.113.20"
    for n in range(FAILED_CALENDAR.failures):
        assert session.get(f"{server.url}/kalender/guess{n}.ics", timeout=10).status_code == 404
    secret = next(iter(helper_secrets(server).values()))
    response = session.get(f"{server.url}/kalender/{secret}.ics", timeout=10)
    assert response.status_code == 429 and int(response.headers["Retry-After"]) >= 1


def test_each_kiosk_gets_only_its_quartiers_pin_hashes(server):
    with db(server) as conn:
        serving = {}
        for slug, name, pin_hash in conn.execute(
                "SELECT q.slug, h.first_name, h.pin_hash FROM dqserver_helper h "
                "JOIN dqserver_helper_quartiers hq ON hq.helper_id = h.id "
                "JOIN dqserver_quartier q ON q.id = hq.quartier_id WHERE h.active"):
            serving.setdefault(slug, set()).add((name, pin_hash))
    for slug, token in server.tokens.items():
        body = requests.get(server.url + "/api/v1/changes", timeout=10,
                            headers={"Authorization": f"Bearer {token}"}).json()
        sent = {(h["first_name"], h["pin_hash"]) for h in body["helpers"] if h["pin_hash"]}
        assert sent == serving.get(slug, set()), slug


def test_the_throttle_counts_across_processes(tmp_path):
    """Each gunicorn worker is its own process: with a per-process cache, 3 workers let through
    3 times the limit. Two processes count into one counter here."""
    env = {**os.environ, "DQ_VAR_DIR": str(tmp_path), "DJANGO_SECRET_KEY": "x" * 50,
           "DJANGO_SETTINGS_MODULE": "dqserver.settings"}
    count = ("from django.core.cache import cache; cache.add('n', 0); cache.incr('n'); "
             "print(cache.get('n'))")
    seen = [subprocess.run([sys.executable, str(MANAGE), "shell", "-v", "0", "-c", count], env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
            for _ in range(2)]
    assert seen == ["1", "2"]
