from kiosk.idle import ACTIVE, RESET, WARN, WARNING, IdleTimer


def test_warns_then_resets_without_touch():
    timer = IdleTimer(90, 20, now=0)
    assert timer.tick(89) is None
    assert timer.tick(90) == WARN and timer.state == WARNING
    assert timer.seconds_left(95) == 15
    assert timer.seconds_left(95.5) == 15  # whole seconds, rounded up
    assert timer.seconds_left(109.9) == 1 and timer.seconds_left(130) == 0
    assert timer.tick(100) is None
    assert timer.tick(110) == RESET and timer.state == ACTIVE
    assert timer.tick(150) is None  # starts over after the reset


def test_touch_during_warning_keeps_going():
    timer = IdleTimer(90, 20, now=0)
    timer.tick(95)
    assert timer.touch(100) is True
    assert timer.tick(150) is None
    assert timer.tick(190) == WARN


def test_touches_postpone_the_warning():
    timer = IdleTimer(10, 5, now=0)
    for t in range(0, 100, 5):
        assert timer.touch(t) is False
        assert timer.tick(t + 4) is None
