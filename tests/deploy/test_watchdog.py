"""sd_notify over a real AF_UNIX datagram socket, as systemd's $NOTIFY_SOCKET is."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from kiosk.watchdog import Watchdog, notify


@pytest.fixture
def notify_socket(tmp_path: Path):
    path = tmp_path / "notify"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(1)
    yield str(path), sock
    sock.close()


def received(sock: socket.socket) -> list[str]:
    messages = []
    sock.setblocking(False)
    try:
        while True:
            messages.append(sock.recv(4096).decode())
    except BlockingIOError:
        return messages


def test_ready_and_watchdog_reach_the_socket(notify_socket):
    path, sock = notify_socket
    watchdog = Watchdog.from_env({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "60000000"})
    assert watchdog.enabled and watchdog.interval_s == 30
    assert watchdog.ready()
    assert watchdog.ping()
    assert received(sock) == ["READY=1\nSTATUS=Kiosk läuft", "WATCHDOG=1"]


def test_ping_every_frame_sends_once_per_quarter_period(notify_socket):
    path, sock = notify_socket
    now = [100.0]
    watchdog = Watchdog(path, watchdog_usec=4_000_000, clock=lambda: now[0])  # ping every 2 s
    sent = []
    for _frame in range(120):  # 60 fps for 2 seconds
        sent.append(watchdog.ping())
        now[0] += 1 / 60
    assert sum(sent) == 2  # t=0 and t=1 s (half of the 2 s interval)
    assert received(sock) == ["WATCHDOG=1", "WATCHDOG=1"]


def test_main_loop_pings_through_kivy_clock_style_callback(notify_socket):
    """What app.py wires: Clock.schedule_interval(lambda dt: watchdog.ping(), interval_s)."""
    path, sock = notify_socket
    now = [0.0]
    watchdog = Watchdog(path, watchdog_usec=20_000_000, clock=lambda: now[0])
    callback = lambda dt: watchdog.ping()  # noqa: E731
    for _ in range(3):
        callback(watchdog.interval_s)
        now[0] += watchdog.interval_s
    assert received(sock) == ["WATCHDOG=1"] * 3


def test_abstract_socket_name(tmp_path):
    name = f"@digiquartier-test-{tmp_path.name}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name[1:])
    try:
        assert notify("WATCHDOG=1", name)
        assert sock.recv(100) == b"WATCHDOG=1"
    finally:
        sock.close()


def test_outside_systemd_everything_is_a_no_op():
    watchdog = Watchdog.from_env({})
    assert not watchdog.enabled
    assert watchdog.interval_s == 5
    assert not watchdog.ready() and not watchdog.ping() and not watchdog.stopping()


def test_a_vanished_socket_does_not_crash_the_app(tmp_path):
    watchdog = Watchdog(str(tmp_path / "gone"), watchdog_usec=2_000_000)
    assert watchdog.ping() is False
