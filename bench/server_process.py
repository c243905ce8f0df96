"""Start the real central server in a child process, for end-to-end tests and benchmarks.

Usage::

    from bench.server_process import start_server

    def test_sync(tmp_path):
        with start_server(tmp_path) as server:
            token = server.tokens["herten-innenstadt"]
            requests.get(server.url + "/api/v1/changes",
                         headers={"Authorization": f"Bearer {token}"})

or as a pytest fixture: ``server = start_server(tmp_path); request.addfinalizer(server.stop)``.

The server runs under gunicorn (threads, two workers) on 127.0.0.1 with a free port, on a fresh
SQLite database in ``tmp_path``, seeded by ``seed_demo``: the three demo quartiers with one kiosk
each (``server.tokens`` maps quartier id → bearer token), helpers with PIN 2468, capacity-1 slots
for the next two weeks, and content release 1 (the demo bundle if it exists, else a small stand-in).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MANAGE = REPO / "server" / "manage.py"


def run_manage(env: dict[str, str], *args: str) -> str:
    """Run a management command with ``env``; returns its stdout. Raises RuntimeError with the
    end of its stderr when it fails."""
    done = subprocess.run([sys.executable, str(MANAGE), *args], env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    url: str
    tokens: dict[str, str]
    db_path: Path
    log_path: Path
    env: dict[str, str] = field(repr=False)
    process: subprocess.Popen = field(repr=False)

    def headers(self, quartier: str = "herten-innenstadt") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[quartier]}"}

    def manage(self, *args: str) -> str:
        """Run a management command against this server's database; returns its stdout."""
        return run_manage(self.env, *args)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_server(tmp_path: Path, *, demo: bool = True, workers: int = 2, threads: int = 8,
                 timeout: float = 30.0, database_url: str | None = None,
                 extra_env: dict[str, str] | None = None) -> ServerProcess:
    """Migrate and seed a fresh database in ``tmp_path``, start the server, wait until it answers.

    ``database_url`` (e.g. ``postgres://dq@127.0.0.1:5432/dqtest``) uses that database instead
    of SQLite; it is emptied first. Raises RuntimeError (with the end of the server log) when the
    server does not come up in time."""
    tmp_path = Path(tmp_path)
    tmp_path.mkdir(parents=True, exist_ok=True)
    db_path = tmp_path / "server.db"
    tokens_file = tmp_path / "kiosk-tokens.json"
    log_path = tmp_path / "server.log"
    port = free_port()
    env = {**os.environ,
           "DQ_VAR_DIR": str(tmp_path),
           "DATABASE_URL": database_url or f"sqlite:///{db_path}",
           "DJANGO_DEBUG": "0",
           "DJANGO_SECRET_KEY": "test-only-secret-key-" + "x" * 40,
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
           "DQ_LOG_LEVEL": "WARNING",
           "PYTHONUNBUFFERED": "1",
           **(extra_env or {})}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    run_manage(env, "migrate", "--no-input", "-v", "0")
    if database_url:
        run_manage(env, "flush", "--no-input", "-v", "0")
    tokens: dict[str, str] = {}
    if demo:
        run_manage(env, "seed_demo", "--tokens-file", str(tokens_file))
        tokens = json.loads(tokens_file.read_text(encoding="utf-8"))

    try:
        from gunicorn.config import KNOWN_SETTINGS

        cmd = [sys.executable, "-m", "gunicorn", "--chdir", str(REPO / "server"),
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--worker-class", "gthread", "--threads", str(threads),
               "--graceful-timeout", "2", "dqserver.wsgi"]
        if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS):
            cmd.insert(-1, "--no-control-socket")  # several test servers may run at once
    except ImportError:
        cmd = [sys.executable, str(MANAGE), "runserver", "--noreload", f"127.0.0.1:{port}"]
    log = log_path.open("wb")
    process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"http://127.0.0.1:{port}"
    server = ServerProcess(url=url, tokens=tokens, db_path=db_path, log_path=log_path, env=env,
                           process=process)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError("server exited:\n" + log_path.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(url + "/api/v1/openapi.json", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("server did not answer in time:\n"
                               + log_path.read_text(errors="replace")[-3000:])
        time.sleep(0.1)
