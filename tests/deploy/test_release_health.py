"""`python -m digiquartier health --release`, deploy/release.sh's check of a new release beside the
running one: it works on a snapshot (the live database is not written), tries the migrations and
builds every screen offscreen, and fails a release whose screens or database are broken. Also
release.sh's install of the hashed lock: a file whose hash does not match is refused."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.demo import load_demo
from kiosk.store import Store
from kiosk.timeutil import now
from screens import REGISTRY

REPO = Path(__file__).resolve().parents[2]


def kiosk(data: Path, *args: str, cwd: Path = REPO,
          config: str = os.devnull) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "KIVY_HOME")}
    env.update(DIGIQUARTIER_DATA=str(data), DIGIQUARTIER_CONFIG=config, PYTHONPATH=str(cwd))
    return subprocess.run([sys.executable, "-m", "digiquartier", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture
def live(tmp_path) -> Path:
    """A data folder as on a running kiosk: the demo loaded, the database open in WAL mode."""
    data = tmp_path / "live"
    store = Store.open(data / "kiosk.db")
    load_demo(store, data / "assets", now())
    store.close()
    return data


def files(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but SQLite's -shm index (any reader maps it) and an empty WAL."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)}


def test_a_release_is_checked_on_a_snapshot_with_every_screen(live):
    before = files(live)
    result = kiosk(live, "health", "--release")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"healthy: {len(REGISTRY)} screens load" in result.stdout
    assert files(live) == before, "the check wrote to the live data folder"


def test_every_log_line_is_written_once(live):
    result = kiosk(live, "health", "--release")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert any("kivy" in line for line in lines), "Kivy logs through Python's logging"
    assert len(lines) == len(set(lines)), [x for x in lines if lines.count(x) > 1][:3]


def test_a_release_whose_screens_do_not_load_is_unhealthy(live, tmp_path):
    source = tmp_path / "release"
    for part in ("kiosk", "screens", "sync", "assets"):
        shutil.copytree(REPO / part, source / part)
    shutil.copy(REPO / "digiquartier.py", source)
    kv = source / "screens/home.kv"
    kv.write_text(kv.read_text() + "\n<HomeScreen>:\n    size_hint: (\n")
    result = kiosk(live, "health", "--release", cwd=source)
    assert result.returncode == 1
    assert "the screens do not load" in result.stderr


@pytest.mark.parametrize("where", [0.25, 0.5, 0.9])
def test_a_damaged_database_is_unhealthy(live, where):
    db = live / "kiosk.db"
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    connection.close()
    with db.open("r+b") as f:  # overwrite a page: in the first quarter, the middle, the end
        f.seek(page_size * int(db.stat().st_size // page_size * where))
        f.write(b"\xff" * page_size)
    result = kiosk(live, "health")
    assert result.returncode == 1
    assert "unhealthy" in result.stderr and "Traceback" not in result.stderr


def test_a_database_that_cannot_be_written_is_unhealthy(live):
    holder = sqlite3.connect(live / "kiosk.db", timeout=0)
    holder.execute("BEGIN EXCLUSIVE")  # another process keeps the write lock
    try:
        result = kiosk(live, "health")
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 1
    assert "cannot be written" in result.stderr


def test_version():
    result = kiosk(Path(os.devnull), "--version")
    assert result.stdout.strip() == f"python -m digiquartier {__version__}"


def make_wheel(folder: Path, name: str, version: str) -> Path:
    """A minimal pure-Python wheel, so the install runs without the network."""
    path = folder / f"{name}-{version}-py3-none-any.whl"
    dist = f"{name}-{version}.dist-info"
    files = {f"{name}.py": b"VALUE = 1\n",
             f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
             .encode(),
             f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
             b"Tag: py3-none-any\n"}
    record = "".join(
        f"{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()}"
        f",{len(d)}\n" for n, d in files.items()) + f"{dist}/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as wheel:
        for n, d in files.items():
            wheel.writestr(n, d)
        wheel.writestr(f"{dist}/RECORD", record)
    return path


@pytest.mark.parametrize("tampered", [False, True], ids=["hash-matches", "hash-tampered"])
def test_release_installs_only_what_the_hashes_allow(tmp_path, tampered):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    wheel = make_wheel(wheels, "dqlocked", "1.0")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if tampered:
        digest = digest[::-1]
    source = tmp_path / "source"
    (source / "kiosk").mkdir(parents=True)
    (source / "deploy/requirements").mkdir(parents=True)
    (source / "pyproject.toml").write_text('[project]\nname = "x"\ndynamic = ["version"]\n')
    (source / "kiosk/__init__.py").write_text('__version__ = "9.9"\n')
    (source / "deploy/requirements/kiosk.txt").write_text(f"dqlocked==1.0 --hash=sha256:{digest}\n")
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels),
           "PIP_CONSTRAINT": ""}
    result = subprocess.run(
        [str(REPO / "deploy/release.sh"), "--root", str(tmp_path / "pi"), "--no-health",
         "--name", "r1", str(source)], capture_output=True, text=True, env=env, timeout=300)
    release = tmp_path / "pi/opt/digiquartier/releases/r1"
    if tampered:
        assert result.returncode != 0
        assert "HASHES" in result.stderr.upper()
        assert not release.exists(), "a failed release leaves no half-built folder"
        assert not (tmp_path / "pi/opt/digiquartier/current").exists()
    else:
        assert result.returncode == 0, result.stderr
        python = release / "venv/bin/python"
        check = subprocess.run([str(python), "-c", "import dqlocked; print(dqlocked.VALUE)"],
                               capture_output=True, text=True)
        assert check.stdout.strip() == "1"

