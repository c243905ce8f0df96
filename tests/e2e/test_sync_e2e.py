"""End-to-end: a real server process on 127.0.0.1, real kiosk stores, a fault proxy between."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from bench.proxy import WireTap
from bench.server_process import REPO
from kiosk import helper_mode, outbox, timeutil
from kiosk.bundle import read_bundle
from kiosk.content import current_release, import_bundle
from sync.client import Client, Offline
from sync.pull import pull
from tests.bundles import write_bundle
from tests.e2e.conftest import (
    CASTROP,
    DORSTEN,
    HERTEN,
    publish_topic,
    server_bookings,
    settings_file,
)

OPS = "/api/v1/ops"


def verified_pictures(kiosk) -> int:
    n = 0
    for sha, size in kiosk.store.db.execute("SELECT sha256, size FROM assets"):
        data = (kiosk.settings.assets_dir / sha).read_bytes()
        assert len(data) == size and hashlib.sha256(data).hexdigest() == sha
        n += 1
    return n


def topic_ids(kiosk) -> set[str]:
    return {r[0] for r in kiosk.store.db.execute("SELECT id FROM topics")}


def test_manager_publishes_topic_kiosk_has_it_after_one_sync(server, make_kiosk):
    kiosk = make_kiosk(DORSTEN)
    kiosk.sync()
    assert current_release(kiosk.store) >= 1 and verified_pictures(kiosk) > 0
    release = publish_topic(server, "neues-thema-e2e", "Neues Thema vom Quartiersmanager",
                            (200, 30, 30))
    report = kiosk.sync()
    assert report.content_changed and report.content_release == release
    assert current_release(kiosk.store) == release
    assert "neues-thema-e2e" in topic_ids(kiosk)
    image = kiosk.store.db.execute(
        "SELECT image FROM steps WHERE topic_id = 'neues-thema-e2e'").fetchone()[0]
    assert (kiosk.settings.assets_dir / image).is_file()
    assert verified_pictures(kiosk) == kiosk.store.db.execute(
        "SELECT COUNT(*) FROM assets").fetchone()[0]


def test_book_while_server_down_then_exactly_once(server, proxy, make_kiosk):
    kiosk = make_kiosk(HERTEN, url=proxy.url)
    kiosk.sync()
    proxy.stop()                                   # the server is gone: connection refused
    record = kiosk.book(kiosk.free_slot(), name="Erna", phone="02366 123456")
    assert record.status == "pending"
    with pytest.raises(Offline):
        kiosk.sync()
    assert outbox.pending_count(kiosk.store) == 1
    proxy.start()                                  # back, same port
    kiosk.sync()
    kiosk.sync()                                   # nothing is sent twice
    assert outbox.pending_count(kiosk.store) == 0
    status = kiosk.store.db.execute("SELECT status FROM bookings WHERE id = ?",
                                    [record.id]).fetchone()[0]
    assert status == "confirmed"
    assert server_bookings(server, booking_id=record.id) == [("confirmed", record.code)]
    # Delivered: the outbox keeps no personal data.
    payload = kiosk.store.db.execute("SELECT payload FROM outbox").fetchone()[0]
    assert "Erna" not in payload and "123456" not in payload


@pytest.mark.parametrize("fault", ["500", "drop", "drop-after", "stall"])
def test_server_faults_are_retried_and_nothing_is_lost(fault, server, proxy, make_kiosk):
    kiosk = make_kiosk(DORSTEN, url=proxy.url, timeout_s=0.5)
    kiosk.sync()
    record = kiosk.book(kiosk.free_slot())
    proxy.fault(OPS, fault, arg=1.5)
    started = time.monotonic()
    with pytest.raises(Offline):
        kiosk.sync()
    assert time.monotonic() - started < 3
    assert outbox.pending_count(kiosk.store) == 1
    attempts, error = kiosk.store.db.execute(
        "SELECT attempts, last_error FROM outbox").fetchone()
    assert attempts == 1 and error
    kiosk.sync()
    assert outbox.pending_count(kiosk.store) == 0
    assert server_bookings(server, booking_id=record.id) == [("confirmed", record.code)]


@pytest.mark.parametrize("hold", ["hold-before", "hold-after"])
def test_sigkill_during_push_no_loss_no_duplicate(hold, server, proxy, make_kiosk, tmp_path):
    """A child ``python -m digiquartier sync`` is killed while its POST /ops is in flight: before
    the server saw it, or after the server committed but before the answer arrived."""
    kiosk = make_kiosk(HERTEN, url=proxy.url)
    kiosk.sync()
    first = kiosk.book(kiosk.free_slot(0), name="Gerda")
    second = kiosk.book(kiosk.free_slot(1), name="Heinz")
    proxy.fault(OPS, hold)
    env = {**os.environ, "DIGIQUARTIER_CONFIG": str(settings_file(kiosk, tmp_path / "k.toml"))}
    child = subprocess.Popen([sys.executable, "-m", "digiquartier", "sync"], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert proxy.held.wait(20), "the push never reached the proxy"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    on_server = server_bookings(server, booking_id=first.id)
    print(f"\n{hold}: killed; server has {on_server}; kiosk outbox pending "
          f"{outbox.pending_count(kiosk.store)}")
    assert on_server == ([] if hold == "hold-before" else [("confirmed", first.code)])
    assert outbox.pending_count(kiosk.store) == 2      # nothing was marked done
    proxy.release.set()
    proxy.clear()
    proxy.release.clear()
    done = subprocess.run([sys.executable, "-m", "digiquartier", "sync"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert outbox.pending_count(kiosk.store) == 0
    for record in (first, second):
        assert server_bookings(server, booking_id=record.id) == [("confirmed", record.code)]
        status = kiosk.store.db.execute("SELECT status FROM bookings WHERE id = ?",
                                        [record.id]).fetchone()[0]
        assert status == "confirmed"


def test_two_kiosks_book_the_last_seat(server, make_kiosk):
    token = server.manage("issue_token", CASTROP, "--name", "Kiosk Eingang").strip()
    a = make_kiosk(CASTROP, name="a")
    b = make_kiosk(CASTROP, name="b", token=token)
    a.sync()
    b.sync()
    slot = a.free_slot(capacity=1)              # the last (only) seat
    booked_a = a.book(slot, name="Anni", phone="02305 111111")
    booked_b = b.book(slot, name="Bodo", phone="02305 222222")   # both offline, both "gebucht"
    a.sync()
    b.sync()
    status_a, status_b = (k.store.db.execute("SELECT status, reason FROM bookings WHERE id = ?",
                                             [booked.id]).fetchone()
                          for k, booked in ((a, booked_a), (b, booked_b)))
    assert status_a[0] == "confirmed"
    assert status_b[0] == "conflict" and status_b[1]
    # Anni's booking reached kiosk B too (feed version 2): its helpers see who comes.
    assert b.store.db.execute("SELECT first_name, status FROM bookings WHERE id = ?",
                              [booked_a.id]).fetchone() == ("Anni", "confirmed")
    calls = helper_mode.to_call_back(b.store, CASTROP, "de")
    assert [(c.kind, c.id, c.first_name) for c in calls] == [("conflict", booked_b.id, "Bodo")]
    assert sorted(server_bookings(server, slot_id=slot)) == [
        ("confirmed", booked_a.code), ("conflict", booked_b.code)]
    a.sync()
    assert a.store.db.execute("SELECT booked FROM slots WHERE id = ?", [slot]).fetchone()[0] == 1
    # The helper phones Bodo back; the server hears of it and the list is empty.
    helper_mode.mark_called_back(b.store, calls[0], timeutil.now())
    b.sync()
    assert helper_mode.to_call_back(b.store, CASTROP, "de") == []
    assert server_bookings(server, slot_id=slot)[1] == ("conflict_done", booked_b.code)


def test_bad_releases_are_refused_and_old_content_stays(server, proxy, make_kiosk, tmp_path):
    kiosk = make_kiosk(HERTEN, url=proxy.url)
    kiosk.sync()
    old_release, old_topics = current_release(kiosk.store), topic_ids(kiosk)
    new_release = publish_topic(server, "refusal-test", "Noch ein Thema", (10, 200, 10))
    assert new_release > old_release

    for prefix, fault in [("/api/v1/content/assets/", "tamper"),
                          ("/api/v1/content/assets/", "truncate"),
                          ("/api/v1/content/manifest", "garbage")]:
        proxy.fault(prefix, fault)
        report = kiosk.sync()
        assert report.error and "abgelehnt" in report.error, fault
        assert current_release(kiosk.store) == old_release, fault
        assert topic_ids(kiosk) == old_topics, fault
        assert verified_pictures(kiosk) > 0
        assert not list(kiosk.settings.assets_dir.glob("*.part")), fault

    report = kiosk.sync()                          # clean link: the new release comes in
    assert report.error is None and current_release(kiosk.store) == new_release

    newer = make_kiosk(HERTEN, url=proxy.url, name="newer")
    write_bundle(tmp_path / "b99", release=99)
    import_bundle(newer.store, read_bundle(tmp_path / "b99"), tmp_path / "b99",
                  newer.settings.assets_dir)
    before = topic_ids(newer)
    report = newer.sync()
    assert "not newer" in report.error
    assert current_release(newer.store) == 99 and topic_ids(newer) == before
    report = newer.sync()                          # remembered: a 304, no error, still 99
    assert report.error is None and current_release(newer.store) == 99


def test_idle_poll_is_a_304_bytes_on_the_wire(server, make_kiosk):
    tap = WireTap(server.url)
    try:
        kiosk = make_kiosk(DORSTEN, url=tap.url, name="idle")
        kiosk.sync()
        kiosk.sync()                               # second answer: cursor unchanged, ETag kept
        client = Client(kiosk.credentials, 5)
        tap.reset()
        result = pull(kiosk.store, client)
        client.close()
        tap.settle()
        assert result.not_modified
        sent, received = bytes(tap.sent), bytes(tap.received)
        print(f"\nidle changes poll: {len(sent)} bytes sent, {len(received)} bytes received")
        print(sent.decode().replace(kiosk.credentials.token, "<token>"))
        print(received.decode())
        assert received.startswith(b"HTTP/1.1 304")
        assert len(sent) + len(received) < 1000
        tap.reset()
        report = kiosk.sync()
        tap.settle()
        assert report.not_modified and not report.content_changed and not report.heartbeat
        requests_sent = [line.split(" ")[1].split("?")[0]
                         for line in tap.sent.decode().splitlines() if " HTTP/1.1" in line]
        assert requests_sent == ["/api/v1/changes", "/api/v1/content/manifest"]
        assert tap.received.count(b"HTTP/1.1 304 ") == 2
        assert tap.received.count(b"HTTP/1.1 ") == 2
        print(f"whole idle round (changes + manifest): {len(tap.sent)} bytes sent, "
              f"{len(tap.received)} bytes received")
    finally:
        tap.close()


def test_background_service_backoff_retry_after_and_kick(server, proxy, make_kiosk):
    """The thread: a 503 with Retry-After 1 s is honoured even when kicked; then online; a
    booking plus ``kick()`` reaches the server without waiting for the 60 s interval."""
    from sync.service import SyncService

    kiosk = make_kiosk(HERTEN, url=proxy.url, name="service")
    kiosk.sync()
    statuses: list = []
    proxy.fault("/api/v1/changes", "503-retry", arg=1)
    service = SyncService(kiosk.settings, kiosk.credentials, on_status=statuses.append,
                          rng=lambda: 0.0, backoff_base_s=0.05)
    started = time.monotonic()
    service.start()
    try:
        deadline = time.monotonic() + 10
        while service.rounds < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert statuses[-1].online is False and service.next_delay_s >= 1
        service.kick()                              # must still wait for Retry-After
        while not (statuses and statuses[-1].online) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert statuses[-1].online and time.monotonic() - started >= 1
        record = kiosk.book(kiosk.free_slot(capacity=1), name="Karl")
        service.kick()
        while (server_bookings(server, booking_id=record.id) == []
               and time.monotonic() < deadline):
            time.sleep(0.05)
        assert server_bookings(server, booking_id=record.id) == [("confirmed", record.code)]
    finally:
        service.stop()
    assert service.status().pending_ops == 0
    print(f"\nservice: {service.rounds} rounds, online after Retry-After in "
          f"{time.monotonic() - started:.1f} s total")


def test_content_update_is_a_delta_on_the_wire(server, make_kiosk):
    from kiosk.bundle import manifest_digest
    from kiosk.content import export_manifest

    tap = WireTap(server.url)
    try:
        kiosk = make_kiosk(DORSTEN, url=tap.url, name="delta")
        kiosk.sync()
        base = current_release(kiosk.store)
        client = Client(kiosk.credentials, 5)
        _, body, _ = client.manifest([])
        server_base_digest = manifest_digest(json.loads(body))
        release = publish_topic(server, "delta-thema-e2e", "Ein Thema als Delta", (30, 30, 200))
        tap.reset()
        report = kiosk.sync()
        tap.settle()
        assert report.content_changed and current_release(kiosk.store) == release
        sent = bytes(tap.sent).decode(errors="replace")
        # The server answers a delta only when the digest is that of its own base release.
        assert f"base={base}&base_digest={server_base_digest}" in sent and "gzip" in sent
        assert sent.count("GET /api/v1/content/assets/") == 1   # only the new topic's picture
        assert "delta-thema-e2e" in topic_ids(kiosk)
        _, body, _ = client.manifest([])
        client.close()
        full = json.loads(body)
        assert manifest_digest(export_manifest(kiosk.store)) == manifest_digest(full)
    finally:
        tap.close()
