"""What every benchmark shares: result rows, child processes, preparing kiosk stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOPICS = 10_000


@dataclass
class Row:
    what: str
    measured: str
    baseline: str = "–"
    ratio: str = "–"
    target: str = "–"
    met: bool | None = None
    note: str = ""


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "–"


def child(module: str, *args: str, timeout: float = 120) -> dict:
    """Run ``python -m bench.<module> args`` and return the JSON of its ``BENCH`` line."""
    env = {**os.environ, "KIVY_NO_CONSOLELOG": "1", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", f"bench.{module}", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    raise RuntimeError(f"bench.{module} gave no result (exit {done.returncode}):\n"
                       + (done.stdout + done.stderr)[-3000:])


def prepare_store(data_dir: Path, topics: int | None = None) -> Path:
    """A kiosk data dir with the demo people and slots, and the demo content or ``topics`` topics.

    Content goes through the real ``import_bundle``; the big release is numbered above the demo's
    so ``load_demo`` keeps it and adds only quartiers, helpers and slots.
    """
    from bench.gen import write_bundle
    from kiosk.bundle import read_bundle
    from kiosk.content import import_bundle
    from kiosk.demo import load_demo
    from kiosk.settings import Settings
    from kiosk.store import Store

    settings = Settings(data_dir=data_dir)
    store = Store.open(settings.database_path)
    if topics:
        with tempfile.TemporaryDirectory() as tmp:
            write_bundle(Path(tmp), topics, release=1000)
            import_bundle(store, read_bundle(Path(tmp)), Path(tmp), settings.assets_dir)
    load_demo(store, settings.assets_dir, datetime.now(UTC))
    store.close()
    return data_dir
