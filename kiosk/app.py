"""The Kivy application: window set-up, the screen manager, app-wide state as Kivy properties.

The only module of ``kiosk`` that imports Kivy: call :func:`kiosk.kivyconfig.configure_kivy`
before importing it.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import LabelBase
from kivy.core.window import Window
from kivy.logger import Logger
from kivy.properties import ObjectProperty, StringProperty

from kiosk import i18n, timeutil
from kiosk.dates import long_date
from kiosk.opening_hours import DisplayGuard, OpeningHours
from kiosk.retention import PURGE_EVERY_S, purge_in_background
from kiosk.schedule import get_quartier
from kiosk.settings import Settings
from kiosk.speech import Part, Speaker
from kiosk.store import Store
from kiosk.theme import FONT_BOLD, FONT_REGULAR, Theme
from kiosk.watchdog import Watchdog

FONT_NAME = "Atkinson"


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

    def __init__(self, settings: Settings, store: Store | None = None, **kwargs):
        self.settings = settings
        self.store = store or Store.open(settings.database_path)
        self.theme = Theme(settings.display)
        self.speaker = Speaker(words_per_minute=settings.speech.words_per_minute)
        self.idle = None
        self.touch = None
        super().__init__(**kwargs)
        self.language = settings.language
        i18n.set_language(settings.language)  # also when the property did not change

    def build(self):
        from screens import build_manager

        LabelBase.register(FONT_NAME, fn_regular=FONT_REGULAR, fn_bold=FONT_BOLD)
        self.bind(theme=self._paint_window)
        self._paint_window()
        quartier = get_quartier(self.store, self.settings.quartier)
        self.quartier_name = quartier.name if quartier else ""
        self._show_connection()
        manager = build_manager(self)
        from screens.idle import IdleWatcher
        from screens.touch import TouchFilter

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
        self._timers.append(Clock.schedule_once(self._freeze_what_start_built, 1))
        # Names and phone numbers past their retention period go at start, then once a day.
        self._timers += [Clock.schedule_once(self._purge, 2),
                         Clock.schedule_interval(self._purge, PURGE_EVERY_S)]

    def _purge(self, _dt: float) -> None:
        """On its own thread and connection: the UI never waits for it (kiosk/retention.py)."""
        purge_in_background(self.store.path or self.settings.database_path, self.settings)

    def _freeze_what_start_built(self, _dt: float) -> None:
        """What start built lives as long as the app. Out of the collector's sight, a full
        collection takes ~0 ms instead of ~19 ms (measured with 10,000 topics; otherwise a pause
        in the middle of a tap). A second after start, not before the first frame (cold start);
        ``on_stop`` hands it back."""
        gc.collect()
        gc.freeze()

    def on_stop(self) -> None:
        gc.unfreeze()
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
    sync_service = None
    _sync_status = None

    def _start_sync(self) -> None:
        from sync import credentials

        try:
            enrolled = credentials.load(self.settings.data_dir)
        except credentials.EnrolmentError as e:
            Logger.warning("Sync: %s", e)
            return
        if enrolled is None:
            return  # not enrolled (demo): the UI's own offline text stays
        from sync.service import SyncService  # requests & co. only when there is a server

        self.sync_service = SyncService(
            self.settings, enrolled,
            on_status=lambda status: Clock.schedule_once(lambda _dt: self._on_sync(status)))
        self.sync_service.start()
        self._timers.append(
            Clock.schedule_interval(lambda _dt: self._on_sync(self._sync_status), 30))

    def _on_sync(self, status) -> None:
        if status is not None:
            self._sync_status = status
        self._show_connection()

    def _show_connection(self) -> None:
        """In the current language; without a server (or before its first answer) offline."""
        if self._sync_status is None:
            self.connection_text = self.tr("Offline – Buchungen werden gespeichert")
            self.connection_short = self.tr("Offline")
            return
        from sync.status import status_line

        now = timeutil.now()
        self.connection_text = status_line(self._sync_status, now)
        self.connection_short = status_line(self._sync_status, now, short=True)

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
