"""Kivy screens, one module (+ ``.kv`` beside it) per screen, and the widgets they share.

Screens only show state and forward taps to ``kiosk``: no SQL, no HTTP here. A screen module is
imported, and its kv file loaded, the first time the screen is shown, so start-up stays fast.
This package itself imports no Kivy: ``screens.kivyconfig`` sets Kivy up before anything does;
``screens.app`` holds the App and its screen manager.
"""

from __future__ import annotations

# name -> "module:Class"; the app builds screens from this on first use.
REGISTRY: dict[str, str] = {
    "home": "screens.home:HomeScreen",
    "topics": "screens.topics:TopicsScreen",
    "guide": "screens.guide:GuideScreen",
    "search": "screens.search:SearchScreen",
    "booking": "screens.booking:BookingScreen",
    "my_booking": "screens.my_booking:MyBookingScreen",
    "find_booking": "screens.find_booking:FindBookingScreen",
    "volunteer": "screens.volunteer:VolunteerScreen",
    "helper_login": "screens.helper_login:HelperLoginScreen",
    "helper_day": "screens.helper_day:HelperDayScreen",
    "helper_booking": "screens.helper_booking:HelperBookingScreen",
    "helper_callbacks": "screens.helper_lists:HelperCallbacksScreen",
    "helper_walkin": "screens.helper_lists:HelperWalkinScreen",
}

