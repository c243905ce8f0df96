"""Kivy screens, one module (+ ``.kv`` beside it) per screen, and the widgets they share.

Screens only show state and forward taps to ``kiosk``: no SQL, no HTTP here. A screen module is
imported, and its kv file loaded, the first time the screen is shown, so start-up stays fast.
"""

from __future__ import annotations

from importlib import import_module

from kivy.uix.screenmanager import NoTransition, ScreenManager

# name -> "module:Class"; the app builds screens from this on first use.
REGISTRY: dict[str, str] = {
    "home": "screens.home:HomeScreen",
    "topics": "screens.topics:TopicsScreen",
    "guide": "screens.guide:GuideScreen",
    "search": "screens.search:SearchScreen",
    "booking": "screens.booking:BookingScreen",
    "my_booking": "screens.my_booking:MyBookingScreen",
    "volunteer": "screens.volunteer:VolunteerScreen",
    "helper_login": "screens.helper_login:HelperLoginScreen",
    "helper_day": "screens.helper_day:HelperDayScreen",
    "helper_booking": "screens.helper_booking:HelperBookingScreen",
    "helper_callbacks": "screens.helper_lists:HelperCallbacksScreen",
    "helper_walkin": "screens.helper_lists:HelperWalkinScreen",
}


class KioskScreenManager(ScreenManager):
    """Builds each registered screen on first use."""

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
