"""The touch rules without a window: touches and times as a tremor makes them."""

import pytest

from kiosk.settings import Touch
from kiosk.touch import AS_IS, AT_START, NOWHERE, TouchRules


@pytest.fixture
def rules() -> TouchRules:
    return TouchRules(Touch(ignore_repeat_s=0.5, wander_mm=5.0))


def tap(rules: TouchRules, touch: str, at: float, moved_mm: float = 0.0) -> str | None:
    """A quick tap; its end's verdict, or None when the touch did not count at all."""
    if not rules.begin(touch, at):
        rules.end(touch, moved_mm, at + 0.05)
        return None
    return rules.end(touch, moved_mm, at + 0.05)


def test_a_double_tap_is_one_tap(rules):
    assert tap(rules, "first", 10.0) == AT_START
    assert tap(rules, "second", 10.05 + 0.12) is None        # 120 ms later: a bounce
    assert tap(rules, "deliberate", 10.05 + 0.12 + 0.05 + 0.6) == AT_START


@pytest.mark.parametrize("gap", [0.08, 0.15, 0.49])
def test_touches_within_the_window_do_nothing(rules, gap):
    tap(rules, "first", 0.0)
    assert rules.move("first", 0.0) == NOWHERE               # it has ended
    assert tap(rules, "second", 0.05 + gap) is None


def test_a_burst_of_bounces_is_one_tap(rules):
    """Each ignored bounce starts the window again, so a burst never gets a second tap through."""
    at = 0.0
    assert tap(rules, "t0", at) == AT_START
    for n in range(1, 6):
        at += 0.05 + 0.3                                     # 0.3 s between bounces
        assert tap(rules, f"t{n}", at) is None
    assert tap(rules, "after a pause", at + 0.05 + 0.5) == AT_START


def test_a_touch_soon_after_the_screen_changed_does_nothing(rules):
    rules.screen_changed(100.0)
    assert not rules.begin("too soon", 100.3)
    rules.end("too soon", 0.0, 100.35)
    assert rules.begin("later", 100.35 + 0.5)


def test_the_screen_changing_under_a_finger_cancels_it(rules):
    assert rules.begin("held", 0.0)
    rules.screen_changed(1.0)                                # e.g. the idle warning opens
    assert rules.move("held", 0.0) == NOWHERE
    assert rules.end("held", 0.0, 2.0) == NOWHERE


def test_wandering_a_few_millimetres_is_a_tap_where_it_went_down(rules):
    assert rules.begin("jitter", 0.0)
    assert [rules.move("jitter", mm) for mm in (1.0, 3.0, 2.0, 5.0)] == [AT_START] * 4
    assert rules.move("jitter", 5.5) == AS_IS                # further: a slide, as Kivy has it
    assert rules.end("jitter", 2.5, 0.3) == AT_START


def test_a_long_hold_is_one_tap(rules):
    assert rules.begin("hold", 0.0)
    assert rules.move("hold", 1.0) == AT_START
    assert rules.end("hold", 1.0, 2.0) == AT_START
    assert not rules.begin("lift-off bounce", 2.1)


def test_one_finger_at_a_time(rules):
    assert rules.begin("finger", 0.0)
    assert not rules.begin("second finger", 0.2)
    assert rules.end("second finger", 0.0, 0.3) == NOWHERE
    assert rules.end("finger", 0.0, 0.4) == AT_START


def test_a_lost_end_blocks_only_until_the_screen_changes(rules):
    assert rules.begin("never ends", 0.0)
    assert not rules.begin("next", 10.0)
    rules.screen_changed(20.0)                               # at the latest: the idle reset
    assert rules.begin("next", 21.0)


def test_zero_turns_the_window_off():
    rules = TouchRules(Touch(ignore_repeat_s=0, wander_mm=0))
    assert tap(rules, "a", 0.0) == AT_START
    assert tap(rules, "b", 0.05) == AT_START
    assert rules.begin("c", 1.0) and rules.move("c", 0.1) == AS_IS
