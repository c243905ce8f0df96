"""DigiQuartier kiosk core: settings, local store, booking rules, content, theme numbers.

Nothing in this package imports Kivy except ``kiosk.app``; everything here runs and is tested
without a window.
"""

__version__ = "0.1.0"
