"""The receipt printer: its connection from the settings, printing a slip, and its state.

A printer that has no paper, is switched off or jammed must never cost a booking: every failure
is a :class:`PrinterState` with a plain sentence for the senior ("Ihr Termin ist trotzdem
gebucht"), never an exception. The state is also what the heartbeat tells the server, so managers
see "Drucker: kein Papier" before the next senior does.

ESC/POS printers answer real-time status queries (DLE EOT, python-escpos' ``query_status``) over
network, serial and USB: the paper sensor, and whether the printer is online (a jam, an open cover
or an error take it offline). A printer behind a device file (``/dev/usb/lp0``) cannot be asked:
there only "nicht verbunden" and write errors are known.

Calls wait up to ``Printer.timeout_s`` for a printer that does not answer: the screen calls them
on a thread (screens/slip.py). A lock file in the data folder keeps a print and the heartbeat's
status check (the sync thread, or the sync's own process) from talking to the printer at once:
two writers on one device file would mix their bytes on the paper.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from escpos.constants import RT_MASK_NOPAPER, RT_MASK_ONLINE, RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.exceptions import Error as EscposError
from usb.core import USBTimeoutError

from kiosk.i18n import N_
from kiosk.settings import Printer, Settings
from kiosk.states import PrinterState
from kiosk.store import Store

if TYPE_CHECKING:  # escpos.escpos loads the printers' capabilities: 0.34 s, only to print
    from escpos.escpos import Escpos

log = logging.getLogger(__name__)

NETWORK_PORT = 9100  # the raw port ESC/POS network printers listen on ("JetDirect")
STATE_KEY = "printer_state"  # in the store's meta: the last state seen, for the heartbeat


#: What the senior reads after tapping "Beleg drucken".
MESSAGES = {
    PrinterState.OK: N_("Ihr Beleg kommt aus dem Drucker."),
    PrinterState.NO_PAPER: N_("Der Drucker hat kein Papier. Ihr Termin ist trotzdem gebucht. "
                              "Bitte notieren Sie sich den Code."),
    PrinterState.NOT_CONNECTED: N_("Der Drucker ist nicht erreichbar. Ihr Termin ist trotzdem "
                                   "gebucht. Bitte notieren Sie sich den Code."),
    PrinterState.ERROR: N_("Der Drucker hat eine Störung. Ihr Termin ist trotzdem gebucht. "
                           "Bitte notieren Sie sich den Code."),
}

class NotConnected(Exception):
    """The printer cannot be reached: no device, no cable, nobody at the address."""


def connection(settings: Printer) -> Escpos:
    """The python-escpos connection for the configured kind, opened (raises NotConnected)."""
    from escpos import printer

    kind, device = settings.kind, settings.device
    if kind == "network":
        host, _sep, port = device.partition(":")
        conn = printer.Network(host, int(port or NETWORK_PORT), timeout=settings.timeout_s)
    elif kind == "usb":
        vendor, _sep, product = device.partition(":")
        conn = printer.Usb(int(vendor, 16), int(product, 16),
                           timeout=round(settings.timeout_s * 1000))
    elif kind == "serial":
        conn = printer.Serial(device, baudrate=settings.baudrate, timeout=settings.timeout_s)
    elif kind == "file":
        if not Path(device).exists():  # opening would make a plain file where the device was
            raise NotConnected(f"{device} does not exist")
        conn = printer.File(device)
    else:
        raise ValueError(f"no printer configured (kind {kind!r})")
    try:
        conn.open()
    except (EscposError, OSError, ValueError) as e:
        raise NotConnected(str(e)) from e
    return conn


def _status(conn: Escpos) -> PrinterState | None:
    """What the printer says about itself; None when it cannot be asked or does not answer.
    (python-escpos' ``is_online`` takes no answer for "offline", which would stop a printer
    that only cannot answer from ever printing; the masks are its own.)"""
    from escpos.escpos import Escpos

    if type(conn)._read is Escpos._read:  # a device file: nothing comes back
        return None
    try:
        paper = conn.query_status(RT_STATUS_PAPER)
        online = conn.query_status(RT_STATUS_ONLINE) if paper else b""
    except (TimeoutError, USBTimeoutError):
        return None
    if not online:
        return None
    if paper[0] & RT_MASK_NOPAPER == RT_MASK_NOPAPER:
        return PrinterState.NO_PAPER
    return PrinterState.ERROR if online[0] & RT_MASK_ONLINE else PrinterState.OK


@contextlib.contextmanager
def _only_one(settings: Settings) -> Iterator[None]:
    """The printer for this thread or process alone, until the block ends."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "printer.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _talk(settings: Settings, data: bytes | None) -> PrinterState:
    """Ask the printer for its state and, if it can print, send ``data``."""
    with _only_one(settings):
        try:
            conn = connection(settings.printer)
        except NotConnected as e:
            log.warning("printer not reachable: %s", e)
            return PrinterState.NOT_CONNECTED
        try:
            state = _status(conn)
            if data is not None and state in (None, PrinterState.OK):
                conn._raw(data)  # the slip is whole ESC/POS already (kiosk.slip)
                state = PrinterState.OK
            return state or PrinterState.OK
        except (EscposError, OSError) as e:
            log.warning("printer failed: %s", e)
            return PrinterState.ERROR
        finally:
            with contextlib.suppress(EscposError, OSError):
                conn.close()


def print_bytes(settings: Settings, data: bytes) -> PrinterState:
    """Print a slip (:func:`kiosk.slip.escpos_bytes`); OK once the printer took it. Nothing is
    sent to a printer that says it has no paper or is offline (it would print half)."""
    return _talk(settings, data)


def check(settings: Settings) -> PrinterState:
    """The printer's state now, without printing."""
    return _talk(settings, None)


def heartbeat_state(store: Store, settings: Settings) -> str | None:
    """For the heartbeat (on the sync thread): the printer asked now and the answer kept; None
    where no printer is configured."""
    if not settings.printer.enabled:
        return None
    state = check(settings)
    record_state(store, state)
    return state


def record_state(store: Store, state: PrinterState) -> None:
    """Keep the last state seen, for the next heartbeat."""
    with store.write():
        store.set_meta(STATE_KEY, state)


def last_state(store: Store) -> PrinterState | None:
    value = store.get_meta(STATE_KEY)
    return PrinterState(value) if value in PrinterState._value2member_map_ else None
