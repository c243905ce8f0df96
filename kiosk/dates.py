"""Dates in words, in the UI language ("Mittwoch, 25. November 2026"), without a locale install."""

from __future__ import annotations

from datetime import date, datetime

from kiosk.i18n import N_, _

WEEKDAYS = (N_("Montag"), N_("Dienstag"), N_("Mittwoch"), N_("Donnerstag"), N_("Freitag"),
            N_("Samstag"), N_("Sonntag"))
MONTHS = (N_("Januar"), N_("Februar"), N_("März"), N_("April"), N_("Mai"), N_("Juni"),
          N_("Juli"), N_("August"), N_("September"), N_("Oktober"), N_("November"),
          N_("Dezember"))


def long_date(day: date, language: str = "de") -> str:
    weekday, month = _(WEEKDAYS[day.weekday()]), _(MONTHS[day.month - 1])
    if language == "en":
        return f"{weekday}, {day.day} {month} {day.year}"
    return f"{weekday}, {day.day}. {month} {day.year}"


def short_date(day: date) -> str:
    """Weekday and day for the calendar tiles: "Mi 26.11."."""
    return f"{_(WEEKDAYS[day.weekday()])[:2]} {day.day:02d}.{day.month:02d}."


def month_year(month: str) -> str:
    """ "2026-12" (a topic's "checked") in words: "Dezember 2026"."""
    year, number = month.split("-")
    return f"{_(MONTHS[int(number) - 1])} {year}"


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")
