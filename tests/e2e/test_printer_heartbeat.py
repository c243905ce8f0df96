"""End to end: a kiosk whose slip printer has run out of paper tells the real server process in
its heartbeat, and the server keeps it for the managers' kiosk list ("Drucker: kein Papier")."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from kiosk.settings import Printer
from tests.e2e.conftest import DORSTEN
from tests.kiosk.escpos_stream import SocketPrinter


def printer_states(server) -> set[str]:
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        return {row[0] for row in db.execute("SELECT printer_state FROM dqserver_kiosk")}


def test_no_paper_reaches_the_server_with_the_heartbeat(server, make_kiosk):
    device = SocketPrinter(paper=SocketPrinter.NO_PAPER)
    try:
        kiosk = make_kiosk(DORSTEN)
        kiosk.settings = replace(kiosk.settings, printer=Printer(
            kind="network", device=f"127.0.0.1:{device.port}", timeout_s=2))
        assert kiosk.sync().heartbeat
    finally:
        device.close()
    assert "no_paper" in printer_states(server)
