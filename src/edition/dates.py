"""Dates of the calendar: read as the editors write them (ISO 8601), a
Julian day converted, and each shown to readers in words.

`date_problem` is the edition's one reading of a date, for every field that
holds one (front matter, corrections, the register, mentions, the
changelog): YAML's own would take '2026-02-30' for a text and '2025-13' for
a number, and the pages would then show a December of month 0.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_ISO_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
                     r"(?:T(?P<time>\d{2}:\d{2}(?::\d{2})?))?)?)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
NOT_ISO = "is not a date in ISO 8601 form"


def date_problem(text: str, *, time: bool = False) -> str | None:
    """What is wrong with a date in ISO 8601 — a year (1932), a month
    (1932-01) or a day (1932-01-17), with `time` also a day's time
    (2025-05-21T22:23) — on the Gregorian calendar; None if nothing."""
    m = _ISO_RE.fullmatch(text)
    if m is None or (m["time"] and not time):
        return NOT_ISO
    year, month, day = (int(m[part]) if m[part] else None for part in ("year", "month", "day"))
    if year == 0:  # 1 BC: not in this form
        return "is not a date of the calendar: there is no year 0"
    if month is not None and not 1 <= month <= 12:
        return f"is not a date of the calendar: there is no month {month}"
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"is not a date of the calendar: there is no {day} {_MONTHS[month - 1]} {year}"
    if m["time"]:
        try:
            dt.time.fromisoformat(m["time"])
        except ValueError:
            return f"is not a time of the day: there is no {m['time']}"
    return None


def when_problem(text: str) -> str | None:
    """What is wrong with a date (no time) or a range 'start/end'; None if nothing."""
    days = text.split("/")
    if len(days) > 2:
        return NOT_ISO
    problem = next(filter(None, (date_problem(d) for d in days)), None)
    return problem or (None if len(days) == 1 or days[0] <= days[1] else "ends before it begins")


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
    """A date `date_problem` accepts, in words: '1932' as it is, '1932-01' ->
    'January 1932', '1917-12-21' -> '21 December 1917', '2025-05-21T22:23' ->
    '21 May 2025, 22:23'."""
    m = _ISO_RE.fullmatch(iso)
    text = m["year"]
    if m["month"]:
        month = _MONTHS[int(m["month"]) - 1]
        text = f"{month} {text}" if not m["day"] else f"{int(m['day'])} {month} {text}"
    return f"{text}, {m['time']}" if m["time"] else text


def format_when(when: str, julian: str = "") -> str:
    """A date or range for readers, with the Old Style date when given."""
    text = " – ".join(format_date(d) for d in when.split("/"))
    return f"{text} (Old Style {format_date(julian)})" if julian else text
