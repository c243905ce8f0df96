"""The Kivy application: window set-up, the screen manager, app-wide state as Kivy properties.

The app builds nothing it is not made of: the composition root (``digiquartier.py``) builds the
settings, the store and the sync service and hands them in, as Electrum's Kivy GUI is handed its
daemon. Call :func:`screens.kivyconfig.configure_kivy` before importing this module.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from datetime import datetime
from importlib import import_module
from typing import Any, Protocol

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import LabelBase
from kivy.core.window import Window
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk import i18n, timeutil
from kiosk.dates import long_date
from kiosk.opening_hours import DisplayGuard, OpeningHours
from kiosk.retention import PURGE_EVERY_S, purge_in_background
from kiosk.schedule import get_quartier
from kiosk.settings import Settings
from kiosk.speech import Part, Speaker
from kiosk.store import Store
from kiosk.theme import FONT_BOLD, FONT_REGULAR, Theme
from kiosk.unseen import latest_unseen
from kiosk.usage import FLUSH_EVERY_S, TEXT_SIZE, Usage
from kiosk.watchdog import Watchdog
from screens import REGISTRY
from screens.idle import IdleWatcher
from screens.touch import TouchFilter

FONT_NAME = "Atkinson"


class Sync(Protocol):
    """What the app needs of the sync service (``sync.service.SyncService``), handed in by the
    composition root: screens never import ``sync``."""

    def start(self, on_status: Callable[[Any], None] | None = None) -> None: ...

    def kick(self) -> None: ...

    def stop(self, timeout: float | None = None) -> None: ...

    def status_line(self, now: datetime, *, short: bool = False) -> str: ...


class KioskScreenManager(ScreenManager):
    """Builds each registered screen (``screens.REGISTRY``) on first use."""

    def get_screen(self, name: str):
        if not self.has_screen(name):
            module_name, class_name = REGISTRY[name].split(":")
            screen_class = getattr(import_module(module_name), class_name)
            self.add_widget(screen_class(name=name))
        return super().get_screen(name)


def build_manager(app) -> KioskScreenManager:
    import_module("screens.widgets")
    manager = KioskScreenManager(transition=NoTransition())
    manager.get_screen("home").show()
    return manager


class KioskApp(App):
    """App-wide state lives here as properties; screens bind to them in kv."""

    title = "DigiQuartier"
    # rebind: kv rules reading app.theme.palette.… follow when a new Theme is set
    theme = ObjectProperty(None, rebind=True)
    language = StringProperty(i18n.SOURCE_LANGUAGE)
    quartier_name = StringProperty("")
    #: The Startseite's line about the connection, and one word of it for a small screen.
    connection_text = StringProperty("")
    connection_short = StringProperty("")
    #: The helper signed in to helper mode (kiosk.helper_mode.Helper), or None.
    helper = ObjectProperty(None, allownone=True)

    def __init__(self, settings: Settings, store: Store, sync: Sync | None = None, **kwargs):
        """``sync``: the sync service when the kiosk is enrolled, else None (the demo): the app
        starts it, kicks it after a booking, shows its status on the Startseite, stops it."""
        self.settings = settings
        self.store = store
        self.sync_service = sync
        self.usage = Usage(store)  # the programme's counts (kiosk/usage.py), off the tap path
        self.theme = Theme(settings.display)
        self.speaker = Speaker(words_per_minute=settings.speech.words_per_minute)
        self.idle = None
        self.touch = None
        super().__init__(**kwargs)
        self.language = settings.language
        i18n.set_language(settings.language)  # also when the property did not change

    def build(self):
        LabelBase.register(FONT_NAME, fn_regular=FONT_REGULAR, fn_bold=FONT_BOLD)
        self.bind(theme=self._paint_window)
        self._paint_window()
        quartier = get_quartier(self.store, self.settings.quartier)
        self.quartier_name = quartier.name if quartier else ""
        self._show_connection()
        manager = build_manager(self)
        self.touch = TouchFilter(self, manager)  # before any widget sees a touch (kiosk.touch)

        self.idle = IdleWatcher(self)
        return manager

    def set_display(self, *, text_scale: int | None = None,
                    high_contrast: bool | None = None) -> None:
        """Text size (0 = A, 1 = A+, 2 = A++) and high contrast: a new Theme, kv follows."""
        self._set_theme(Theme(
            self.settings.display,
            self.theme.text_scale if text_scale is None else text_scale,
            self.theme.high_contrast if high_contrast is None else high_contrast,
        ))
        if text_scale is not None:  # a size the display does not offer counts as its largest
            offered = self.theme.text_scales
            self.usage.count(TEXT_SIZE, offered[min(text_scale, len(offered) - 1)])

    def _set_theme(self, theme: Theme) -> None:
        """A new theme re-evaluates every kv rule reading it. Dead widgets are collected first,
        and not during that walk: one collected halfway leaves Kivy a dead reference in the list
        it is walking (ReferenceError, seen on the contrast tap)."""
        gc.collect()
        gc.disable()
        try:
            self.theme = theme
        finally:
            gc.enable()

    def speak(self, text: str | Sequence[Part]) -> bool:
        """Read aloud a text in the UI language, or parts each in its own language (a German
        topic in the Turkish UI in German). Never pass personal data."""
        return self.speaker.say([Part(text, self.language)] if isinstance(text, str) else text)

    def reset_all(self) -> None:
        """Idle reset: every screen forgets what was entered; default language and display."""
        self.speaker.stop()
        self.helper = None
        for screen in self.root.screens:
            screen.reset()
        self.language = self.settings.language
        self._set_theme(Theme(self.settings.display))
        self.go_home()

    def on_start(self) -> None:
        # systemd restarts a frozen UI: the ping only goes out while the main loop runs.
        self.watchdog = Watchdog.from_env()
        self.watchdog.ready()
        self._timers = [
            Clock.schedule_interval(lambda _dt: self.watchdog.ping(), self.watchdog.interval_s),
        ]
        # With opening hours set (on a Pi) the screen sleeps outside them; a touch at night
        # only wakes it. Without them (the demo, a desktop) nothing switches the display.
        self.display_guard = None
        if self.settings.opening_hours:
            self.display_guard = DisplayGuard(OpeningHours.parse(self.settings.opening_hours))
            self._timers.append(
                Clock.schedule_interval(lambda _dt: self.display_guard.tick(), 30))
            Window.bind(on_touch_down=self._wake_display)
        self._start_sync()
        self._timers.append(Clock.schedule_once(self._build_next_screen, 1))
        self._timers.append(Clock.schedule_interval(lambda _dt: self.usage.flush(),
                                                    FLUSH_EVERY_S))
        # Names and phone numbers past their retention period go at start, then once a day.
        self._timers += [Clock.schedule_once(self._purge, 2),
                         Clock.schedule_interval(self._purge, PURGE_EVERY_S)]
        # A booking stored whose code never reached the screen (the app died in between).
        unseen = latest_unseen(self.store, timeutil.now(),
                               self.settings.booking.show_unseen_minutes)
        if unseen is not None:
            self.go("booking", record=unseen)

    def _purge(self, _dt: float) -> None:
        """On its own thread and connection: the UI never waits for it (kiosk/retention.py)."""
        purge_in_background(self.store.path or self.settings.database_path, self.settings)

    def _build_next_screen(self, _dt: float) -> None:
        """From a second after start, one registered screen a frame until all are built: the
        first tap on each then only shows it (a first visit cost 50-200 ms more than the next,
        the booking screen up to 460 ms), and cold start is not slower (the Startseite is drawn
        first). Then what start built is frozen (:meth:`_freeze_what_start_built`)."""
        missing = [name for name in REGISTRY if not self.root.has_screen(name)]
        if missing:
            self.root.get_screen(missing[0])
            self._timers.append(Clock.schedule_once(self._build_next_screen, 0))
        else:
            self._freeze_what_start_built()

    def _freeze_what_start_built(self) -> None:
        """What start built lives as long as the app. Out of the collector's sight, a full
        collection takes ~0 ms instead of ~19 ms (measured with 10,000 topics; otherwise a pause
        in the middle of a tap). After start, not before the first frame (cold start);
        ``on_stop`` hands it back."""
        gc.collect()
        gc.freeze()

    def on_stop(self) -> None:
        gc.unfreeze()
        self.usage.flush()
        for timer in self._timers:
            timer.cancel()
        if self.display_guard is not None:
            Window.unbind(on_touch_down=self._wake_display)
        if self.sync_service is not None:
            self.sync_service.stop(timeout=2)
        self.watchdog.stopping()
        self.speaker.stop()
        if self.idle is not None:
            self.idle.stop()
        if self.touch is not None:
            self.touch.stop()

    # Sync (issue 7): rounds run on the sync thread; its status comes back here via the Clock.
    _sync_heard = False

    def _start_sync(self) -> None:
        if self.sync_service is None:
            return  # not enrolled (demo): the UI's own offline text stays
        self.sync_service.start(
            on_status=lambda _status: Clock.schedule_once(lambda _dt: self._on_sync()))
        self._timers.append(Clock.schedule_interval(lambda _dt: self._show_connection(), 30))

    def _on_sync(self) -> None:
        self._sync_heard = True
        self._show_connection()

    def _show_connection(self) -> None:
        """In the current language; without a server (or before its first answer) offline."""
        if self.sync_service is None or not self._sync_heard:
            self.connection_text = self.tr("Offline – Buchungen werden gespeichert")
            self.connection_short = self.tr("Offline")
            return
        now = timeutil.now()
        self.connection_text = self.sync_service.status_line(now)
        self.connection_short = self.sync_service.status_line(now, short=True)

    def sync_now(self) -> None:
        """Sync soon, e.g. right after a booking; does nothing when not enrolled."""
        if self.sync_service is not None:
            self.sync_service.kick()

    def _wake_display(self, _window, _touch) -> bool:
        return self.display_guard.touched()

    def _paint_window(self, *_args) -> None:
        Window.clearcolor = self.theme.palette.background

    def on_language(self, _instance, language: str) -> None:
        i18n.set_language(language)
        self._show_connection()

    def tr(self, text: str, _language: str = "") -> str:
        """Translate ``text``; kv passes ``app.language`` so labels update when it changes."""
        return i18n._(text)

    def today_text(self, _language: str = "") -> str:
        return long_date(timeutil.local_day(timeutil.now()), self.language)

    def go(self, name: str, **state) -> None:
        """Show screen ``name``; ``state`` is handed to the screen's ``show``."""
        manager = self.root
        self.speaker.stop()
        screen = manager.get_screen(name)
        self.usage.went(name, state)
        self._going_to = name
        screen.show(**state)
        if self._going_to == name:  # show() may have sent us elsewhere (e.g. to the PIN pad)
            manager.current = name

    def go_home(self) -> None:
        """Back to the Startseite; leaving helper mode this way locks it."""
        if self.helper is not None:
            self.reset_all()  # signs the helper out, clears every screen, then comes back here
        else:
            self.go("home")
