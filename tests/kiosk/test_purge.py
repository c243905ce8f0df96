"""The purge leaves nothing: after it, no file in the kiosk's data folder (database, WAL, outbox,
every backup) holds a purged name or phone number. Real SQLite files, real processes
(``python -m digiquartier purge``, deploy/bin/digiquartier-backup, sqlite3, the app itself), the
app's connection open meanwhile as on a running kiosk."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk import booking, outbox, retention, timeutil
from kiosk.bundle import read_bundle
from kiosk.callbacks import create_callback
from kiosk.content import import_bundle
from kiosk.schedule import upsert_helpers, upsert_quartier, upsert_slots
from kiosk.settings import Booking, Settings
from kiosk.store import Store
from tests.bundles import write_bundle
from tests.conftest import QUARTIER, make_slot

REPO = Path(__file__).resolve().parents[2]
BACKUP = REPO / "deploy/bin/digiquartier-backup"
# Invented people; each name and number is unusual enough that a hit cannot be chance.
PURGED = [("Quirinella", "0171 9384756"), ("Zebulonia", "02362 918273"),
          ("Xaveriane", "0157 2468013")]
KEPT = ("Ottokarine", "0176 5554443")   # a booking still ahead: stays
CALLBACK = ("Wunibalda", "0203 7778889")


def needles(name: str, phone: str) -> list[bytes]:
    """The name and the number as typed and as stored (+49…), in the encodings SQLite uses."""
    national = phone.replace(" ", "")
    stored = booking.normalise_phone(phone)
    return [text.encode(codec) for text in (name, national, stored, stored[3:])
            for codec in ("utf-8", "utf-16-le")]


def hits(folder: Path, name: str, phone: str) -> list[str]:
    return [f"{path.relative_to(folder)}: {needle!r}" for path in sorted(folder.rglob("*"))
            if path.is_file() for needle in needles(name, phone) if needle in path.read_bytes()]


@pytest.fixture
def kiosk(tmp_path):
    """A data folder with content, slots 59 days ago and tomorrow, and bookings on them."""
    data = tmp_path / "data"
    settings = Settings(quartier=QUARTIER, data_dir=data)
    store = Store.open(settings.database_path)
    write_bundle(tmp_path / "bundle")
    import_bundle(store, read_bundle(tmp_path / "bundle"), tmp_path / "bundle",
                  settings.assets_dir)
    upsert_quartier(store, {"id": QUARTIER, "name": "Dorsten-Wulfen"})
    upsert_helpers(store, [{"id": "h-anna", "quartier_id": QUARTIER, "first_name": "Anna",
                            "pin_hash": "x", "active": True}])
    now = timeutil.now()
    then = now - timedelta(days=60)
    upsert_slots(store, [make_slot("old", then + timedelta(days=1), capacity=5),
                         make_slot("ahead", now + timedelta(days=1))])
    topic = store.db.execute("SELECT id FROM topics LIMIT 1").fetchone()[0]
    for name, phone in PURGED:
        booking.create_booking(store, slot_id="old", topic_id=topic, first_name=name,
                               phone=phone, now=then, rules=Booking())
    create_callback(store, quartier_id=QUARTIER, topic_id=topic, first_name=CALLBACK[0],
                    phone=CALLBACK[1], now=then)
    booking.create_booking(store, slot_id="ahead", topic_id=topic, first_name=KEPT[0],
                           phone=KEPT[1], now=now, rules=Booking())
    # The first booking and the call-back reached the server: delivered ops keep no names.
    for op in outbox.pending(store)[:1] + outbox.pending(store)[3:4]:
        outbox.mark_done(store, op.op_id, {"status": "confirmed"})
    config = tmp_path / "kiosk.toml"
    config.write_text(f'quartier = "{QUARTIER}"\ndata_dir = "{data}"\n', "utf-8")
    yield settings, store, config
    store.close()


def kiosk_env(config: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DIGIQUARTIER_CONFIG": str(config), "PYTHONPATH": str(REPO),
            "DQ_APP": str(REPO), "DQ_PYTHON": sys.executable, **extra}


def test_nothing_recovers_a_purged_name_from_any_file(kiosk):
    settings, app_store, config = kiosk
    backups = settings.data_dir / "backup"
    backups.mkdir()
    # Last week's backup, made while the names were still within their retention period.
    subprocess.run(["sqlite3", settings.database_path, f".backup '{backups}/kiosk-old.db'"],
                   check=True)
    for name, phone in [*PURGED, CALLBACK]:
        assert hits(settings.data_dir, name, phone), "the test must see names before the purge"
    app_store.db.execute("SELECT COUNT(*) FROM bookings").fetchone()  # the app reads meanwhile

    purged = subprocess.run([sys.executable, "-m", "digiquartier", "purge"], cwd=REPO,
                            env=kiosk_env(config), capture_output=True, text=True, timeout=60)
    assert purged.returncode == 0, purged.stderr
    backup = subprocess.run([BACKUP, "kiosk-today"], env=kiosk_env(
        config, DIGIQUARTIER_DATA=str(settings.data_dir)), capture_output=True, text=True,
        timeout=60)
    assert backup.returncode == 0, backup.stderr
    app_store.db.execute("PRAGMA wal_checkpoint").fetchone()

    files = [p for p in settings.data_dir.rglob("*") if p.is_file()]
    scanned = sum(p.stat().st_size for p in files)
    print(f"\nafter the purge: {len(files)} files, {scanned} bytes scanned: "
          f"{sorted(str(p.relative_to(settings.data_dir)) for p in files)}")
    for name, phone in [*PURGED, CALLBACK]:
        assert hits(settings.data_dir, name, phone) == []
    # The booking still ahead keeps its name, in the store and in both backups.
    assert hits(settings.data_dir, *KEPT)
    assert sorted(p.name for p in backups.iterdir()) == ["kiosk-old.db", "kiosk-today.db"]
    assert "from 4 records in the store and 4 in 1 backup files" in purged.stderr
    assert "from 0 records in the store and 0 in 1 backup files" in backup.stderr
    for copy in ("kiosk-old.db", "kiosk-today.db"):
        db = sqlite3.connect(backups / copy)
        assert db.execute("SELECT first_name FROM bookings WHERE first_name IS NOT NULL"
                          ).fetchall() == [(KEPT[0],)]
        db.close()


def test_app_purges_on_its_own_thread(kiosk):
    """What the app calls at start and once a day: the store and the backups, off the UI."""
    settings, app_store, _ = kiosk
    thread = retention.purge_in_background(settings.database_path, settings)
    thread.join(30)
    assert not thread.is_alive()
    names = [r[0] for r in app_store.db.execute(
        "SELECT first_name FROM bookings WHERE first_name IS NOT NULL")]
    assert names == [KEPT[0]]
    assert outbox.pending_count(app_store) == 1          # only the booking still ahead


def test_a_damaged_backup_is_reported_and_the_others_are_purged(kiosk):
    settings, app_store, _ = kiosk
    backups = settings.data_dir / "backup"
    backups.mkdir()
    app_store.db.execute(f"VACUUM INTO '{backups}/kiosk-good.db'")
    os.utime(backups / "kiosk-good.db", (1_000_000, 1_000_000))   # made long ago
    (backups / "kiosk-broken.db").write_bytes(b"not a database " * 100)
    report = retention.purge_everywhere(settings.database_path, backups, timeutil.now(), 30)
    assert report.wiped == 4 and report.backups == 1 and report.wiped_in_backups == 4
    assert report.failed == ["kiosk-broken.db: file is not a database"]
    # Still as old as it was: the backup script deletes copies by their age.
    assert (backups / "kiosk-good.db").stat().st_mtime == 1_000_000
    assert sorted(p.name for p in backups.iterdir()) == ["kiosk-broken.db", "kiosk-good.db"]


def named(store) -> list[str]:
    return [r[0] for r in store.db.execute(
        "SELECT first_name FROM bookings WHERE first_name IS NOT NULL ORDER BY first_name")]


def test_running_app_purges_soon_after_start(kiosk):
    settings, store, config = kiosk
    headless = [] if os.environ.get("DISPLAY") else ["xvfb-run", "-a", "-s",
                                                     "-screen 0 1280x800x24"]
    if headless and not shutil.which("xvfb-run"):
        pytest.fail("xvfb-run is not installed: run `make test`")
    assert len(named(store)) == 4
    # Kivy's home (and its log files) in the data folder, as deploy/ sets it up on a Pi.
    env = kiosk_env(config, KIVY_HOME=str(settings.data_dir / "kivy"), KIVY_NO_ARGS="1")
    app = subprocess.Popen([*headless, sys.executable, "-m", "digiquartier", "run"], cwd=REPO,
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           start_new_session=True)   # xvfb-run, Xvfb and the app: one group
    started = time.monotonic()
    try:
        while named(store) != [KEPT[0]] and time.monotonic() - started < 60:
            assert app.poll() is None, app.communicate()[0][-3000:]
            time.sleep(0.2)
        took = time.monotonic() - started
    finally:
        os.killpg(app.pid, signal.SIGTERM)
        output = app.communicate(timeout=30)[0]
    print(f"\napp purged {took:.1f} s after the process started")
    assert named(store) == [KEPT[0]], output[-3000:]
    assert "daily purge: personal data wiped from 4 records" in output
    # Nothing of the purged people left anywhere: database, WAL, Kivy's logs, the app's output.
    for name, phone in [*PURGED, CALLBACK]:
        assert hits(settings.data_dir, name, phone) == [] and name not in output
