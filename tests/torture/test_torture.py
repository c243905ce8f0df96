"""Short torture runs on a real server process (the long ones: ``python -m bench.torture``)."""

from __future__ import annotations

import pytest

from bench import torture
from tests.server_process import start_server


@pytest.fixture
def server(tmp_path):
    server = start_server(tmp_path / "server")
    yield server
    server.stop()


def test_sigkilled_kiosk_loses_and_duplicates_nothing(server, tmp_path):
    r = torture.kill_torture(tmp_path / "kiosk", server, bookings=50, kills=10, time_limit=25)
    assert r["kills"] >= 10, r
    assert {"after_commit", "after_send"} <= set(r["kills_by_point"]), r
    assert r["lost"] == 0 and r["duplicated"] == 0, r
    assert r["pending_after_sync"] == 0, r
    assert r["shown"] + r["refused_locally"] <= r["attempted"], r


def test_capacity_race_never_overbooks_and_tells_every_loser(server):
    r = torture.capacity_race(server, clients=50, slots=20)
    assert r["over_capacity"] == 0, r
    assert r["confirmed"] == r["slots"], r
    assert r["untold"] == 0 and r["answer_mismatch"] == 0, r
    assert r["losers_told"] == r["attempts"] - r["slots"], r


def test_fuzzing_the_api_finds_no_server_error(server, tmp_path):
    pytest.importorskip("schemathesis")
    r = torture.fuzz(server, max_examples=5, folder=tmp_path)
    assert r["server_errors_in_log"] == 0, r["output"]
    assert r["returncode"] == 0, r["output"]
