"""A tiny recording TCP relay on 127.0.0.1: every byte between client and server, both ways.

What it records is the TCP payload (HTTP headers + bodies as sent), not IP/TCP headers. The
benchmarks count it (``total``); the end-to-end tests also read it (``sent.decode()``).

Usage::

    with WireTap(server.url) as tap:
        requests.get(tap.url + "/...")
        tap.settle()
        tap.sent, tap.received      # bytearrays: client → server, server → client
        tap.reset()
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from urllib.parse import urlsplit


class WireTap:
    def __init__(self, upstream: str):
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        self.sent = bytearray()      # client → server
        self.received = bytearray()  # server → client
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def total(self) -> int:
        return len(self.sent) + len(self.received)

    def settle(self) -> None:
        """Let the relay threads finish with what is in flight."""
        time.sleep(0.05)

    def reset(self) -> None:
        self.settle()
        self.sent.clear()
        self.received.clear()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            for source, sink, record in ((client, server, self.sent),
                                         (server, client, self.received)):
                threading.Thread(target=self._pump, args=(source, sink, record),
                                 daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket, record: bytearray) -> None:
        try:
            while data := source.recv(65536):
                record.extend(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._listener.close()

    def __enter__(self) -> WireTap:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
