"""Run every benchmark, print one table, write it to docs/benchmarks.md.

    python -m bench            # everything (about 3–6 minutes on 2 cores)
    python -m bench --quick    # fewer runs, shorter load phases (a smoke run)
    python -m bench --only kiosk,server,torture

Window benchmarks need a display: without one the command re-runs itself under ``xvfb-run``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("KIVY_NO_ARGS", "1")  # our own flags (--only) are not Kivy's

if __package__ in (None, ""):  # `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REPO, TOPICS, Row, prepare_store  # noqa: E402

GROUPS = ("kiosk", "server", "torture")


def machine() -> dict[str, str]:
    import kivy
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu,
        "cores": f"{psutil.cpu_count(logical=False)} physical / {psutil.cpu_count()} logical",
        "RAM": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Kivy": kivy.__version__,
        "SQLite": sqlite3.sqlite_version,
    }


def table(rows: list[Row]) -> str:
    lines = ["| what | measured | baseline (same run) | ratio | target | met | note |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        met = {True: "yes", False: "**no**", None: "–"}[r.met]
        cells = [r.what, r.measured, r.baseline, r.ratio, r.target, met, r.note]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def run(groups: set[str], quick: bool, database_url: str | None = None) -> list[Row]:
    rows: list[Row] = []

    def attempt(name: str, fn) -> None:
        t0 = time.perf_counter()
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            rows.extend(fn())
        except Exception as e:
            traceback.print_exc()
            rows.append(Row(name, "failed", note=f"{type(e).__name__}: {str(e)[:200]}", met=False))
        print(f"  {name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="dq-bench-") as tmp:
        tmp = Path(tmp)
        if "kiosk" in groups:
            from bench import kiosk_bench

            dirs = {"bare": tmp / "bare", "demo": prepare_store(tmp / "demo"),
                    "big": prepare_store(tmp / "big", TOPICS)}
            attempt("start-up and memory",
                    lambda: kiosk_bench.startup(dirs, 3 if quick else 7))
            attempt("transitions", lambda: kiosk_bench.transitions(dirs["big"], 5 if quick else 20))
            attempt("search", lambda: kiosk_bench.search(dirs))
        if "server" in groups:
            from bench import server_bench
            from bench.server_process import start_server

            with start_server(tmp / "server", database_url=database_url) as server:
                attempt("idle poll", lambda: server_bench.idle_poll(server))
                attempt("server load", lambda: server_bench.load(
                    server, kiosks=20, seconds=3 if quick else 8))
                attempt("content update", lambda: server_bench.content_update(server))
        if "torture" in groups:
            from bench import torture

            attempt("torture: capacity", lambda: torture.capacity_rows(tmp / "cap"))
            attempt("torture: kills", lambda: torture.kill_rows(
                tmp / "kill", bookings=100 if quick else 1000, kills=20 if quick else 100))
            attempt("torture: fuzz", lambda: torture.fuzz_rows(
                tmp / "fuzz", max_examples=20 if quick else 200))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke run)")
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated groups")
    parser.add_argument("--out", default=str(REPO / "docs" / "benchmarks.md"))
    parser.add_argument("--database-url", help="run the server on this database instead of a "
                        "fresh SQLite file, e.g. the one `scripts/test-postgres start` prints "
                        "(it is emptied)")
    args = parser.parse_args(argv)
    if "kiosk" in args.only:
        from bench.kiosk_bench import xvfb_wrap

        xvfb_wrap()
    facts = machine()
    facts["server database"] = args.database_url.split(":")[0] if args.database_url else "sqlite"
    started = time.perf_counter()
    rows = run(set(args.only.split(",")), args.quick, args.database_url)
    facts["duration"] = f"{time.perf_counter() - started:.0f} s" + (" (--quick)" if args.quick
                                                                     else "")
    text = table(rows)
    print(text)
    failed = [r.what for r in rows if r.met is False and r.what.startswith("torture")]
    report = ["# Benchmarks", "",
              "Written by `python -m bench` (issue 8). Every timing comes with a baseline measured "
              "in the same run on the same machine, and the ratio to it: the machines are shared "
              "and noisy, the ratios are the figures to compare.", "",
              "## Machine", "", *[f"- {k}: {v}" for k, v in facts.items()], "",
              "## Results", "", text, ""]
    Path(args.out).write_text("\n".join(report), encoding="utf-8")
    print(f"\nwritten to {args.out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
