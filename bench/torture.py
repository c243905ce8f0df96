"""Torture runs against a real server process: SIGKILLed kiosk, capacity race, API fuzzing.

Long versions (by command)::

    python -m bench.torture kill --bookings 1000 --kills 100
    python -m bench.torture capacity
    python -m bench.torture fuzz --max-examples 200

Short versions run in the test suite (tests/torture/).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bench.common import REPO, Row

QUARTIER = "herten-innenstadt"

SHELL_BOOKINGS = """
import json
from dqserver.bookings.models import Booking
print(json.dumps([[str(b.id), b.slot_id, b.status, b.first_name]
                  for b in Booking.objects.filter(quartier__slug={quartier!r})]))
"""


def server_bookings(server, quartier: str = QUARTIER) -> list[list]:
    out = server.manage("shell", "-c", SHELL_BOOKINGS.format(quartier=quartier))
    return json.loads(out.strip().splitlines()[-1])


# ---- kill torture -------------------------------------------------------------------------


def _prepare_kiosk(folder: Path, server) -> None:
    """A kiosk store with the demo content and the server's slots of the quartier."""
    import requests

    from kiosk.demo import load_demo
    from kiosk.schedule import upsert_quartier, upsert_slots
    from kiosk.store import Store

    store = Store.open(folder / "kiosk.db")
    load_demo(store, folder / "assets", datetime.now(UTC))
    body = requests.get(server.url + "/api/v1/changes?since=&limit=1000",
                        headers=server.headers(QUARTIER), timeout=30).json()
    upsert_quartier(store, body["quartier"])
    store.db.execute("DELETE FROM slots")
    upsert_slots(store, [{**s, "quartier_id": QUARTIER} for s in body["slots"]])
    store.close()


def kill_torture(folder: Path, server, bookings: int, kills: int, seed: int = 8,
                 time_limit: float = 900) -> dict:
    """Book ``bookings`` times while SIGKILLing the kiosk ≥ ``kills`` times; then sync and count."""
    server.manage("shell", "-c", "from dqserver.bookings.models import Slot; "
                  "Slot.objects.update(capacity=100000)")
    folder.mkdir(parents=True, exist_ok=True)
    _prepare_kiosk(folder, server)
    token = server.tokens[QUARTIER]
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done_kills: Counter = Counter()
    deadline = time.monotonic() + time_limit

    def life(pause_at: str, target: int) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "bench.kill_kiosk", str(folder), server.url, token,
             str(target), pause_at], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)

    def wait_line(process: subprocess.Popen, prefix: str, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([process.stdout], [], [], max(0.0, end - time.monotonic()))
            if not ready:
                return False
            line = process.stdout.readline()
            if not line:
                return False
            if line.startswith(prefix):
                return True
        return False

    def attempts() -> int:
        path = folder / "attempts"
        return len(path.read_text().splitlines()) if path.exists() else 0

    while attempts() < bookings and time.monotonic() < deadline:
        left_kills = kills - sum(done_kills.values())
        left_bookings = bookings - attempts()
        # Every kill point in turn; random kills spread the rest over the bookings left.
        mode = ("random", "after_commit", "random", "after_send")[sum(done_kills.values()) % 4]
        per_kill = max(1, left_bookings // max(1, left_kills))
        # A random life books a few, then waits: the kill always lands in a living kiosk.
        process = life(mode, min(bookings, attempts() + per_kill + 1) if mode == "random"
                       else bookings)
        if not wait_line(process, "READY", 30):
            process.kill()
            process.wait()
            raise RuntimeError("kiosk life did not start")
        if mode == "random":
            time.sleep(rng.uniform(0, 0.06 * per_kill))
            hit = process.poll() is None
        else:
            hit = wait_line(process, f"PAUSE {mode}", 60)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            done_kills[mode if hit else "random"] += 1
        process.wait()
        process.stdout.close()
    # Sync after the storm: one clean life pushes what is left.
    final = life("none", attempts())
    final.wait(timeout=120)
    final.stdout.close()

    from kiosk import outbox
    from kiosk.store import Store

    store = Store.open(folder / "kiosk.db")
    pending = outbox.pending_count(store)
    local_names = Counter(r[0] for r in store.db.execute("SELECT first_name FROM bookings"))
    local_ids = {r[0] for r in store.db.execute("SELECT id FROM bookings")}
    store.close()
    # a booking shown again at the next start (its first showing was cut short) counts once
    shown_lines = (folder / "shown").read_text().splitlines()
    shown = {line.split()[1] for line in shown_lines}
    on_server = server_bookings(server)
    server_ids = {b[0] for b in on_server}
    server_names = Counter(b[3] for b in on_server)
    confirmed = sum(1 for b in on_server if b[2] == "confirmed")
    lost = [bid for bid in shown if bid not in server_ids]
    duplicated = (sum(c - 1 for c in server_names.values() if c > 1)
                  + sum(c - 1 for c in local_names.values() if c > 1))
    return {"attempted": attempts(), "committed": len(local_ids), "shown": len(shown),
            "unseen": len(local_ids - shown), "confirmed": confirmed,
            "shown_at_restart": sum(line.startswith("restart ") for line in shown_lines),
            "on_server": len(on_server), "lost": len(lost), "duplicated": duplicated,
            "pending_after_sync": pending, "kills": sum(done_kills.values()),
            "kills_by_point": dict(done_kills),
            "refused_locally": len((folder / "refused").read_text().splitlines())
            if (folder / "refused").exists() else 0}


def kill_rows(folder: Path, bookings: int, kills: int) -> list[Row]:
    from bench.server_process import start_server

    with start_server(folder / "server") as server:
        t0 = time.perf_counter()
        r = kill_torture(folder / "kiosk", server, bookings, kills)
        seconds = time.perf_counter() - t0
    ok = (r["lost"] == 0 and r["duplicated"] == 0 and r["pending_after_sync"] == 0
          and r["unseen"] == 0 and r["kills"] >= kills)
    points = ", ".join(f"{k} {v}" for k, v in sorted(r["kills_by_point"].items()))
    return [Row(f"torture: {bookings} bookings, kiosk SIGKILLed at random",
                f"attempted {r['attempted']} / committed locally {r['committed']} / shown as "
                f"booked {r['shown']} / confirmed on server {r['confirmed']} / lost {r['lost']} "
                f"/ duplicated {r['duplicated']} / never shown {r['unseen']}",
                target=f"≥ {kills} kills, lost 0, duplicated 0, shown = committed", met=ok,
                note=f"{r['kills']} kills ({points}); {r['shown_at_restart']} shown at the next "
                     f"start (killed between commit and screen); {r['pending_after_sync']} ops "
                     f"pending after sync; {seconds:.0f} s")]


# ---- capacity race ------------------------------------------------------------------------

SHELL_SLOTS = """
from datetime import timedelta
from django.utils import timezone
from dqserver.bookings.models import Slot
from dqserver.kiosks.models import Quartier
q = Quartier.objects.get(slug={quartier!r})
start = timezone.now().replace(microsecond=0) + timedelta(days=3)
for i in range({count}):
    Slot.objects.create(quartier=q, start=start + timedelta(hours=i),
                        end=start + timedelta(hours=i, minutes=30), capacity=1, room="Race")
"""


def capacity_race(server, clients: int = 50, slots: int = 20, seed: int = 8) -> dict:
    """``clients`` kiosks race for ``slots`` capacity-1 slots, each trying all in random order."""
    import requests

    server.manage("shell", "-c", SHELL_SLOTS.format(quartier=QUARTIER, count=slots))
    feed = requests.get(server.url + "/api/v1/changes?since=&limit=1000",
                        headers=server.headers(QUARTIER), timeout=30).json()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    chosen = [s["id"] for s in feed["slots"] if s["room"] == "Race"][:slots]
    assert len(chosen) == slots, f"only {len(chosen)} free capacity-1 slots on the server"
    answers: list[tuple[str, str, str]] = []  # (slot, booking id, status)
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(i: int) -> None:
        order = chosen[:]
        random.Random(seed * 1000 + i).shuffle(order)
        session = requests.Session()
        session.headers.update(server.headers(QUARTIER))
        barrier.wait()
        for slot in order:
            booking_id = str(uuid.uuid4())
            op = {"op_id": str(uuid.uuid4()), "type": "booking.create", "payload": {
                "booking_id": booking_id, "slot_id": slot, "topic_id": None,
                "first_name": "Race", "phone": "", "code": uuid.uuid4().hex[:8].upper(),
                "created_at": now}}
            try:
                response = session.post(server.url + "/api/v1/ops", json={"ops": [op]},
                                        timeout=60)
                status = (response.json()["results"][0]["status"]
                          if response.status_code == 200 else f"HTTP {response.status_code}")
            except Exception as e:  # counted as "not told"
                status = f"error {type(e).__name__}"
            with lock:
                answers.append((slot, booking_id, status))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = {b[0]: b for b in server_bookings(server)}
    confirmed_per_slot = Counter(b[1] for b in stored.values() if b[2] == "confirmed"
                                 and str(b[1]) in chosen)
    over = sum(1 for c in confirmed_per_slot.values() if c > 1)
    winners = sum(1 for a in answers if a[2] == "confirmed")
    losers_told = sum(1 for a in answers if a[2] == "conflict")
    untold = [a for a in answers if a[2] not in ("confirmed", "conflict")]
    mismatched = sum(1 for slot, bid, status in answers
                     if bid not in stored or (status == "confirmed") != (stored[bid][2]
                                                                         == "confirmed"))
    return {"attempts": len(answers), "slots": slots, "over_capacity": over,
            "confirmed": winners, "losers_told": losers_told, "untold": len(untold),
            "answer_mismatch": mismatched, "slots_filled": len(confirmed_per_slot)}


def capacity_rows(folder: Path) -> list[Row]:
    from bench.server_process import start_server

    with start_server(folder) as server:
        r = capacity_race(server)
    ok = (r["over_capacity"] == 0 and r["untold"] == 0 and r["answer_mismatch"] == 0
          and r["confirmed"] == r["slots"])
    return [Row("torture: capacity race, 50 clients, 20 slots of capacity 1, random order",
                f"{r['attempts']} attempts: {r['confirmed']} confirmed, {r['losers_told']} told "
                f"'conflict', {r['untold']} untold; slots over capacity {r['over_capacity']}",
                target="never over capacity; every loser told", met=ok,
                note=f"answers that disagree with the server's database: {r['answer_mismatch']}")]


# ---- fuzzing ------------------------------------------------------------------------------


def fuzz(server, max_examples: int, folder: Path, seed: int = 8) -> dict:
    """schemathesis against the server's own OpenAPI schema, with a valid kiosk token."""
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent)) or "schemathesis"
    folder.mkdir(parents=True, exist_ok=True)
    junit = folder / "fuzz-junit.xml"
    # The schema's paths begin with /api/v1: the base URL is the server itself.
    cmd = [exe, "run", server.url + "/api/v1/openapi.json", "--url", server.url,
           "-H", f"Authorization: Bearer {server.tokens[QUARTIER]}",
           "--checks", "not_a_server_error", "--max-examples", str(max_examples),
           "--seed", str(seed), "--request-timeout", "20",
           "--report", "junit", "--report-junit-path", str(junit)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=1200, cwd=folder,
                          env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
    log = server.log_path.read_text(errors="replace")
    server_errors = log.count("Internal Server Error") + log.count("Traceback")
    return {"returncode": done.returncode, "output": done.stdout[-4000:] + done.stderr[-2000:],
            "server_errors_in_log": server_errors}


def fuzz_rows(folder: Path, max_examples: int) -> list[Row]:
    from bench.server_process import start_server

    with start_server(folder / "server") as server:
        r = fuzz(server, max_examples, folder)
    summary = [line.strip() for line in r["output"].splitlines()
               if "passed" in line or "failed" in line or "error" in line.lower()][-3:]
    ok = r["returncode"] == 0 and r["server_errors_in_log"] == 0
    return [Row(f"torture: API fuzzing (schemathesis, ≤ {max_examples} examples per operation)",
                f"exit {r['returncode']}, 5xx/tracebacks in server log: "
                f"{r['server_errors_in_log']}", target="no 5xx", met=ok,
                note=" / ".join(summary)[:300])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.torture", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["kill", "capacity", "fuzz"])
    parser.add_argument("--bookings", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--max-examples", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dq-torture-") as tmp:
        tmp = Path(tmp)
        if args.what == "kill":
            rows = kill_rows(tmp, args.bookings, args.kills)
        elif args.what == "capacity":
            rows = capacity_rows(tmp)
        else:
            rows = fuzz_rows(tmp, args.max_examples)
    for row in rows:
        print(f"{row.what}: {row.measured} — {'OK' if row.met else 'FAILED'} ({row.note})")
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
