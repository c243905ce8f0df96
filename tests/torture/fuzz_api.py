"""Fuzz the kiosk API with schemathesis, every check, against a real server process.

``python -m tests.torture.fuzz_api --max-examples 1000`` (``make fuzz``) starts gunicorn with the
production config on a fresh database and prints, from the server's own access log, how many
requests each operation got and with which status codes, and how many were 5xx. The server log
is the judge: a 5xx or a traceback there fails the run even if schemathesis saw nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.server_process import REPO, ServerProcess, start_server

QUARTIER = "herten-innenstadt"
PRODUCTION_GUNICORN = {
    "GUNICORN_CMD_ARGS": f"--config {REPO / 'server' / 'dqserver' / 'gunicorn_conf.py'}"}
# /ops answers each op on its own: an op that breaks the schema is "rejected" inside a 200
# (docs/protocol.md), so for /ops a 200 is a correct answer to schema-violating data too.
CONFIG = """\
[[operations]]
include-path = "/api/v1/ops"
checks.negative_data_rejection.expected-statuses = ["200", "400", "401", "413", "422", "429"]
"""
ACCESS_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>/api/v1/[^ ?]*)\S* HTTP/1\.1" (?P<status>\d{3})')
OPERATIONS = {("GET", "/api/v1/changes"), ("GET", "/api/v1/content/manifest"),
              ("GET", "/api/v1/content/assets/{sha256}"), ("POST", "/api/v1/ops"),
              ("POST", "/api/v1/heartbeat")}


UNDECLARED = "other methods and the schema itself"


def operation(method: str, path: str) -> str:
    if path.startswith("/api/v1/content/assets/"):
        path = "/api/v1/content/assets/{sha256}"
    return f"{method} {path}" if (method, path) in OPERATIONS else UNDECLARED


def requests_per_operation(log: str) -> dict[str, Counter]:
    """{"POST /api/v1/ops": Counter({"200": 1234, "400": 56}), …} from the access log."""
    seen: dict[str, Counter] = {}
    for match in ACCESS_LINE.finditer(log):
        op = operation(match["method"], match["path"])
        seen.setdefault(op, Counter())[match["status"]] += 1
    return seen


def fuzz(server: ServerProcess, max_examples: int, folder: Path, seed: int = 8) -> dict:
    """Run schemathesis (all phases that apply, ``--checks all``) with a valid kiosk token.

    Returns schemathesis's exit code, its JSON report's failures, requests and status codes
    per operation from the server's access log, the 5xx and traceback counts there, seconds.
    Its whole output stays in ``folder/schemathesis.out``, its report in ``fuzz-report.json``."""
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "schemathesis.toml").write_text(CONFIG, encoding="utf-8")
    report = folder / "fuzz-report.json"
    cmd = [exe, "--config-file", str(folder / "schemathesis.toml"), "run",
           server.url + "/api/v1/openapi.json", "--url", server.url,
           "-H", f"Authorization: Bearer {server.tokens[QUARTIER]}",
           "--checks", "all", "--max-examples", str(max_examples), "--seed", str(seed),
           # One worker: with two threads, CPython 3.11's ast.parse (hypothesis describing a
           # filter) can fail with "AST constructor recursion depth mismatch" (seen in CI).
           "--workers", "1", "--request-timeout", "20", "--no-color",
           "--report", "json", "--report-json-path", str(report)]
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=folder,
                          env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
    seconds = time.monotonic() - started
    (folder / "schemathesis.out").write_text(done.stdout + done.stderr, encoding="utf-8")
    log = server.log_path.read_text(errors="replace")
    per_op = requests_per_operation(log)
    result = json.loads(report.read_text()) if report.exists() else {}
    return {"returncode": done.returncode, "seconds": round(seconds),
            "generated": result.get("test_cases", {}).get("generated"),
            "failures": [(f["code"], f["title"], f["operations"])
                         for f in result.get("failures", [])],
            "per_operation": per_op,
            "server_errors": sum(n for c in per_op.values() for s, n in c.items()
                                 if s.startswith("5")),
            "tracebacks": log.count("Traceback"),
            "output": done.stdout[-4000:] + done.stderr[-2000:]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.torture.fuzz_api",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", type=Path, default=REPO / "var" / "fuzz",
                        help="where schemathesis's output and report stay (default var/fuzz)")
    args = parser.parse_args(argv)
    with (tempfile.TemporaryDirectory(prefix="dq-fuzz-") as tmp,
          start_server(Path(tmp) / "server", extra_env=PRODUCTION_GUNICORN) as server):
        r = fuzz(server, args.max_examples, args.out, args.seed)
    print(f"schemathesis --checks all --max-examples {args.max_examples} --seed {args.seed}: "
          f"exit {r['returncode']}, {r['generated']} test cases, {r['seconds']} s")
    for op, statuses in sorted(r["per_operation"].items()):
        counts = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
        print(f"- {op}: {sum(statuses.values())} requests ({counts})")
    print(f"5xx answers: {r['server_errors']}, tracebacks in the server log: {r['tracebacks']}")
    for code, title, ops in r["failures"]:
        print(f"check failed: {code} {title}: {', '.join(ops)}")
    if r["returncode"] != 0:
        print(f"details: {args.out / 'schemathesis.out'}")
    return 0 if r["returncode"] == 0 and r["server_errors"] == r["tracebacks"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
