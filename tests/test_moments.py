"""Dates as referents type them in tracking files: day first, always."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualepref import QualeprefError
from qualepref.moments import MomentError, parse_day, parse_moment, parse_time_of_day

PARIS_WINTER = dt.timezone(dt.timedelta(hours=1))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/05/2022", dt.date(2022, 5, 1)),  # 1 May, never 5 January
        ("1/5/2022", dt.date(2022, 5, 1)),
        ("01-05-2022", dt.date(2022, 5, 1)),
        ("01.05.2022", dt.date(2022, 5, 1)),
        (" 03/01/2022 ", dt.date(2022, 1, 3)),
        ("03/01/2022 17:45", dt.datetime(2022, 1, 3, 17, 45)),
        ("03/01/2022 17:45:30", dt.datetime(2022, 1, 3, 17, 45, 30)),
        ("03/01/2022 17h45", dt.datetime(2022, 1, 3, 17, 45)),
        ("03/01/2022 17h", dt.datetime(2022, 1, 3, 17, 0)),
        ("2022-01-03", dt.date(2022, 1, 3)),
        ("2022-01-03T17:45", dt.datetime(2022, 1, 3, 17, 45)),
        ("2022-01-03 17:45:00+01:00", dt.datetime(2022, 1, 3, 17, 45, tzinfo=PARIS_WINTER)),
        ("2022-01-03T16:45:00Z", dt.datetime(2022, 1, 3, 16, 45, tzinfo=dt.UTC)),
        ("44564", dt.date(2022, 1, 3)),
        ("44564,75", dt.datetime(2022, 1, 3, 18, 0)),
        ("Mon, 03 Jan 2022 17:45:00 +0100", dt.datetime(2022, 1, 3, 17, 45, tzinfo=PARIS_WINTER)),
        ("3 janvier 2022", dt.date(2022, 1, 3)),
        ("lundi 3 janvier 2022 à 17h45", dt.datetime(2022, 1, 3, 17, 45)),
        ("15 août 2022", dt.date(2022, 8, 15)),
        ("1er décembre 2022 9:30", dt.datetime(2022, 12, 1, 9, 30)),
    ],
)
def test_texts_are_read_day_first(text: str, expected: dt.date) -> None:
    found = parse_moment(text)
    assert found == expected
    assert type(found) is type(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2022, 1, 3), dt.date(2022, 1, 3)),
        (dt.datetime(2022, 1, 3, 9), dt.datetime(2022, 1, 3, 9)),
        (44564, dt.date(2022, 1, 3)),
        (44564.5, dt.datetime(2022, 1, 3, 12)),
        (44564.999999, dt.datetime(2022, 1, 4, 0, 0)),  # rounded to the second
    ],
)
def test_spreadsheet_cells_keep_their_type(value: object, expected: dt.date) -> None:
    assert parse_moment(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "date vide"),
        ("31/02/2022", "date impossible : '31/02/2022'"),
        ("13/13/2022", "date impossible"),
        ("01/05/22", "année sur 2 chiffres dans '01/05/22' : écrivez-la sur 4"),
        ("2022-13-01", "date ISO impossible : '2022-13-01'"),
        ("3 janvier", "date sans année : '3 janvier'"),
        ("demain", "date illisible : 'demain'"),
        ("12345", "numéro de série Excel hors de 1950–2100 : '12345'"),
        (99999.0, "numéro de série Excel hors de 1950–2100"),
        (True, "date illisible : True"),
        (["03/01/2022"], "date illisible : ['03/01/2022']"),
    ],
)
def test_what_is_not_a_date_says_why(value: object, message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        parse_moment(value)


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_french_date_and_its_serial_read_back(day: dt.date) -> None:
    assert parse_moment(f"{day:%d/%m/%Y}") == day
    assert parse_moment(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_moment(day.isoformat()) == day
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_moment(serial) == day
    assert parse_moment(str(serial)) == day


@given(
    st.datetimes(
        min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 12, 31, 23, 59)
    ).map(lambda moment: moment.replace(microsecond=0))
)
def test_every_french_datetime_reads_back(moment: dt.datetime) -> None:
    assert parse_moment(f"{moment:%d/%m/%Y %H:%M:%S}") == moment
    assert parse_moment(moment.isoformat()) == moment


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14:30", dt.time(14, 30)),
        ("14:30:15", dt.time(14, 30, 15)),
        ("14h30", dt.time(14, 30)),
        ("14 h 30", dt.time(14, 30)),
        ("14H", dt.time(14, 0)),
        (" 9h05 ", dt.time(9, 5)),
        (dt.time(18, 10), dt.time(18, 10)),
        (dt.time(18, 10, tzinfo=dt.UTC), dt.time(18, 10)),
        (dt.datetime(1899, 12, 30, 8, 15), dt.time(8, 15)),  # how some files store a time
        (0.5, dt.time(12, 0)),
        (0, dt.time(0, 0)),
    ],
)
def test_times_of_day_in_every_form(value: object, expected: dt.time) -> None:
    assert parse_time_of_day(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("midi", "heure illisible : 'midi'"),
        ("25:00", "heure impossible : '25:00'"),
        ("14h75", "heure impossible"),
        (1.5, "heure illisible : 1.5"),
        (0.9999999, "heure illisible"),  # rounds to 24:00
        (True, "heure illisible : True"),
        ("", "heure illisible"),
    ],
)
def test_what_is_not_a_time_says_why(value: object, message: str) -> None:
    with pytest.raises(MomentError, match="^" + re.escape(message)):
        parse_time_of_day(value)


def test_a_midnight_cell_is_a_date_and_errors_are_qualepref_errors() -> None:
    assert parse_moment(dt.datetime(2022, 1, 3)) == dt.date(2022, 1, 3)
    assert type(parse_moment(dt.datetime(2022, 1, 3))) is dt.date
    aware = dt.datetime(2022, 1, 3, tzinfo=dt.UTC)
    assert parse_moment(aware) is aware  # midnight UTC is a moment, not a date
    assert issubclass(MomentError, QualeprefError)
    assert issubclass(MomentError, ValueError)
    with pytest.raises(MomentError, match="une date sans heure est attendue"):
        parse_day("2022-01-03T00:00:00+01:00")
