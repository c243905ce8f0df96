"""Command line: ``python -m digiquartier [run|load-demo|purge|enrol URL TOKEN|sync|health]``.

``run`` (the default) opens the kiosk window; ``load-demo`` fills the local store with the demo
content, quartiers, helpers and slots; ``purge`` wipes personal data past its retention period;
``enrol URL TOKEN`` connects the kiosk to the central server; ``sync`` runs one sync round;
``health`` checks the store and the content (exit 0 when fine); ``health --release`` checks a new
release beside the running one (deploy/release.sh): on a snapshot of the database, and it also
builds every screen offscreen.

The composition root: it builds the settings, the store and the sync service and hands them to
the screens (``screens.app.KioskApp``). Nothing below it imports it, and ``kiosk/`` imports nothing
above itself (tests/test_architecture.py).
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from kiosk import __version__, timeutil
from kiosk import settings as kiosk_settings
from kiosk.bundle import BundleError
from kiosk.demo import load_demo
from kiosk.health import snapshot
from kiosk.retention import backup_folder, purge_everywhere
from kiosk.store import Store

log = logging.getLogger("kiosk")


def sync_service(settings: kiosk_settings.Settings):
    """The sync service (``sync.service.SyncService``) of an enrolled kiosk, else None."""
    from sync import credentials

    try:
        enrolled = credentials.load(settings.data_dir)
    except credentials.EnrolmentError as e:
        log.warning("Sync: %s", e)
        return None
    if enrolled is None:
        return None  # not enrolled (the demo)
    from sync.service import SyncService  # requests & co. only when there is a server

    return SyncService(settings, enrolled)


def run(settings: kiosk_settings.Settings) -> int:
    from screens.kivyconfig import configure_kivy

    configure_kivy(settings)  # before anything imports Kivy
    from screens.app import KioskApp

    KioskApp(settings, Store.open(settings.database_path), sync=sync_service(settings)).run()
    return 0


def check_release(settings: kiosk_settings.Settings) -> int:
    """Health of this (new) release on a snapshot of the live data, then its screens offscreen.

    Nothing here writes to the live data folder: the snapshot, the Kivy home and the migrations
    tried on the snapshot live in a temporary folder, the pictures are linked from the live one.
    """
    from sync import cli

    with tempfile.TemporaryDirectory(prefix="digiquartier-health-") as folder:
        copy = snapshot(settings.database_path, Path(folder))
        status = cli.health(settings, copy)
        if status != 0:
            return status
        if settings.assets_dir.is_dir():
            (Path(folder) / "assets").symlink_to(settings.assets_dir.resolve())
        # No opening hours and no sound: the check must not switch off, or chime on, the
        # display the running kiosk is showing.
        trial = replace(settings, data_dir=Path(folder), opening_hours={}, sound=False)
        os.environ["SDL_VIDEODRIVER"] = "offscreen"
        os.environ["KIVY_HOME"] = str(trial.data_dir / "kivy")
        from screens.kivyconfig import configure_kivy

        configure_kivy(trial)
        from screens.selfcheck import load_every_screen

        try:
            loaded = load_every_screen(trial, Store.open(copy))
        except Exception as e:
            print(f"unhealthy: the screens do not load: {type(e).__name__}: {e}", file=sys.stderr)
            return 1
        print(f"healthy: {len(loaded)} screens load")
        return 0


def purge(settings: kiosk_settings.Settings) -> int:
    """The store and every backup (kiosk/retention.py); one plain sentence on failure, exit 1."""
    try:
        report = purge_everywhere(settings.database_path, backup_folder(settings.data_dir),
                                  timeutil.now(), settings.booking.retention_days)
    except (sqlite3.Error, OSError) as e:
        print(f"Purge failed: the database {settings.database_path} cannot be changed now "
              f"({e}); nothing was wiped, try again later.", file=sys.stderr)
        return 1
    log.info("purge: %s", report.summary())
    if report.failed:
        print(f"Purge incomplete: {len(report.failed)} backups could not be purged "
              f"({'; '.join(report.failed)}).", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digiquartier", description=__doc__)
    parser.add_argument("command", nargs="?", default="run",
                        choices=["run", "load-demo", "purge", "enrol", "sync", "health"])
    parser.add_argument("args", nargs="*", help="enrol: URL TOKEN")
    parser.add_argument("--config", help="settings file (default: $DIGIQUARTIER_CONFIG)")
    parser.add_argument("--release", action="store_true",
                        help="health: check a new release on a snapshot, screens included")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = kiosk_settings.load(args.config and kiosk_settings.Path(args.config))
    except (kiosk_settings.SettingsError, OSError) as e:  # unreadable: one sentence, too
        print(f"Settings: {e}", file=sys.stderr)
        return 2
    if args.command == "run":
        return run(settings)
    if args.command == "health" and args.release:
        return check_release(settings)
    if args.command in ("enrol", "sync", "health"):
        from sync import cli

        return cli.main(args.command, args.args, settings)
    if args.command == "purge":
        return purge(settings)
    store = Store.open(settings.database_path)
    if args.command == "load-demo":
        try:
            load_demo(store, settings.assets_dir, timeutil.now())
        except BundleError as e:
            print(f"Demo content refused: {e}", file=sys.stderr)
            return 1
        log.info("demo loaded into %s", settings.database_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
