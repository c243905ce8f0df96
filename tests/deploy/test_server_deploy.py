"""The central server's deploy files (deploy/server/): an install into a temporary root from the
lock, the server started from it the way its unit starts it, backup and restore into an empty
database, an upgrade that does not answer /healthz and so never goes live, rollback, and
`systemd-analyze verify` on the units.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.deploy.test_scripts import need, run, systemd_analyze_works

REPO = Path(__file__).resolve().parents[2]
SERVER_DEPLOY = REPO / "deploy" / "server"
INSTALL = SERVER_DEPLOY / "install.sh"
SCRIPTS = [INSTALL, *sorted((SERVER_DEPLOY / "bin").iterdir())]
UNITS = sorted([*(SERVER_DEPLOY / "systemd").glob("*.service"),
                *(SERVER_DEPLOY / "systemd").glob("*.timer")])
HOST = "kiosk.example.org"  # what the settings template allows; nginx would send it


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without the settings of the test run (CI points DATABASE_URL
    at its PostgreSQL): the installed server reads only its settings file."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DATABASE_URL", "DQ_", "DJANGO_", "PYTHONPATH", "VIRTUAL_ENV"))}
    return {**env, **extra}


def install(root: Path, name: str, *options, source: Path = REPO,
            check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(source / "deploy/server/install.sh"), "--root", str(root),
                           "--name", name, *options], capture_output=True, text=True,
                          env=clean_env(), timeout=600)
    assert done.returncode == 0 or not check, done.stdout[-2000:] + done.stderr[-3000:]
    return done


def server_command(root: Path, *args: str) -> str:
    done = subprocess.run([str(root / "usr/local/bin/digiquartier-server"), *args],
                          capture_output=True, text=True, env=clean_env(DQ_ROOT=str(root)),
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def settings_file(root: Path) -> dict[str, str]:
    lines = (root / "etc/digiquartier/server.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


class Server:
    """The installed release's gunicorn, started as digiquartier-server.service starts it."""

    def __init__(self, root: Path, port: int):
        current = root / "opt/digiquartier/current"
        env = clean_env(**{**settings_file(root), "DQ_VAR_DIR": str(root / "var/lib/digiquartier"),
                           "PYTHONPATH": f"{current}/app:{current}/app/server"})
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [str(current / "venv/bin/gunicorn"), "-c",
             str(current / "app/server/dqserver/gunicorn_conf.py"), "--bind",
             f"127.0.0.1:{port}", "--workers", "1", "dqserver.wsgi"],
            cwd=current / "app/server", env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while self.get("/healthz", fail=False) is None:
            assert self.process.poll() is None, self.process.stderr.read()
            assert time.monotonic() < deadline, "the installed server did not start"
            time.sleep(0.3)

    def get(self, path: str, token: str | None = None, fail: bool = True):
        """The answer's status and body, as nginx would forward a request (Host, https)."""
        headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            if fail:
                raise
            return None

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shellcheck(script):
    need("shellcheck")
    assert os.access(script, os.X_OK), f"{script.name} is not executable"
    result = run("shellcheck", "-x", script, check=False)
    assert result.returncode == 0, result.stdout


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str | None:
    """The server's DATABASE_URL (None: the default SQLite file), a new empty PostgreSQL
    database on the run's throwaway cluster (CI: scripts/test-postgres)."""
    if request.param == "sqlite":
        return None
    base = os.environ.get("DQ_TEST_DATABASE_URL")
    if not base:
        pytest.skip("no DQ_TEST_DATABASE_URL (CI starts one with scripts/test-postgres)")
    name = f"dq_deploy_{os.getpid()}"
    psql(base, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    request.addfinalizer(lambda: psql(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    return base.rsplit("/", 1)[0] + "/" + name


def psql(url: str, *commands: str) -> None:
    for command in commands:
        run("psql", "--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", command)


def lose(database: str | None, root: Path) -> None:
    """The disk with the database is gone: an empty database is all that is left."""
    if database is None:
        for path in (root / "var/lib/digiquartier").glob("server.db*"):
            path.unlink()
    else:
        base, name = database.rsplit("/", 1)
        psql(base + "/postgres", f"DROP DATABASE {name} WITH (FORCE)", f"CREATE DATABASE {name}")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """One install from the lock below a temporary root, shared by the database variants
    (a second install would only repeat pip)."""
    need("curl")
    root = tmp_path_factory.mktemp("server") / "srv"
    first = install(root, "r1")
    assert "Installation fertig: r1" in first.stdout, first.stderr
    return root


def use_database(root: Path, url: str | None) -> None:
    """The settings file's DATABASE_URL line as `install.sh --postgres` writes it (or the
    SQLite default), and the database migrated."""
    path = root / "etc/digiquartier/server.env"
    line = f"DATABASE_URL={url}" if url else "#DATABASE_URL=postgres:///digiquartier"
    path.write_text(re.sub(r"(?m)^#?DATABASE_URL=.*$", line, path.read_text()))
    server_command(root, "manage", "migrate", "--noinput")


def test_the_install_has_its_settings_static_files_and_no_kivy(installed):
    opt = installed / "opt/digiquartier"
    assert os.readlink(opt / "current") == "releases/r1"
    settings = settings_file(installed)
    assert len(settings["DJANGO_SECRET_KEY"]) >= 50 and "@" not in settings["DJANGO_SECRET_KEY"]
    assert (installed / "etc/digiquartier/server.env").stat().st_mode & 0o777 == 0o640
    assert (installed / "var/lib/digiquartier/static/admin").is_dir(), "no collectstatic"
    freeze = run(opt / "current/venv/bin/python", "-m", "pip", "freeze").stdout.lower()
    assert "django==" in freeze and "kivy" not in freeze, "the server venv has Kivy"


def test_start_back_up_and_restore_into_an_empty_database(installed, database):
    """The first day of an IT person, with the locked packages; on PostgreSQL (the normal
    case) and SQLite (trying it out)."""
    need("sqlite3")
    need("pg_dump")
    from tests.server_process import free_port

    root = installed
    use_database(root, database)
    server_command(root, "manage", "seed_demo")
    token = server_command(root, "manage", "issue_token", "dorsten-wulfen").strip().split()[-1]
    server = Server(root, free_port())
    try:
        assert server.get("/healthz") == (200, b'{"ok": true, "problems": []}')
        before = server.get("/api/v1/changes", token)
        assert before[0] == 200 and json.loads(before[1])["slots"], before
        assert server.get("/admin/login/")[0] == 200
        backup = Path(server_command(root, "backup").strip())
        assert backup.parent == root / "var/backups/digiquartier"
        assert backup.suffix == (".pgdump" if database else ".db")
    finally:
        server.stop()

    lose(database, root)
    assert "wiederhergestellt" in server_command(root, "restore", str(backup))
    server = Server(root, free_port())
    try:
        assert server.get("/api/v1/changes", token) == before
        assert server.get("/admin/login/")[0] == 200
    finally:
        server.stop()


def test_an_upgrade_that_fails_its_health_check_never_goes_live(tmp_path):
    """The new release is started on a spare port and asked for /healthz before the switch."""
    need("curl")
    root = tmp_path / "srv"
    install(root, "r1", "--no-pip")
    broken = tmp_path / "broken"
    shutil.copytree(REPO, broken, ignore=shutil.ignore_patterns(".git", ".venv", "var", "tests",
                                                                "node_modules", "*.egg-info"))
    health = broken / "server/dqserver/healthz.py"        # a release that finds no room
    health.write_text(health.read_text().replace("512 * 1024 * 1024", "1 << 60"))
    failed = install(root, "r2", source=broken, check=False)
    assert failed.returncode != 0 and "antwortet nicht auf /healthz" in failed.stderr
    assert os.readlink(root / "opt/digiquartier/current") == "releases/r1"


def test_upgrades_keep_the_previous_release_for_a_rollback_and_prune_older_ones(tmp_path):
    root = tmp_path / "srv"
    for name in ("r1", "r2", "r3", "r4", "r5"):
        install(root, name, "--no-pip", "--keep", "1")
    opt = root / "opt/digiquartier"
    assert sorted(p.name for p in (opt / "releases").iterdir()) == ["r3", "r4", "r5"]
    assert server_command(root, "releases").split() == ["r3", "r4", "*", "r5"]
    assert server_command(root, "rollback").strip() == "zurück auf r4"
    assert os.readlink(opt / "current") == "releases/r4"
    assert os.readlink(opt / "previous") == "releases/r5"
    settings = (root / "etc/digiquartier/server.env").read_text()
    install(root, "r6", "--no-pip")
    assert (root / "etc/digiquartier/server.env").read_text() == settings, "settings were replaced"


@pytest.fixture(scope="module")
def installed_units(tmp_path_factory) -> Path:
    """The units as installed below a temporary root, pointing at the files there."""
    tmp = tmp_path_factory.mktemp("units")
    root = tmp / "srv"
    install(root, "r1", "--no-pip")
    (root / "opt/digiquartier/current/venv/bin/gunicorn").symlink_to("/bin/true")
    units = tmp / "units"
    units.mkdir()
    for source in UNITS:
        text = source.read_text()
        for path in ("/opt/digiquartier", "/etc/digiquartier", "/usr/local/bin"):
            text = text.replace(path, f"{root}{path}")
        (units / source.name).write_text(text)
    return units


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_analyze_verify(unit, installed_units):
    if reason := systemd_analyze_works():
        pytest.skip(reason)
    result = run("systemd-analyze", "verify", installed_units / unit.name, check=False)
    problems = [line for line in result.stderr.splitlines() if unit.stem in line]
    assert result.returncode == 0 and not problems, result.stderr
