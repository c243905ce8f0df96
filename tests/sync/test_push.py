"""Push rules that mutation testing found unpinned (docs/mutation.md): an op the server did not
answer, or answered with a status nobody knows, stays in the outbox, is counted as failed and
makes the round fail (it is sent again); a 401 while pushing is "token refused", never an op's
refusal, and nothing is lost."""

from __future__ import annotations

import pytest

from kiosk import booking, outbox
from kiosk.settings import Settings
from kiosk.states import BookingState, OpResult
from sync import cli
from sync.client import Offline, Unauthorized
from sync.push import push
from sync.service import LAST_ERROR, LAST_OK, sync_round
from tests.conftest import NOW


class Server:
    """A server that answers ``POST /ops`` with ``answer(op_ids)`` (a list of results, or an
    exception to raise) and has nothing new to pull."""

    def __init__(self, answer):
        self.answer = answer
        self.sent: list[list[str]] = []
        self.beats: list[dict] = []

    def post_ops(self, ops):
        ids = [op["op_id"] for op in ops]
        self.sent.append(ids)
        self.ops = ops
        answer = self.answer(ids)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def changes(self, since, etag, limit=500):
        return None, etag                      # 304

    def manifest(self, etags, base=None, base_digest=None):
        return 304, None, None

    def heartbeat(self, beat):
        self.beats.append(beat)


def confirmed(op_id):
    return {"op_id": op_id, "status": OpResult.CONFIRMED, "reason": None,
            "booking": {"id": "b", "status": "confirmed", "code": "C"}}


@pytest.fixture
def two_bookings(booking_store, rules):
    for slot_id in ("tomorrow", "tomorrow-group"):
        booking.create_booking(booking_store, slot_id=slot_id, topic_id="whatsapp-foto",
                               first_name="Erna", now=NOW, rules=rules)
    return [op.op_id for op in outbox.pending(booking_store)]


def statuses(store) -> dict[str, str]:
    return dict(store.db.execute("SELECT slot_id, status FROM bookings"))


def test_an_op_the_server_did_not_answer_stays_failed_and_is_sent_again(booking_store,
                                                                         two_bookings):
    first, second = two_bookings
    server = Server(lambda ids: [confirmed(first)] if len(ids) == 2 else [confirmed(ids[0])])
    with pytest.raises(Offline, match="1 op"):
        push(booking_store, server)
    [left] = outbox.pending(booking_store)
    assert left.op_id == second
    attempts, error = booking_store.db.execute(
        "SELECT attempts, last_error FROM outbox WHERE op_id = ?", [second]).fetchone()
    assert (attempts, error) == (1, "no result for this op")
    assert statuses(booking_store) == {"tomorrow": BookingState.CONFIRMED,
                                       "tomorrow-group": BookingState.PENDING}
    assert push(booking_store, server).sent == 1          # next round: sent again, answered
    assert server.sent[-1] == [second] and outbox.pending_count(booking_store) == 0


@pytest.mark.parametrize("status", ["maybe", None, "CONFIRMED", "conflict_done"])
def test_a_result_status_nobody_knows_is_no_answer(booking_store, two_bookings, status):
    first, second = two_bookings
    server = Server(lambda ids: [confirmed(first), {**confirmed(second), "status": status}])
    with pytest.raises(Offline):
        push(booking_store, server)
    assert [op.op_id for op in outbox.pending(booking_store)] == [second]
    assert statuses(booking_store)["tomorrow-group"] == BookingState.PENDING


def test_a_round_with_unanswered_ops_is_no_success(booking_store, two_bookings, tmp_path):
    """The round goes on (feed, content, heartbeat with the error) but fails in the end: the
    status never says "abgeglichen" while bookings wait."""
    first, _second = two_bookings
    server = Server(lambda ids: [confirmed(first)])
    with pytest.raises(Offline):
        sync_round(booking_store, server, Settings(data_dir=tmp_path), heartbeat=True)
    assert booking_store.get_meta(LAST_OK) is None
    assert "1 op(s) without a result" in booking_store.get_meta(LAST_ERROR)
    assert "1 op(s) without a result" in server.beats[0]["last_error"]
    assert outbox.pending_count(booking_store) == 1


@pytest.mark.parametrize("batch", [1, 50])
def test_a_401_while_pushing_is_token_refused_and_loses_nothing(booking_store, two_bookings,
                                                                tmp_path, batch):
    server = Server(lambda ids: Unauthorized(401, "Ungültiges Token"))
    with pytest.raises(Unauthorized):
        push(booking_store, server, batch=batch)
    assert len(server.sent) == 1                  # not narrowed down op by op
    assert outbox.pending_count(booking_store) == 2
    assert set(statuses(booking_store).values()) == {BookingState.PENDING}  # none "rejected"
    settings = Settings(data_dir=tmp_path)
    with pytest.raises(Unauthorized) as refused:
        sync_round(booking_store, server, settings)
    assert cli.failure(refused.value, settings).startswith(
        "the server refused this kiosk's token")


@pytest.mark.parametrize(("server_state", "stored", "seat_taken"), [
    ("confirmed", BookingState.CONFIRMED, True),
    ("cancelled", BookingState.CANCELLED, False),   # a manager cancelled it before the answer
    ("conflict_done", BookingState.CONFLICT, False),
    (None, BookingState.CONFIRMED, True),           # no booking in the answer: confirmed
])
def test_a_confirmed_op_stores_the_server_s_booking_state(booking_store, two_bookings,
                                                          server_state, stored, seat_taken):
    first, second = two_bookings
    booked = {"id": "b", "status": server_state, "code": "C"} if server_state else None
    server = Server(lambda ids: [{**confirmed(first), "booking": booked},
                                 {**confirmed(second), "booking": booked}])
    assert push(booking_store, server).confirmed == 2
    rows = booking_store.db.execute(
        "SELECT b.status, b.reason, b.updated_at, s.booked FROM bookings b"
        " JOIN slots s ON s.id = b.slot_id WHERE s.id = 'tomorrow'").fetchone()
    assert rows[0] == stored and rows[1] is None and rows[2] is not None
    assert rows[3] == (1 if seat_taken else 0)


def test_a_refused_op_keeps_its_reason_only_when_it_is_text(booking_store, two_bookings):
    first, second = two_bookings
    server = Server(lambda ids: [
        {**confirmed(first), "status": OpResult.CONFLICT, "reason": "Der Termin ist voll."},
        {**confirmed(second), "status": OpResult.REJECTED, "reason": {"de": "nein"}}])
    push(booking_store, server)
    rows = dict(booking_store.db.execute(
        "SELECT slot_id, status || ':' || reason FROM bookings"))
    assert rows == {"tomorrow": "conflict:Der Termin ist voll.", "tomorrow-group": "rejected:"}
    stored = [outbox_result for (outbox_result,) in booking_store.db.execute(
        "SELECT json_extract(result, '$.reason') FROM outbox ORDER BY created_at")]
    assert stored == ["Der Termin ist voll.", None]


def test_ops_go_as_the_wire_wants_them_in_batches_of_the_size_asked(booking_store, two_bookings):
    first, second = two_bookings
    server = Server(lambda ids: [confirmed(i) for i in ids])
    assert push(booking_store, server, batch=1).sent == 2
    assert server.sent == [[first], [second]]
    [op] = server.ops
    assert op["type"] == outbox.BOOKING_CREATE and op["payload"]["slot_id"] == "tomorrow-group"
    assert op["payload"]["first_name"] == "Erna"


def test_an_unanswered_op_before_answered_ones_holds_none_of_them_back(booking_store,
                                                                       two_bookings):
    first, second = two_bookings
    with pytest.raises(Offline):
        push(booking_store, Server(lambda ids: [confirmed(second)]))
    assert [op.op_id for op in outbox.pending(booking_store)] == [first]
    assert statuses(booking_store)["tomorrow-group"] == BookingState.CONFIRMED


def test_an_op_refused_alone_keeps_the_server_s_reason(booking_store, two_bookings):
    from sync.client import Refused

    server = Server(lambda ids: Refused(400, "Ungültige Angaben"))
    push(booking_store, server, batch=1)
    reasons = {r for (r,) in booking_store.db.execute("SELECT reason FROM bookings")}
    assert reasons == {"Ungültige Angaben"}
    errors = {e for (e,) in booking_store.db.execute(
        "SELECT json_extract(result, '$.code') FROM outbox")}
    assert errors == {400}
