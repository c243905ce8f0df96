"""Opening hours: parsing with German errors, is_open, the display guard; bad hours stop the
command line before any window."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.opening_hours import DisplayGuard, OpeningHours, OpeningHoursError
from kiosk.timeutil import LOCAL

HOURS = {
    "mon": "09:00-17:00",
    "tue": "09:00-12:00, 14:00-18:00",
    "wed": "",
    "fri": "10:00-24:00",
    "sat": "00:00-02:00",
}


def berlin(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LOCAL)


@pytest.fixture
def hours() -> OpeningHours:
    return OpeningHours.parse(HOURS)


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        ("2026-11-23 08:59", False),  # Monday
        ("2026-11-23 09:00", True),
        ("2026-11-23 16:59", True),
        ("2026-11-23 17:00", False),  # end is exclusive
        ("2026-11-24 12:30", False),  # Tuesday lunch break
        ("2026-11-24 14:00", True),
        ("2026-11-25 10:00", False),  # Wednesday "" = closed
        ("2026-11-26 10:00", False),  # Thursday missing = closed
        ("2026-11-27 23:59", True),  # Friday till midnight
        ("2026-11-28 01:30", True),  # Saturday 00:00-02:00
        ("2026-11-29 12:00", False),  # Sunday
    ],
)
def test_is_open(hours, moment, is_open):
    assert hours.is_open(berlin(moment)) is is_open
    assert hours.is_open(datetime.fromisoformat(moment)) is is_open  # naive = Berlin wall clock


def test_aware_times_are_converted_to_berlin(hours):
    assert hours.is_open(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))  # 09:00 in Berlin
    assert not hours.is_open(datetime(2026, 11, 23, 7, 59, tzinfo=UTC))


def test_no_table_means_always_open():
    hours = OpeningHours.parse({})
    assert hours.always_open and hours.is_open(berlin("2026-11-29 03:00"))


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"mo": "09:00-17:00"}, "'mo' ist kein Wochentag"),
        ({"mon": "9-17"}, "ist keine Zeitspanne"),
        ({"mon": "09:00"}, "ist keine Zeitspanne"),
        ({"mon": "25:00-26:00"}, "keine gültige Uhrzeit"),
        ({"mon": "09:60-17:00"}, "keine gültige Uhrzeit"),
        ({"mon": "24:30-24:45"}, "keine gültige Uhrzeit"),
        ({"mon": "17:00-09:00"}, "endet nicht nach dem Beginn"),
        ({"mon": "09:00-09:00"}, "endet nicht nach dem Beginn"),
        ({"mon": "09:00-13:00, 12:00-17:00"}, "überlappen"),
        ({"mon": 9}, "Anführungszeichen"),
    ],
)
def test_bad_values_get_plain_german_errors(table, message):
    with pytest.raises(OpeningHoursError, match=message):
        OpeningHours.parse(table)


def test_weekday_keys_are_case_insensitive():
    assert OpeningHours.parse({"Mon": "09:00-10:00"}).is_open(berlin("2026-11-23 09:30"))


class Switch:
    def __init__(self):
        self.calls: list[bool] = []

    def __call__(self, on: bool) -> None:
        self.calls.append(on)


def test_guard_switches_only_on_changes(hours):
    switch = Switch()
    guard = DisplayGuard(hours, switch=switch)
    for moment in ["2026-11-23 08:00", "2026-11-23 08:30", "2026-11-23 09:00", "2026-11-23 12:00",
                   "2026-11-23 17:00", "2026-11-23 23:00"]:
        guard.tick(berlin(moment))
    assert switch.calls == [False, True, False]


def test_touch_at_night_wakes_for_ten_minutes_and_is_swallowed(hours):
    switch = Switch()
    guard = DisplayGuard(hours, switch=switch, wake_minutes=10)
    guard.tick(berlin("2026-11-23 22:00"))
    assert guard.touched(berlin("2026-11-23 22:01")) is True  # woke the screen: not a tap
    assert guard.touched(berlin("2026-11-23 22:05")) is False  # screen on: a normal tap
    guard.tick(berlin("2026-11-23 22:14"))  # 10 minutes after the last touch: still on
    assert switch.calls == [False, True]
    guard.tick(berlin("2026-11-23 22:15"))
    assert switch.calls == [False, True, False]


def test_touch_during_opening_hours_changes_nothing(hours):
    switch = Switch()
    guard = DisplayGuard(hours, switch=switch)
    guard.tick(berlin("2026-11-23 10:00"))
    assert guard.touched(berlin("2026-11-23 10:01")) is False
    assert switch.calls == [True] and guard.awake_until is None


def test_wake_up_running_into_opening_time_stays_on(hours):
    switch = Switch()
    guard = DisplayGuard(hours, switch=switch)
    guard.tick(berlin("2026-11-23 08:55"))
    guard.touched(berlin("2026-11-23 08:56"))
    guard.tick(berlin("2026-11-23 09:10"))
    assert switch.calls == [False, True]


def test_bad_hours_stop_the_kiosk_before_it_opens_a_window(tmp_path):
    """Refused when the settings are loaded, in one plain sentence: `run` never reaches Kivy
    (a window's on_start that fails would keep a broken release from rolling back), and
    `health` fails too."""
    config = tmp_path / "kiosk.toml"
    config.write_text('[opening_hours]\nmon = "9:00-17:00"\n')
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DIGIQUARTIER_CONFIG": str(config), "DIGIQUARTIER_DATA": str(tmp_path)}
    for command in ("run", "health"):
        done = subprocess.run(
            [sys.executable, "-c", "import sys, digiquartier; code = digiquartier.main("
             "sys.argv[1:]); assert 'kivy' not in sys.modules; sys.exit(code)", command],
            cwd=repo, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == (
            "Settings: Öffnungszeiten mon: '9:00-17:00' ist keine Zeitspanne. Bitte so schreiben:"
            ' "09:00-17:00" (oder "" für geschlossen).')
