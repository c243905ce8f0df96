"""Short torture runs on a real server process (the long ones: ``python -m bench.torture``)."""

from __future__ import annotations

import pytest

from bench import torture
from bench.server_process import start_server
from tests.torture import fuzz_api


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
    assert r["unseen"] == 0 and r["shown"] == r["committed"], r  # no booking unseen


def test_capacity_race_never_overbooks_and_tells_every_loser(server):
    r = torture.capacity_race(server, clients=50, slots=20)
    assert r["over_capacity"] == 0, r
    assert r["confirmed"] == r["slots"], r
    assert r["untold"] == 0 and r["answer_mismatch"] == 0, r
    assert r["losers_told"] == r["attempts"] - r["slots"], r


def test_fuzzing_with_every_check_finds_no_fault(tmp_path):
    """A short run of what ``make fuzz`` runs long (figures in docs/security.md)."""
    pytest.importorskip("schemathesis")
    with start_server(tmp_path / "server", extra_env=fuzz_api.PRODUCTION_GUNICORN) as server:
        r = fuzz_api.fuzz(server, max_examples=5, folder=tmp_path)
    assert r["returncode"] == 0, r["output"]
    assert r["server_errors"] == 0 and r["tracebacks"] == 0, r["output"]
    declared = {f"{method} {path}" for method, path in fuzz_api.OPERATIONS}
    assert declared <= set(r["per_operation"]), r["per_operation"]  # every operation reached
