"""Hypothesis strategies shared by the test modules."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from qualepref import Closure, WorkingCalendar

FIRST = WorkingCalendar.FIRST_DAY
LAST = WorkingCalendar.LAST_DAY

# One département per body of holiday law, plus the options that change the tables.
CALENDAR_KEYS = (
    ("75", (), False, False),
    ("2A", (), False, False),
    ("57", (), False, False),
    ("68", (), True, False),
    ("971", (), False, True),
    ("971", (), False, False),
    ("972", (), False, False),
    ("974", (), False, False),
    ("976", (), False, False),
    ("975", (), False, False),
    (
        "44",
        (dt.date(2025, 5, 30), dt.date(2025, 12, 26), dt.date(2026, 5, 15), dt.date(2026, 12, 24)),
        False,
        False,
    ),
)


@functools.cache
def calendar_for(
    code: str, closures: tuple[dt.date, ...], pentecost_worked: bool, customary: bool
) -> WorkingCalendar:
    return WorkingCalendar.for_departement(
        code,
        [Closure(day, "Pont") for day in closures],
        pentecost_monday_worked=pentecost_worked,
        include_customary=customary,
    )


calendars = st.sampled_from(CALENDAR_KEYS).map(lambda key: calendar_for(*key))
"""A calendar from a fixed, representative set (building one costs tens of milliseconds)."""

days = st.dates(min_value=FIRST, max_value=LAST)
"""Any day of the supported span."""

recent_days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
"""Days where mail is actually tracked, where the holiday tables are densest in tests."""

short_spans = st.integers(min_value=0, max_value=45)
"""Spans of days, as in mail tracking."""


@st.composite
def day_pairs(draw: st.DrawFn, max_span: int = 400) -> tuple[dt.date, dt.date]:
    """Two days at most ``max_span`` days apart, in either order, inside the span."""
    start = draw(st.dates(min_value=FIRST, max_value=LAST - dt.timedelta(days=max_span)))
    end = start + dt.timedelta(days=draw(st.integers(0, max_span)))
    return (start, end) if draw(st.booleans()) else (end, start)


ZONES = ("Europe/Paris", "UTC", "America/Guadeloupe", "Indian/Reunion", "Asia/Tokyo")


@st.composite
def aware_datetimes(draw: st.DrawFn) -> dt.datetime:
    """An aware datetime in a random zone, between 2000 and 2040."""
    naive = draw(
        st.datetimes(min_value=dt.datetime(2000, 1, 2), max_value=dt.datetime(2040, 12, 30))
    )
    return naive.replace(tzinfo=ZoneInfo(draw(st.sampled_from(ZONES))))
