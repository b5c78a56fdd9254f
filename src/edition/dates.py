"""Dates of the calendar: checked as the editors write them (ISO 8601), a
Julian day converted, and each shown to readers in words."""

from __future__ import annotations

import datetime as dt
import re

_ISO_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def when_problem(text: str) -> str | None:
    """What is wrong with a date of the calendar in ISO 8601 (1932, 1932-01,
    1932-01-17) or a range 'start/end'; None if nothing."""
    days = text.split("/")
    if len(days) > 2 or not all(_ISO_RE.fullmatch(d) for d in days):
        return "is not a date in ISO 8601 form"
    try:
        for d in days:
            parts = [int(p) for p in d.split("-")] + [1, 1]
            dt.date(*parts[:3])
    except ValueError:
        return "is not a day of the calendar"
    return None if len(days) == 1 or days[0] <= days[1] else "ends before it begins"


def gregorian_of_julian(day: str) -> str | None:
    """The Gregorian day of a Julian (Old Style) one, both 'YYYY-MM-DD'; None for a month or a year."""
    if len(day) != 10:
        return None
    year, month, d = (int(p) for p in day.split("-"))
    a = (14 - month) // 12  # the Julian day number, by the usual arithmetic, then Python's ordinal
    y, m = year + 4800 - a, month + 12 * a - 3
    jdn = d + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return dt.date.fromordinal(jdn - 1721425).isoformat()


def format_date(iso: str) -> str:
    """'1932' as it is, '1932-01' -> 'January 1932', '1917-12-21' -> '21 December 1917',
    '2025-05-21T22:23' -> '21 May 2025, 22:23'."""
    day, _, time = iso.partition("T")
    parts = [int(p) for p in day.split("-")]
    if len(parts) == 1:
        text = str(parts[0])
    else:
        month = _MONTHS[parts[1] - 1]
        text = f"{month} {parts[0]}" if len(parts) == 2 else f"{parts[2]} {month} {parts[0]}"
    return f"{text}, {time}" if time else text


def format_when(when: str, julian: str = "") -> str:
    """A date or range for readers, with the Old Style date when given."""
    text = " – ".join(format_date(d) for d in when.split("/"))
    return f"{text} (Old Style {format_date(julian)})" if julian else text
