"""Command line: ``python -m kiosk [run|load-demo|purge|enrol URL TOKEN|sync|health]``.

``run`` (the default) opens the kiosk window; ``load-demo`` fills the local store with the demo
content, quartiers, helpers and slots; ``purge`` wipes personal data past its retention period;
``enrol URL TOKEN`` connects the kiosk to the central server; ``sync`` runs one sync round;
``health`` checks the store and the content (exit 0 when fine; used by deploy/release.sh).
"""

from __future__ import annotations

import argparse
import logging
import sys

from kiosk import settings as kiosk_settings
from kiosk import timeutil
from kiosk.booking import purge_personal_data
from kiosk.bundle import BundleError
from kiosk.demo import load_demo
from kiosk.store import Store

log = logging.getLogger("kiosk")


def run(settings: kiosk_settings.Settings) -> int:
    from kiosk.kivyconfig import configure_kivy

    configure_kivy(settings)
    from kiosk.app import KioskApp

    KioskApp(settings).run()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk", description=__doc__)
    parser.add_argument("command", nargs="?", default="run",
                        choices=["run", "load-demo", "purge", "enrol", "sync", "health"])
    parser.add_argument("args", nargs="*", help="enrol: URL TOKEN")
    parser.add_argument("--config", help="settings file (default: $DIGIQUARTIER_CONFIG)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = kiosk_settings.load(args.config and kiosk_settings.Path(args.config))
    except kiosk_settings.SettingsError as e:
        print(f"Settings: {e}", file=sys.stderr)
        return 2
    if args.command == "run":
        return run(settings)
    if args.command in ("enrol", "sync", "health"):
        from sync import cli

        return cli.main(args.command, args.args, settings)
    store = Store.open(settings.database_path)
    if args.command == "load-demo":
        try:
            load_demo(store, settings.assets_dir, timeutil.now())
        except BundleError as e:
            print(f"Demo content refused: {e}", file=sys.stderr)
            return 1
        log.info("demo loaded into %s", settings.database_path)
    elif args.command == "purge":
        wiped = purge_personal_data(store, timeutil.now(), settings.booking.retention_days)
        log.info("personal data wiped from %d records", wiped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
