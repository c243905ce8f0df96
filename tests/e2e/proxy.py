"""A tiny fault-injecting HTTP proxy on 127.0.0.1, in front of the real test server.

Each request is forwarded to the server unless a fault is queued for its path. Faults:

- ``"500"``: answer 500 without asking the server.
- ``"503-retry"``: answer 503 with ``Retry-After`` (``arg`` seconds) without asking the server.
- ``"drop"``: close the connection without an answer, before the server sees the request.
- ``"drop-after"``: forward (the server commits), then close without an answer.
- ``"stall"``: hold the connection ``arg`` seconds without answering, then close it.
- ``"hold-after"``: forward, then set ``proxy.held`` and hold the answer until the proxy stops.
- ``"hold-before"``: set ``proxy.held`` and hold without forwarding until the proxy stops.
- ``"tamper"``: forward, then flip one byte of the body.
- ``"truncate"``: forward, then send only half the body (with the full Content-Length) and close.
- ``"garbage"``: forward, then replace the body with something that is not a manifest.
- ``"rewrite"``: forward without ``If-None-Match`` (so the server answers 200 with a body), then
  replace the JSON body with ``arg(body)`` (a function of the decoded JSON), sent uncompressed.

``proxy.fault(path_prefix, kind, times=1, arg=...)`` queues a fault; ``proxy.log`` lists
``(method, path, status_or_fault)``; ``proxy.stop()``/``start()`` make the "server" go away and
come back on the same port (connection refused meanwhile).
"""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-connection", "content-length"}


class FaultProxy:
    def __init__(self, upstream: str, port: int = 0):
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        self.port = port
        self.faults: list[list] = []   # [prefix, kind, times, arg]
        self.log: list[tuple[str, str, str]] = []
        self.held = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fault(self, prefix: str, kind: str, times: int = 1, arg: Any = 0) -> None:
        with self._lock:
            self.faults.append([prefix, kind, times, arg])

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def _take(self, path: str) -> tuple[str | None, Any]:
        with self._lock:
            for entry in self.faults:
                if path.startswith(entry[0]) and entry[2] > 0:
                    entry[2] -= 1
                    return entry[1], entry[3]
        return None, 0

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                kind, arg = proxy._take(self.path)
                proxy.log.append((self.command, self.path, kind or "pass"))
                if kind in ("500", "503-retry"):
                    self.send_response(500 if kind == "500" else 503)
                    if kind == "503-retry":
                        self.send_header("Retry-After", str(int(arg)))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if kind == "drop":
                    self.close_connection = True
                    return
                if kind in ("stall", "hold-before"):
                    if kind == "hold-before":
                        proxy.held.set()
                        proxy.release.wait(30)
                    else:
                        proxy.release.wait(arg)
                    self.close_connection = True
                    return
                conn = http.client.HTTPConnection(*proxy.upstream, timeout=20)
                skip = HOP_BY_HOP | ({"if-none-match"} if kind == "rewrite" else set())
                headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                response = conn.getresponse()
                data = response.read()
                conn.close()
                if kind == "drop-after":
                    self.close_connection = True
                    return
                if kind == "hold-after":
                    proxy.held.set()
                    proxy.release.wait(30)
                    self.close_connection = True
                    return
                if kind == "tamper" and data:
                    data = data[:-1] + bytes([data[-1] ^ 0xFF])
                if kind == "garbage":
                    data = b'{"format": 1, "release": "neu"}'
                dropped = HOP_BY_HOP | {"server", "date"}
                if kind == "rewrite":
                    if response.getheader("Content-Encoding") == "gzip":
                        data = gzip.decompress(data)
                    data = json.dumps(arg(json.loads(data))).encode()
                    dropped |= {"content-encoding"}
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in dropped:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if kind == "truncate":
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.release.clear()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        time.sleep(0.01)

