"""The deploy scripts: shellcheck, a full install into a temporary root, updates with rollback,
the nightly backup, the display switch, the Kivy config and `systemd-analyze verify` on the units.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SCRIPTS = sorted([*DEPLOY.glob("*.sh"), *(DEPLOY / "bin").iterdir()])
UNITS = sorted([*(DEPLOY / "systemd").glob("*.service"), *(DEPLOY / "systemd").glob("*.timer")])


def need(tool: str) -> None:
    """Fail (not skip) without ``tool``: `make test` installs it, so CI always runs these checks."""
    if not shutil.which(tool):
        pytest.fail(f"{tool} is not installed: run `make test` (or apt-get install {tool})")


def run(*args, env=None, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=check,
        env={**os.environ, **(env or {})}, timeout=120,
    )


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shellcheck(script):
    need("shellcheck")
    assert script.read_text().startswith("#!/bin/"), "every deploy script is a shell script"
    assert os.access(script, os.X_OK), f"{script.name} is not executable"
    result = run("shellcheck", "-x", script, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(("script", "option"), [("install.sh", "--root DIR"),
                                               ("release.sh", "--keep N"),
                                               ("bin/digiquartier", "rollback")])
def test_help_is_the_whole_header_comment_and_nothing_else(script, option):
    text = run(DEPLOY / script, "--help").stdout
    assert option in text and "set -e" not in text
    assert not any(line.startswith("#") for line in text.splitlines())


def test_install_into_a_temporary_root_twice(tmp_path):
    root = tmp_path / "pi"
    first = run(DEPLOY / "install.sh", "--root", root, "--no-pip", "--no-health", "--name", "r1")
    assert "Installation fertig" in first.stdout
    opt = root / "opt/digiquartier"
    assert os.readlink(opt / "current") == "releases/r1"
    app = opt / "current/app"
    assert (app / "kiosk/watchdog.py").is_file()
    assert (app / "deploy/bin/digiquartier-session").exists()
    assert not (app / "server").exists() and not (app / "tests").exists()
    assert (opt / "current/venv/bin/python").exists()
    requirements = (opt / "current/requirements.txt").read_text()
    assert "kivy" in requirements and "django" not in requirements.lower()
    for path in [
        "etc/systemd/system/digiquartier-kiosk.service",
        "etc/systemd/system/digiquartier-backup.timer",
        "etc/systemd/system/digiquartier-purge.timer",
        "etc/systemd/system/digiquartier-purge.service",
        "etc/pam.d/digiquartier-kiosk",
        "etc/systemd/logind.conf.d/digiquartier.conf",
        "usr/local/bin/digiquartier",
        "var/lib/digiquartier/backup",
    ]:
        assert (root / path).exists(), path

    config = root / "etc/digiquartier/kiosk.toml"
    config.write_text(config.read_text().replace('quartier = "dorsten-wulfen"', 'quartier = "x"'))
    second = run(DEPLOY / "install.sh", "--root", root, "--no-pip", "--no-health", "--name", "r2")
    assert "bleibt unverändert" in second.stdout
    assert 'quartier = "x"' in config.read_text(), "re-running must keep the settings"
    assert os.readlink(opt / "current") == "releases/r2"
    assert os.readlink(opt / "previous") == "releases/r1"


def test_example_settings_are_valid():
    from datetime import datetime

    from kiosk import settings
    from kiosk.opening_hours import OpeningHours

    loaded = settings.load(DEPLOY / "etc/kiosk.toml.example")
    assert loaded.data_dir == Path("/var/lib/digiquartier")
    assert not OpeningHours.parse(loaded.opening_hours).is_open(
        datetime(2026, 11, 28, 12, 0)  # a Saturday: closed
    )


def fake_source(path: Path, health_exit: int, entry: str = "digiquartier") -> Path:
    """A kiosk source tree whose `python -m digiquartier health --release` exits with
    `health_exit`; any other command prints the module and its arguments. ``entry="kiosk"``: a
    release from before digiquartier.py, whose command line was `python -m kiosk`."""
    (path / "kiosk").mkdir(parents=True)
    (path / "deploy/requirements").mkdir(parents=True)
    (path / "pyproject.toml").write_text('[project]\nname = "x"\ndynamic = ["version"]\n')
    (path / "deploy/requirements/kiosk.txt").write_text("kivy==2.3.1 --hash=sha256:00\n")
    (path / "kiosk/__init__.py").write_text('__version__ = "9.9"\n')
    main = path / ("digiquartier.py" if entry == "digiquartier" else "kiosk/__main__.py")
    main.write_text(textwrap.dedent(f"""
        import os, sys
        if sys.argv[1:2] == ["health"]:
            assert sys.argv[1:] == ["health", "--release"], sys.argv
            assert os.environ["DIGIQUARTIER_CONFIG"].endswith("/etc/digiquartier/kiosk.toml")
            sys.exit({health_exit})
        print("{entry}", *sys.argv[1:], os.getcwd())
    """))
    return path


def release(root: Path, source: Path, name: str, *extra, check=True):
    return run(DEPLOY / "release.sh", "--root", root, "--no-pip", "--name", name, *extra, source,
               check=check)


def test_update_switches_and_a_failing_health_check_keeps_the_old_release(tmp_path):
    root, opt = tmp_path / "pi", tmp_path / "pi/opt/digiquartier"
    good, bad = fake_source(tmp_path / "good", 0), fake_source(tmp_path / "bad", 1)
    release(root, good, "v1")
    assert os.readlink(opt / "current") == "releases/v1"

    failed = release(root, bad, "v2", check=False)
    assert failed.returncode == 1
    assert "laufende Version bleibt" in failed.stderr
    assert os.readlink(opt / "current") == "releases/v1"
    assert not (opt / "releases/v2").exists()

    release(root, good, "v3")
    assert os.readlink(opt / "current") == "releases/v3"
    assert os.readlink(opt / "previous") == "releases/v1"

    run(DEPLOY / "release.sh", "--root", root, "--rollback")
    assert os.readlink(opt / "current") == "releases/v1"
    assert os.readlink(opt / "previous") == "releases/v3"


def installed_command(root: Path, *args: str) -> str:
    """What the units and the admin command run (/usr/local/bin/digiquartier-run) in the
    release `current` points at; the fake releases print their entry module and arguments."""
    app = root / "opt/digiquartier/current/app"
    return run(root / "usr/local/bin/digiquartier-run", *args,
               env={"DQ_APP": str(app), "DQ_PYTHON": sys.executable}).stdout.strip()


def test_update_from_a_release_before_digiquartier_py_and_the_rollback_both_run(tmp_path):
    """The units and commands outside the releases come with each new release and run any
    release: the new one by `python -m digiquartier`, an older one (rolled back to) by
    `python -m kiosk`, which it still has. The release's own scripts go with it."""
    root, opt = tmp_path / "pi", tmp_path / "pi/opt/digiquartier"
    release(root, fake_source(tmp_path / "old", 0, entry="kiosk"), "v1")
    assert installed_command(root, "purge") == f"kiosk purge {opt / 'releases/v1/app'}"

    release(root, fake_source(tmp_path / "new", 0), "v2")
    assert (opt / "releases/v2/app/digiquartier.py").is_file(), "the entry module is copied"
    assert installed_command(root, "sync") == f"digiquartier sync {opt / 'releases/v2/app'}"
    for unit in ("digiquartier-purge.service", "digiquartier-sync.service"):
        exec_start = re.search(r"^ExecStart=(\S+)", (root / "etc/systemd/system" / unit)
                               .read_text(), re.M)[1]
        assert exec_start == "/usr/local/bin/digiquartier-run", unit
    assert '"$(dirname "$0")/digiquartier-run"' in (root / "usr/local/bin/digiquartier").read_text()

    run(DEPLOY / "release.sh", "--root", root, "--rollback")
    assert os.readlink(opt / "current") == "releases/v1"
    assert installed_command(root, "purge") == f"kiosk purge {opt / 'releases/v1/app'}"


def test_the_backup_before_an_update_purges_with_the_running_release_s_code(tmp_path):
    """release.sh runs the new release's backup script before switching: its purge must run the
    running release, also one from before digiquartier.py."""
    need("sqlite3")
    old = fake_source(tmp_path / "old", 0, entry="kiosk")
    data = tmp_path / "data"
    data.mkdir()
    sqlite3.connect(data / "kiosk.db").close()
    result = run(DEPLOY / "bin/digiquartier-backup", "kiosk-before-v2",
                 env={"DIGIQUARTIER_DATA": str(data), "DQ_APP": str(old),
                      "DQ_PYTHON": sys.executable})
    assert f"kiosk purge {old}" in result.stdout and (data / "backup/kiosk-before-v2.db").exists()


def test_old_releases_are_pruned_but_current_and_previous_stay(tmp_path):
    root, opt = tmp_path / "pi", tmp_path / "pi/opt/digiquartier"
    good = fake_source(tmp_path / "good", 0)
    for n in range(1, 6):
        release(root, good, f"v{n}", "--keep", "2")
        os.utime(opt / f"releases/v{n}", (n * 1000, n * 1000))  # distinct ages for `ls -t`
    assert sorted(p.name for p in (opt / "releases").iterdir()) == ["v4", "v5"]


@pytest.fixture
def database(tmp_path) -> Path:
    """A real kiosk store (the backup purges it first) with 500 bookings."""
    from kiosk.store import Store

    path = tmp_path / "data/kiosk.db"
    store = Store.open(path)
    rows = [(str(i), f"Erika {i}", f"C{i}") for i in range(500)]
    store.db.conn.executemany("insert into bookings (id, slot_id, first_name, code, status,"
                              " created_at) values (?, 's', ?, ?, 'pending', '')", rows)
    yield path
    store.close()


def backup_env(database: Path, backups: Path) -> dict[str, str]:
    """The backup script with this checkout's kiosk (its purge) instead of the installed one."""
    config = database.parent / "kiosk.toml"
    config.write_text('quartier = "dorsten-wulfen"\n')
    return {"DIGIQUARTIER_DATA": str(database.parent), "DQ_BACKUP_DIR": str(backups),
            "DQ_BACKUP_DAYS": "14", "DQ_APP": str(REPO), "DQ_PYTHON": sys.executable,
            "DIGIQUARTIER_CONFIG": str(config)}


def test_backup_copies_checks_and_keeps_n_days(database, tmp_path):
    need("sqlite3")
    backups = tmp_path / "backup"
    backups.mkdir()
    old = backups / "kiosk-2020-01-01.db"
    shutil.copy(database, old)         # old copies are real databases: the backup purges them
    os.utime(old, (0, 0))
    recent = backups / "kiosk-yesterday.db"
    shutil.copy(database, recent)
    result = run(DEPLOY / "bin/digiquartier-backup", "kiosk-today",
                 env=backup_env(database, backups))
    assert "Gesichert" in result.stdout and "purge: personal data wiped" in result.stderr
    copy = sqlite3.connect(backups / "kiosk-today.db")
    assert copy.execute("select count(*) from bookings").fetchone() == (500,)
    copy.close()
    assert not old.exists() and recent.exists()
    assert not list(backups.glob(".*part"))


def test_backup_is_made_even_when_the_purge_fails_and_says_so(database, tmp_path):
    need("sqlite3")
    backups = tmp_path / "backup"
    backups.mkdir()
    (backups / "kiosk-broken.db").write_bytes(b"no database " * 100)
    result = run(DEPLOY / "bin/digiquartier-backup", "kiosk-today",
                 env=backup_env(database, backups), check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Purge incomplete: 1 backups could not be purged" in result.stderr
    assert "gesichert wird trotzdem" in result.stderr and (backups / "kiosk-today.db").exists()


def test_purge_timer_is_installed_and_enabled():
    timer = (DEPLOY / "systemd/digiquartier-purge.timer").read_text()
    service = (DEPLOY / "systemd/digiquartier-purge.service").read_text()
    assert "OnCalendar=*-*-* 02:30:00" in timer and "Persistent=true" in timer
    assert "ExecStart=/usr/local/bin/digiquartier-run purge" in service
    assert "EnvironmentFile=-/etc/default/digiquartier" in service
    install = (DEPLOY / "install.sh").read_text()
    assert install.count("digiquartier-purge.timer") == 2   # enabled and started


def test_backup_without_database_is_not_an_error(tmp_path):
    result = run(DEPLOY / "bin/digiquartier-backup", env={"DIGIQUARTIER_DATA": str(tmp_path)})
    assert "nichts zu sichern" in result.stdout


def test_display_switch_uses_the_backlight(tmp_path):
    power = tmp_path / "backlight/10-0045/bl_power"
    power.parent.mkdir(parents=True)
    power.write_text("0\n")
    env = {"DQ_BACKLIGHT_DIR": str(tmp_path / "backlight")}
    run(DEPLOY / "bin/digiquartier-display", "off", env=env)
    assert power.read_text() == "1\n"
    run(DEPLOY / "bin/digiquartier-display", "on", env=env)
    assert power.read_text() == "0\n"
    assert run(DEPLOY / "bin/digiquartier-display", "dim", env=env, check=False).returncode == 2


def test_display_switch_says_so_when_nothing_works(tmp_path):
    # An empty PATH: no wlr-randr, ddcutil or vcgencmd, even on a machine that has them.
    (tmp_path / "bin").mkdir()
    env = {"DQ_BACKLIGHT_DIR": str(tmp_path), "WAYLAND_DISPLAY": "", "PATH": str(tmp_path / "bin")}
    result = run(DEPLOY / "bin/digiquartier-display", "off", env=env, check=False)
    assert result.returncode == 1 and "kein Weg gefunden" in result.stderr


def test_display_command_is_what_the_app_calls():
    from kiosk.opening_hours import DISPLAY_COMMAND

    assert DISPLAY_COMMAND == DEPLOY / "bin/digiquartier-display"


def test_kivy_config_has_one_input_provider_and_no_escape(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[display]\nrotation = 90\nwidth = 800\nheight = 480\n")
    kivy_home = tmp_path / "kivy"
    env = {"KIVY_HOME": str(kivy_home), "DIGIQUARTIER_CONFIG": str(config)}
    for _ in range(2):  # the second start reads Kivy's file back and must not grow it
        run(sys.executable, DEPLOY / "kivy_config.py", env=env)
    text = (kivy_home / "config.ini").read_text()
    input_section = re.search(r"\[input\]\n(.*?)(\n\[|\Z)", text, re.S)[1].strip()
    assert input_section == "mouse = mouse,disable_multitouch"
    assert "exit_on_escape = 0" in text and "show_cursor = 0" in text
    assert "rotation = 90" in text and "width = 800" in text


def test_kivy_config_refuses_odd_rotation(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text("[display]\nrotation = 45\n")
    result = run(sys.executable, DEPLOY / "kivy_config.py",
                 env={"KIVY_HOME": str(tmp_path / "k"), "DIGIQUARTIER_CONFIG": str(config)},
                 check=False)
    assert result.returncode != 0 and "rotation muss 0, 90, 180 oder 270" in result.stderr


def systemd_analyze_works() -> str | None:
    need("systemd-analyze")
    probe = run("systemd-analyze", "verify", "/dev/null", check=False)
    if "Failed to" in probe.stderr and "initialize" in probe.stderr:
        return f"systemd-analyze cannot run here: {probe.stderr.strip()[:200]}"
    return None


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_analyze_verify(unit, tmp_path):
    if reason := systemd_analyze_works():
        pytest.skip(reason)
    # Installed into a temporary root, the units must point at files that really exist there;
    # /usr/bin/cage is replaced by /bin/true where cage is not installed (CI containers).
    root = tmp_path / "pi"
    run(DEPLOY / "install.sh", "--root", root, "--no-pip", "--no-health", "--name", "r1")
    units = tmp_path / "units"
    units.mkdir()
    for source in UNITS:
        text = source.read_text().replace("/opt/digiquartier", f"{root}/opt/digiquartier")
        text = text.replace("/usr/local/bin/", f"{root}/usr/local/bin/")
        text = text.replace("/usr/bin/cage", shutil.which("cage") or "/bin/true")
        (units / source.name).write_text(text)
    result = run("systemd-analyze", "verify", units / unit.name, check=False)
    problems = [line for line in result.stderr.splitlines() if unit.stem in line]
    assert result.returncode == 0 and not problems, result.stderr


def test_kiosk_unit_has_the_watchdog_and_restart_settings():
    text = (DEPLOY / "systemd/digiquartier-kiosk.service").read_text()
    for line in ["Type=notify", "NotifyAccess=all", "WatchdogSec=", "Restart=always",
                 "StartLimitIntervalSec=0", "Conflicts=getty@tty1.service"]:
        assert line in text
    assert "cage -d --" in text and " -s" not in text.split("ExecStart=")[1]  # no VT switching


@pytest.mark.parametrize("arch", ["armhf", "armel", "i386"])
def test_install_refuses_a_32_bit_system_in_one_sentence(tmp_path, arch):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dpkg").write_text(f"#!/bin/sh\necho {arch}\n")
    (fake / "dpkg").chmod(0o755)
    result = run(DEPLOY / "install.sh", "--root", tmp_path / "pi", "--no-pip", "--no-health",
                 env={"PATH": f"{fake}:{os.environ['PATH']}"}, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"FEHLER: Der Kiosk braucht ein 64-Bit-System (Raspberry Pi OS 64-bit, arm64); "
        f"dieses ist {arch}.")
    assert not (tmp_path / "pi").exists(), "nothing is installed"
