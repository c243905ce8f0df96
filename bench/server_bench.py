"""Server and sync benchmarks on a real server process (gunicorn on 127.0.0.1).

- idle sync poll: bytes on the wire (request + response) through a counting proxy;
- content update: 100 changed topics in a 10,000-topic release, bytes the kiosk downloads vs the
  size of the changed data;
- load: sync polls/s and booking ops/s with N simulated kiosks (bounded runs, p99 latency),
  against a baseline of the cheapest request the same server answers (401 without a token).
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench.common import TOPICS, Row, ratio
from bench.gen import build_manifest, write_bundle
from bench.proxy import WireTap
from bench.stats import median, ms, percentile

QUARTIER = "herten-innenstadt"


def _client(url: str, token: str):
    from sync.client import Client
    from sync.credentials import Credentials

    return Client(Credentials(url, token))


def idle_poll(server) -> list[Row]:
    with WireTap(server.url) as proxy:
        client = _client(proxy.url, server.tokens[QUARTIER])
        page, etag = client.changes("", None)
        while page["more"]:
            page, etag = client.changes(page["cursor"], None)
        proxy.settle()
        full = proxy.total
        cursor = page["cursor"]
        empty, etag = client.changes(cursor, None)  # the empty page after the last one
        cursor = empty["cursor"]
        empty, etag = client.changes(cursor, None)
        sizes = []
        for _ in range(5):
            proxy.reset()
            answer, etag = client.changes(cursor, etag)
            proxy.settle()
            assert answer is None, "expected 304 on an idle poll"
            sizes.append((len(proxy.sent), len(proxy.received)))
        client.close()
    sent, received = sizes[-1]
    total = sent + received
    return [Row("idle sync poll (GET /changes → 304), bytes on the wire",
                f"{total} B ({sent} request + {received} response)",
                f"first full feed {full} B", ratio(total, full), "≤ 1 KB", total <= 1024,
                "TCP payload on a kept-alive connection, counted by a proxy")]


SHELL_IMPORT = """
from pathlib import Path
from dqserver.content import releases as content
content.import_bundle(Path({folder!r}))
print(content.publish().number)
"""


def content_update(server, changed_count: int = 100) -> list[Row]:
    """Server publishes a 10,000-topic release, kiosk takes it; then 100 topics change."""
    from kiosk.content import export_manifest
    from kiosk.store import Store
    from sync.releases import sync_content

    changed = set(range(0, TOPICS, TOPICS // changed_count))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_bundle(tmp / "r1", TOPICS, release=1)
        server.manage("shell", "-c", SHELL_IMPORT.format(folder=str(tmp / "r1")))
        # The second bundle only carries the changed topics: the server replaces those ids.
        manifest2, files2 = build_manifest(TOPICS, release=2, changed=changed)
        manifest2["topics"] = [t for n, t in enumerate(manifest2["topics"]) if n in changed]
        used = {s["image"] for t in manifest2["topics"] for s in t["steps"]}
        manifest2["assets"] = [a for a in manifest2["assets"] if a["sha256"] in used]
        (tmp / "r2" / "files").mkdir(parents=True)
        for sha in used:
            (tmp / "r2" / "files" / sha).write_bytes(files2[sha])
        (tmp / "r2" / "manifest.json").write_text(json.dumps(manifest2, ensure_ascii=False))

        store = Store.open(tmp / "kiosk" / "kiosk.db")
        assets_dir = tmp / "kiosk" / "assets"
        with WireTap(server.url) as proxy:
            # The real sync path (sync.releases.sync_content): it asks for a delta from the
            # kiosk's release, rebuilds and checks the manifest, fetches missing pictures only.
            client = _client(proxy.url, server.tokens[QUARTIER])
            first = sync_content(store, client, assets_dir)
            assert first.changed and first.release >= 1, first
            proxy.settle()
            full_bytes = proxy.total
            m1 = export_manifest(store)
            server.manage("shell", "-c", SHELL_IMPORT.format(folder=str(tmp / "r2")))
            proxy.reset()
            second = sync_content(store, client, assets_dir)
            assert second.changed and second.release > first.release, second
            proxy.settle()
            update_bytes = proxy.total
            client.close()
        m2 = export_manifest(store)
        store.close()
    old = {t["id"]: t for t in m1["topics"]}
    really_changed = [t for t in m2["topics"] if old.get(t["id"]) != t]
    old_assets = {a["sha256"] for a in m1["assets"]}
    new_assets = [a for a in m2["assets"] if a["sha256"] not in old_assets]
    changed_data = (len(json.dumps(really_changed, ensure_ascii=False).encode())
                    + len(json.dumps(new_assets).encode()) + sum(a["size"] for a in new_assets))
    pictures = sum(a["size"] for a in new_assets)
    return [Row(f"content update: {len(really_changed)} changed topics in a {TOPICS:,}-topic "
                "release, bytes downloaded",
                f"{update_bytes / 1e3:.1f} kB (delta manifest + {second.downloaded} pictures "
                f"of {pictures / 1e3:.1f} kB, gzip, HTTP headers included)",
                f"changed data {changed_data / 1e3:.1f} kB; "
                f"full download {full_bytes / 1e6:.2f} MB",
                ratio(update_bytes, changed_data), "≤ 1.2× the changed data",
                update_bytes <= 1.2 * changed_data,
                f"update = {update_bytes / full_bytes:.1%} of a full download; "
                "the real sync path (sync.releases.sync_content)")]


# ---- load: N simulated kiosks -------------------------------------------------------------


def _worker(args) -> list[tuple[float, int]]:
    """One process with ``threads`` kiosks, each on its own kept-alive connection."""
    port, kind, tokens, slot_ids, seconds, threads = args
    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def kiosk(i: int) -> None:
        token = tokens[i % len(tokens)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": f"Bearer {token}"} if kind != "baseline" else {}
        etag = None
        if kind == "poll":
            conn.request("GET", "/api/v1/changes?since=&limit=500", headers=headers)
            response = conn.getresponse()
            body = json.loads(response.read())
            cursor = body["cursor"]
            conn.request("GET", f"/api/v1/changes?since={cursor}&limit=500", headers=headers)
            response = conn.getresponse()
            cursor = json.loads(response.read())["cursor"]
            conn.request("GET", f"/api/v1/changes?since={cursor}&limit=500", headers=headers)
            response = conn.getresponse()
            response.read()
            etag = response.getheader("ETag")
        mine = []
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            t0 = time.perf_counter()
            if kind == "poll":
                conn.request("GET", f"/api/v1/changes?since={cursor}&limit=500",
                             headers={**headers, "If-None-Match": etag})
            elif kind == "baseline":
                conn.request("GET", "/api/v1/changes", headers=headers)
            else:
                n += 1
                op = {"op_id": str(uuid.uuid4()), "type": "booking.create", "payload": {
                    "booking_id": str(uuid.uuid4()), "slot_id": slot_ids[(i + n) % len(slot_ids)],
                    "topic_id": None, "first_name": "Erna", "phone": "",
                    "code": uuid.uuid4().hex[:8].upper(), "created_at": "2026-11-25T10:00:00Z"}}
                conn.request("POST", "/api/v1/ops", body=json.dumps({"ops": [op]}),
                             headers={**headers, "Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - t0, response.status))
        conn.close()
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=kiosk, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results


def _load(port: int, kind: str, tokens: list[str], slot_ids: list[str], kiosks: int,
          seconds: float, processes: int = 2) -> tuple[float, list[float], dict[int, int]]:
    per = max(1, kiosks // processes)
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        t0 = time.perf_counter()
        parts = pool.map(_worker, [(port, kind, tokens, slot_ids, seconds, per)] * processes)
        elapsed = time.perf_counter() - t0
    flat = [r for part in parts for r in part]
    statuses: dict[int, int] = {}
    for _, status in flat:
        statuses[status] = statuses.get(status, 0) + 1
    return len(flat) / min(elapsed, seconds + 0.5), [t for t, _ in flat], statuses


def slot_ids_of(server, quartier: str = QUARTIER) -> list[str]:
    import requests

    body = requests.get(server.url + "/api/v1/changes?since=&limit=1000",
                        headers=server.headers(quartier), timeout=10).json()
    return [s["id"] for s in body["slots"]]


def load(server, kiosks: int = 20, seconds: float = 5.0) -> list[Row]:
    port = int(server.url.rsplit(":", 1)[1])
    tokens = list(server.tokens.values())
    slots = slot_ids_of(server)
    base_rate, base_lat, _ = _load(port, "baseline", tokens, slots, kiosks, seconds)
    rows = []
    for kind, label, target, goal in (
        ("poll", "idle sync polls (304)", "≥ 500/s, p99 ≤ 100 ms", 500),
        ("ops", "booking ops (POST /ops, 1 booking.create each)", "p99 ≤ 100 ms", None),
    ):
        rate, lat, statuses = _load(port, kind, tokens, slots, kiosks, seconds)
        p99 = percentile(lat, 99)
        met = p99 <= 0.100 and (goal is None or rate >= goal)
        rows.append(Row(f"server: {label}, {kiosks} kiosks on loopback, {seconds:g} s",
                        f"{rate:.0f}/s, p99 {ms(p99)} (median {ms(median(lat))})",
                        f"401 answer (no DB) {base_rate:.0f}/s, p99 {ms(percentile(base_lat, 99))}",
                        ratio(rate, base_rate), target, met,
                        "answers " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items()))))
    return rows
