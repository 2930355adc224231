"""Dates written the French way, as messages, motifs and reports show them.

``03/01/2022``, « lundi 03/01/2022 », « 03/01/2022 14:30 », « Ascension (jeudi
26/05/2022) »: without ``strftime``'s locale (a server's is English) and fast, since a
motif is written for every row of a tracking file.
"""

from __future__ import annotations

import datetime as dt

from qualepref.public_holidays import Holiday

__all__ = ["WEEKDAYS", "holiday_text", "long_date", "moment_text", "short_date"]

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
"""The days of the week, Monday first, as ``date.weekday()`` numbers them."""


def short_date(day: dt.date) -> str:
    """``jj/mm/aaaa``.

    Examples:
        >>> short_date(dt.date(2022, 1, 3))
        '03/01/2022'
    """
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def long_date(day: dt.date) -> str:
    """The day of the week, then ``jj/mm/aaaa``.

    Examples:
        >>> long_date(dt.date(2022, 1, 3))
        'lundi 03/01/2022'
    """
    return f"{WEEKDAYS[day.weekday()]} {short_date(day)}"


def moment_text(moment: dt.date) -> str:
    """A date, or a date and time to the minute.

    Examples:
        >>> moment_text(dt.datetime(2022, 1, 3, 14, 30)), moment_text(dt.date(2022, 1, 3))
        ('03/01/2022 14:30', '03/01/2022')
    """
    if isinstance(moment, dt.datetime):
        return f"{short_date(moment)} {moment.hour:02d}:{moment.minute:02d}"
    return short_date(moment)


def holiday_text(holiday: Holiday) -> str:
    """A holiday's name and its day.

    Examples:
        >>> from qualepref.public_holidays import HolidayKind
        >>> holiday_text(Holiday(dt.date(2022, 5, 26), "Ascension", HolidayKind.NATIONAL))
        'Ascension (jeudi 26/05/2022)'
    """
    return f"{holiday.name} ({long_date(holiday.date)})"
