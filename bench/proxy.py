"""A tiny counting TCP proxy on 127.0.0.1: every byte between client and server, both ways.

What it counts is the TCP payload (HTTP headers + bodies as sent), not IP/TCP headers.

Usage::

    with CountingProxy(server_port) as proxy:
        requests.get(f"http://127.0.0.1:{proxy.port}/...")
        proxy.sent, proxy.received      # client → server, server → client
        proxy.reset()
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class CountingProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.sent = 0
        self.received = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def total(self) -> int:
        return self.sent + self.received

    def reset(self) -> None:
        time.sleep(0.05)  # let the pumps finish counting what is in flight
        with self._lock:
            self.sent = self.received = 0

    def settle(self) -> None:
        time.sleep(0.05)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b, up in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pump, args=(a, b, up), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        try:
            while data := source.recv(65536):
                with self._lock:
                    if upstream:
                        self.sent += len(data)
                    else:
                        self.received += len(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def __enter__(self) -> CountingProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
