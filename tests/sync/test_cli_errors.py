"""``python -m digiquartier sync`` and ``purge`` as the systemd timers run them, when things go
wrong: a locked or unreadable database, a server that answers 500. Each says one plain sentence
and exits non-zero; never a traceback, never a name or a phone number. Real processes, real SQLite
files, a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kiosk.store import Store
from sync.credentials import enrol

REPO = Path(__file__).resolve().parents[2]
NAME, PHONE = "Quirinella", "+491719384756"


@pytest.fixture
def data(tmp_path) -> Path:
    """A data folder with a real store holding one name, and its settings file."""
    folder = tmp_path / "data"
    store = Store.open(folder / "kiosk.db")
    store.db["bookings"].insert({"id": "b1", "slot_id": "s1", "first_name": NAME,
                                 "phone": PHONE, "code": "ABC234", "status": "pending",
                                 "created_at": "2026-11-25T09:00:00Z"})
    store.close()
    (tmp_path / "kiosk.toml").write_text(f'data_dir = "{folder}"\n', "utf-8")
    return folder


def kiosk(command: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIGIQUARTIER_CONFIG": str(data.parent / "kiosk.toml"),
           "DIGIQUARTIER_DATA": str(data), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "digiquartier", command], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def one_plain_sentence(result: subprocess.CompletedProcess, start: str) -> str:
    assert result.returncode == 1, result.stderr
    output = result.stdout + result.stderr
    assert "Traceback" not in output and NAME not in output and PHONE[3:] not in output
    sentences = [line for line in result.stderr.splitlines()
                 if not line.startswith(("INFO ", "WARNING ", "ERROR "))]
    assert len(sentences) == 1 and sentences[0].startswith(start), result.stderr
    return sentences[0]


@pytest.fixture
def server_500():
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("command", ["sync", "purge"])
def test_locked_database(command, data):
    """Another program holds the write lock for longer than the store's 10 s busy timeout."""
    enrol(data, "http://127.0.0.1:9", "token-for-a-port-where-nothing-listens")
    holder = sqlite3.connect(data / "kiosk.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = kiosk(command, data)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    text = one_plain_sentence(result, f"{command.capitalize()} failed:")
    assert "database is locked" in text
    print(f"\n{command}, database locked: {text}")


@pytest.mark.parametrize("damage", ["not a database", "a folder"])
@pytest.mark.parametrize("command", ["sync", "purge"])
def test_unreadable_database(command, damage, data):
    enrol(data, "http://127.0.0.1:9", "token-for-a-port-where-nothing-listens")
    for path in data.glob("kiosk.db*"):
        path.unlink()
    if damage == "a folder":
        (data / "kiosk.db").mkdir()
    else:
        (data / "kiosk.db").write_bytes(f"{NAME} {PHONE} ".encode() * 300)
    text = one_plain_sentence(kiosk(command, data), f"{command.capitalize()} failed:")
    print(f"\n{command}, database is {damage}: {text}")


def test_server_error(data, server_500):
    enrol(data, server_500, "token-for-a-server-that-answers-500")
    text = one_plain_sentence(kiosk("sync", data), "Sync failed:")
    assert "HTTP 500" in text and "outbox" in text
    print(f"\nsync, server answers 500: {text}")


@pytest.mark.parametrize("command", ["sync", "purge"])
def test_unreadable_settings_file(command, data):
    (data.parent / "kiosk.toml").unlink()
    result = kiosk(command, data)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Settings: [Errno 2] No such file or directory: '{data.parent / 'kiosk.toml'}'"]
