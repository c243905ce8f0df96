"""A feed page that could break a screen is refused whole at the wire: a real server process, the
fault proxy rewriting its answer, a real kiosk store. The old slots and helpers stay, the cursor
stays, the outbox still goes out, the reason is logged without personal data, and the next clean
round takes the page."""

from __future__ import annotations

import copy
import logging
import sqlite3
import uuid

import pytest

from kiosk import booking, outbox, timeutil
from kiosk.callbacks import create_callback
from kiosk.content import current_release
from kiosk.settings import Booking
from sync.client import Offline
from sync.service import sync_once
from tests.e2e.conftest import DORSTEN, HERTEN, publish_topic

CHANGES = "/api/v1/changes"


def snapshot(kiosk) -> dict[str, list[tuple]]:
    """What the feed writes; a slot's ``booked`` aside (a confirmed push counts the seat)."""
    query = {"quartiers": "SELECT * FROM quartiers", "helpers": "SELECT * FROM helpers",
             "slots": "SELECT id, helper_id, start, end, capacity, room, cancelled FROM slots",
             "meta": "SELECT * FROM meta WHERE key IN ('sync_cursor', 'sync_quartier')"}
    return {name: kiosk.store.db.execute(sql + " ORDER BY 1").fetchall()
            for name, sql in query.items()}


def server_callbacks(server, callback_id: str) -> int:
    """How many call-back wishes with this id the server's database file holds."""
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM dqserver_callbackrequest WHERE id = ?",
                          [uuid.UUID(callback_id).hex]).fetchone()[0]


def some_slot(kiosk) -> dict:
    row = kiosk.store.db.execute("SELECT id, helper_id FROM slots ORDER BY start LIMIT 1"
                                 ).fetchone()
    return {"id": row[0], "helper_id": row[1], "start": "2026-12-10T09:00:00Z",
            "end": "2026-12-10T09:30:00Z", "capacity": 1, "booked": 0, "room": "Café",
            "cancelled": False}


def with_row(kind: str, **changes):
    """A rewrite that adds one (broken) row to the page: a changed copy of a real one."""

    def rewrite(body: dict, kiosk) -> dict:
        body = copy.deepcopy(body)
        if kind == "slots":
            row = {**some_slot(kiosk), **changes}
        elif kind == "helpers":
            row = {"id": "9999", "first_name": "Zora", "pin_hash": "", "active": False,
                   **changes}
        else:
            row = {"id": "0b9a4b1e-1f6a-4d0e-9b5e-2a2f6b7c8d01", "slot_id": "1",
                   "status": "confirmed", **changes}
        body[kind] = [*body.get(kind, []), row]
        return body

    return rewrite


def with_page(**changes):
    return lambda body, _kiosk: {**body, **changes}


BROKEN = {
    "slot time without a zone": with_row("slots", start="2026-12-10T09:00:00"),
    "slot in the year 1": with_row("slots", start="0001-01-01T00:00:00+01:00"),
    "slot booked beyond what SQLite holds": with_row("slots", booked=2**63),
    "slot capacity as text": with_row("slots", capacity="2"),
    "helper active as text": with_row("helpers", active="false"),
    "helper pin hash not argon2": with_row("helpers", active=True, pin_hash="1234"),
    "unknown booking state": with_row("bookings", status="gebucht"),
    "cursor of 5,000 characters": with_page(cursor="x" * 5000),
}


@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_broken_page_is_refused_old_data_stays_outbox_goes(broken, server, proxy, make_kiosk,
                                                           caplog):
    kiosk = make_kiosk(HERTEN, url=proxy.url)
    kiosk.sync()
    # A call-back wish waits in the outbox (it takes no seat: the session's slots last).
    topic = kiosk.store.db.execute("SELECT id FROM topics LIMIT 1").fetchone()[0]
    wish = create_callback(kiosk.store, quartier_id=HERTEN, topic_id=topic,
                           first_name="Quirinella", phone="0171 9384756", now=timeutil.now())
    before = snapshot(kiosk)
    proxy.fault(CHANGES, "rewrite", arg=lambda body: BROKEN[broken](body, kiosk))
    caplog.set_level(logging.DEBUG)

    report = kiosk.sync()

    assert report.error and report.error.startswith("Änderungen abgelehnt: changes:")
    assert ("GET", CHANGES, "rewrite") in [(m, p.split("?")[0], k) for m, p, k in proxy.log]
    # The wish went out; nothing of the page came in; the screens still work.
    assert outbox.pending_count(kiosk.store) == 0
    assert server_callbacks(server, wish.id) == 1
    assert snapshot(kiosk) == before
    assert booking.booking_days(kiosk.store, HERTEN, timeutil.now(), Booking())
    assert "changes feed refused, the old data stays" in caplog.text
    assert "Quirinella" not in caplog.text and "9384756" not in caplog.text
    assert "Zora" not in caplog.text        # the reason names the field, never its value
    # The server heard of the problem (heartbeat), and a clean page is taken next round.
    assert report.heartbeat
    assert kiosk.sync().error is None


def test_stored_overlong_cursor_starts_over_instead_of_failing_for_ever(server, make_kiosk):
    """A kiosk that stored a 5,000-character cursor before this check got 414 for every later
    request; now it fetches everything again."""
    kiosk = make_kiosk(DORSTEN)
    kiosk.sync()
    slots = snapshot(kiosk)["slots"]
    kiosk.store.set_meta("sync_cursor", "x" * 5000)
    report = sync_once(kiosk.settings, kiosk.credentials)
    assert report.error is None and report.pulled_pages >= 1
    cursor = kiosk.store.get_meta("sync_cursor")
    assert 0 < len(cursor) <= 64 and snapshot(kiosk)["slots"] == slots


def test_a_push_the_server_cannot_answer_does_not_cut_the_kiosk_off(server, proxy, make_kiosk):
    """POST /ops answers 500 (as one out-of-range op once made the server do for a whole batch):
    the outbox waits for the next round, but the feed, a new content release and the heartbeat
    with the error still come."""
    kiosk = make_kiosk(DORSTEN, url=proxy.url, name="push-500")
    kiosk.sync()
    topic = kiosk.store.db.execute("SELECT id FROM topics LIMIT 1").fetchone()[0]
    wish = create_callback(kiosk.store, quartier_id=DORSTEN, topic_id=topic,
                           first_name="Quirinella", phone="0171 9384756", now=timeutil.now())
    release = publish_topic(server, "push-500-thema", "Thema trotz Fehler", (90, 20, 160))
    proxy.fault("/api/v1/ops", "500")
    proxy.log.clear()
    with pytest.raises(Offline, match="HTTP 500"):
        kiosk.sync()
    sent = [(m, p.split("?")[0]) for m, p, _k in proxy.log]
    assert sent[:3] == [("POST", "/api/v1/ops"), ("GET", CHANGES),
                        ("GET", "/api/v1/content/manifest")]      # then the new picture
    assert sent[-1] == ("POST", "/api/v1/heartbeat")
    assert current_release(kiosk.store) == release
    assert outbox.pending_count(kiosk.store) == 1
    assert kiosk.store.get_meta("sync_last_error") == (
        "Buchungen nicht übertragen: POST /api/v1/ops: HTTP 500")
    kiosk.sync()
    assert outbox.pending_count(kiosk.store) == 0 and server_callbacks(server, wish.id) == 1
