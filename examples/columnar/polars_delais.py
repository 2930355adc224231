"""Délais in jours ouvrés with polars, on the calendar of a préfecture: the columnar recipe.

For files too big to go row by row, hand the calendar's days off to polars and let it
compute day 0, the due date and the délai of every row at once. The results are those
of ``qualepref track`` and :class:`qualepref.Deadline` (``tests/test_columnar_recipes.py``
compares them on random receipts over many calendars).

The input has a ``recu`` column (the receipt: a local, naive ``Datetime``, or a ``Date``
for letters dated without a time) and a ``repondu`` column (the day of the first reply
that counts, ``Date`` or ``Datetime``, null while unanswered). Times are local: convert
aware timestamps to the calendar's zone first (``dt.convert_time_zone``, then
``dt.replace_time_zone(None)``).

Three translations from qualepref's conventions to polars's:

- ``add_working_days(d, n)`` is ``d.dt.add_business_days(n, roll="backward")``: a délai
  counted from a Saturday ends on the same day as one counted from the Friday before;
- ``working_days_between(a, b)``, which counts ``(a, b]``, is
  ``business_day_count(a + 1 day, b + 1 day)``, since polars counts ``[a, b)``;
- the next jour ouvré strictly after ``d`` is ``(d + 1 day).dt.add_business_days(0,
  roll="forward")``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from qualepref import WorkingCalendar

ONE_DAY = pl.duration(days=1)


def days_off(calendar: WorkingCalendar, first: dt.date, last: dt.date) -> list[dt.date]:
    """The holidays and closures polars must skip between two days (weekends aside)."""
    return [holiday.date for holiday in calendar.holidays_between(first, last)]


def delais(  # noqa: PLR0913 - the frame, the calendar, and four options
    frame: pl.LazyFrame,
    calendar: WorkingCalendar,
    *,
    deadline: int | pl.Expr,
    cutoff: dt.time | None = None,
    first: dt.date = dt.date(1950, 1, 1),
    last: dt.date = dt.date(2100, 12, 31),
) -> pl.LazyFrame:
    """Add ``jour_zero``, ``echeance``, ``delai_jours_ouvres`` and ``dans_le_delai``.

    ``deadline`` is a number of jours ouvrés, or an expression (a column of délais);
    ``first`` and ``last`` bound the days off handed to polars (the whole calendar span
    by default; narrow them to the file's years for speed).
    """
    holidays = days_off(calendar, first, last)
    received = pl.col("recu")
    received_day = received.cast(pl.Date)
    answered_day = pl.col("repondu").cast(pl.Date)

    def next_working_day_after(day: pl.Expr) -> pl.Expr:
        return (day + ONE_DAY).dt.add_business_days(0, holidays=holidays, roll="forward")

    if cutoff is None:
        day_zero = received_day
    else:
        # A receipt dated without a time (a Date column) is taken as received within
        # office hours: only a day off moves it.
        timed = frame.collect_schema()["recu"] != pl.Date
        after_cutoff = received.dt.time() >= cutoff if timed else pl.lit(value=False)
        day_off = ~received_day.dt.is_business_day(holidays=holidays)
        day_zero = (
            pl.when(after_cutoff | day_off)
            .then(next_working_day_after(received_day))
            .otherwise(received_day)
        )
    due = pl.col("jour_zero").dt.add_business_days(deadline, holidays=holidays, roll="backward")
    counted = pl.business_day_count(
        pl.col("jour_zero") + ONE_DAY, answered_day + ONE_DAY, holidays=holidays
    )
    return (
        frame.with_columns(jour_zero=day_zero)
        # clip, not max_horizontal: an unanswered row keeps a null délai (max_horizontal
        # skips nulls and would give it 0)
        .with_columns(echeance=due, delai_jours_ouvres=counted.clip(lower_bound=0))
        .with_columns(dans_le_delai=answered_day <= pl.col("echeance"))
    )
