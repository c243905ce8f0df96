"""The lock: uv.lock agrees with pyproject.toml, the hashed exports are what uv makes of it, and
every package a Pi installs has a wheel for it (64-bit ARM, the Pythons of Raspberry Pi OS)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).with_name("uv")
LOCK = tomllib.loads((REPO / "uv.lock").read_text())
EXPORTS = {  # file -> the uv export options that make it (as `make lock` runs them)
    "deploy/requirements/kiosk.txt": ["--extra", "kiosk"],
    "deploy/requirements/server.txt": ["--extra", "server"],
    "deploy/requirements/dev.txt": ["--all-extras"],
}
#: Raspberry Pi OS 12 (Bookworm) ships CPython 3.11, 13 (Trixie) 3.13.
PI_PYTHONS = ("cp311", "cp313")


def uv(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(UV), *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def test_the_lock_matches_pyproject():
    result = uv("lock", "--check", "--offline")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", EXPORTS)
def test_the_hashed_exports_are_made_from_the_lock(path):
    result = uv("export", "--frozen", "--no-emit-project", "--no-dev", "--no-header",
                *EXPORTS[path])
    assert result.returncode == 0, result.stderr
    assert (REPO / path).read_text() == result.stdout, f"run `make lock` to refresh {path}"


@pytest.mark.parametrize("path", EXPORTS)
def test_every_requirement_is_pinned_and_hashed(path):
    entries = re.split(r"\n(?=\S)", (REPO / path).read_text().strip())
    assert len(entries) > 10
    for entry in entries:
        assert re.match(r"[a-z0-9._-]+==[^ ;]+", entry), entry
        assert "--hash=sha256:" in entry, entry


def packages(export: str) -> list[str]:
    text = (REPO / f"deploy/requirements/{export}.txt").read_text()
    return re.findall(r"^([a-z0-9._-]+)==", text, re.M)


def wheel_fits_a_pi(filename: str, python: str) -> bool:
    _name, _version, *_build, interpreter, abi, platform = filename[:-4].split("-")
    platforms = platform.split(".")
    fits_platform = "any" in platforms or any(
        p.startswith(("manylinux", "linux")) and p.endswith("aarch64") for p in platforms)
    stable_abi = abi == "abi3" and int(interpreter.removeprefix("cp")) <= int(python[2:])
    fits_python = interpreter in ("py3", "py2.py3") or python in interpreter.split(".") \
        or stable_abi
    return fits_platform and fits_python


@pytest.mark.parametrize("python", PI_PYTHONS)
def test_every_kiosk_package_has_a_wheel_for_a_64_bit_pi(python):
    """release.sh installs with --only-binary: a package without such a wheel cannot install."""
    by_name = {package["name"]: package for package in LOCK["package"]}
    missing = [name for name in packages("kiosk") if not any(
        wheel_fits_a_pi(w["url"].rsplit("/", 1)[1], python)
        for w in by_name[name].get("wheels", []))]
    assert not missing, f"no linux aarch64 wheel for {python}: {missing}"


def test_the_kiosk_export_has_no_server_or_test_package():
    names = set(packages("kiosk"))
    assert {"kivy", "sqlite-utils", "requests", "argon2-cffi"} <= names
    assert not names & {"django", "gunicorn", "pytest", "ruff", "uv", "schemathesis"}


def test_the_server_export_has_no_kiosk_gui_or_test_package():
    """deploy/server/install.sh installs it: a server needs neither Kivy nor SDL2."""
    names = set(packages("server"))
    assert {"django", "gunicorn", "psycopg", "argon2-cffi", "segno"} <= names
    assert not names & {"kivy", "kivy-garden", "python-escpos", "pytest", "ruff", "uv"}
