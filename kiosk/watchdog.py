"""Tell systemd that the kiosk is up and still alive (sd_notify), without libsystemd.

systemd starts the kiosk with ``Type=notify`` and ``WatchdogSec=``; it passes the path of a
datagram socket in ``$NOTIFY_SOCKET`` and the watchdog period in ``$WATCHDOG_USEC``. The app sends
``READY=1`` once its first screen is shown and then ``WATCHDOG=1`` from the Kivy main loop. If the
UI freezes, the pings stop and systemd restarts the kiosk. Usage::

    watchdog = Watchdog.from_env()
    watchdog.ready()
    Clock.schedule_interval(lambda dt: watchdog.ping(), watchdog.interval_s)

Outside systemd (a developer's desktop, the tests without a socket) every call is a no-op.

The kiosk runs as a child of the cage compositor, so ``$WATCHDOG_PID`` names cage, not us; the
unit sets ``NotifyAccess=all`` and we deliberately ignore ``$WATCHDOG_PID``.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)

#: How often to ping when systemd does not say (no watchdog configured): harmless, cheap.
DEFAULT_INTERVAL_S = 5.0


def notify(message: str, socket_path: str | None) -> bool:
    """Send one sd_notify datagram (``"READY=1"``, ``"WATCHDOG=1"``, ...) to ``socket_path``.

    :param message: newline-separated ``KEY=value`` assignments
    :param socket_path: the value of ``$NOTIFY_SOCKET``; ``@name`` is an abstract socket
    :returns: True when the datagram was sent, False when there is no socket or sending failed
    """
    if not socket_path:
        return False
    address = "\0" + socket_path[1:] if socket_path.startswith("@") else socket_path
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode())
        return True
    except OSError as e:
        log.warning("sd_notify %r an %s fehlgeschlagen: %s", message, socket_path, e)
        return False


class Watchdog:
    """READY/WATCHDOG/STATUS messages for systemd; rate-limited, so calling it per frame is fine."""

    def __init__(
        self,
        socket_path: str | None,
        watchdog_usec: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.socket_path = socket_path or None
        self.watchdog_usec = watchdog_usec
        self._clock = clock
        self._last_ping: float | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Watchdog:
        """Read ``$NOTIFY_SOCKET`` and ``$WATCHDOG_USEC`` (as systemd sets them)."""
        env = os.environ if environ is None else environ
        usec = env.get("WATCHDOG_USEC", "")
        return cls(env.get("NOTIFY_SOCKET"), int(usec) if usec.isdigit() and int(usec) else None)

    @property
    def enabled(self) -> bool:
        return self.socket_path is not None

    @property
    def interval_s(self) -> float:
        """Ping period: half of systemd's watchdog period, as sd_watchdog_enabled(3) advises."""
        if self.watchdog_usec:
            return self.watchdog_usec / 2_000_000
        return DEFAULT_INTERVAL_S

    def ready(self, status: str = "Kiosk läuft") -> bool:
        """Tell systemd that start-up is finished (call once, when the first screen is shown)."""
        return notify(f"READY=1\nSTATUS={status}", self.socket_path)

    def ping(self) -> bool:
        """Feed the watchdog; sends at most once per ``interval_s / 2``, so it may run per frame."""
        if not self.enabled:
            return False
        now = self._clock()
        if self._last_ping is not None and now - self._last_ping < self.interval_s / 2:
            return False
        self._last_ping = now
        return notify("WATCHDOG=1", self.socket_path)

    def stopping(self) -> bool:
        """Tell systemd the app is shutting down on purpose."""
        return notify("STOPPING=1", self.socket_path)
