"""No name or phone number in the kiosk's logs: real bookings and call-back wishes, ops the server
confirms, finds in conflict and rejects, one round in this process (every logger at DEBUG) and
one as ``python -m digiquartier sync`` / ``purge`` (what the timers write to the journal)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid

from bench.server_process import REPO
from kiosk import outbox, timeutil
from kiosk.callbacks import create_callback
from tests.e2e.conftest import CASTROP, settings_file

PEOPLE = {"Quirinella": "0171 9384756", "Zebulonia": "02305 918273", "Wunibalda": "0203 7778889",
          "Xaveriane": "0157 2468013"}
LONG_NAME = "Ottokarinenhildegardwilhelmine" * 2          # 60 letters: the server's limit is 50


def traces(text: str) -> list[str]:
    """Every name, number (as typed, as digits, as +49…) and its longer pieces found in text."""
    found = []
    for name, phone in [*PEOPLE.items(), (LONG_NAME, "0171 5554443")]:
        digits = phone.replace(" ", "")
        for needle in (name, name[:8], digits, digits[1:], "+49" + digits[1:]):
            if needle in text:
                found.append(needle)
    return found


def test_no_personal_data_in_the_logs_of_a_booking_round(server, make_kiosk, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    token = server.manage("issue_token", CASTROP, "--name", "Kiosk Hygiene").strip()
    a, b = make_kiosk(CASTROP, name="a"), make_kiosk(CASTROP, name="b", token=token)
    a.sync()
    b.sync()
    slot = a.free_slot(capacity=1)
    a.book(slot, "Quirinella", PEOPLE["Quirinella"])            # confirmed
    b.book(slot, "Zebulonia", PEOPLE["Zebulonia"])              # conflict: the seat is gone
    topic = b.store.db.execute("SELECT id FROM topics LIMIT 1").fetchone()[0]
    create_callback(b.store, quartier_id=CASTROP, topic_id=topic, first_name="Wunibalda",
                    phone=PEOPLE["Wunibalda"], now=timeutil.now())
    with b.store.db.atomic():   # ops the server rejects, as an older kiosk might have queued
        now = timeutil.to_iso(timeutil.now())
        for slot_id, name, phone, code in [("999999", "Xaveriane", PEOPLE["Xaveriane"], "ZZZ234"),
                                           (slot, LONG_NAME, "0171 5554443", "ZZZ345")]:
            booking = {"booking_id": str(uuid.uuid4()), "slot_id": slot_id, "topic_id": topic,
                       "first_name": name, "phone": phone, "code": code, "created_at": now}
            b.store.db["bookings"].insert({
                "id": booking["booking_id"], "slot_id": slot_id, "first_name": name,
                "phone": phone, "code": code, "status": "pending", "created_at": now})
            outbox.enqueue(b.store, outbox.BOOKING_CREATE, booking)
        outbox.enqueue(b.store, outbox.CALLBACK_CREATE, {
            "callback_id": str(uuid.uuid4()), "topic_id": topic, "first_name": "Xaveriane",
            "phone": "Xaveriane 0157 2468013 bitte", "created_at": now})
    a.sync()
    env = {**os.environ, "DIGIQUARTIER_CONFIG": str(settings_file(b, tmp_path / "b.toml"))}
    runs = [subprocess.run([sys.executable, "-m", "digiquartier", command], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=60)
            for command in ("sync", "purge")]

    results = [r[0] for r in b.store.db.execute(
        "SELECT json_extract(result, '$.status') FROM outbox ORDER BY seq")]
    assert results == ["conflict", "confirmed", "rejected", "rejected", "rejected"]
    logs = caplog.text + "".join(r.stdout + r.stderr for r in runs)
    assert "conflict" in runs[0].stderr and "rejected" in runs[0].stderr   # the logs did speak
    print(f"\n{len(logs.splitlines())} log lines, {len(logs)} characters checked:\n"
          f"{runs[0].stderr}")
    assert traces(logs) == []
