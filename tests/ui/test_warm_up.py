"""After start the app builds its other screens one a frame, so no senior's first tap on a
screen waits for it to be built; the Startseite comes first (cold start is not slower)."""

from __future__ import annotations

import gc
import time

from kivy.base import EventLoop

from screens import REGISTRY


def test_every_screen_is_built_in_the_frames_after_start_and_then_frozen(demo_app):
    manager = demo_app.root
    assert manager.screens[0].name == "home", "the Startseite is built first"
    built_per_frame = []
    deadline = time.monotonic() + 10
    while len(manager.screens) < len(REGISTRY) and time.monotonic() < deadline:
        before = len(manager.screens)
        EventLoop.idle()
        built_per_frame.append(len(manager.screens) - before)
    assert sorted(s.name for s in manager.screens) == sorted(REGISTRY)
    assert max(built_per_frame) == 1, "more than one screen built in one frame"
    EventLoop.idle()
    assert gc.get_freeze_count() > 0, "what start built is not frozen"
    demo_app.go("booking")  # a built screen shows as before
    EventLoop.idle()
    assert manager.current == "booking"
