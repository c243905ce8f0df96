"""End-to-end fixtures: one real server process for the session, a fault proxy per test, and
real kiosk stores (each kiosk its own data folder, enrolled with a real token)."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from bench.server_process import start_server
from kiosk import booking, timeutil
from kiosk.settings import Settings, Sync
from kiosk.store import Store
from sync.credentials import Credentials, enrol
from sync.service import sync_once
from tests.e2e.proxy import FaultProxy

HERTEN = "herten-innenstadt"
DORSTEN = "dorsten-wulfen"
CASTROP = "castrop-rauxel-habinghorst"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    started = time.monotonic()
    process = start_server(tmp_path_factory.mktemp("server"))
    print(f"\nserver up in {time.monotonic() - started:.1f} s")
    yield process
    process.stop()


@pytest.fixture
def proxy(server):
    p = FaultProxy(server.url).start()
    yield p
    p.stop()


@dataclass
class Kiosk:
    settings: Settings
    credentials: Credentials
    store: Store

    def sync(self):
        return sync_once(self.settings, self.credentials)

    def book(self, slot_id: str, name: str = "Erna", phone: str = "") -> booking.BookingRecord:
        topic = self.store.db.execute("SELECT id FROM topics ORDER BY id LIMIT 1").fetchone()[0]
        return booking.create_booking(
            self.store, slot_id=slot_id, topic_id=topic, first_name=name, phone=phone,
            now=timeutil.now(), rules=self.settings.booking)

    def free_slot(self, skip: int = 0, capacity: int | None = None) -> str:
        """A bookable slot nobody has booked yet (per the last pull)."""
        now = timeutil.now()
        earliest = timeutil.to_iso(now + timedelta(hours=2))
        rows = self.store.db.execute(
            "SELECT id FROM slots WHERE quartier_id = ? AND cancelled = 0 AND booked = 0"
            " AND start > ? AND id NOT IN (SELECT slot_id FROM bookings)"
            " AND capacity = COALESCE(?, capacity) ORDER BY start",
            [self.settings.quartier, earliest, capacity]).fetchall()
        return rows[skip][0]


@pytest.fixture(scope="session")
def asset_cache(server, tmp_path_factory) -> Path:
    """The pictures of the seeded release, fetched once: kiosks start with hard links to them
    (as if synced before), so each test downloads only what it is about."""
    folder = tmp_path_factory.mktemp("asset-cache")
    session = requests.Session()
    session.headers.update(server.headers(HERTEN))
    manifest = session.get(server.url + "/api/v1/content/manifest", timeout=10).json()
    for asset in manifest["assets"]:
        data = session.get(f"{server.url}/api/v1/content/assets/{asset['sha256']}",
                           timeout=10).content
        (folder / asset["sha256"]).write_bytes(data)
    session.close()
    return folder


@pytest.fixture
def make_kiosk(tmp_path, server, asset_cache):
    made: list[Kiosk] = []

    def make(quartier: str = HERTEN, *, url: str | None = None, token: str | None = None,
             name: str = "kiosk", timeout_s: float = 2.0) -> Kiosk:
        data_dir = tmp_path / name
        settings = Settings(quartier=quartier, data_dir=data_dir,
                            sync=Sync(server_url="", interval_s=60, timeout_s=timeout_s))
        credentials = enrol(data_dir, url or server.url, token or server.tokens[quartier])
        settings.assets_dir.mkdir(parents=True)
        for picture in asset_cache.iterdir():
            os.link(picture, settings.assets_dir / picture.name)
        kiosk = Kiosk(settings, credentials, Store.open(settings.database_path))
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.store.close()


PUBLISH = """
from dqserver.content import releases as content
from dqserver.content.models import Category, Step, Topic, store_asset
from dqserver.management.commands.seed_demo import tiny_png
cat = Category.objects.order_by("position").first()
topic, _ = Topic.objects.update_or_create(slug={slug!r}, defaults=dict(
    category=cat, position=99, title_de={title!r},
    summary_de="Ein neues Thema. Ganz einfach erklärt.", active=True))
topic.steps.all().delete()
Step.objects.create(topic=topic, position=1, text_de="Tippen Sie auf den Knopf.",
                    image=store_asset(tiny_png({rgb!r}, size=12), "CC0, Test"))
print(content.publish().number)
"""


def publish_topic(server, slug: str, title: str, rgb: tuple[int, int, int]) -> int:
    """A manager adds a topic with a new picture and publishes; returns the release number."""
    out = server.manage("shell", "-c", PUBLISH.format(slug=slug, title=title, rgb=rgb))
    return int(out.strip().splitlines()[-1])


def server_bookings(server, *, booking_id: str | None = None,
                    slot_id: str | None = None) -> list[tuple[str, str]]:
    """(status, code) of the server's bookings, read straight from its database file."""
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        if booking_id:
            rows = db.execute("SELECT status, code FROM dqserver_booking WHERE id = ?",
                              [uuid.UUID(booking_id).hex])
        else:
            rows = db.execute("SELECT status, code FROM dqserver_booking WHERE slot_id = ?"
                              " ORDER BY status", [int(slot_id)])
        return [tuple(r) for r in rows]


def settings_file(kiosk: Kiosk, path: Path) -> Path:
    path.write_text(f'quartier = "{kiosk.settings.quartier}"\n'
                    f'data_dir = "{kiosk.settings.data_dir}"\n'
                    # kiosk/settings.py takes whole seconds here (its defaults are ints)
                    f"[sync]\ntimeout_s = {max(1, int(kiosk.settings.sync.timeout_s))}\n",
                    "utf-8")
    return path
