"""One app start, in its own process: ``python -m bench.child_app {bare|kiosk} DATA_DIR``.

Prints one JSON line: the wall-clock time of the first frame drawn after the app was built
(``first_frame``, ``time.time()``, compared by the parent with the moment it started the process)
and the process's memory one second later (``pss``, ``uss``, ``rss`` in bytes).

``bare`` is the baseline: a Kivy app with one button, the same window settings as the kiosk.
``kiosk`` is the real kiosk (``KioskApp``) on the store in ``DATA_DIR``, showing its Startseite.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    kind, data_dir = sys.argv[1], Path(sys.argv[2])
    from kiosk.settings import Settings
    from kiosk.store import Store
    from screens.kivyconfig import configure_kivy

    settings = Settings(data_dir=data_dir, quartier="dorsten-wulfen")
    configure_kivy(settings)
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.window import Window

    if kind == "bare":
        from kivy.uix.button import Button

        class BareApp(App):
            def build(self):
                return Button(text="Hallo")

        app = BareApp()
    else:
        from screens.app import KioskApp

        app = KioskApp(settings, Store.open(settings.database_path))
    result: dict = {}

    def measure(_dt) -> None:
        import psutil

        info = psutil.Process().memory_full_info()
        result.update(pss=info.pss, uss=info.uss, rss=info.rss)
        if kind == "kiosk":
            result["screen"] = app.root.current
        print("BENCH " + json.dumps(result), flush=True)
        app.stop()

    def first_flip(*_args) -> None:
        if "first_frame" not in result:
            result["first_frame"] = time.time()
            Window.unbind(on_flip=first_flip)
            Clock.schedule_once(measure, 1.0)

    app.bind(on_start=lambda *_a: Window.bind(on_flip=first_flip))
    app.run()


if __name__ == "__main__":
    main()
