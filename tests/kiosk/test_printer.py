"""The receipt printer on real connections: a TCP printer on 127.0.0.1 that keeps the bytes and
answers the status queries as told, and a device file. No paper, no printer, a jam: a state
with a plain sentence, never an exception; the booking is not the printer's business."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from kiosk import printer, slip
from kiosk.printer import PrinterState
from kiosk.settings import Printer, Settings, SettingsError, from_dict
from tests.kiosk import escpos_stream
from tests.kiosk.escpos_stream import SocketPrinter

SLIP = slip.Slip((slip.Text("Begegnungsstätte", bold=True), slip.Text("ABC DEF", 0),
                  slip.QR("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")))
DATA = slip.escpos_bytes(SLIP, 80)


@pytest.fixture
def tcp_printer(request):
    device = SocketPrinter(**getattr(request, "param", {}))
    yield device
    device.close()


def kiosk(tmp_path, kind: str, device: str, timeout_s: float = 3) -> Settings:
    """The kiosk's settings with a printer (the lock file goes into its data folder)."""
    return Settings(data_dir=tmp_path, printer=Printer(kind=kind, device=device,
                                                       timeout_s=timeout_s))


def on(tmp_path, device: SocketPrinter, timeout_s: float = 3) -> Settings:
    return kiosk(tmp_path, "network", f"127.0.0.1:{device.port}", timeout_s)


def until_received(device: SocketPrinter, size: int) -> bytes:
    """The server thread may still be reading when the printer call returns."""
    deadline = time.monotonic() + 5
    while len(device.received) < size and time.monotonic() < deadline:
        time.sleep(0.01)
    return bytes(device.received)


def test_a_slip_goes_to_the_network_printer_whole(tcp_printer, tmp_path):
    assert printer.print_bytes(on(tmp_path, tcp_printer), DATA) is PrinterState.OK
    printed = escpos_stream.read(until_received(tcp_printer, len(DATA) + 6))
    assert printed.queries == [4, 1]  # paper sensor and online asked first
    assert [t for t in printed.texts if t] == ["Begegnungsstätte", "ABC DEF"]
    assert printed.qr == ["BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"] and printed.cuts == 1


@pytest.mark.parametrize(("tcp_printer", "state", "words"), [
    ({"paper": SocketPrinter.NO_PAPER}, PrinterState.NO_PAPER, "kein Papier"),
    ({"online": SocketPrinter.OFFLINE}, PrinterState.ERROR, "Störung"),  # a jam, the cover open
], indirect=["tcp_printer"])
def test_a_printer_without_paper_or_offline_gets_no_slip_and_says_why(tcp_printer, state, words,
                                                                      tmp_path):
    assert printer.print_bytes(on(tmp_path, tcp_printer), DATA) is state
    assert printer.check(on(tmp_path, tcp_printer)) is state
    time.sleep(0.1)
    assert escpos_stream.read(bytes(tcp_printer.received)).texts == []  # only the queries
    assert words in printer.MESSAGES[state] and "trotzdem gebucht" in printer.MESSAGES[state]


@pytest.mark.parametrize("tcp_printer", [{"answer": False}], indirect=True)
def test_a_printer_that_cannot_answer_still_prints_after_a_short_wait(tcp_printer, tmp_path):
    started = time.monotonic()
    assert printer.print_bytes(on(tmp_path, tcp_printer, timeout_s=0.5), DATA) is PrinterState.OK
    assert time.monotonic() - started < 2
    assert escpos_stream.read(until_received(tcp_printer, len(DATA) + 3)).cuts == 1


def test_no_printer_at_the_address_is_not_connected_at_once(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    settings = kiosk(tmp_path, "network", f"127.0.0.1:{port}")
    assert printer.print_bytes(settings, DATA) is PrinterState.NOT_CONNECTED
    assert printer.check(settings) is PrinterState.NOT_CONNECTED
    assert time.monotonic() - started < 1
    assert "nicht erreichbar" in printer.MESSAGES[PrinterState.NOT_CONNECTED]


def test_a_device_file_gets_the_bytes_and_a_missing_one_is_not_made(tmp_path):
    device = tmp_path / "lp0"
    device.touch()  # the kernel's /dev/usb/lp0 exists while the printer is plugged in
    assert printer.print_bytes(kiosk(tmp_path, "file", str(device)), DATA) is PrinterState.OK
    assert device.read_bytes() == DATA
    unplugged = tmp_path / "lp1"
    assert printer.print_bytes(kiosk(tmp_path, "file", str(unplugged)),
                               DATA) is PrinterState.NOT_CONNECTED
    assert not unplugged.exists()


def test_a_usb_printer_that_is_not_plugged_in_is_not_connected(tmp_path):
    assert printer.check(kiosk(tmp_path, "usb", "04b8:0e15")) is PrinterState.NOT_CONNECTED


def test_the_heartbeat_asks_the_printer_and_keeps_its_answer(store, tmp_path):
    assert printer.heartbeat_state(store, Settings(data_dir=tmp_path)) is None  # no printer
    assert printer.last_state(store) is None
    device = SocketPrinter(paper=SocketPrinter.NO_PAPER)
    try:
        assert printer.heartbeat_state(store, on(tmp_path, device)) == "no_paper"
    finally:
        device.close()
    assert printer.last_state(store) is PrinterState.NO_PAPER


def test_a_print_waits_for_the_other_process_that_has_the_printer(tcp_printer, tmp_path):
    """The sync's own process checking the printer holds the lock file; the print waits."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, sys, time; f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_EX);"
        " print('held', flush=True); time.sleep(0.5)"), str(tmp_path / "printer.lock")],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    started = time.monotonic()
    assert printer.print_bytes(on(tmp_path, tcp_printer), DATA) is PrinterState.OK
    assert time.monotonic() - started >= 0.3
    holder.wait(timeout=5)


def test_printer_settings():
    assert not from_dict({}).printer.enabled  # off by default
    settings = from_dict({"printer": {"kind": "serial", "device": "/dev/ttyUSB0",
                                      "paper_mm": 58, "baudrate": 19200}}).printer
    assert settings.enabled and (settings.paper_mm, settings.baudrate) == (58, 19200)


@pytest.mark.parametrize(("values", "message"), [
    ({"kind": "bluetooth", "device": "x"}, "printer.kind must be one of usb, serial, network"),
    ({"kind": "network"}, "printer.device is needed for a network printer"),
    ({"paper_mm": 76}, "printer.paper_mm must be 58 or 80, not 76"),
    ({"timeout_s": 60}, "printer.timeout_s must be from 0.5 to 30"),
    ({"port": 9100}, "unknown setting printer.port"),
])
def test_bad_printer_settings_are_explained(values, message):
    with pytest.raises(SettingsError, match=message):
        from_dict({"printer": values})
