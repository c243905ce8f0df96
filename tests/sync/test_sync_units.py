"""Sync client pieces without a server: credentials, CLI, wire helpers, state mapping, pull and
push rules against a scripted client, backoff and the status line."""

from __future__ import annotations

import json
import logging
import re
import stat
from datetime import UTC, datetime, timedelta

import pytest

from digiquartier import main
from kiosk import booking, i18n, outbox
from sync import credentials, wire
from sync.client import Offline, Refused
from sync.pull import map_booking, pull
from sync.push import push
from sync.service import SyncStatus, backoff_delay
from sync.status import status_line
from tests.conftest import NOW, QUARTIER, make_slot

TOKEN = "s3cr3t-token-value"
PIN_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


def test_enrol_stores_mode_600_and_hides_token(tmp_path):
    creds = credentials.enrol(tmp_path, "https://dq.example.org/", TOKEN)
    path = credentials.path(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert creds.server_url == "https://dq.example.org" and TOKEN not in repr(creds)
    assert credentials.load(tmp_path) == creds
    with pytest.raises(credentials.EnrolmentError):
        credentials.enrol(tmp_path, "ftp://x", TOKEN)
    with pytest.raises(credentials.EnrolmentError):
        credentials.enrol(tmp_path, "https://x", "two words")


def test_cli_enrol_and_health_never_log_the_token(tmp_path, monkeypatch, capsys, caplog):
    monkeypatch.setenv("DIGIQUARTIER_DATA", str(tmp_path))
    monkeypatch.delenv("DIGIQUARTIER_CONFIG", raising=False)
    caplog.set_level(logging.DEBUG)
    assert main(["health"]) == 0                    # not enrolled, empty store: fine
    assert main(["enrol", "http://127.0.0.1:9", TOKEN]) == 0
    assert main(["health"]) == 1                    # enrolled but no content yet
    assert main(["sync"]) == 1                      # nothing listens there: offline
    out = capsys.readouterr()
    assert TOKEN not in out.out + out.err + caplog.text
    assert main(["enrol", "only-url"]) == 2


@pytest.mark.parametrize(("local", "server", "expected"), [
    ("pending", "confirmed", "confirmed"),
    ("confirmed", "cancelled", "cancelled"),
    ("pending", "conflict", "conflict"),
    ("conflict", "conflict_done", None),
    ("attended", "confirmed", None),        # a helper's attendance is not turned back
    ("no_show", "cancelled", None),
    ("attended", "no_show", "no_show"),     # set by a helper on another kiosk
    ("confirmed", "something-new", None),
])
def test_map_booking(local, server, expected):
    assert map_booking(local, server) == expected


def test_retry_after():
    assert wire.retry_after_seconds("120") == 120
    assert wire.retry_after_seconds("Wed, 25 Nov 2026 10:00:30 GMT",
                                    now=datetime(2026, 11, 25, 10, 0, tzinfo=UTC).timestamp()
                                    ) == pytest.approx(30)
    assert wire.retry_after_seconds("soon") is None and wire.retry_after_seconds(None) is None


def test_backoff_grows_with_jitter_and_is_capped():
    assert backoff_delay(1, lambda: 0.0) == 2.5 and backoff_delay(1, lambda: 1.0) == 5
    assert backoff_delay(4, lambda: 1.0) == 40
    assert backoff_delay(30, lambda: 1.0) == 300


def test_status_line():
    i18n.set_language("de")
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    online = SyncStatus(enrolled=True, online=True, last_success=now - timedelta(minutes=2))
    assert status_line(online, now) == "Online – zuletzt abgeglichen vor 2 Minuten"
    assert status_line(SyncStatus(enrolled=True), now) == (
        "Offline – Buchungen werden gespeichert und später übertragen")
    assert status_line(online, now, short=True) == "Online"
    assert status_line(SyncStatus(enrolled=True), now, short=True) == "Offline"


class ScriptedClient:
    """Answers from a list; records what was asked."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def _next(self, *call):
        self.calls.append(call)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer(*call) if callable(answer) else answer

    def changes(self, since, etag, limit=500):
        return self._next("changes", since, etag)

    def post_ops(self, ops):
        return self._next("ops", [op["op_id"] for op in ops])


def page(cursor, *, more=False, reset=False, slots=(), helpers=(), bookings=()):
    return {"cursor": cursor, "more": more, "reset": reset,
            "quartier": {"id": QUARTIER, "name": "Dorsten-Wulfen"},
            "helpers": list(helpers), "slots": list(slots), "bookings": list(bookings),
            "callbacks": []}


def slot(slot_id, booked=0):
    s = make_slot(slot_id, NOW + timedelta(days=1), booked=booked)
    del s["quartier_id"]
    return s


def test_pull_pages_cursor_etag_and_full_fetch_sweep(booking_store):
    client = ScriptedClient([
        (page("c1", more=True, slots=[slot("tomorrow")]), '"e1"'),
        (page("c2", slots=[slot("s-new")], helpers=[{"id": "h-anna", "first_name": "Anna",
                                                      "pin_hash": PIN_HASH, "active": True}]),
         '"e2"'),
        (page("c2"), '"e3"'),
        (None, '"e3"'),
    ])
    first = pull(booking_store, client)
    assert first.pages == 2 and booking_store.get_meta("sync_cursor") == "c2"
    # First fetch replaces: slots the server did not list are cancelled, not deleted.
    cancelled = dict(booking_store.db.execute("SELECT id, cancelled FROM slots"))
    assert cancelled["tomorrow"] == 0 and cancelled["s-new"] == 0 and cancelled["far"] == 1
    pull(booking_store, client)                     # same cursor back: its ETag is kept
    assert pull(booking_store, client).not_modified
    assert client.calls[-1] == ("changes", "c2", '"e3"')


def test_pull_commits_page_with_cursor_or_not_at_all(booking_store, monkeypatch):
    booking_store.set_meta("sync_cursor", "c0")
    import sync.pull as pull_module

    def broken(store, bookings):
        raise RuntimeError("power cut")

    monkeypatch.setattr(pull_module, "apply_bookings", broken)
    with pytest.raises(RuntimeError):
        pull(booking_store, ScriptedClient([(page("c9", slots=[slot("tomorrow", 1)]), None)]))
    assert booking_store.get_meta("sync_cursor") == "c0"
    assert booking_store.db.execute(
        "SELECT booked FROM slots WHERE id = 'tomorrow'").fetchone()[0] == 0


def test_pull_keeps_local_changes_not_yet_pushed(booking_store, rules):
    record = booking.create_booking(booking_store, slot_id="tomorrow", topic_id="whatsapp-foto",
                                    first_name="Erna", now=NOW, rules=rules)
    booking_store.set_meta("sync_cursor", "c0")
    server_view = [{"id": record.id, "slot_id": "tomorrow", "status": "cancelled",
                    "code": record.code}]
    pull(booking_store, ScriptedClient([(page("c1", bookings=server_view), None)]))
    assert booking.find_booking(booking_store, record.code).status == "pending"


def result(op_id, status, **extra):
    return {"op_id": op_id, "status": status, "reason": extra.pop("reason", None),
            "booking": None, **extra}


def test_push_results_4xx_per_op_and_offline(booking_store, rules):
    for slot_id in ("tomorrow", "tomorrow-group"):
        booking.create_booking(booking_store, slot_id=slot_id, topic_id="whatsapp-foto",
                               first_name="Erna", now=NOW, rules=rules)
    ids = [op.op_id for op in outbox.pending(booking_store)]
    client = ScriptedClient([
        Offline("POST /ops: HTTP 502"),
        Refused(400, "Höchstens 100 Vorgänge je Anfrage."),   # whole batch: go one by one
        lambda _kind, sent: [result(sent[0], "confirmed",
                                    booking={"id": "x", "status": "confirmed", "code": "C"})],
        Refused(400, "Ungültige Angaben"),                     # that op's own result
    ])
    with pytest.raises(Offline):
        push(booking_store, client)
    assert outbox.pending_count(booking_store) == 2
    assert booking_store.db.execute("SELECT MIN(attempts) FROM outbox").fetchone()[0] == 1
    outcome = push(booking_store, client)
    assert (outcome.confirmed, outcome.rejected) == (1, 1)
    assert outbox.pending_count(booking_store) == 0
    statuses = dict(booking_store.db.execute("SELECT slot_id, status FROM bookings"))
    assert statuses == {"tomorrow": "confirmed", "tomorrow-group": "rejected"}
    assert booking_store.db.execute(
        "SELECT booked FROM slots WHERE id = 'tomorrow'").fetchone()[0] == 1
    stored = json.loads(booking_store.db.execute(
        "SELECT result FROM outbox WHERE op_id = ?", [ids[1]]).fetchone()[0])
    assert stored["code"] == 400
    assert "Erna" not in "".join(r[0] for r in booking_store.db.execute(
        "SELECT payload FROM outbox"))


@pytest.mark.parametrize(("change", "reason"), [
    ({"cursor": "c" * 65}, "cursor longer than 64"),
    ({"cursor": "c1 ?x=1"}, "cursor longer than 64"),
    ({"slots": [{**slot("s"), "start": "2026-11-26T09:00:00"}]}, "slots id s: start"),
    ({"slots": [{**slot("s"), "end": "9999-12-31T23:59:59-01:00"}]}, "slots id s: end"),
    ({"slots": [{**slot("s"), "booked": True}]}, "slots id s: booked"),
    ({"slots": [{**slot("s"), "room": "R" * 50_001}]}, "slots id s: room"),
    ({"slots": [{**slot("s"), "start": "0999-12-31T23:00:00Z"}]}, "slots id s: start"),
    ({"slots": [{**slot("s"), "capacity": -1}]}, "slots id s: capacity"),
    ({"slots": [{**slot("s"), "id": 7}]}, "slots[0]: id"),
    ({"helpers": [{"id": "h", "first_name": "", "pin_hash": "", "active": False}]},
     "helpers id h: first_name"),
    ({"bookings": [{"id": "b", "slot_id": "s", "status": None}]}, "bookings id b: status"),
    ({"callbacks": [{"id": "c", "status": "later"}]}, "callbacks id c: status"),
    ({"quartier": {"id": QUARTIER, "name": 5}}, f"quartier id {QUARTIER}: name"),
    ({"helpers": {"id": "h"}}, "helpers is not a list"),
])
def test_wire_refuses_a_page_naming_the_field_not_the_value(change, reason):
    with pytest.raises(wire.WireError, match=re.escape(reason)) as refused:
        wire.check_changes_page({**page("c1"), **change})
    assert "50001" not in str(refused.value) and "RRR" not in str(refused.value)


def test_wire_stores_slot_times_in_utc_with_z():
    checked = wire.check_changes_page(page("c1", slots=[
        {**slot("s"), "start": "2026-11-26T10:00:00+01:00", "end": "2026-11-26T10:45:00+01:00"}]))
    assert (checked["slots"][0]["start"], checked["slots"][0]["end"]) == (
        "2026-11-26T09:00:00Z", "2026-11-26T09:45:00Z")


def test_push_takes_odd_results_without_blocking_the_queue(booking_store, rules):
    """A result whose booking is not an object, or whose reason is a page long or not text, is
    still that op's result: stored (the reason cut to what helper mode shows) and done."""
    for slot_id in ("tomorrow", "tomorrow-group"):
        booking.create_booking(booking_store, slot_id=slot_id, topic_id="whatsapp-foto",
                               first_name="Erna", now=NOW, rules=rules)
    client = ScriptedClient([lambda _kind, sent: [
        result(sent[0], "confirmed", booking="confirmed"),
        result(sent[1], "rejected", reason="Nein. " * 2000)]])
    assert push(booking_store, client).sent == 2
    assert outbox.pending_count(booking_store) == 0
    rows = dict(booking_store.db.execute("SELECT slot_id, status || ':' || COALESCE(reason, '')"
                                         " FROM bookings"))
    assert rows["tomorrow"] == "confirmed:"
    assert rows["tomorrow-group"].startswith("rejected:Nein.") and len(rows["tomorrow-group"]) \
        == len("rejected:") + 300
    booking.create_booking(booking_store, slot_id="tomorrow-group", topic_id="whatsapp-foto",
                           first_name="Erna", now=NOW, rules=rules)
    push(booking_store, ScriptedClient([lambda _kind, sent: [
        result(sent[0], "conflict", reason={"de": "voll"})]]))
    assert outbox.pending_count(booking_store) == 0


def test_wire_takes_what_a_manager_can_save():
    """A typo in the admin (no seats, the year 2206, the end before the start, a long text)
    is a strange slot, not a reason to stop the whole quartier's feed."""
    odd = {**slot("s"), "capacity": 0, "start": "2206-11-26T09:00:00Z",
           "end": "2206-11-26T08:00:00Z", "room": "Saal " * 1000}
    checked = wire.check_changes_page(page("c1", slots=[odd]))
    assert checked["slots"][0]["start"] == "2206-11-26T09:00:00Z"
