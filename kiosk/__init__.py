"""DigiQuartier kiosk core: settings, local store, booking rules, content, theme numbers.

Nothing in this package imports Kivy, ``screens``, ``sync`` or ``server``
(tests/test_architecture.py): everything here runs and is tested without a window or a network.
The composition root that builds the app from these parts is ``digiquartier.py``.
"""

__version__ = "0.1.0"
