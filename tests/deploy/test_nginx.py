"""deploy/server/nginx-digiquartier.conf in a real nginx in front of a real gunicorn: slow
uploads wait in nginx, not in gunicorn's threads (16 slow clients stalled the server, #13), and
the configuration is valid (`nginx -t`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from bench.server_process import free_port, start_server

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "deploy/server/nginx-digiquartier.conf"
PROXY = REPO / "deploy/server/nginx-digiquartier-proxy.conf"
THREADS = 16  # gunicorn's threads in this test: one worker (so every connection reaches it)
PROBE = "/api/v1/openapi.json"


def need(tool: str) -> str:
    path = shutil.which(tool) or shutil.which(tool, path="/usr/sbin")
    if not path:
        pytest.fail(f"{tool} is not installed: run `make test` (or apt-get install {tool})")
    return path


def site_for_test(folder: Path, upstream: int, https: int, http: int) -> Path:
    """The shipped site file with only what a test machine needs changed: loopback ports, a
    self-signed certificate, paths in ``folder``."""
    subprocess.run([need("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                    "1", "-subj", "/CN=kiosk.example.org", "-keyout", folder / "key.pem",
                    "-out", folder / "cert.pem"], check=True, capture_output=True)
    text = SITE.read_text()
    for old, new in {
        "127.0.0.1:8000": f"127.0.0.1:{upstream}",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "listen [::]:80;\n": "",
        "/etc/letsencrypt/live/kiosk.example.org/fullchain.pem": str(folder / "cert.pem"),
        "/etc/letsencrypt/live/kiosk.example.org/privkey.pem": str(folder / "key.pem"),
        "/etc/nginx/digiquartier-proxy.conf": str(PROXY),
        "/var/lib/digiquartier/static/": f"{folder}/static/",
    }.items():
        assert old in text, f"the site file no longer has {old!r}"
        text = text.replace(old, new)
    (folder / "site.conf").write_text(text)
    temp = "\n".join(f"    {kind}_temp_path {folder}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = folder / "nginx.conf"
    main.write_text(f"""{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
{temp}
    include {folder}/site.conf;
}}
""")
    return main


def slow_uploads(port: int, tls: bool, stop: threading.Event) -> list[socket.socket]:
    """THREADS clients that begin a 100 kB form POST to the admin's login (with a CSRF cookie,
    Django reads the form's body before anything else) and send one byte a second."""
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    clients = []
    for _ in range(THREADS):
        raw = socket.create_connection(("127.0.0.1", port), timeout=5)
        client = context.wrap_socket(raw) if tls else raw
        client.sendall(b"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       b"Content-Type: application/x-www-form-urlencoded\r\n"
                       b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"
                       b"Content-Length: 100000\r\n\r\nusername=")
        clients.append(client)

    def trickle():
        while not stop.wait(1):
            for client in clients:
                with contextlib.suppress(OSError):  # nginx may have given up on it
                    client.sendall(b"x")

    threading.Thread(target=trickle, daemon=True).start()
    return clients


def answered(url: str, seconds: float) -> bool:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with urllib.request.urlopen(url, timeout=seconds, context=context) as response:
            return response.status == 200
    except OSError:  # timed out (URLError and socket timeouts are OSErrors)
        return False


@pytest.fixture
def server(tmp_path):
    server = start_server(tmp_path / "server", demo=False, workers=1, threads=THREADS)
    yield server
    server.stop()


@pytest.fixture
def nginx(tmp_path, server):
    folder = tmp_path / "nginx"
    folder.mkdir()
    https, http = free_port(), free_port()
    main = site_for_test(folder, int(server.url.rsplit(":", 1)[1]), https, http)
    binary = need("nginx")
    check = subprocess.run([binary, "-t", "-c", main], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([binary, "-c", main, "-g", "daemon off;"],
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while not answered(f"https://127.0.0.1:{https}{PROBE}", 1):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, (folder / "error.log").read_text()
        time.sleep(0.2)
    yield https, http
    process.terminate()
    process.wait(timeout=10)


def test_slow_uploads_wait_in_nginx_not_in_gunicorn(server, nginx):
    https, http = nginx
    stop = threading.Event()
    try:
        # Straight at gunicorn, as many slow uploads as it has threads: nobody else gets in.
        direct = slow_uploads(int(server.url.rsplit(":", 1)[1]), False, stop)
        time.sleep(1)
        assert not answered(server.url + PROBE, 3), "the stall this test is about did not occur"
        for client in direct:
            client.close()
        # Through nginx, the same: gunicorn never sees them, the kiosk's request goes through.
        assert answered(server.url + PROBE, 10), "gunicorn did not come back"
        slow_uploads(https, True, stop)
        time.sleep(1)
        assert answered(f"https://127.0.0.1:{https}{PROBE}", 3)
    finally:
        stop.set()


def test_plain_http_is_sent_to_https(nginx):
    https, http = nginx
    connection = socket.create_connection(("127.0.0.1", http), timeout=5)
    connection.sendall(b"GET /admin/ HTTP/1.1\r\nHost: kiosk.example.org\r\n\r\n")
    head = connection.recv(4096).decode()
    connection.close()
    assert head.startswith("HTTP/1.1 301")
    assert "Location: https://kiosk.example.org/admin/" in head
