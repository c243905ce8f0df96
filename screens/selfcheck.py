"""Builds every registered screen in a window nobody sees: a release whose screens cannot load
(a broken kv file, a missing import) fails its health check before the kiosk switches to it.

Run through ``python -m digiquartier health --release``, which sets Kivy up to draw offscreen (SDL's
offscreen driver, which the SDL inside Kivy's wheel has): the running kiosk's display is not
touched.
"""

from __future__ import annotations

from kivy.clock import Clock

from kiosk.settings import Settings
from kiosk.store import Store
from screens import REGISTRY
from screens.app import KioskApp

#: How long the screens may take to load before the check gives up.
TIMEOUT_S = 60


def load_every_screen(settings: Settings, store: Store) -> list[str]:
    """Names of the screens built and drawn once; raises what a screen raised while loading."""
    loaded: list[str] = []
    failure: list[BaseException] = []

    class ScreenCheck(KioskApp):
        def on_start(self) -> None:
            super().on_start()
            Clock.schedule_once(self._visit, 0)
            Clock.schedule_once(lambda _dt: self.stop(), TIMEOUT_S)

        def _visit(self, _dt: float) -> None:
            try:
                for name in REGISTRY:
                    self.root.current = self.root.get_screen(name).name
                    loaded.append(name)
            except Exception as e:  # handed to the caller once the window is closed
                failure.append(e)
            Clock.schedule_once(lambda _dt: self.stop(), 0)

    ScreenCheck(settings, store).run()
    if failure:
        raise failure[0]
    if len(loaded) < len(REGISTRY):
        raise TimeoutError(f"only {len(loaded)} of {len(REGISTRY)} screens in {TIMEOUT_S} s")
    return loaded
